/*
 * splf2pdf - render spooled print data (*FCFC, SCS or plain text) to PDF.
 *
 *   splf2pdf [options] INPUT OUTPUT.pdf     (INPUT "-" = stdin)
 *
 * The command-line face of CPYSPLF ... TOFILE(*TOSTMF) WSCST(*PDF).  The
 * output is written to a temporary file beside OUTPUT, synced and renamed,
 * so OUTPUT is never half-written.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/filemap.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"
#include "spool/pagetext.h"
#include "spool/pdf_writer.h"
#include "spool/render.h"

static void usage(FILE *f)
{
    fputs("usage: splf2pdf [options] INPUT OUTPUT   (\"-\": stdin / stdout)\n"
          "  --ctlchar fcfc|scs|none   print control in INPUT (default none)\n"
          "  --ccsid N                 CCSID of INPUT (default 37 for scs, 1208 otherwise)\n"
          "  --pagesize L,W            lines per page, print positions (default 66,132)\n"
          "  --lpi N  --cpi N          lines / characters per inch (default 6, 10)\n"
          "  --overflow N              overflow line (default 60)\n"
          "  --chlval C=L[,C=L...]     channel C (1-12) is line L (default 1=1)\n"
          "  --portrait | --landscape  orientation (default: landscape when W > 85)\n"
          "  --a4 | --letter | --spool-size   paper (default A4)\n"
          "  --title T  --author A     document metadata\n"
          "  --group-pages N           one bookmark every N pages (default 1; 0 = none)\n"
          "  --font PATH  --cjk-font PATH   TrueType fonts for non-Latin text\n"
          "  --zlevel N                zlib level 0-9 (default 1)\n"
          "  --user-password-file F    encrypt (AES-256) with the password in F's first line\n"
          "  --owner-password-file F   owner password (default: random)\n"
          "  --text                    write the pages as plain text instead of PDF\n"
          "  --quiet                   do not print rendering diagnostics\n", f);
}

static int num_arg(const char *s, long long lo, long long hi, unsigned *r)
{
    long long v;
    if (qs_parse_ll(s, strlen(s), lo, hi, &v) < 0)
        return -1;
    *r = (unsigned)v;
    return 0;
}

/* "7.5" → 75 */
static int tenths_arg(const char *s, unsigned *r)
{
    const char *dot = strchr(s, '.');
    long long ip, fp = 0;
    if (qs_parse_ll(s, dot ? (size_t)(dot - s) : strlen(s), 1, 30, &ip) < 0)
        return -1;
    if (dot && (strlen(dot + 1) != 1 || qs_parse_ll(dot + 1, 1, 0, 9, &fp) < 0))
        return -1;
    *r = (unsigned)(ip * 10 + fp);
    return 0;
}

static int chlval_arg(char *s, struct qs_render_opts *o)
{
    memset(o->chlval, 0, sizeof o->chlval);
    for (char *p = s; p && *p;) {
        char *comma = strchr(p, ','), *eq = strchr(p, '=');
        if (comma)
            *comma = '\0';
        if (!eq || (comma && eq > comma))
            return -1;
        *eq = '\0';
        unsigned c, l;
        if (num_arg(p, 1, QS_SPOOL_CHANNELS, &c) < 0 || num_arg(eq + 1, 1, QS_SPOOL_MAX_PAGE_LEN, &l) < 0)
            return -1;
        o->chlval[c] = l;
        p = comma ? comma + 1 : NULL;
    }
    return 0;
}

/* First line of a file (without its newline), at most 127 bytes. */
static char *read_password(const char *path)
{
    struct qs_buf b;
    struct qs_err e = QS_ERR_INIT;
    qs_buf_init(&b, 4096);
    if (qs_file_read(path, 4096, &b, &e) < 0) {
        qs_err_clear(&e);
        qs_buf_free(&b);
        return NULL;
    }
    char *s = qs_buf_detach(&b, NULL);
    if (!s)
        return strdup("");
    s[strcspn(s, "\r\n")] = '\0';
    if (strlen(s) > 127)
        s[127] = '\0';
    return s;
}

static int read_input(const char *path, struct qs_buf *b, struct qs_err *err)
{
    if (strcmp(path, "-") != 0)
        return qs_file_read(path, QS_MAX_TEXT_FILE, b, err);
    char chunk[65536];
    ssize_t n;
    while ((n = read(0, chunk, sizeof chunk)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return qs_err_sys(err, errno);
        }
        if (qs_buf_add(b, chunk, (size_t)n) < 0)
            return qs_err_sys(err, errno);
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct qs_render_opts ro;
    struct qs_pdf_opts po;
    int text_out = 0, quiet = 0, ccsid_set = 0;
    char *upw = NULL, *opw = NULL;        /* passwords read from files */
    unsigned group = 1;
    qs_render_opts_default(&ro);
    qs_pdf_opts_default(&po);
    po.creator = "qshim splf2pdf";
    enum { O_CTL = 256, O_CCSID, O_PAGESIZE, O_LPI, O_CPI, O_OVF, O_CHL, O_PORT, O_LAND,
           O_A4, O_LETTER, O_SPOOL, O_TITLE, O_AUTHOR, O_GROUP, O_FONT, O_CJK, O_ZL,
           O_TEXT, O_QUIET, O_HELP, O_UPW, O_OPW };
    static const struct option lo[] = {
        {"ctlchar", 1, 0, O_CTL}, {"ccsid", 1, 0, O_CCSID}, {"pagesize", 1, 0, O_PAGESIZE},
        {"lpi", 1, 0, O_LPI}, {"cpi", 1, 0, O_CPI}, {"overflow", 1, 0, O_OVF},
        {"chlval", 1, 0, O_CHL}, {"portrait", 0, 0, O_PORT}, {"landscape", 0, 0, O_LAND},
        {"a4", 0, 0, O_A4}, {"letter", 0, 0, O_LETTER}, {"spool-size", 0, 0, O_SPOOL},
        {"title", 1, 0, O_TITLE}, {"author", 1, 0, O_AUTHOR}, {"group-pages", 1, 0, O_GROUP},
        {"font", 1, 0, O_FONT}, {"cjk-font", 1, 0, O_CJK}, {"zlevel", 1, 0, O_ZL},
        {"user-password-file", 1, 0, O_UPW}, {"owner-password-file", 1, 0, O_OPW},
        {"text", 0, 0, O_TEXT}, {"quiet", 0, 0, O_QUIET}, {"help", 0, 0, O_HELP},
        {0, 0, 0, 0},
    };
    int c;
    unsigned u;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case O_CTL:
            if (qs_strcaseeq(optarg, "fcfc") || qs_strcaseeq(optarg, "*fcfc"))
                ro.ctlchar = QS_CTL_FCFC;
            else if (qs_strcaseeq(optarg, "scs"))
                ro.ctlchar = QS_CTL_SCS;
            else if (qs_strcaseeq(optarg, "none") || qs_strcaseeq(optarg, "*none"))
                ro.ctlchar = QS_CTL_NONE;
            else
                goto bad;
            break;
        case O_CCSID:
            if (num_arg(optarg, 1, 65535, &u) < 0)
                goto bad;
            ro.ccsid = (int)u;
            ccsid_set = 1;
            break;
        case O_PAGESIZE: {
            char *comma = strchr(optarg, ',');
            if (!comma)
                goto bad;
            *comma = '\0';
            if (num_arg(optarg, 1, QS_SPOOL_MAX_PAGE_LEN, &ro.page_len) < 0 ||
                num_arg(comma + 1, 1, QS_SPOOL_MAX_PAGE_WIDTH, &ro.page_width) < 0)
                goto bad;
            if (ro.overflow > ro.page_len)
                ro.overflow = ro.page_len;
            break;
        }
        case O_LPI: if (tenths_arg(optarg, &ro.lpi10) < 0) goto bad; break;
        case O_CPI: if (tenths_arg(optarg, &ro.cpi10) < 0) goto bad; break;
        case O_OVF: if (num_arg(optarg, 0, QS_SPOOL_MAX_PAGE_LEN, &ro.overflow) < 0) goto bad; break;
        case O_CHL: if (chlval_arg(optarg, &ro) < 0) goto bad; break;
        case O_PORT: po.orient = QS_PDF_PORTRAIT; break;
        case O_LAND: po.orient = QS_PDF_LANDSCAPE; break;
        case O_A4: po.media = QS_PDF_A4; break;
        case O_LETTER: po.media = QS_PDF_LETTER; break;
        case O_SPOOL: po.media = QS_PDF_SPOOL; break;
        case O_TITLE: po.title = optarg; break;
        case O_AUTHOR: po.author = optarg; break;
        case O_GROUP: if (num_arg(optarg, 0, 1000000, &group) < 0) goto bad; break;
        case O_FONT: po.font_path = optarg; break;
        case O_CJK: po.cjk_font_path = optarg; break;
        case O_ZL: if (num_arg(optarg, 0, 9, &u) < 0) goto bad; po.zlevel = (int)u; break;
        case O_UPW:
        case O_OPW: {
            /* from a file, not argv: a password on the command line is visible in ps */
            char *pw = read_password(optarg);
            if (!pw) {
                fprintf(stderr, "splf2pdf: cannot read a password from %s\n", optarg);
                return 2;
            }
            if (c == O_UPW) {
                free(upw);
                po.user_password = upw = pw;
            } else {
                free(opw);
                po.owner_password = opw = pw;
            }
            break;
        }
        case O_TEXT: text_out = 1; break;
        case O_QUIET: quiet = 1; break;
        case O_HELP: usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (argc - optind != 2) {
        usage(stderr);
        return 2;
    }
    if (!ccsid_set)
        ro.ccsid = ro.ctlchar == QS_CTL_SCS ? 37 : 1208;
    po.group_pages = group;
    const char *in = argv[optind], *outp = argv[optind + 1];

    struct qs_err err = QS_ERR_INIT;
    struct qs_buf data, tmp;
    struct qs_render r;
    struct qs_pdf *pdf = NULL;
    int fd = -1, rc = 1;
    const unsigned char *mapped = NULL;
    size_t mapped_len = 0;
    qs_buf_init(&data, QS_MAX_TEXT_FILE);
    qs_buf_init(&tmp, QS_MAX_PATH);
    struct qs_buf text;
    qs_buf_init(&text, QS_MAX_TEXT_FILE);
    const unsigned char *ip = NULL;
    size_t in_len = 0;
    int mrc = strcmp(in, "-") == 0 ? 1 : qs_file_map(in, QS_MAX_TEXT_FILE, 1, &ip, &in_len, &err);
    /* a regular file is mapped (no copy: reports are large); stdin is read */
    if (mrc < 0)
        goto fail;
    if (mrc == 1) {
        if (read_input(in, &data, &err) < 0)
            goto fail;
        ip = (const unsigned char *)data.data;
        in_len = data.len;
    } else {
        mapped = ip;
        mapped_len = in_len;
    }
    int to_stdout = strcmp(outp, "-") == 0;
    if (to_stdout) {
        fd = dup(1);
    } else {
        if (qs_buf_addf(&tmp, "%s.tmpXXXXXX", outp) < 0) {
            qs_err_sys(&err, E2BIG);
            goto fail;
        }
        fd = mkstemp(tmp.data);
        if (fd >= 0)
            fchmod(fd, 0644);
    }
    if (fd < 0) {
        qs_err_sys(&err, errno);
        goto fail;
    }
    if (text_out) {
        if (qs_render_init(&r, &ro, qs_page_text_emit, &text, &err) < 0)
            goto fail;
    } else {
        pdf = qs_pdf_new(fd, &po, &err);
        if (!pdf || qs_render_init(&r, &ro, qs_pdf_page, pdf, &err) < 0)
            goto fail;
    }
    int rrc = qs_render_data(&r, ip, in_len);
    if (!quiet && r.ndiags)
        fprintf(stderr, "splf2pdf: %s: %u diagnostic(s)\n%s", in, r.ndiags, qs_buf_str(&r.diags));
    qs_render_free(&r);
    if (rrc < 0)
        goto fail;
    if (text_out ? qs_write_all(fd, text.data, text.len) < 0 : qs_pdf_finish(pdf, &err) < 0) {
        if (text_out)
            qs_err_sys(&err, errno);
        goto fail;
    }
    if (to_stdout) {
        close(fd);
        fd = -1;
        rc = 0;
        goto done;
    }
    if (fsync(fd) < 0 || close(fd) < 0) {
        fd = -1;
        qs_err_sys(&err, errno);
        goto fail;
    }
    fd = -1;
    if (rename(tmp.data, outp) < 0) {
        qs_err_sys(&err, errno);
        goto fail;
    }
    qs_fsync_dir(outp);
    rc = 0;
    goto done;
bad:
    fprintf(stderr, "splf2pdf: bad value for an option\n");
    usage(stderr);
    return 2;
fail:
    fprintf(stderr, "splf2pdf: %s: %s\n", err.msgid[0] ? err.msgid : "error",
            err.text ? err.text : "failed");
    if (tmp.len)
        unlink(tmp.data);
done:
    if (fd >= 0)
        close(fd);
    qs_pdf_free(&pdf);
    qs_file_unmap(mapped, mapped_len);
    qs_buf_free(&data);
    qs_buf_free(&tmp);
    qs_buf_free(&text);
    qs_err_clear(&err);
    if (upw) {
        memset(upw, 0, strlen(upw));
        free(upw);
    }
    if (opw) {
        memset(opw, 0, strlen(opw));
        free(opw);
    }
    return rc;
}
