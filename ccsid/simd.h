/*
 * ccsid/simd.h - 256-entry byte table lookup, vectorised.
 *
 * out[i] = tab[in[i]], with a scalar path and SSE4.1 (16 pshufb per 16
 * bytes), AVX2 (same, 32 bytes) and AVX-512 VBMI (two vpermi2b + blend per
 * 64 bytes) paths; the CPU's level is found at run time with
 * __builtin_cpu_supports, and qs_lut() picks the fastest measured kernel
 * (see simd.c).  Every path gives identical bytes
 * (tests/unit/ccsid/test_ccsid_conv.c checks them all).
 * QSHIM_SIMD=scalar|sse41|avx2|avx512 caps the level (tests, benchmarks).
 */
#ifndef QS_CCSID_SIMD_H
#define QS_CCSID_SIMD_H

#include <stddef.h>
#include <stdint.h>

enum qs_simd_level { QS_SIMD_SCALAR = 0, QS_SIMD_SSE41, QS_SIMD_AVX2, QS_SIMD_AVX512 };

enum qs_lut_mode {
    QS_LUT_ALL = 0,      /* translate all n bytes */
    QS_LUT_OUT_ASCII,    /* stop before the first output byte >= 0x80 */
    QS_LUT_IN_ASCII      /* stop before the first input byte >= 0x80 */
};

/* Best level this CPU (and QSHIM_SIMD) allows. */
enum qs_simd_level qs_simd_level(void);
const char *qs_simd_name(enum qs_simd_level l);

/* Translate in[0..n) through tab into out (out may equal in); returns the
 * number of bytes translated (n for QS_LUT_ALL).  In the stopping modes,
 * out[] past the returned count may have been written. */
size_t qs_lut(const uint8_t tab[256], const uint8_t *in, uint8_t *out, size_t n,
              enum qs_lut_mode mode);
/* Same with an explicit level (must be <= qs_simd_level()). */
size_t qs_lut_at(enum qs_simd_level l, const uint8_t tab[256], const uint8_t *in, uint8_t *out,
                 size_t n, enum qs_lut_mode mode);

/*
 * SBCS -> UTF-8 for tables whose characters are all one or two bytes in
 * UTF-8: lead[b] is the first (or only) byte, cont[b] the second (0 none,
 * 0xFF: not handled here).  Works on 32-byte blocks while 32 input bytes
 * and 64 output bytes remain, stopping before a block holding a 0xFF
 * byte; returns input bytes consumed, *produced_r output bytes.  Needs
 * AVX-512 VBMI2 (vpcompressb); returns 0 on other CPUs.
 */
size_t qs_sbcs_utf8_wide(const uint8_t lead[256], const uint8_t cont[256], const uint8_t *in,
                         size_t n, uint8_t *out, size_t room, size_t *produced_r);
int qs_simd_has_vbmi2(void);

/*
 * UTF-8 -> SBCS for text made of ASCII and U+0080..U+00FF (two-byte
 * sequences led by C2/C3): tab[c] is the byte for code point c (all 256
 * must be plain mappings).  Works on 64-byte blocks, stopping before a
 * block with anything else; returns input bytes consumed (always on a
 * character boundary), *produced_r output bytes.  AVX-512 VBMI2 only;
 * returns 0 elsewhere.
 */
size_t qs_utf8_latin_wide(const uint8_t tab[256], const uint8_t *in, size_t n, uint8_t *out,
                          size_t room, size_t *produced_r);

#endif
