/*
 * qsys/base/kvrec.h - small durable records as "key=value" lines.
 *
 * Configuration-like state (directory entries, distribution records, exit
 * program registrations) is kept as text a human can read and a crash cannot
 * half-write (the caller stores it with qs_file_write_atomic).  One record is
 * a run of `key=value` lines; a blank line ends it, so a file may hold many.
 * Values are escaped so any byte string round-trips: `\\` `\n` `\r` and
 * `\xHH` for other control bytes and NUL.
 *
 * Invariant: qs_kv_parse(qs_kv_add(...)) gives back exactly the bytes added.
 */
#ifndef QS_BASE_KVREC_H
#define QS_BASE_KVREC_H

#include <stddef.h>

struct qs_buf;
struct qs_err;

/* Append `key=escaped(val[0..len))\n`.  0 or -1 (errno E2BIG/ENOMEM). */
int qs_kv_add(struct qs_buf *b, const char *key, const void *val, size_t len);
int qs_kv_adds(struct qs_buf *b, const char *key, const char *val);
int qs_kv_addll(struct qs_buf *b, const char *key, long long v);
/* End the current record (a blank line). */
int qs_kv_end(struct qs_buf *b);

/*
 * Walk data[0..len) (modified in place: values are unescaped and
 * NUL-terminated).  For each line calls cb(arg, key, val, vlen); at the end
 * of each record (blank line or end of data after at least one line) calls
 * cb(arg, NULL, NULL, 0).  A non-zero return from cb stops the walk and is
 * returned.  A line without '=' or with a bad escape is an error: -1 with
 * CPF9898 ("record damaged") in err.
 */
typedef int (*qs_kv_cb)(void *arg, const char *key, const char *val, size_t vlen);
/* data[len] must be writable (a qs_buf always has its NUL there). */
int qs_kv_parse(char *data, size_t len, qs_kv_cb cb, void *arg, struct qs_err *err);

#endif
