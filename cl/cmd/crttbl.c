/*
 * cl/cmd/crttbl.c - CRTTBL: create a conversion table (*TBL, TBLTYPE(*CVT)).
 *
 *   CRTTBL TBL(QGPL/MYTBL) BASETBL(QTCPASC)          copy of a table
 *   CRTTBL TBL(QGPL/MYTBL) SRCSTMF('/path/tbl.hex')  512 hex digits
 *
 * With neither, the table is the identity (as IBM's BASETBL(*NONE)).
 * SRCSTMF stands in for IBM's SRCFILE/SRCMBR source member (qshim has no
 * source physical files); its content is the member's: 256 bytes in hex.
 */
#include <string.h>

#include "cl/cmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/job/job.h"
#include "qsys/tbl/tbl.h"

static const struct qs_cl_parm tbl_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Table" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*CURLIB", .spcval = QS_CL_VALUES("*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm base_q[] = {
    { .type = QS_CL_NAME, .len = 10, .spcval = QS_CL_VALUES("*NONE"), .prompt = "Base table" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "TBL", .type = QS_CL_NAME, QS_CL_QUAL(tbl_q), .flags = QS_CL_REQUIRED,
      .prompt = "Table" },
    { .kwd = "SRCSTMF", .type = QS_CL_PNAME, .len = 1024, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .prompt = "Source stream file" },
    { .kwd = "TBLTYPE", .type = QS_CL_CHAR, .len = 4, .dft = "*CVT", .rstd = QS_CL_VALUES("*CVT"),
      .prompt = "Table type" },
    { .kwd = "BASETBL", .type = QS_CL_NAME, QS_CL_QUAL(base_q), .dft = "*NONE",
      .prompt = "Base table" },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .dft = "*BLANK",
      .spcval = QS_CL_VALUES("*BLANK"), .flags = QS_CL_MIXED_CASE, .prompt = "Text" },
};

static int crttbl_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    uint8_t tab[256];
    for (int b = 0; b < 256; b++)
        tab[b] = (uint8_t)b;
    const char *src = qs_cl_str(c->args, "SRCSTMF");
    const char *base = qs_cl_qual(c->args, "BASETBL", 0);
    if (strcmp(src, "*NONE") != 0) {
        struct qs_buf b;
        qs_buf_init(&b, 64 * 1024);
        int rc = qs_file_read(src, 64 * 1024, &b, err);
        if (rc == 0)
            rc = qs_tbl_parse_hex(b.data ? b.data : "", b.len, tab, err);
        qs_buf_free(&b);
        if (rc != 0)
            return -1;
    } else if (base && *base && strcmp(base, "*NONE") != 0) {
        if (qs_tbl_get(j, qs_cl_qual(c->args, "BASETBL", 1), base, tab, err) != 0)
            return -1;
    }
    const char *text = qs_cl_str(c->args, "TEXT");
    return qs_tbl_create(j, qs_cl_qual(c->args, "TBL", 1), qs_cl_qual(c->args, "TBL", 0), tab,
                         strcmp(text, "*BLANK") ? text : "", err);
}

QS_CL_COMMAND(crttbl) = { .name = "CRTTBL", .text = "Create Table",
                          QS_CL_PARMS(parms), .run = crttbl_run };
