/*
 * spool/fcfc.c - first-character forms control (*FCFC) and plain text.
 *
 * *FCFC: column 1 of each record is an ANSI carriage-control code, acted on
 * before the record prints: ' ' space 1, '0' space 2, '-' space 3, '+' no
 * space (overprint the previous line), '1'..'9','A','B','C' skip to channel
 * 1..12, whose line comes from CHLVAL.  Any other code is treated as ' '
 * and reported once per file (IBM sends CPF4916 once); a channel with no
 * line in CHLVAL also spaces 1, with a diagnostic.
 *
 * Text is stored without trailing blanks and starts at its first non-blank
 * position, so a run is exactly what prints.
 */
#include "spool/render.h"

#include <errno.h>
#include <string.h>
#include <stdlib.h>

#include "ccsid/conv.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"

struct cpbuf {
    uint32_t *cp;
    size_t    cap;
};

static int cpbuf_need(struct cpbuf *b, size_t n)
{
    if (n <= b->cap)
        return 0;
    size_t c = b->cap ? b->cap : 256;
    while (c < n)
        c *= 2;
    uint32_t *q = realloc(b->cp, c * sizeof *q);
    if (!q)
        return -1;
    b->cp = q;
    b->cap = c;
    return 0;
}

static int is_ctl(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* Decode p[0..n) at the current position: blanks (and controls, printed as
 * blanks) before the text advance the column, trailing ones are dropped. */
static int put_text(struct qs_render *r, struct cpbuf *b, const unsigned char *p,
                    size_t n, size_t at)
{
    if (cpbuf_need(b, n) < 0) {
        r->failed = 1;
        return qs_err_sys(r->err, ENOMEM);
    }
    size_t k = 0, i = 0, first = 0, lastnb = 0;
    int seen = 0;
    unsigned lead = 0;
    while (i < n) {
        uint32_t cp;
        i += qs_textdec_fast(&r->dec, p + i, n - i, &cp);
        if (is_ctl(cp))
            cp = ' ';
        if (cp != ' ') {
            if (!seen) {
                seen = 1;
                first = k;
            }
            lastnb = k + 1;
        } else if (!seen) {
            lead++;
        }
        b->cp[k++] = cp;
    }
    if (!seen)
        return 0;
    r->col += lead;
    return qs_render_put(r, b->cp + first, lastnb - first, at);
}

static size_t record_end(const struct qs_render *r, const unsigned char *p, size_t n,
                         size_t i, size_t *next_r)
{
    const unsigned char *s = p + i;
    size_t j = 0, left = n - i;
    if (r->dec.ebcdic) {
        while (j < left && s[j] != 0x15 && s[j] != 0x25)
            j++;
    } else {
        const unsigned char *nl = memchr(s, '\n', left);
        j = nl ? (size_t)(nl - s) : left;
    }
    *next_r = i + j + (j < left);
    if (!r->dec.ebcdic && j > 0 && s[j - 1] == '\r')
        j--;
    return i + j;
}

int qs_fcfc_render(struct qs_render *r, const unsigned char *p, size_t n)
{
    struct cpbuf b = { NULL, 0 };
    int bad_reported = 0, rc = 0;
    size_t i = 0;
    while (i < n && rc == 0 && !r->failed) {
        size_t next, end = record_end(r, p, n, i, &next);
        uint32_t code = ' ';
        if (end > i)
            code = qs_textdec_byte(&r->dec, p[i]);
        unsigned chan = 0;
        switch (code) {
        case ' ': rc = qs_render_down(r, 1); break;
        case '0': rc = qs_render_down(r, 2); break;
        case '-': rc = qs_render_down(r, 3); break;
        case '+':
            if (r->line == 0)
                rc = qs_render_down(r, 1);
            break;
        case '1': case '2': case '3': case '4': case '5':
        case '6': case '7': case '8': case '9':
            chan = code - '0';
            break;
        case 'A': case 'B': case 'C':
            chan = 10 + (code - 'A');
            break;
        default:
            if (!bad_reported) {
                qs_render_diag(r, i, "CPF4916 forms control character X'%02X' not valid; "
                               "treated as blank (reported once)", p[i]);
                bad_reported = 1;
            }
            rc = qs_render_down(r, 1);
            break;
        }
        if (chan) {
            unsigned l = r->opts.chlval[chan];
            if (l == 0) {
                qs_render_diag(r, i, "channel %u has no line in CHLVAL; spacing 1", chan);
                rc = qs_render_down(r, 1);
            } else {
                /* a skip to the line we are on (top of a fresh page) stays */
                rc = qs_render_skip_to(r, l, r->line != 0);
            }
        }
        r->col = 1;
        if (rc == 0 && end > i + 1)
            rc = put_text(r, &b, p + i + 1, end - i - 1, i + 1);
        i = next;
    }
    free(b.cp);
    return rc < 0 || r->failed ? -1 : 0;
}

int qs_text_render(struct qs_render *r, const unsigned char *p, size_t n)
{
    struct cpbuf b = { NULL, 0 };
    int rc = 0;
    size_t i = 0;
    unsigned char ff = r->dec.ebcdic ? 0x0C : '\f', ht = r->dec.ebcdic ? 0x05 : '\t';
    while (i < n && rc == 0 && !r->failed) {
        size_t next, end = record_end(r, p, n, i, &next);
        rc = qs_render_down(r, 1);
        r->col = 1;
        size_t s = i;
        for (size_t j = i; j <= end && rc == 0; j++) {
            if (j < end && p[j] != ff && p[j] != ht)
                continue;
            if (j > s)
                rc = put_text(r, &b, p + s, j - s, s);
            if (rc == 0 && j < end && p[j] == ff) {
                rc = qs_render_eject(r, 0);
                r->col = 1;
            } else if (j < end) {
                r->col = ((r->col - 1) / 8 + 1) * 8 + 1;
            }
            s = j + 1;
        }
        i = next;
    }
    free(b.cp);
    return rc < 0 || r->failed ? -1 : 0;
}

int qs_render_data(struct qs_render *r, const unsigned char *p, size_t n)
{
    int rc;
    if (r->dec.kind == QS_DEC_CONVERT ||
        (r->dec.kind == QS_DEC_MIXED && r->opts.ctlchar != QS_CTL_SCS)) {
        /* multi-byte text: to UTF-8 as a whole (NL becomes LF), then render
         * that; diagnostics then name offsets in the converted text */
        struct qs_buf u;
        size_t bad, at = 0;
        unsigned nbad = 0;
        qs_buf_init(&u, QS_MAX_TEXT_FILE * 2);
        while (at < n) {
            /* invalid or cut-off input: U+FFFD for its first byte, go on */
            if (qs_conv_buf(1208, r->dec.ccsid, QS_CONV_SUBST | QS_CONV_TEXT, p + at, n - at,
                            &u, &bad, NULL) == 0)
                break;
            if (errno != EILSEQ && errno != EINVAL) {
                qs_buf_free(&u);
                r->failed = 1;
                return qs_err_sys(r->err, errno);
            }
            if (nbad++ == 0)
                qs_render_diag(r, at + bad, "bytes not valid in CCSID %d; shown as U+FFFD",
                               r->dec.ccsid);
            if (qs_buf_add(&u, "\xEF\xBF\xBD", 3) < 0) {
                qs_buf_free(&u);
                r->failed = 1;
                return qs_err_sys(r->err, errno);
            }
            at += bad + 1;
        }
        qs_textdec_free(&r->dec);
        qs_textdec_init(&r->dec, 1208, NULL);
        rc = qs_render_data(r, (const unsigned char *)(u.data ? u.data : ""), u.len);
        qs_buf_free(&u);
        return rc;
    }
    switch (r->opts.ctlchar) {
    case QS_CTL_FCFC: rc = qs_fcfc_render(r, p, n); break;
    case QS_CTL_SCS:  rc = qs_scs_render(r, p, n); break;
    default:          rc = qs_text_render(r, p, n); break;
    }
    if (rc < 0)
        return -1;
    return qs_render_finish(r);
}
