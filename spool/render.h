/*
 * spool/render.h - interpreters for spooled print data.
 *
 * Each takes the whole print data of one spooled file (bytes in the render's
 * CCSID), drives the render (page.h) and returns 0, or -1 only when emitting
 * a page failed or memory ran out (the error is in the err given to
 * qs_render_init).  Bad input never fails a render: it is skipped with a
 * diagnostic naming its offset.  None of them reads outside p[0..n).
 *
 *   *FCFC  records end at a new line (LF, CR LF; X'15' or X'25' in EBCDIC);
 *          the first byte of each is an ANSI carriage-control code.
 *   SCS    IBM SNA character string (EBCDIC), see scs.c for the commands.
 *   *NONE  lines end at LF; FF starts a new page; HT goes to the next
 *          multiple of 8; a page ends at its last line.
 */
#ifndef QS_SPOOL_RENDER_H
#define QS_SPOOL_RENDER_H

#include <stddef.h>

#include "spool/page.h"

int qs_fcfc_render(struct qs_render *r, const unsigned char *p, size_t n);
int qs_scs_render(struct qs_render *r, const unsigned char *p, size_t n);
int qs_text_render(struct qs_render *r, const unsigned char *p, size_t n);

/* Dispatch on r->opts.ctlchar, then qs_render_finish(). */
int qs_render_data(struct qs_render *r, const unsigned char *p, size_t n);

#endif
