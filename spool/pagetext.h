/*
 * spool/pagetext.h - a rendered page as plain text (DSPSPLF, CPYSPLF
 * WSCST(*NONE) to a stream file, tests).
 *
 * Lines 1..last non-blank, each trimmed of trailing blanks, UTF-8, ending in
 * "\n"; a form feed ends the page.  Overprinted text (a second run over the
 * same positions) replaces blanks only, as ink would.
 */
#ifndef QS_SPOOL_PAGETEXT_H
#define QS_SPOOL_PAGETEXT_H

#include "spool/page.h"

struct qs_buf;

/* Append pg to out.  0 or -1 (out of memory / buffer cap, errno set). */
int qs_page_text(const struct qs_page *pg, struct qs_buf *out);
/* A qs_page_emit_fn appending to the struct qs_buf * ctx. */
int qs_page_text_emit(void *ctx, const struct qs_page *pg, struct qs_err *err);

#endif
