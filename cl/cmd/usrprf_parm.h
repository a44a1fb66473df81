/*
 * cl/cmd/usrprf_parm.h - parameters shared by CRTUSRPRF and CHGUSRPRF:
 * their definitions differ only in defaults (*SAME on CHGUSRPRF), so both
 * apply what was given with one function.
 */
#ifndef QS_CL_CMD_USRPRF_PARM_H
#define QS_CL_CMD_USRPRF_PARM_H

#include "cl/cmd.h"
#include "qsys/usrprf/usrprf.h"

struct qs_err;
struct qs_job;

/* Apply PASSWORD STATUS USRCLS SPCAUT CCSID PWDEXP TEXT to p where given.
 * Checks that the job may do it (*SECADM to touch other profiles, *ALLOBJ +
 * *SECADM to hand out special authorities): CPF2217 otherwise. */
int qs_cl_usrprf_apply(struct qs_cl_call *c, const struct qs_job *j, struct qs_usrprf *p,
                       int creating, struct qs_err *err);
/* The job may administer profiles (has *SECADM). */
int qs_cl_usrprf_may_admin(const struct qs_job *j, const char *name, struct qs_err *err);

#endif
