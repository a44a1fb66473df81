/*
 * qsys/smtp/smtpd_data.c - DATA state machine (see smtpd_data.h).
 *
 * States: BOL at a line start; MID inside a line; CR after a CR; DOT after
 * a '.' at a line start; DOTCR after ".\r" at a line start.
 */
#include "qsys/smtp/smtpd_data.h"
#include "qsys/base/limits.h"

#include <string.h>

enum { BOL, MID, CR, DOT, DOTCR };

void qs_data_init(struct qs_data *d, uint64_t max, int alwbarelf)
{
    memset(d, 0, sizeof *d);
    d->state = BOL;
    d->max = max;
    d->alwbarelf = alwbarelf;
}

static void emit(struct qs_data *d, char *out, size_t *o, char c)
{
    if (d->err)
        return;
    if (d->size >= d->max) {
        d->err |= QS_DATA_TOO_BIG;
        return;
    }
    out[(*o)++] = c;
    d->size++;
}

static void line_char(struct qs_data *d)
{
    if (++d->linelen > QS_MAX_SMTP_LINE - 2)
        d->err |= QS_DATA_LONG_LINE;
}

size_t qs_data_feed(struct qs_data *d, const char *in, size_t n, char *out,
                    size_t *outlen, int *done)
{
    size_t i, o = 0;
    *done = 0;
    for (i = 0; i < n; i++) {
        char c = in[i];
        switch (d->state) {
        case DOT:
            if (c == '\r') { d->state = DOTCR; continue; }
            if (c == '\n' && d->alwbarelf) { i++; *done = 1; goto out; }
            /* dot-stuffed line: the leading dot is dropped (RFC 5321 4.5.2) */
            d->state = MID;
            break;   /* c is handled as MID below */
        case DOTCR:
            if (c == '\n') { i++; *done = 1; goto out; }
            d->err |= QS_DATA_BARE_CR;
            d->state = MID;
            break;
        case CR:
            if (c == '\n') {
                emit(d, out, &o, '\r');
                emit(d, out, &o, '\n');
                d->state = BOL;
                d->linelen = 0;
                continue;
            }
            d->err |= QS_DATA_BARE_CR;
            emit(d, out, &o, '\r');
            line_char(d);
            d->state = MID;
            break;
        case BOL:
            if (c == '.') { d->state = DOT; line_char(d); continue; }
            d->state = MID;
            break;
        default:
            break;
        }
        /* MID */
        if (c == '\r') {
            d->state = CR;
        } else if (c == '\n') {
            if (d->alwbarelf) {
                emit(d, out, &o, '\r');
                emit(d, out, &o, '\n');
                d->state = BOL;
                d->linelen = 0;
            } else {
                d->err |= QS_DATA_BARE_LF;   /* and stay MID: not a line start */
            }
        } else if (c == '\0') {
            d->err |= QS_DATA_NUL;
        } else {
            emit(d, out, &o, c);
            line_char(d);
        }
    }
out:
    *outlen = o;
    return i;
}
