/*
 * qsys/pf/pf.h - program-described physical files (CRTPF RCDLEN(n)) and
 * their members, kept in SQLite.
 *
 * A library's database files live in $QSYS_ROOT/db/<LIB>.sqlite, the same
 * database DSPJRN/QRYDST OUTFILE and qsys/dbf (externally described files,
 * RUNSQL: one table per file, fields as columns) use.  Program-described
 * files add a catalog there:
 *   QSHIM_PF (FILE PRIMARY KEY, RCDLEN, CCSID, TEXT)
 *   QSHIM_PFM(FILE, MBR, SEQ, TEXT)          SEQ = creation order (*FIRST)
 * and each member is the table "<FILE>.<MBR>" (RRN INTEGER PRIMARY KEY,
 * DATA BLOB): one row per record, exactly RCDLEN bytes in the file's CCSID
 * (37 unless CRTPF CCSID says otherwise), blank-padded (0x40 in EBCDIC,
 * 0x20 in ASCII CCSIDs) as IBM keeps a flat file.
 *
 * Invariants: every change is one SQLite transaction (members are replaced
 * or appended whole, never half); names are *NAME-validated before they
 * reach SQL, and table names are always quoted.
 */
#ifndef QS_PF_PF_H
#define QS_PF_PF_H

#include <stddef.h>

struct qs_err;
struct qs_job;

#define QS_PF_MAX_RCDLEN 32766      /* IBM's maximum record length */
#define QS_PF_MAX_BYTES  (256u * 1024 * 1024)  /* one member read whole */

struct qs_pf {
    char lib[11], file[11];
    int  rcdlen, ccsid;
};

/* The blank of a CCSID: 0x40 for EBCDIC ones, else 0x20. */
int qs_pf_blank(int ccsid);

/* CRTPF FILE(lib/file) RCDLEN(n) MBR(mbr; NULL = none) CCSID TEXT.
 * CPF5813 when the file exists, CPF9810 when the library does not. */
int qs_pf_create(const char *lib, const char *file, int rcdlen, int ccsid, const char *mbr,
                  const char *text, struct qs_err *err);
/* DLTF */
int qs_pf_delete(const char *lib, const char *file, struct qs_err *err);
/* ADDPFM: CPF5812 if it exists. */
int qs_pf_add_member(const char *lib, const char *file, const char *mbr, const char *text,
                      struct qs_err *err);
/* Find file: lib a name or "*LIBL"/"*CURLIB"/"" (the job's library list, then
 * QGPL).  CPF9812 when it is nowhere. */
int qs_pf_open(struct qs_job *j, const char *lib, const char *file, struct qs_pf *r,
                struct qs_err *err);
/* Member name for "*FIRST" (the oldest), or check that mbr exists:
 * CPF9815 otherwise.  out[11]. */
int qs_pf_member(const struct qs_pf *f, const char *mbr, char out[11], struct qs_err *err);
/* All records of a member, concatenated (n * rcdlen bytes). */
int qs_pf_read(const struct qs_pf *f, const char *mbr, char **data_r, size_t *len_r,
                size_t *nrec_r, struct qs_err *err);
/* Write records (len a multiple of rcdlen) to a member, replacing its
 * records or adding to them; the member is created if missing. */
int qs_pf_write(const struct qs_pf *f, const char *mbr, const char *data, size_t len,
                 int replace, struct qs_err *err);

#endif
