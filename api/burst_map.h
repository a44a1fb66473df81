/*
 * api/burst_map.h - where a burst part's address (and PDF password) comes
 * from when it is not in the spooled data: a CSV mapping file or an exit
 * function in a shared object.  Internal to api/ (and cl/).
 */
#ifndef QS_API_BURST_MAP_H
#define QS_API_BURST_MAP_H

#include <stddef.h>

struct qs_err;
struct qs_burst_map;

#define QS_BURST_MAP_MAX_FILE (64u * 1024 * 1024)
#define QS_BURST_MAX_PASSWORD 127u

/* CSV: one "key,address[,password]" per line; '#' lines and blank lines
 * are skipped; fields are trimmed and may be "quoted" ("" is a quote).
 * BRS0104 when the file cannot be read, BRS0105 for a bad line. */
int  qs_burst_map_load(const char *path, struct qs_burst_map **m_r, struct qs_err *err);
/* "/path/lib.so:symbol" (Qsh_Burst_Exit_t); BRS0106 when it cannot be loaded. */
int  qs_burst_map_exit(const char *spec, struct qs_burst_map **m_r, struct qs_err *err);
/* 1 and pointers into the map (valid until free), or 0 when the key has no
 * entry.  For an exit map the strings are the last call's. */
int  qs_burst_map_find(struct qs_burst_map *m, const char *key,
                       const char **addr_r, const char **password_r);
void qs_burst_map_free(struct qs_burst_map **m);

/* A plausible mailbox: local@domain, printable ASCII without blanks,
 * <> , ; or quotes, at most 256 bytes. */
int  qs_burst_addr_ok(const char *a);

#endif
