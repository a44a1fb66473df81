/*
 * qsys/base/buf.h - the one growable byte buffer.
 *
 * A qs_buf owns a heap block holding `len` bytes of data followed by a NUL
 * (so data is always usable as a C string when it holds text), and refuses to
 * grow past the cap given to qs_buf_init().  Every reader of untrusted input
 * accumulates into a qs_buf with a cap taken from limits.h; hitting the cap is
 * an error the caller reports, never a silent truncation.
 *
 * Invariants: data == NULL iff cap == 0; len < cap when data != NULL;
 * data[len] == '\0'.
 */
#ifndef QS_BASE_BUF_H
#define QS_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct qs_buf {
    char  *data;
    size_t len;
    size_t cap;   /* allocated bytes */
    size_t max;   /* largest len allowed */
};

/* Prepare an empty buffer that may hold up to `max` bytes. Allocates nothing. */
void qs_buf_init(struct qs_buf *b, size_t max);
/* Release the memory; the buffer is empty and reusable (same max). */
void qs_buf_free(struct qs_buf *b);
/* Forget the content, keep the memory. */
void qs_buf_reset(struct qs_buf *b);

/* Each returns 0, or -1 with errno = E2BIG (cap) or ENOMEM; on failure the
 * buffer is unchanged. */
int qs_buf_add(struct qs_buf *b, const void *p, size_t n);
int qs_buf_addc(struct qs_buf *b, char c);
int qs_buf_adds(struct qs_buf *b, const char *s);
int qs_buf_addf(struct qs_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int qs_buf_vaddf(struct qs_buf *b, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 0)))
#endif
    ;
int qs_buf_reserve(struct qs_buf *b, size_t extra);
/* Cut to n bytes (n <= len). */
void qs_buf_truncate(struct qs_buf *b, size_t n);
/* Drop the first n bytes (n <= len), shifting the rest down. */
void qs_buf_consume(struct qs_buf *b, size_t n);
/* Hand the block to the caller (NUL-terminated, may be NULL when empty);
 * the buffer becomes empty. */
char *qs_buf_detach(struct qs_buf *b, size_t *len_r);
/* data, or "" when nothing was ever added. */
const char *qs_buf_str(const struct qs_buf *b);

#endif
