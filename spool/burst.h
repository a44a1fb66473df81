/*
 * spool/burst.h - splitting a rendered spooled file into parts (bursting).
 *
 * A burst run looks at each page's text (pagetext.h: UTF-8 lines) and
 * decides where a part begins and what its key and e-mail address are:
 *
 *   QS_BURST_PAGES   a new part every `pages` pages; key = part number
 *   QS_BURST_KEYPOS  the value at (line, col, len) on the page; a new part
 *                    starts when a non-blank value differs from the current
 *                    part's key; a blank value continues the current part
 *   QS_BURST_KEYSTR  the key is the word that follows `keystr` on the page
 *                    (wherever it is); a new part starts when it changes,
 *                    pages without `keystr` continue the current part
 *
 * Pages before the first key form a part with an empty key (no address can
 * be found for it).  The address, when taken from the data, is the first
 * non-blank value at `addr` on any page of the part.
 *
 * Positions count characters (code points) from 1, as print positions do
 * for single-width text.  Values are trimmed of blanks at both ends.
 *
 * Invariants: parts cover pages 1..pages without gaps or overlap, in order;
 * every key and address is a NUL-terminated heap string no longer than
 * QS_BURST_MAX_FIELD bytes.
 */
#ifndef QS_SPOOL_BURST_H
#define QS_SPOOL_BURST_H

#include <stddef.h>

struct qs_err;
struct qs_buf;

#define QS_BURST_MAX_FIELD  256u        /* bytes of a key or address       */
#define QS_BURST_MAX_PARTS  1000000u    /* parts in one run                */

enum qs_burst_split { QS_BURST_PAGES, QS_BURST_KEYPOS, QS_BURST_KEYSTR };

struct qs_burst_pos {
    unsigned line, col;     /* 1-based; line 0 = not set                   */
    unsigned len;           /* characters; 0 = to the end of the line      */
};

struct qs_burst_rule {
    enum qs_burst_split split;
    unsigned            pages;     /* QS_BURST_PAGES: pages per part (>= 1) */
    struct qs_burst_pos key;       /* QS_BURST_KEYPOS                       */
    const char         *keystr;    /* QS_BURST_KEYSTR (non-empty)           */
    struct qs_burst_pos addr;      /* address in the data; line 0 = none    */
};

struct qs_burst_part {
    unsigned first, npages;        /* first page (1-based), page count      */
    char    *key;                  /* "" when the part has none             */
    char    *addr;                 /* from the data; "" when none           */
};

struct qs_burst_plan {
    struct qs_burst_part *part;
    size_t                n, cap;
    unsigned              pages;   /* pages seen                            */
    unsigned              keyed;   /* pages on which a key was found        */
};

/* Check a rule: CPF9897 naming what is wrong. */
int  qs_burst_rule_check(const struct qs_burst_rule *r, struct qs_err *err);

/* The trimmed text at pos on a page's text (lines end in '\n', a '\f'
 * ends the page) appended to out; 0, or -1 when out is full. */
int  qs_burst_field(const char *text, size_t n, const struct qs_burst_pos *pos,
                    struct qs_buf *out);
/* 1 and the word after the first `s` on the page appended to out, or 0
 * when s does not appear (or is followed by nothing on its line). */
int  qs_burst_keystr(const char *text, size_t n, const char *s, struct qs_buf *out);

void qs_burst_plan_init(struct qs_burst_plan *p);
void qs_burst_plan_free(struct qs_burst_plan *p);
/* Feed the next page's text.  0 or -1 (memory, too many parts). */
int  qs_burst_plan_page(struct qs_burst_plan *p, const struct qs_burst_rule *r,
                        const char *text, size_t n, struct qs_err *err);
/* The part holding page pg (1-based), or -1. Binary search. */
long qs_burst_plan_find(const struct qs_burst_plan *p, unsigned pg);

#endif
