/*
 * qsys/base/wild.h - `*` wildcard patterns, as ADDSMTPLE FTRDATA uses them.
 *
 * A pattern matches a whole string; `*` stands for any run of bytes (also
 * none); every other byte matches itself, ASCII letters without regard to
 * case.  There is no escape and no `?` (IBM's filters know only `*`).
 * Matching takes O(len(pattern) * len(s)) at worst and no memory: the
 * classic two-pointer walk that backtracks only to the last `*`.
 */
#ifndef QS_BASE_WILD_H
#define QS_BASE_WILD_H

#include <stddef.h>

/* 1 if s[0..n) matches the NUL-terminated pattern, else 0. */
int qs_wild_match(const char *pattern, const char *s, size_t n);

#endif
