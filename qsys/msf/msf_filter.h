/*
 * qsys/msf/msf_filter.h - the content filters of ADDSMTPLE TYPE(*FTRSUBJECT
 * | *FTRORIGIN | *FTRFILNAME | *FTRTYPE) FTRDATA('pattern').
 *
 * A message matches a filter when (patterns are `*` wildcards over the whole
 * value, ASCII case ignored; qsys/base/wild.h):
 *   *FTRSUBJECT  the Subject header, unfolded and RFC 2047-decoded;
 *   *FTRORIGIN   the envelope originator (MAIL FROM), or an address of the
 *                From header (<addr> or the bare address), or the whole
 *                decoded From value (so display names can be caught too);
 *   *FTRFILNAME  the file name of any part (Content-Disposition filename or
 *                Content-Type name, RFC 2231/2047 decoded), or its last path
 *                component;
 *   *FTRTYPE     the "type/subtype" of any entity, at any depth (multiparts,
 *                attached messages).
 * The MSF runner applies them in QIBM_QZMFMSF_SEC_AUT (msf_run.c); CHGSMTPA
 * FTRACN says what happens to a match (docs/msf.md "Content filters").
 */
#ifndef QS_MSF_MSF_FILTER_H
#define QS_MSF_MSF_FILTER_H

#include <stddef.h>

struct qs_buf;
struct qs_mailftr;

/* Index of the first filter (in list order) the message matches, or -1.
 * what_r (may be NULL) receives the matched value, sanitized for logs. */
int qs_msf_filter_check(const struct qs_mailftr *f, size_t nf, const char *env_from,
                        const char *msg, size_t len, struct qs_buf *what_r);

#endif
