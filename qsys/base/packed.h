/*
 * qsys/base/packed.h - packed and zoned decimal, as RPG and ILE C store them.
 *
 * Packed decimal of n digits (1..63) takes n/2+1 bytes: two digits a byte,
 * the last nibble is the sign (A C E F positive, B D negative; written as
 * C or D, or F for unsigned).  When n is even the first nibble is a pad 0.
 * Zoned decimal of n digits takes n bytes, one digit a byte in the low
 * nibble; the zone of the last byte carries the sign.  Written in EBCDIC
 * form (0xF0..0xF9, last byte 0xDn when negative); read in EBCDIC form and
 * in ASCII form (0x30..0x39, last byte 0x70..0x79 when negative).
 *
 * Errors: a bad digit or sign nibble is MCH1202 "Decimal data error"; a
 * value that does not fit the receiver is MCH1210.  Nothing is written to
 * a receiver on error.
 */
#ifndef QS_BASE_PACKED_H
#define QS_BASE_PACKED_H

#include <stddef.h>

struct qs_err;

#define QS_DEC_MAX_DIGITS 63
#define QS_PACKED_LEN(n) ((size_t)(n) / 2 + 1)

/* 0 if p[0..QS_PACKED_LEN(digits)) is valid packed data, else MCH1202. */
int qs_packed_check(const unsigned char *p, int digits, struct qs_err *err);
int qs_packed_to_ll(const unsigned char *p, int digits, long long *v_r, struct qs_err *err);
int qs_packed_from_ll(unsigned char *p, int digits, long long v, struct qs_err *err);
/* "-123.45" (scale digits after the point; no leading zeros); out must have
 * QS_DEC_MAX_DIGITS + 4 bytes. */
int qs_packed_to_text(const unsigned char *p, int digits, int scale, char *out, size_t outsz,
                      struct qs_err *err);
/* Parse [blanks][+|-]digits[.digits][blanks]; excess fraction digits are
 * truncated (as RPG EVAL does), excess integer digits are MCH1210, anything
 * else is MCH1202. */
int qs_packed_from_text(unsigned char *p, int digits, int scale, const char *s, size_t len,
                        struct qs_err *err);

int qs_zoned_to_ll(const unsigned char *z, int digits, long long *v_r, struct qs_err *err);
int qs_zoned_from_ll(unsigned char *z, int digits, long long v, struct qs_err *err);
int qs_zoned_to_text(const unsigned char *z, int digits, int scale, char *out, size_t outsz,
                     struct qs_err *err);
int qs_zoned_from_text(unsigned char *z, int digits, int scale, const char *s, size_t len,
                       struct qs_err *err);

#endif
