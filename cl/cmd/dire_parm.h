/*
 * cl/cmd/dire_parm.h - parameters shared by ADDDIRE and CHGDIRE, and the
 * mapping of their values onto a directory entry.
 */
#ifndef QS_CL_DIRE_PARM_H
#define QS_CL_DIRE_PARM_H

#include "cl/cmd.h"
#include "qsys/sdd/sdd.h"

/* Fill e from the arguments; with `change`, return the mask of fields
 * given (*SAME = not given).  0, or -1 with err. */
int qs_dire_fill(const struct qs_cl_args *a, struct qs_sdd_entry *e, unsigned *mask,
                 int change, struct qs_err *err);

extern const struct qs_cl_parm qs_dire_prefadr_e[3];
extern const struct qs_cl_parm qs_dire_usrdfn_e[3];

#endif
