/*
 * cl/cmd/dstcmd.h - shared by the SNADS and directory commands (SNDDST,
 * QRYDST, RCVDST, DLTDST, *DSTQ, CHGDSTA, *DIRE): the job's directory entry,
 * USRID(*CURRENT | user address), and OUTFILE(lib/file) OUTMBR(mbr opt).
 */
#ifndef QS_CL_DSTCMD_H
#define QS_CL_DSTCMD_H

#include "cl/cmd.h"
#include "qsys/snads/snads.h"

struct qs_buf;

/* The job's user as an SDD entry (CPF9006 if not enrolled), with the real
 * MSF hand-off. */
int qs_dstcmd_ctx(struct qs_snads_ctx *ctx, struct qs_err *err);
/* USRID: *CURRENT → ctx's; else the mixed list (user ID, address): another
 * user's entry is allowed when its profile granted the job's user permission
 * (GRTUSRPMN); then ctx->behalf is set.  CPF90A9 otherwise. */
int qs_dstcmd_usrid(const struct qs_cl_args *a, struct qs_snads_ctx *ctx,
                    char user[9], char addr[9], struct qs_err *err);
/* OUTFILE/OUTMBR → SQLite database path and table.  Returns 0 with
 * path->len == 0 for OUTFILE(*NONE).  As for DSPJRN, the database is
 * $QSYS_ROOT/db/<LIB>.sqlite and the table is the file (docs/snads.md). */
int qs_dstcmd_outfile(const struct qs_cl_args *a, struct qs_buf *path, char table[11],
                      int *replace, struct qs_err *err);

/* Parameter pieces every command of the family uses. */
extern const struct qs_cl_parm qs_dstcmd_usrid_e[2];
extern const struct qs_cl_parm qs_dstcmd_outfile_q[2];
extern const struct qs_cl_parm qs_dstcmd_outmbr_e[2];

#endif
