/* qsys/msf/msf_filter.c - content filter evaluation (see msf_filter.h). */
#include "qsys/msf/msf_filter.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/mime/mime_walk.h"
#include "qsys/base/buf.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"
#include "qsys/base/wild.h"

#include <string.h>

struct check {
    const struct qs_mailftr *f;
    size_t nf;
    int hit;
    struct qs_buf *what;
};

/* First filter of `type` matching s[0..n) -> c->hit. */
static int try_value(struct check *c, int type, const char *s, size_t n)
{
    for (size_t i = 0; i < c->nf; i++)
        if (c->f[i].type == type && (c->hit < 0 || (int)i < c->hit) &&
            qs_wild_match(c->f[i].data, s, n)) {
            c->hit = (int)i;
            if (c->what) {               /* for logs and the quarantine list: */
                qs_buf_reset(c->what);       /* controls out, UTF-8 kept, cut short */
                for (size_t k = 0; k < n && k < QS_MAX_LOG_FIELD; k++) {
                    unsigned char ch = (unsigned char)s[k];
                    qs_buf_addc(c->what, ch < 0x20 || ch == 0x7f ? '?' : (char)ch);
                }
            }
            return 1;
        }
    return 0;
}

static int has_type(const struct check *c, int type)
{
    for (size_t i = 0; i < c->nf; i++)
        if (c->f[i].type == type)
            return 1;
    return 0;
}

/* From header: each <addr>, else each comma-separated bare address. */
static void try_from(struct check *c, const char *v, size_t n)
{
    if (try_value(c, QS_FTR_ORIGIN, v, n))
        return;
    size_t i = 0;
    while (i < n) {
        const char *lt = memchr(v + i, '<', n - i);
        if (!lt)
            break;
        const char *gt = memchr(lt, '>', n - (size_t)(lt - v));
        if (!gt)
            break;
        if (try_value(c, QS_FTR_ORIGIN, lt + 1, (size_t)(gt - lt - 1)))
            return;
        i = (size_t)(gt - v) + 1;
    }
    if (memchr(v, '<', n))
        return;
    for (i = 0; i < n;) {
        size_t j = i;
        while (j < n && v[j] != ',') j++;
        size_t a = i, b = j;
        while (a < b && (v[a] == ' ' || v[a] == '\t')) a++;
        while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t')) b--;
        if (b > a && try_value(c, QS_FTR_ORIGIN, v + a, b - a))
            return;
        i = j + 1;
    }
}

static int on_part(const struct qs_mime_part *p, void *arg)
{
    struct check *c = arg;
    try_value(c, QS_FTR_TYPE, p->type, strlen(p->type));
    if (p->filename) {
        size_t n = strlen(p->filename);
        if (!try_value(c, QS_FTR_FILNAME, p->filename, n)) {
            const char *base = p->filename;
            for (const char *s = p->filename; *s; s++)
                if (*s == '/' || *s == '\\')
                    base = s + 1;
            if (base != p->filename)
                try_value(c, QS_FTR_FILNAME, base, strlen(base));
        }
    }
    return c->hit == 0;          /* nothing can come before filter 0 */
}

int qs_msf_filter_check(const struct qs_mailftr *f, size_t nf, const char *env_from,
                        const char *msg, size_t len, struct qs_buf *what_r)
{
    struct check c = { f, nf, -1, what_r };
    if (nf == 0)
        return -1;
    struct qs_buf v;
    qs_buf_init(&v, QS_MAX_MIME_TEXT);
    if (has_type(&c, QS_FTR_SUBJECT) && qs_mime_header_decoded(msg, len, "Subject", &v))
        try_value(&c, QS_FTR_SUBJECT, v.data ? v.data : "", v.len);
    if (has_type(&c, QS_FTR_ORIGIN)) {
        if (env_from)
            try_value(&c, QS_FTR_ORIGIN, env_from, strlen(env_from));
        qs_buf_reset(&v);
        if (qs_mime_header_decoded(msg, len, "From", &v))
            try_from(&c, v.data ? v.data : "", v.len);
    }
    qs_buf_free(&v);
    if (c.hit != 0 && (has_type(&c, QS_FTR_FILNAME) || has_type(&c, QS_FTR_TYPE)))
        qs_mime_walk(msg, len, on_part, &c);
    return c.hit;
}
