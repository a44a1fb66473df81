/*
 * cl/cmd/prtfcmd.h - the printer file attributes CRTPRTF, CHGPRTF and
 * OVRPRTF share (spool/prtf.h).  None has a default here: an attribute is
 * set only when given (CRTPRTF starts from qs_prtf_default, CHGPRTF from
 * the file, OVRPRTF from nothing), which is what *SAME means on IBM i.
 */
#ifndef QS_CL_PRTFCMD_H
#define QS_CL_PRTFCMD_H

#include "cl/cmd.h"
#include "spool/prtf.h"

static const struct qs_cl_parm prtfcmd_pagesize_e[] = {
    { .type = QS_CL_DEC, .len = 5, .dec = 0, .min = 1, .max = QS_SPOOL_MAX_PAGE_LEN,
      .prompt = "Length" },
    { .type = QS_CL_DEC, .len = 5, .dec = 0, .min = 1, .max = QS_SPOOL_MAX_PAGE_WIDTH,
      .prompt = "Width" },
};
static const struct qs_cl_parm prtfcmd_outq_q[] = {
    { .type = QS_CL_NAME, .len = 10, .spcval = QS_CL_VALUES("*JOB", "*DEV"),
      .prompt = "Output queue" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};

#define PRTFCMD_ATTRS \
    { .kwd = "DEVTYPE", .type = QS_CL_CHAR, .len = 10, .flags = QS_CL_KEYWORD, \
      .rstd = QS_CL_VALUES("*SCS", "*IPDS", "*AFPDS", "*USERASCII", "*LINE", "*AFPDSLINE"), \
      .prompt = "Device type" }, \
    { .kwd = "PAGESIZE", .type = QS_CL_DEC, QS_CL_ELEMS(prtfcmd_pagesize_e), \
      .flags = QS_CL_KEYWORD, .prompt = "Page size" }, \
    { .kwd = "LPI", .type = QS_CL_DEC, .len = 3, .dec = 1, .min = 1, .max = 12, \
      .flags = QS_CL_KEYWORD, .prompt = "Lines per inch" }, \
    { .kwd = "CPI", .type = QS_CL_DEC, .len = 3, .dec = 1, .min = 1, .max = 30, \
      .flags = QS_CL_KEYWORD, .prompt = "Characters per inch" }, \
    { .kwd = "OVRFLW", .type = QS_CL_DEC, .len = 3, .dec = 0, .min = 1, \
      .max = QS_SPOOL_MAX_PAGE_LEN, .flags = QS_CL_KEYWORD, .prompt = "Overflow line number" }, \
    { .kwd = "CTLCHAR", .type = QS_CL_CHAR, .len = 5, .flags = QS_CL_KEYWORD, \
      .rstd = QS_CL_VALUES("*NONE", "*FCFC"), .prompt = "Control character" }, \
    { .kwd = "OUTQ", .type = QS_CL_NAME, QS_CL_QUAL(prtfcmd_outq_q), .flags = QS_CL_KEYWORD, \
      .prompt = "Output queue" }, \
    { .kwd = "FORMTYPE", .type = QS_CL_CHAR, .len = 10, .flags = QS_CL_KEYWORD, \
      .prompt = "Form type" }, \
    { .kwd = "HOLD", .type = QS_CL_CHAR, .len = 4, .flags = QS_CL_KEYWORD, \
      .rstd = QS_CL_VALUES("*NO", "*YES"), .prompt = "Hold spooled file" }, \
    { .kwd = "SAVE", .type = QS_CL_CHAR, .len = 4, .flags = QS_CL_KEYWORD, \
      .rstd = QS_CL_VALUES("*NO", "*YES"), .prompt = "Save spooled file" }, \
    { .kwd = "USRDTA", .type = QS_CL_CHAR, .len = 10, .flags = QS_CL_KEYWORD | QS_CL_MIXED_CASE, \
      .prompt = "User data" }, \
    { .kwd = "SPLFNAME", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_KEYWORD, \
      .spcval = QS_CL_VALUES("*FILE"), .prompt = "Spooled output file name" }

/* The attributes given, into p (their bits added to p->set). */
void prtfcmd_attrs(struct qs_cl_call *c, struct qs_prtf *p);

#endif
