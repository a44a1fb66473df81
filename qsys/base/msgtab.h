/*
 * qsys/base/msgtab.h - message descriptions compiled into qshim.
 *
 * This is qshim's QCPFMSG: every message id qshim can send (CPF, CPD, CPE,
 * TCP, CPFAF…) has one description, written in a `*.msgs` file beside the
 * module that sends it and compiled by tools/gen_msgtab.sh into a sorted
 * table.  A .msgs line is
 *
 *     MSGID|SEV|FIELDS|first-level text|second-level text
 *
 * FIELDS describes the replacement data (IBM's FMT on ADDMSGD), `;`-separated:
 * `*CHAR n`, `*BIN 2`, `*BIN 4`, `*UBIN 4`, or empty.  Texts use &1..&9 for
 * the fields, as IBM message text does; second-level text may use &N (new
 * line) and &P/&B (indented paragraph).  Lines starting with '#' are comments.
 *
 * Invariant: ids are unique (the generator fails the build on a duplicate).
 */
#ifndef QS_BASE_MSGTAB_H
#define QS_BASE_MSGTAB_H

#include <stddef.h>

struct qs_msgdesc {
    char        id[8];
    int         severity;
    const char *fields;   /* "*CHAR 10;*BIN 4", or "" */
    const char *text;     /* first level */
    const char *help;     /* second level */
};

/* NULL when the id has no description. */
const struct qs_msgdesc *qs_msgdesc_find(const char *id);
/* For listing (DSPMSGD/WRKMSGD): i-th description in id order, NULL past the end. */
const struct qs_msgdesc *qs_msgdesc_at(size_t i);
size_t qs_msgdesc_count(void);

#endif
