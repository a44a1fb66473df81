/*
 * qsys/dbf/dbf.h - database files: SQLite-backed physical files.
 *
 * qshim keeps a library's database files in one SQLite database,
 * $QSYS_ROOT/db/<LIB>.sqlite, one table per file (the convention DSPJRN
 * and QRYDST OUTFILE already write).  Field names are column names.  This
 * module finds a file by LIB/FILE or *LIBL, reads rows of named fields,
 * and runs SQL statements (RUNSQL) with both of IBM's naming conventions:
 * *SYS (LIB/FILE) and *SQL (LIB.FILE); a library named in a statement is
 * attached under its own name, so `QGPL.CUSTMAP` is the file CUSTMAP in
 * library QGPL.
 *
 * Invariants: a library name reaches a path only after qs_name_check;
 * table and column names reach SQL only quoted and after the same check.
 */
#ifndef QS_DBF_DBF_H
#define QS_DBF_DBF_H

#include <stddef.h>

struct qs_err;
struct qs_buf;
struct qs_libl;

#define QS_DBF_MAX_SQL   (1024u * 1024)      /* one RUNSQL statement string   */
#define QS_DBF_MAX_ATTACH 8u                 /* libraries named in one string */
#define QS_DBF_MAX_FIELD  (64u * 1024)       /* bytes of one field read       */

/* $QSYS_ROOT/db/<LIB>.sqlite appended to out (the directory is created). */
int qs_dbf_lib_path(const char *lib, struct qs_buf *out, struct qs_err *err);

/* Find file `file` in `lib` ("*LIBL", "*CURLIB", "" or a name; *LIBL
 * searches libl, or QGPL when libl is NULL): its database path appended
 * to db_r and its library in lib_r.  CPF9812 when there is none. */
int qs_dbf_find(const struct qs_libl *libl, const char *lib, const char *file,
                struct qs_buf *db_r, char lib_r[11], struct qs_err *err);

/* Read fields cols[0..ncols) of every record of table `file` in database
 * `db`, in arrival order; row() gets the values (NULL for a null field,
 * text otherwise, trailing blanks removed as CHAR fields are padded).
 * CPF9812 when the file is not there, SQL0206 when a field is not in it.
 * row() returning -1 stops the read with its err. */
int qs_dbf_select(const char *db, const char *file, const char *const *cols, size_t ncols,
                  int (*row)(void *arg, const char *const *vals, struct qs_err *err), void *arg,
                  struct qs_err *err);

enum qs_dbf_naming { QS_DBF_SYS = 0, QS_DBF_SQL = 1 };

/* Run one or more SQL statements (`;`-separated).  Unqualified names are
 * in `deflib`.  With QS_DBF_SYS, LIB/FILE is rewritten to LIB.FILE outside
 * quotes.  SQL9010 with SQLite's text on failure; the statements run in one
 * transaction (all or nothing).  rows_r (may be NULL): rows changed. */
int qs_dbf_exec(const char *deflib, const char *sql, enum qs_dbf_naming naming,
                long long *rows_r, struct qs_err *err);

#endif
