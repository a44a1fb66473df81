/*
 * cl/cmd/dtaara_parm.h - DTAARA(LIB/NAME (start length)) of CHGDTAARA and
 * RTVDTAARA: one definition and one reading of it.
 */
#ifndef QS_CL_CMD_DTAARA_PARM_H
#define QS_CL_CMD_DTAARA_PARM_H

#include "cl/cmd.h"

struct qs_err;

/* The elements of DTAARA: the qualified name and the substring. */
extern const struct qs_cl_parm qs_cl_dtaara_elems[2];

#define QS_DTAARA_SPEC_PARM                                                                 \
    { .kwd = "DTAARA", .type = QS_CL_NAME, QS_CL_ELEMS(qs_cl_dtaara_elems),                 \
      .flags = QS_CL_REQUIRED, .prompt = "Data area specification" }

/* DTAARA as given: start is 0 for the whole data area (*ALL), else the
 * substring start and length (length 1 when left out). */
struct qs_cl_dtaara_ref {
    const char *name;
    const char *lib;
    int start;
    int sublen;
};

/* Read DTAARA of call c into r; CPF1015 for *GDA and *PDA. */
int qs_cl_dtaara_ref(struct qs_cl_call *c, struct qs_cl_dtaara_ref *r, struct qs_err *err);

#endif
