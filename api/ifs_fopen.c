/*
 * api/ifs_fopen.c - ILE C fopen() options for IFS text files (qshim_ifs.h).
 *
 * Understood options (after the first ',' of the mode, comma-separated,
 * case-insensitive keys): ccsid=N, o_ccsid=N, codepage=N (tag a file this
 * call creates with user.ccsid=N and make the stream a text stream), and
 * crln=Y|N (text streams only: Y, the default, writes "\n" as CRLF).  Other
 * ILE options (lrecl=, recfm=, type=) are accepted and ignored.  A mode
 * without options is passed to fopen unchanged.
 *
 * What is not done: the bytes written are not converted between character
 * sets; a program's data is the host's native ASCII/UTF-8, which is what an
 * 819/367/1208 tag expects (docs/sendmail.md).
 */
#define QSHIM_NO_IFS_FOPEN 1
#include <qshim_ifs.h>

#include "qsys/base/str.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

struct crln {
    FILE *f;
};

static ssize_t crln_write(void *c, const char *buf, size_t n)
{
    FILE *f = ((struct crln *)c)->f;
    size_t s = 0;
    for (size_t i = 0; i < n; i++) {
        if (buf[i] != '\n')
            continue;
        if ((i > s && fwrite(buf + s, 1, i - s, f) != i - s) || fwrite("\r\n", 1, 2, f) != 2)
            return -1;
        s = i + 1;
    }
    if (n > s && fwrite(buf + s, 1, n - s, f) != n - s)
        return -1;
    return (ssize_t)n;
}

static ssize_t crln_read(void *c, char *buf, size_t n)
{
    /* CRLF -> LF on the way in */
    FILE *f = ((struct crln *)c)->f;
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
    if (!existed && ccsid >= 0) {
        char tag[8];
        int l = snprintf(tag, sizeof tag, "%ld", ccsid);
        (void)setxattr(path, "user.ccsid", tag, (size_t)l, 0);   /* best effort */
    }
    if (!text || !crln)
        return f;
    struct crln *c = malloc(sizeof *c);
    if (!c) {
        fclose(f);
        errno = ENOMEM;
        return NULL;
    }
    c->f = f;
    cookie_io_functions_t io = { crln_read, crln_write, crln_seek, crln_close };
    FILE *w = fopencookie(c, base, io);
    if (!w) {
        fclose(f);
        free(c);
    }
    return w;
}
