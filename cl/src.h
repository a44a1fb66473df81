/*
 * cl/src.h - CL source text -> statements.
 *
 * Splits CL source into statements: a line ending in '+' continues the
 * statement on the next line without that line's leading blanks, '-' with
 * them (also inside a quoted string, as IBM reads it); comments may
 * span lines and become one blank.  Each statement carries the line it
 * starts on.
 */
#ifndef QS_CL_SRC_H
#define QS_CL_SRC_H

#include <stddef.h>

struct qs_buf;
struct qs_err;

struct qs_cl_src {
    const char *s;
    size_t      n;
    size_t      i;
    unsigned    line;   /* line of the next unread character, from 1 */
};

void qs_cl_src_init(struct qs_cl_src *r, const char *s, size_t n);
/* Next statement into out (reset first); *line_r = its first line.
 * Returns 1 with a statement, 0 at the end, -1 with err (too long). */
int  qs_cl_src_next(struct qs_cl_src *r, struct qs_buf *out, unsigned *line_r,
                    struct qs_err *err);

#endif
