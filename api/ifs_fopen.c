/*
 * api/ifs_fopen.c - ILE C fopen() options for IFS text files (qshim_ifs.h).
 *
 * Understood options (after the first ',' of the mode, comma-separated,
 * case-insensitive keys): ccsid=N, o_ccsid=N, codepage=N (tag a file this
 * call creates with its CCSID (ccsid/filetag.h) and make the stream a text
 * stream), and
 * crln=Y|N (text streams only: Y, the default, writes "\n" as CRLF).  Other
 * ILE options (lrecl=, recfm=, type=) are accepted and ignored.  A mode
 * without options is passed to fopen unchanged.
 *
 * Character sets: a program's data is the host's native UTF-8/ASCII.  When
 * the file's CCSID (its tag, or the ccsid= of the call that creates it) is
 * EBCDIC, text written through the stream is converted from UTF-8 to that
 * CCSID (after the CRLF step), as IBM's IFS converts from the job CCSID to
 * the file's; reads return the bytes unconverted (only CRLF -> LF).  An
 * ASCII-based tag (819, 367, 1208, ...) leaves the bytes alone.
 */
#define QSHIM_NO_IFS_FOPEN 1
#include <qshim_ifs.h>

#include "api/sendmail_parse.h"
#include "ccsid/conv.h"
#include "ccsid/filetag.h"
#include "qsys/base/buf.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct crln {
    FILE *f;
    int   crln;       /* "\n" -> CRLF on write */
    int   to_ccsid;   /* convert UTF-8 -> this EBCDIC CCSID on write, 0 = no */
};

static ssize_t crln_write(void *cookie, const char *buf, size_t n)
{
    struct crln *c = cookie;
    struct qs_buf t, x;
    qs_buf_init(&t, n * 2 + 16);
    qs_buf_init(&x, (n * 2 + 16) * 4 + 64);   /* qs_conv_buf reserves 4 per input byte */
    ssize_t rc = (ssize_t)n;
    for (size_t i = 0; i < n; i++)
        if (((c->crln && buf[i] == '\n') ? qs_buf_addc(&t, '\r') : 0) < 0 || qs_buf_addc(&t, buf[i]) < 0)
            rc = -1;
    const struct qs_buf *out = &t;
    size_t bad;
    if (rc >= 0 && c->to_ccsid && t.len) {
        if (qs_conv_buf(c->to_ccsid, 1208, QS_CONV_SUBST, t.data, t.len, &x, &bad, NULL) < 0)
            rc = -1;
        out = &x;
    }
    if (rc >= 0 && out->len && fwrite(out->data, 1, out->len, c->f) != out->len)
        rc = -1;
    qs_buf_free(&t);
    qs_buf_free(&x);
    return rc;
}

static ssize_t crln_read(void *c, char *buf, size_t n)
{
    /* CRLF -> LF on the way in (when crln=Y) */
    FILE *f = ((struct crln *)c)->f;
    if (!((struct crln *)c)->crln)
        return (ssize_t)fread(buf, 1, n, f);
    size_t k = 0;
    while (k < n) {
        int ch = getc(f);
        if (ch == EOF)
            break;
        if (ch == '\r') {
            int nx = getc(f);
            if (nx == '\n') {
                ch = '\n';
            } else if (nx != EOF) {
                ungetc(nx, f);
            }
        }
        buf[k++] = (char)ch;
        if (ch == '\n')
            break;
    }
    return ferror(f) ? -1 : (ssize_t)k;
}

static int crln_seek(void *c, off64_t *pos, int whence)
{
    FILE *f = ((struct crln *)c)->f;
    if (fseeko(f, (off_t)*pos, whence) != 0)
        return -1;
    *pos = (off64_t)ftello(f);
    return 0;
}

static int crln_close(void *c)
{
    int rc = fclose(((struct crln *)c)->f);
    free(c);
    return rc;
}

FILE *qs_ifs_fopen(const char *path, const char *mode)
{
    const char *comma = mode ? strchr(mode, ',') : NULL;
    if (!comma)
        return fopen(path, mode);
    char base[16];
    size_t bl = (size_t)(comma - mode);
    while (bl && mode[bl - 1] == ' ')
        bl--;
    if (bl == 0 || bl >= sizeof base) {
        errno = EINVAL;
        return NULL;
    }
    memcpy(base, mode, bl);
    base[bl] = '\0';
    long ccsid = -1;
    int text = 0, crln = 1;
    for (const char *o = comma + 1; *o;) {
        while (*o == ' ' || *o == ',')
            o++;
        const char *e = o;
        while (*e && *e != ',')
            e++;
        const char *eq = memchr(o, '=', (size_t)(e - o));
        if (eq) {
            size_t kl = (size_t)(eq - o);
            const char *v = eq + 1;
            size_t vl = (size_t)(e - v);
            while (vl && v[vl - 1] == ' ')
                vl--;
            if (qs_memcaseeq(o, kl, "ccsid") || qs_memcaseeq(o, kl, "o_ccsid") ||
                qs_memcaseeq(o, kl, "codepage")) {
                long long n;
                if (qs_parse_ll(v, vl, 0, 65535, &n) < 0) {
                    errno = EINVAL;
                    return NULL;
                }
                ccsid = (long)n;
                text = 1;
            } else if (qs_memcaseeq(o, kl, "crln")) {
                crln = vl == 1 && (v[0] == 'Y' || v[0] == 'y');
            }
        }
        o = e;
    }
    struct stat st;
    int existed = stat(path, &st) == 0;
    FILE *f = fopen(path, base);
    if (!f)
        return NULL;
    if (!existed && ccsid > 0)
        (void)qs_file_ccsid_set(path, (int)ccsid, NULL);   /* best effort, as CHGATR */
    int tag = 0;
    if (text && (qs_file_ccsid_get(path, &tag, NULL) < 0 || tag == 0))
        tag = (int)ccsid;
    int to = text && qs_sm_ccsid_is_ebcdic(tag) ? tag : 0;
    if (!text || (!crln && !to))
        return f;
    struct crln *c = malloc(sizeof *c);
    if (!c) {
        fclose(f);
        errno = ENOMEM;
        return NULL;
    }
    c->f = f;
    c->crln = crln;
    c->to_ccsid = to;
    cookie_io_functions_t io = { crln_read, crln_write, crln_seek, crln_close };
    FILE *w = fopencookie(c, base, io);
    if (!w) {
        fclose(f);
        free(c);
    }
    return w;
}
