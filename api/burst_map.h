/*
 * api/burst_map.h - where a burst part's address (and PDF password and
 * name) comes from when it is not in the spooled data: a mapping table, as
 * a CSV stream file or a database file (qsys/dbf).  Address exits are in
 * api/burst_exit.h.  Internal to api/ (and cl/).
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
/* A database file lib/file (lib "*LIBL" or a name) with fields
 * fld[0] key, fld[1] address, fld[2] password, fld[3] name (NULL: none).
 * Every record is read; a record with a null or blank key is skipped; the
 * first record of a key wins.  Addresses are checked when a part uses them
 * (a bad one sends that part to the error queue), not here.  CPF9812 when
 * the file is not there, SQL0206 for a field that is not in it. */
int  qs_burst_map_dbf(const char *lib, const char *file, const char *const fld[4],
                      struct qs_burst_map **m_r, struct qs_err *err);
/* "LIB/FILE" or "FILE" (both *NAMEs): the MAPFILE value names a database
 * file rather than a stream file path. */
int  qs_burst_map_is_dbf(const char *spec);

struct qs_burst_hit {
    const char *addr, *password, *name;     /* password, name may be NULL */
};
/* 1 and pointers into the map (valid until free), or 0 when the key has
 * no entry. */
int  qs_burst_map_find(const struct qs_burst_map *m, const char *key, struct qs_burst_hit *h);
void qs_burst_map_free(struct qs_burst_map **m);

/* A plausible mailbox: local@domain, printable ASCII without blanks,
 * <> , ; or quotes, at most 256 bytes. */
int  qs_burst_addr_ok(const char *a);

#endif
