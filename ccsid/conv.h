/*
 * ccsid/conv.h - convert text between CCSIDs.
 *
 * A qs_conv is a conversion descriptor with POSIX iconv() semantics:
 * qs_conv() advances the input and output pointers over what it converted
 * and, on failure, returns (size_t)-1 with errno
 *   EILSEQ  *in points at an input sequence that is invalid, or (strict
 *           mode) at a character the target cannot represent;
 *   EINVAL  the input ends inside a character (*in points at its start);
 *   E2BIG   no room for the next character; call again with more room and
 *           the conversion resumes exactly where it stopped.
 * On success it returns the number of characters substituted or dropped.
 * qs_conv(cd, NULL, NULL, &out, &outleft) writes what returns the target to
 * its initial shift state (SI for mixed EBCDIC) and resets the descriptor.
 *
 * With QS_CONV_SUBST, results equal ICU's (ucnv with default callbacks) for
 * the same IBM CCSIDs byte for byte, substitution characters included.
 * CCSID 65535 on either side means "no conversion": bytes are copied.
 *
 * Line ends are never changed unless QS_CONV_TEXT is given: EBCDIC 0x25 is
 * LF (U+000A) and 0x15 is NEL (U+0085), as in IBM's tables.  QS_CONV_TEXT
 * maps NEL to LF when reading EBCDIC and LF to NL (0x15) when writing it.
 *
 * A descriptor is not threadsafe; the tables behind it are shared and are.
 */
#ifndef QS_CCSID_CONV_H
#define QS_CCSID_CONV_H

#include <stddef.h>
#include <stdint.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"

#define QS_CONV_STRICT  0u   /* invalid input or unmappable character: EILSEQ */
#define QS_CONV_SUBST   1u   /* substitute, as ICU and IBM i do */
#define QS_CONV_DROP    2u   /* leave out what cannot be converted (iconv -c) */
#define QS_CONV_TEXT    4u   /* EBCDIC NL/NEL <-> LF */
#define QS_CONV_NULSTOP 8u   /* stop after converting the first NUL character */
#define QS_CONV_NOFLUSH 16u  /* qs_conv_buf: leave a mixed target in DBCS state */

struct qs_conv;

/* Open a descriptor converting from `from_ccsid` to `to_ccsid`.  An unknown
 * CCSID fails with errno EINVAL and CPF9897 ("CCSID n not supported");
 * qshim has no confirmed IBM id for that case (docs/ccsid.md). */
int qs_conv_open(struct qs_conv **cd_r, int to_ccsid, int from_ccsid, unsigned flags,
                 struct qs_err *err);
void qs_conv_free(struct qs_conv **cd);
size_t qs_conv(struct qs_conv *cd, const char **in, size_t *inleft, char **out,
               size_t *outleft);
/* Back to the initial state (both sides), nothing written. */
void qs_conv_reset(struct qs_conv *cd);
int qs_conv_from_ccsid(const struct qs_conv *cd);
int qs_conv_to_ccsid(const struct qs_conv *cd);

/*
 * Convert a whole buffer, appending to `out` (and leaving a mixed target in
 * its initial state).  On invalid input returns -1 with errno EILSEQ or
 * EINVAL and *bad_off_r = offset of the offending input byte; out then
 * holds what was converted before it.
 */
int qs_conv_buf(int to_ccsid, int from_ccsid, unsigned flags, const void *in, size_t n,
                struct qs_buf *out, size_t *bad_off_r, struct qs_err *err);

#endif
