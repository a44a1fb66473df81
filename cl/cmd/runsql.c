/*
 * cl/cmd/runsql.c - RUNSQL: run an SQL statement against database files.
 *
 *   RUNSQL SQL('CREATE TABLE QGPL/CUSTMAP (KEY CHAR(8), ADDRESS VARCHAR(256))')
 *          COMMIT(*NONE) NAMING(*SYS)
 *   RUNSQL SQL('INSERT INTO CUSTMAP VALUES(''C001'', ''ann@example.com'')')
 *          COMMIT(*NONE) DFTRDBCOL(QGPL)
 *
 * Files are tables of the library's SQLite database (qsys/dbf/dbf.h);
 * several statements separated by `;` run as one unit.  COMMIT is
 * accepted for IBM compatibility: every string is all or nothing.
 * Unqualified names are in DFTRDBCOL, else the job's first user library
 * in the library list, else QGPL.
 */
#include <string.h>

#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/dbf/dbf.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "SQL", .type = QS_CL_CHAR, .len = 5000, .flags = QS_CL_REQUIRED | QS_CL_MIXED_CASE,
      .prompt = "SQL statement" },
    { .kwd = "COMMIT", .type = QS_CL_CHAR, .len = 4, .dft = "*CHG",
      .rstd = QS_CL_VALUES("*CHG", "*UR", "*CS", "*ALL", "*RS", "*NONE", "*NC", "*RR"),
      .prompt = "Commitment control" },
    { .kwd = "NAMING", .type = QS_CL_CHAR, .len = 4, .dft = "*SYS", .rstd = QS_CL_VALUES("*SYS", "*SQL"),
      .prompt = "Naming" },
    { .kwd = "DFTRDBCOL", .type = QS_CL_NAME, .len = 10, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .prompt = "Default collection" },
};

static int runsql_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const char *lib = "QGPL";
    if (!qs_cl_is(c->args, "DFTRDBCOL", "*NONE"))
        lib = qs_cl_str(c->args, "DFTRDBCOL");
    else
        for (size_t i = 0; i < j->libl.n; i++)
            if (strcmp(j->libl.lib[i], "QSYS") && strcmp(j->libl.lib[i], "QUSRSYS") &&
                strcmp(j->libl.lib[i], "QTEMP")) {
                lib = j->libl.lib[i];
                break;
            }
    return qs_dbf_exec(lib, qs_cl_str(c->args, "SQL"),
                       qs_cl_is(c->args, "NAMING", "*SQL") ? QS_DBF_SQL : QS_DBF_SYS, NULL, err);
}

QS_CL_COMMAND(runsql) = { .name = "RUNSQL", .text = "Run SQL", QS_CL_PARMS(parms), .run = runsql_run };
