/*
 * cl/cmd/usrpmn.c - GRTUSRPMN, RVKUSRPMN, DSPUSRPMN: who may work on behalf
 * of whom (qsys/sdd/usrpmn.h).
 *
 *   GRTUSRPMN TOUSER(CLERK) FORUSER(BOSS)
 *   RVKUSRPMN TOUSER(*ALL) FORUSER(BOSS)
 *   DSPUSRPMN USER(BOSS) GRANTED(*TO)
 *
 * As IBM documents, granting or revoking for anyone but yourself needs
 * *ALLOBJ (CPF2217 otherwise); both users must be in the directory.
 */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "qsys/sdd/usrpmn.h"
#include "qsys/usrprf/usrprf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct qs_cl_parm grt_parms[] = {
    { .kwd = "TOUSER", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED,
      .prompt = "To user profile" },
    { .kwd = "FORUSER", .type = QS_CL_NAME, .len = 10, .max_rep = 300, .dft = "*CURRENT",
      .sngval = QS_CL_VALUES("*CURRENT"), .prompt = "For user profile" },
};
static const struct qs_cl_parm rvk_parms[] = {
    { .kwd = "TOUSER", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED,
      .spcval = QS_CL_VALUES("*ALL"), .prompt = "To user profile" },
    { .kwd = "FORUSER", .type = QS_CL_NAME, .len = 10, .max_rep = 300, .dft = "*CURRENT",
      .sngval = QS_CL_VALUES("*CURRENT"), .prompt = "For user profile" },
};
static const struct qs_cl_parm dsp_parms[] = {
    { .kwd = "USER", .type = QS_CL_NAME, .len = 10, .max_rep = 300, .dft = "*CURRENT",
      .sngval = QS_CL_VALUES("*CURRENT", "*ALL"), .prompt = "User profile" },
    { .kwd = "GRANTED", .type = QS_CL_CHAR, .len = 5, .dft = "*TO", .rstd = QS_CL_VALUES("*TO", "*FROM"),
      .prompt = "Granted to/from" },
    { .kwd = "OUTPUT", .type = QS_CL_CHAR, .len = 8, .dft = "*", .rstd = QS_CL_VALUES("*", "*PRINT"),
      .prompt = "Output" },
};

/* Run fn for each FORUSER (the job's user for *CURRENT), checking *ALLOBJ
 * for anybody else before anything changes. */
static int each_foruser(struct qs_cl_call *c, int grant, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const struct qs_cl_val *v = qs_cl_arg(c->args, "FORUSER");
    size_t n = qs_cl_val_is(v, "*CURRENT") ? 1 : qs_cl_val_count(v);
    for (size_t i = 0; i < n; i++) {
        const char *f = qs_cl_val_is(v, "*CURRENT") ? j->user : qs_cl_val_str(qs_cl_val_item(v, i));
        if (!qs_strcaseeq(f, j->user) && !(j->spcaut & QS_SPCAUT_ALLOBJ))
            return qs_err_set(err, "CPF2217", f, (const char *)NULL);
    }
    const char *to = qs_cl_str(c->args, "TOUSER");
    for (size_t i = 0; i < n; i++) {
        const char *f = qs_cl_val_is(v, "*CURRENT") ? j->user : qs_cl_val_str(qs_cl_val_item(v, i));
        size_t gone = 0;
        if (grant ? qs_usrpmn_grant(to, f, err) < 0 : qs_usrpmn_revoke(to, f, &gone, err) < 0)
            return -1;
        if (grant)
            fprintf(c->out, "Permission granted to %s for %s.\n", to, f);
        else
            fprintf(c->out, "%zu permissions for %s revoked.\n", gone, f);
    }
    return 0;
}

static int grt_run(struct qs_cl_call *c, struct qs_err *err) { return each_foruser(c, 1, err); }
static int rvk_run(struct qs_cl_call *c, struct qs_err *err) { return each_foruser(c, 0, err); }

static int dsp_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const struct qs_cl_val *u = qs_cl_arg(c->args, "USER");
    int all = qs_cl_val_is(u, "*ALL"), cur = qs_cl_val_is(u, "*CURRENT");
    int to = qs_cl_is(c->args, "GRANTED", "*TO");
    struct qs_usrpmn *v;
    size_t n, shown = 0;
    if (qs_usrpmn_list(&v, &n, err) < 0)
        return -1;
    fprintf(c->out, "                          Display User Permission\n\n");
    fprintf(c->out, to ? " For user    Permitted user\n" : " User        Works for\n");
    for (size_t i = 0; i < n; i++) {
        const char *key = to ? v[i].foruser : v[i].touser;
        int want = all || (cur && !strcmp(key, j->user));
        for (size_t k = 0; !want && !all && !cur && k < qs_cl_val_count(u); k++)
            want = qs_strcaseeq(key, qs_cl_val_str(qs_cl_val_item(u, k)));
        if (!want)
            continue;
        fprintf(c->out, " %-10s  %s\n", key, to ? v[i].touser : v[i].foruser);
        shown++;
    }
    fprintf(c->out, "%zu permissions listed.\n", shown);
    free(v);
    return 0;
}

QS_CL_COMMAND(grtusrpmn) = { .name = "GRTUSRPMN", .text = "Grant User Permission", .maxpos = 2,
                             QS_CL_PARMS(grt_parms), .run = grt_run };
QS_CL_COMMAND(rvkusrpmn) = { .name = "RVKUSRPMN", .text = "Revoke User Permission", .maxpos = 2,
                             QS_CL_PARMS(rvk_parms), .run = rvk_run };
QS_CL_COMMAND(dspusrpmn) = { .name = "DSPUSRPMN", .text = "Display User Permission", .maxpos = 1,
                             QS_CL_PARMS(dsp_parms), .run = dsp_run };
