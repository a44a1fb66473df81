/*
 * qsys/pop/pop3_wire.c - stored bytes to the POP3 wire form (see pop3_wire.h).
 */
#include "qsys/pop/pop3_wire.h"

#include <string.h>

void qs_pop_enc_init(struct qs_pop_enc *e, long top_lines)
{
    memset(e, 0, sizeof *e);
    e->bol = 1;
    e->lines_left = top_lines;
}

size_t qs_pop_enc(struct qs_pop_enc *e, const char *in, size_t n, char *out, size_t *used_r)
{
    const char *p = in, *end = in + n;
    char *o = out;
    while (p < end) {
        if (e->bol) {
            if (e->in_body && e->lines_left == 0) {
                e->done = 1;
                break;
            }
            if (*p == '.')
                *o++ = '.';               /* byte-stuff */
            e->bol = 0;
            e->line_len = 0;
        }
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) {
            size_t k = (size_t)(end - p);
            memcpy(o, p, k);
            o += k;
            e->line_len += k;
            e->cr = end[-1] == '\r';
            p = end;
            break;
        }
        size_t k = (size_t)(nl - p);
        memcpy(o, p, k);
        o += k;
        int cr = k ? p[k - 1] == '\r' : e->cr;
        if (!cr)
            *o++ = '\r';
        *o++ = '\n';
        uint64_t len = e->line_len + k - (cr ? 1 : 0);   /* without the line end */
        if (!e->in_body) {
            if (len == 0)
                e->in_body = 1;           /* the empty line ends the header */
        } else if (e->lines_left > 0) {
            e->lines_left--;
        }
        e->bol = 1;
        e->cr = 0;
        p = nl + 1;
    }
    *used_r = (size_t)(p - in);
    return (size_t)(o - out);
}

uint64_t qs_pop_bare_lf(const char *p, size_t n, int *cr)
{
    const char *end = p + n;
    uint64_t bare = 0;
    if (n == 0)
        return 0;
    int prev = *cr;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;
        if (!(nl > p ? nl[-1] == '\r' : prev))
            bare++;
        prev = 0;
        p = nl + 1;
    }
    *cr = end[-1] == '\r';
    return bare;
}
