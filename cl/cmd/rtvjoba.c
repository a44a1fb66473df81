/*
 * cl/cmd/rtvjoba.c - RTVJOBA: job attributes into CL variables.
 *
 * JOB, USER, NBR, CURUSER, TYPE ('0' batch, '1' interactive: stdin is a
 * terminal), CCSID (65535 for the native job CCSID), DATE (job date YYMMDD),
 * CURLIB and USRLIBL (the library list) from the job of this process.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cl/pgm_int.h"
#include "cl/run.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "JOB", .type = QS_CL_VARNAME, .prompt = "CL var for JOB (10)" },
    { .kwd = "USER", .type = QS_CL_VARNAME, .prompt = "CL var for USER (10)" },
    { .kwd = "NBR", .type = QS_CL_VARNAME, .prompt = "CL var for NBR (6)" },
    { .kwd = "CURUSER", .type = QS_CL_VARNAME, .prompt = "CL var for CURUSER (10)" },
    { .kwd = "TYPE", .type = QS_CL_VARNAME, .prompt = "CL var for TYPE (1)" },
    { .kwd = "CCSID", .type = QS_CL_VARNAME, .prompt = "CL var for CCSID (5 0)" },
    { .kwd = "DATE", .type = QS_CL_VARNAME, .prompt = "CL var for DATE (6)" },
    { .kwd = "CURLIB", .type = QS_CL_VARNAME, .prompt = "CL var for CURLIB (10)" },
    { .kwd = "USRLIBL", .type = QS_CL_VARNAME, .prompt = "CL var for USRLIBL (275)" },
};

static int rtvjoba_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = c->env->job ? c->env->job : qs_job_current(err);
    char buf[300], date[16];
    if (!j)
        return -1;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    snprintf(date, sizeof date, "%02d%02d%02d", tm.tm_year % 100, (tm.tm_mon + 1) % 100,
             tm.tm_mday % 100);
    snprintf(buf, sizeof buf, "%d", j->ccsid == QS_JOB_CCSID_NATIVE ? 65535 : j->ccsid);
    char libl[300];
    size_t ll = 0;
    for (size_t i = 0; i < j->libl.n && ll + 12 < sizeof libl; i++)
        ll += (size_t)snprintf(libl + ll, sizeof libl - ll, "%-11s", j->libl.lib[i]);
    libl[ll] = '\0';
    if (qs_cl_var_set(c, "JOB", j->name, strlen(j->name), err) < 0 ||
        qs_cl_var_set(c, "USER", j->user, strlen(j->user), err) < 0 ||
        qs_cl_var_set(c, "CURUSER", j->user, strlen(j->user), err) < 0 ||
        qs_cl_var_set(c, "NBR", j->number, strlen(j->number), err) < 0 ||
        qs_cl_var_set(c, "TYPE", isatty(0) ? "1" : "0", 1, err) < 0 ||
        qs_cl_var_set(c, "CCSID", buf, strlen(buf), err) < 0 ||
        qs_cl_var_set(c, "DATE", date, 6, err) < 0 ||
        qs_cl_var_set(c, "CURLIB", "*NONE", 5, err) < 0 ||
        qs_cl_var_set(c, "USRLIBL", libl, ll, err) < 0)
        return -1;
    return 0;
}

QS_CL_COMMAND(rtvjoba) = { .name = "RTVJOBA", .text = "Retrieve Job Attributes",
                           QS_CL_PARMS(parms), .flags = QS_CL_PGMONLY, .run = rtvjoba_run };
