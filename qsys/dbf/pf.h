/*
 * qsys/dbf/pf.h - program-described physical files (CRTPF RCDLEN(n)).
 *
 * A physical file is two things:
 *   - a *FILE object, attribute PF, in the object store (name, text,
 *     owner; payload "rcdlen=N\n") - so CHKOBJ, WRKOBJ and DLTF see it;
 *   - its records, in the SQLite database of its library (dbf.h:
 *     $QSYS_ROOT/db/<LIB>.sqlite, where RUNSQL and the OUTFILEs work too),
 *     table "<FILE>" with columns MBR (member name), RRN (relative record
 *     number, 1-based per member) and one field named like the file holding
 *     the record: CHAR(rcdlen), blank-padded, UTF-8 text.
 * As on IBM i, a program-described file has a single field; members are
 * rows' MBR values (CRTPF makes the member named like the file).
 *
 * A table made by SQL (RUNSQL CREATE TABLE lib/file or lib.file) can be
 * written too when it is a one-field file: exactly one column, CHAR(n) or
 * VARCHAR(n) (record length n; CHAR records blank-padded, VARCHAR ones
 * not).  It has one member, named like the file; records are its rows in
 * arrival (rowid) order.  Any other table, or a view, is refused with
 * CPF2817 (qshim's choice of id; IBM's for this case is UNCONFIRMED).
 * Invariants: a record is exactly rcdlen characters (cut or padded); a
 * member's RRNs are 1..n without gaps; a copy into a member is one SQLite
 * transaction, so a crash leaves the old member or the new one.
 */
#ifndef QS_DBF_PF_H
#define QS_DBF_PF_H

#include <stddef.h>

struct qs_err;
struct qs_job;
struct qs_pf_writer;

#define QS_PF_RCDLEN_MAX 32766u

/* CRTPF FILE(lib/file) RCDLEN(n): CPF7302 when it exists already. */
int qs_pf_create(struct qs_job *j, const char *lib, const char *file, unsigned rcdlen,
                  const char *text, struct qs_err *err);
/* DLTF of a physical file: the object and its records. */
int qs_pf_delete(struct qs_job *j, const char *lib, const char *file, struct qs_err *err);
/* Find a physical file (lib: name, *LIBL, *CURLIB): library in lib_r[11],
 * record length in *rcdlen_r.  CPF9812 when there is none. */
int qs_pf_find(struct qs_job *j, const char *lib, const char *file, char *lib_r,
                unsigned *rcdlen_r, struct qs_err *err);
/* Writing records into a member: replace clears it first (MBROPT(*REPLACE)),
 * else records are added after the last (*ADD).  Nothing is visible until
 * qs_pf_write_end(commit = 1); commit = 0 rolls back. */
int  qs_pf_write_begin(struct qs_job *j, const char *lib, const char *file, const char *mbr,
                        int replace, struct qs_pf_writer **w_r, struct qs_err *err);
int  qs_pf_write(struct qs_pf_writer *w, const char *rec, size_t len, struct qs_err *err);
/* The record length of the file being written (control characters + line). */
unsigned qs_pf_write_rcdlen(const struct qs_pf_writer *w);
int  qs_pf_write_end(struct qs_pf_writer **w, int commit, struct qs_err *err);

#endif
