/*
 * qiconv - convert files between CCSIDs, in the style of iconv(1).
 *
 *   qiconv -f FROM -t TO [-c] [-s] [--subst] [--text] [-o OUT] [FILE...]
 *   qiconv -l
 *
 * FROM/TO are CCSIDs (37, 1208, 930, ...; 65535 copies).  Reads FILEs (or
 * stdin, also for "-") and writes to stdout or OUT.  By default invalid
 * input or a character the target cannot represent stops the conversion:
 * the message names the byte offset and the exit status is 1.  -c leaves
 * such characters out; --subst substitutes them as IBM i and ICU do; --text
 * maps EBCDIC NL to LF (and LF to NL when writing EBCDIC).
 * Exit status: 0 success, 1 conversion error, 2 usage or I/O error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ccsid/ccsid.h"
#include "ccsid/conv.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/str.h"

#define INBUF (256u * 1024)
#define OUTBUF (1024u * 1024)

static int usage(void)
{
    fputs("usage: qiconv -f FROM-CCSID -t TO-CCSID [-c] [-s] [--subst] [--text] [-o FILE] [FILE...]\n"
          "       qiconv -l\n", stderr);
    return 2;
}

static int list(void)
{
    struct qs_ccsid_info ci;
    static const char *const kinds[] = { "none", "sbcs", "mbcs", "mixed", "utf-8", "utf-16be",
                                         "utf-16le", "utf-32be", "utf-32le" };
    for (size_t i = 0; qs_ccsid_at(i, &ci) == 0; i++)
        printf("%5d  ESID %04d  %-8s  %s%s%s\n", ci.ccsid, ci.esid, kinds[ci.kind], ci.name,
               ci.label[0] ? "  " : "", ci.label);
    return 0;
}

static int parse_ccsid(const char *s, int *r)
{
    long long v;
    if (qs_parse_ll(s, strlen(s), 1, 65535, &v) != 0 || qs_ccsid_info((int)v, NULL) != 0) {
        fprintf(stderr, "qiconv: CCSID %s is not supported (qiconv -l lists them)\n", s);
        return -1;
    }
    *r = (int)v;
    return 0;
}

struct job {
    struct qs_conv *cd;
    int out_fd;
    int silent;
    char *ibuf, *obuf;
};

static int flush_out(struct job *j, char *op)
{
    size_t n = (size_t)(op - j->obuf);
    if (n && qs_write_all(j->out_fd, j->obuf, n) != 0) {
        fprintf(stderr, "qiconv: write: %s\n", strerror(errno));
        return -1;
    }
    return 0;
}

/* returns 0, 1 (conversion error) or 2 (I/O error) */
static int convert_fd(struct job *j, int fd, const char *name)
{
    size_t have = 0;
    unsigned long long base = 0;   /* file offset of ibuf[0] */
    int eof = 0;
    for (;;) {
        if (!eof && have < INBUF) {
            ssize_t r = read(fd, j->ibuf + have, INBUF - have);
            if (r < 0) {
                if (errno == EINTR)
                    continue;
                fprintf(stderr, "qiconv: %s: %s\n", name, strerror(errno));
                return 2;
            }
            if (r == 0)
                eof = 1;
            have += (size_t)r;
        }
        const char *ip = j->ibuf;
        size_t il = have;
        char *op = j->obuf;
        size_t ol = OUTBUF;
        size_t rc = qs_conv(j->cd, &ip, &il, &op, &ol);
        int e = errno;
        if (flush_out(j, op) != 0)
            return 2;
        size_t used = have - il;
        base += used;
        memmove(j->ibuf, ip, il);
        have = il;
        if (rc != (size_t)-1) {
            if (eof && have == 0)
                break;
            continue;
        }
        if (e == E2BIG)
            continue;
        if (e == EINVAL && !eof)
            continue;   /* a character continues in the next read */
        if (!j->silent)
            fprintf(stderr, "qiconv: %s: %s at byte offset %llu\n", name,
                    e == EINVAL ? "incomplete character or shift sequence at end of input"
                                : "cannot convert", base);
        return 1;
    }
    /* back to the initial shift state */
    char *op = j->obuf;
    size_t ol = OUTBUF;
    qs_conv(j->cd, NULL, NULL, &op, &ol);
    return flush_out(j, op) != 0 ? 2 : 0;
}

int main(int argc, char **argv)
{
    int from = -1, to = -1, rc = 0;
    unsigned flags = QS_CONV_STRICT;
    const char *outname = NULL;
    struct job j = { NULL, 1, 0, NULL, NULL };
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (a[0] != '-' || !a[1])
            break;
        if (!strcmp(a, "-l") || !strcmp(a, "--list"))
            return list();
        else if (!strcmp(a, "-c")) flags = (flags & ~QS_CONV_SUBST) | QS_CONV_DROP;
        else if (!strcmp(a, "--subst")) flags = (flags & ~QS_CONV_DROP) | QS_CONV_SUBST;
        else if (!strcmp(a, "--text")) flags |= QS_CONV_TEXT;
        else if (!strcmp(a, "-s") || !strcmp(a, "--silent")) j.silent = 1;
        else if ((!strcmp(a, "-f") || !strcmp(a, "-t") || !strcmp(a, "-o")) && i + 1 < argc) {
            const char *v = argv[++i];
            if (a[1] == 'o')
                outname = v;
            else if (parse_ccsid(v, a[1] == 'f' ? &from : &to) != 0)
                return 2;
        } else if (!strncmp(a, "-f", 2) || !strncmp(a, "-t", 2)) {
            if (parse_ccsid(a + 2, a[1] == 'f' ? &from : &to) != 0)
                return 2;
        } else {
            return usage();
        }
    }
    if (from < 0 || to < 0)
        return usage();
    struct qs_err err = QS_ERR_INIT;
    if (qs_conv_open(&j.cd, to, from, flags, &err) != 0) {
        fprintf(stderr, "qiconv: %s\n", err.text ? err.text : "cannot open the conversion");
        qs_err_clear(&err);
        return 2;
    }
    j.ibuf = malloc(INBUF);
    j.obuf = malloc(OUTBUF);
    if (!j.ibuf || !j.obuf) {
        fputs("qiconv: out of memory\n", stderr);
        return 2;
    }
    if (outname) {
        j.out_fd = open(outname, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (j.out_fd < 0) {
            fprintf(stderr, "qiconv: %s: %s\n", outname, strerror(errno));
            return 2;
        }
    }
    if (i >= argc) {
        rc = convert_fd(&j, 0, "(stdin)");
    } else {
        for (; i < argc && rc == 0; i++) {
            if (!strcmp(argv[i], "-")) {
                rc = convert_fd(&j, 0, "(stdin)");
                continue;
            }
            int fd = open(argv[i], O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                fprintf(stderr, "qiconv: %s: %s\n", argv[i], strerror(errno));
                rc = 2;
                break;
            }
            rc = convert_fd(&j, fd, argv[i]);
            close(fd);
        }
    }
    if (outname && close(j.out_fd) != 0 && rc == 0) {
        fprintf(stderr, "qiconv: %s: %s\n", outname, strerror(errno));
        rc = 2;
    }
    qs_conv_free(&j.cd);
    free(j.ibuf);
    free(j.obuf);
    return rc;
}
