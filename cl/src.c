/*
 * cl/src.c - CL source reader: continuation, comments, line numbers.
 *
 * Invariant: a returned statement holds no newline and no comment; quoted
 * text is copied unchanged except across a continuation.
 */
#include <string.h>

#include "cl/src.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"

void qs_cl_src_init(struct qs_cl_src *r, const char *s, size_t n)
{
    r->s = s;
    r->n = n;
    r->i = 0;
    r->line = 1;
}

int qs_cl_src_next(struct qs_cl_src *r, struct qs_buf *out, unsigned *line_r, struct qs_err *err)
{
    int inq = 0, incomment = 0, skip_lead = 0, started = 0;

    qs_buf_reset(out);
    while (r->i < r->n) {
        size_t eol = r->i;
        while (eol < r->n && r->s[eol] != '\n')
            eol++;
        size_t line_start_len = out->len;
        for (size_t j = r->i; j < eol; j++) {
            char c = r->s[j];
            if (c == '\r' && j + 1 == eol)
                break;
            if (incomment) {
                if (c == '*' && j + 1 < eol && r->s[j + 1] == '/') {
                    incomment = 0;
                    j++;
                }
                continue;
            }
            if (skip_lead && (c == ' ' || c == '\t'))
                continue;
            skip_lead = 0;
            if (!inq && c == '/' && j + 1 < eol && r->s[j + 1] == '*') {
                incomment = 1;
                j++;
                if (qs_buf_addc(out, ' ') < 0)
                    goto toolong;
                continue;
            }
            if (c == '\'')
                inq = !inq;
            if (c == '\t')
                c = ' ';
            if (!started && c != ' ') {
                started = 1;
                *line_r = r->line;
            }
            if (qs_buf_addc(out, c) < 0)
                goto toolong;
        }
        r->i = eol < r->n ? eol + 1 : eol;
        r->line++;
        if (incomment)
            continue;
        /* trailing blanks of this line */
        size_t n = out->len;
        while (n > line_start_len && out->data[n - 1] == ' ')
            n--;
        if (n > line_start_len && (out->data[n - 1] == '+' || out->data[n - 1] == '-')) {
            skip_lead = out->data[n - 1] == '+';
            qs_buf_truncate(out, n - 1);
            continue;
        }
        if (!inq)
            qs_buf_truncate(out, n);
        if (started)
            return 1;
        qs_buf_reset(out);
        inq = 0;
    }
    return started ? 1 : 0;
toolong:
    return qs_err_set(err, "CPD0074", "0", "CMD", "", "65535", (const char *)NULL);
}
