/*
 * ccsid/codec.h - the pivot interface between decoders and encoders
 * (internal to ccsid/).
 *
 * A conversion that has no direct table runs through Unicode scalar values
 * in chunks: a decoder turns bytes into code points, recording after each
 * code point how many input bytes it has consumed (`ends`), and an encoder
 * writes code points until its output is full.  Because every code point
 * carries its input end offset (and the decoder's shift state), the driver
 * can stop at any code point and resume exactly there: that is what makes
 * E2BIG resumable and EILSEQ point at the offending byte.
 *
 * Invariants: ends[] is strictly increasing over boundaries; a code point
 * whose ends[] is QS_NB is not a boundary (a character that maps to several
 * code points); encoders only stop on a boundary.
 */
#ifndef QS_CCSID_CODEC_H
#define QS_CCSID_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "ccsid/ccsid.h"
#include "ccsid/mbcs.h"
#include "ccsid/sbcs.h"

#define QS_NB      0x7FFFFFFFu   /* ends[i]: not a boundary */
#define QS_END_DBCS 0x80000000u  /* ends[i]: decoder is in DBCS state after it */

/* error policy of one conversion */
enum qs_errmode { QS_EM_STRICT = 0, QS_EM_SUBST, QS_EM_DROP };

/* decoder / encoder status */
enum { QS_ST_OK = 0, QS_ST_ILLEGAL, QS_ST_INCOMPLETE, QS_ST_FULL, QS_ST_NUL };

struct qs_side {
    enum qs_ccsid_kind kind;
    int ccsid;
    const struct qs_sbcs *sb;
    const struct qs_mbcs *mb;
    int shift;               /* mixed EBCDIC: 1 while in DBCS (after SO) */
    enum qs_errmode em;
    int text;                /* text mode: NEL <-> LF for EBCDIC */
    int nul_stop;            /* decoder: stop at a NUL character */
    uint32_t irrev;          /* substitutions made (iconv's return count) */
};

/*
 * Decode up to `max` code points from in[0..n).  Returns the bytes consumed
 * through the last complete character (shift bytes after it included);
 * *ncp_r code points are in cps/ends.  *st: QS_ST_OK (input used up or
 * cps full), QS_ST_ILLEGAL (strict mode; return value is the offset of the
 * bad sequence), QS_ST_INCOMPLETE (a character is cut at the end of input),
 * QS_ST_NUL (nul_stop: a NUL character was decoded; it is the last one).
 */
size_t qs_dec(struct qs_side *s, const uint8_t *in, size_t n, uint32_t *cps, uint32_t *ends,
              size_t max, size_t *ncp_r, int *st);
/*
 * Encode cps[0..ncp) into out[0..room).  Returns the code points consumed
 * (always ending on a boundary); *nout_r bytes written.  *st: QS_ST_OK,
 * QS_ST_FULL (no room for the next character), QS_ST_ILLEGAL (strict mode,
 * cps[return value] cannot be mapped).
 */
size_t qs_enc(struct qs_side *s, const uint32_t *cps, const uint32_t *ends, size_t ncp,
              uint8_t *out, size_t room, size_t *nout_r, int *st);
/* Bytes that return an encoder to its initial state (SI for mixed EBCDIC);
 * 0 written when none needed, -1 when room is too small. */
int qs_enc_flush(struct qs_side *s, uint8_t *out, size_t room, size_t *nout_r);

/* MBCS halves, in ccsid/mbcs.c */
size_t qs_mbcs_dec(struct qs_side *s, const uint8_t *in, size_t n, uint32_t *cps,
                   uint32_t *ends, size_t max, size_t *ncp_r, int *st);
size_t qs_mbcs_enc(struct qs_side *s, const uint32_t *cps, const uint32_t *ends, size_t ncp,
                   uint8_t *out, size_t room, size_t *nout_r, int *st);

#endif
