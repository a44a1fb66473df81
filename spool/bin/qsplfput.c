/*
 * qsplfput - put a report into the spool as a spooled file.
 *
 *   qsplfput [--file NAME] [--outq LIB/NAME] [--usrdta X] [--ctlchar fcfc|scs|none]
 *            [--ccsid N] [--pagesize L,W] [--hold] INPUT|-
 *
 * The command-line way in (what an LPR client or a batch job printing to
 * QSYSPRT does).  Prints "<file> <number> <jobnbr>/<user>/<job>" so scripts
 * can name the spooled file in CL (JOB(nbr/user/job) SPLNBR(n)).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"
#include "spool/splf.h"

static void usage(FILE *f)
{
    fputs("usage: qsplfput [--file NAME] [--outq LIB/NAME] [--usrdta X] [--ctlchar fcfc|scs|none]\n"
          "                [--ccsid N] [--pagesize L,W] [--hold] INPUT|-\n", f);
}

int main(int argc, char **argv)
{
    struct qs_splf_attr a;
    struct qs_err err = QS_ERR_INIT;
    int hold = 0, ccsid_set = 0;
    long long v;
    qs_splf_attr_default(&a);
    a.ro.ccsid = 1208;
    static const struct option lo[] = {
        {"file", 1, 0, 'f'}, {"outq", 1, 0, 'q'}, {"usrdta", 1, 0, 'u'}, {"ctlchar", 1, 0, 'c'},
        {"ccsid", 1, 0, 'C'}, {"pagesize", 1, 0, 'p'}, {"hold", 0, 0, 'h'}, {"help", 0, 0, 'H'},
        {0, 0, 0, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 'f': qs_strlcpy(a.file, optarg, sizeof a.file); break;
        case 'u': qs_strlcpy(a.usrdta, optarg, sizeof a.usrdta); break;
        case 'q': {
            char *slash = strchr(optarg, '/');
            if (slash) {
                *slash = '\0';
                qs_strlcpy(a.outqlib, optarg, sizeof a.outqlib);
                qs_strlcpy(a.outq, slash + 1, sizeof a.outq);
            } else {
                qs_strlcpy(a.outq, optarg, sizeof a.outq);
            }
            break;
        }
        case 'c':
            if (qs_strcaseeq(optarg, "fcfc"))
                a.ro.ctlchar = QS_CTL_FCFC;
            else if (qs_strcaseeq(optarg, "scs"))
                a.ro.ctlchar = QS_CTL_SCS;
            else if (qs_strcaseeq(optarg, "none"))
                a.ro.ctlchar = QS_CTL_NONE;
            else
                goto bad;
            break;
        case 'C':
            if (qs_parse_ll(optarg, strlen(optarg), 1, 65535, &v) < 0)
                goto bad;
            a.ro.ccsid = (int)v;
            ccsid_set = 1;
            break;
        case 'p': {
            char *comma = strchr(optarg, ',');
            long long w;
            if (!comma || qs_parse_ll(optarg, (size_t)(comma - optarg), 1, QS_SPOOL_MAX_PAGE_LEN, &v) < 0 ||
                qs_parse_ll(comma + 1, strlen(comma + 1), 1, QS_SPOOL_MAX_PAGE_WIDTH, &w) < 0)
                goto bad;
            a.ro.page_len = (unsigned)v;
            a.ro.page_width = (unsigned)w;
            if (a.ro.overflow > a.ro.page_len)
                a.ro.overflow = a.ro.page_len;
            break;
        }
        case 'h': hold = 1; break;
        case 'H': usage(stdout); return 0;
        default: goto bad;
        }
    }
    if (argc - optind != 1)
        goto bad;
    if (!ccsid_set && a.ro.ctlchar == QS_CTL_SCS)
        a.ro.ccsid = 37;
    struct qs_buf data;
    qs_buf_init(&data, QS_SPLF_MAX_DATA);
    const char *in = argv[optind];
    if (strcmp(in, "-") == 0) {
        char chunk[65536];
        ssize_t n;
        while ((n = read(0, chunk, sizeof chunk)) != 0) {
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 || qs_buf_add(&data, chunk, (size_t)n) < 0) {
                qs_err_sys(&err, errno);
                goto fail;
            }
        }
    } else if (qs_file_read(in, QS_SPLF_MAX_DATA, &data, &err) < 0) {
        goto fail;
    }
    struct qs_splf *h;
    if (qs_splf_create(&a, &h, &err) < 0)
        goto fail;
    if (qs_splf_write(h, data.data ? data.data : "", data.len, &err) < 0) {
        qs_splf_abort(&h);
        goto fail;
    }
    struct qs_splf_attr done = *qs_splf_handle_attr(h);
    if (qs_splf_close(&h, hold, &err) < 0)
        goto fail;
    printf("%s %d %s/%s/%s\n", done.file, done.number, done.jobnbr, done.user, done.job);
    qs_buf_free(&data);
    return 0;
fail:
    fprintf(stderr, "qsplfput: %s: %s\n", err.msgid, err.text ? err.text : "failed");
    qs_err_clear(&err);
    return 1;
bad:
    usage(stderr);
    return 2;
}
