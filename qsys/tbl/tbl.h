/*
 * qsys/tbl/tbl.h - conversion tables (*TBL objects, TBLTYPE(*CVT)).
 *
 * A table is 256 bytes: byte b converts to tab[b].  User tables are objects
 * of type *TBL (attribute *CVT) made by CRTTBL; the IBM-supplied tables
 * QASCII/QTCPASC (CCSID 37 -> 819) and QEBCDIC/QTCPEBC (819 -> 37) are
 * built in and found when no user table of that name is on the path.
 */
#ifndef QS_TBL_TBL_H
#define QS_TBL_TBL_H

#include <stddef.h>
#include <stdint.h>

struct qs_job;
struct qs_err;

#define QS_TBL_TYPE "*TBL"

/* 0 and tab filled when `name` is an IBM-supplied table, else -1. */
int qs_tbl_builtin(const char *name, uint8_t tab[256]);
/* Find a table: lib is a name, "*LIBL" or ""; user objects first, then the
 * built-in tables (for *LIBL, QSYS, QUSRSYS).  CPF9801 if none. */
int qs_tbl_get(struct qs_job *j, const char *lib, const char *name, uint8_t tab[256],
               struct qs_err *err);
int qs_tbl_create(struct qs_job *j, const char *lib, const char *name, const uint8_t tab[256],
                  const char *text, struct qs_err *err);
int qs_tbl_delete(struct qs_job *j, const char *lib, const char *name, struct qs_err *err);
/* 512 hex digits (blanks and line ends ignored) -> tab; CPF9897 otherwise. */
int qs_tbl_parse_hex(const char *s, size_t n, uint8_t tab[256], struct qs_err *err);

#endif
