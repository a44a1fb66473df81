/* cl/cmd/dspjrn.c - DSPJRN: display journal entries (OUTPUT(*) listing,
 * *PRINT spooled as QPDSPJRN, or OUTPUT(*OUTFILE): rows of the QJORDJE-style
 * columns in an SQLite table; a library is the database
 * $QSYS_ROOT/db/<LIB>.sqlite, a file its table).  RCVRNG(*CURRENT), IBM's
 * default, reads the attached receiver; *CURCHAIN the whole chain. */
#include "cl/cmd/jrncmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/root.h"
#include "qsys/jrn/jrn.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const struct qs_cl_parm file_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "File" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    JRNCMD_JRN,
    { .kwd = "OUTPUT", .type = QS_CL_CHAR, .len = 8, .dft = "*", .flags = QS_CL_KEYWORD,
      .rstd = QS_CL_VALUES("*", "*PRINT", "*OUTFILE"), .prompt = "Output" },
    { .kwd = "OUTFILFMT", .type = QS_CL_CHAR, .len = 6, .dft = "*TYPE1", .flags = QS_CL_KEYWORD,
      .rstd = QS_CL_VALUES("*TYPE1", "*TYPE2"), .prompt = "Outfile format" },
    { .kwd = "OUTFILE", .type = QS_CL_NAME, QS_CL_QUAL(file_q), .flags = QS_CL_KEYWORD,
      .prompt = "File to receive output" },
    { .kwd = "RCVRNG", .type = QS_CL_CHAR, .len = 9, .dft = "*CURRENT", .flags = QS_CL_KEYWORD,
      .rstd = QS_CL_VALUES("*CURRENT", "*CURCHAIN"), .prompt = "Range of journal receivers" },
};

static int show(const struct qs_jrn_entry *e, void *arg)
{
    FILE *o = arg;
    time_t t = (time_t)(e->time_us / 1000000);
    struct tm tm;
    char ts[32];
    localtime_r(&t, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(o, "%10llu   %c    %-2s   %s  %-10s %-10s %-10s %.*s\n",
            (unsigned long long)e->seq, e->code, e->type, ts, e->job, e->user, e->pgm,
            (int)e->esd_len, (const char *)e->esd);
    return 0;
}

static int dspjrn_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *jrn = qs_cl_qual(c->args, "JRN", 0);
    enum qs_jrn_range range = qs_cl_is(c->args, "RCVRNG", "*CURCHAIN") ? QS_JRN_CURCHAIN
                                                                      : QS_JRN_CURRENT;
    if (qs_cl_is(c->args, "OUTPUT", "*OUTFILE")) {
        if (!qs_cl_given(c->args, "OUTFILE"))
            return qs_err_set(err, "CPD0072", "0", "OUTFILE", (const char *)NULL);
        const char *file = qs_cl_qual(c->args, "OUTFILE", 0);
        const char *lib = qs_cl_qual(c->args, "OUTFILE", 1);
        if (lib[0] == '*')
            lib = "QGPL";
        struct qs_buf db;
        qs_buf_init(&db, 4096);
        int rc = qs_root_path(&db, err, "db");
        if (rc == 0)
            rc = qs_mkdir_p(db.data, 0700, err);
        if (rc == 0) {
            qs_buf_addf(&db, "/%s.sqlite", lib);
            rc = qs_jrn_outfile(jrn, range, db.data, file, err);
        }
        qs_buf_free(&db);
        return rc;
    }
    fprintf(c->out, "                            Display Journal Entries\n\n"
                    " Journal . . . . . . :   %s\n\n"
                    "   Sequence  Code Type  Date     Time      Job        User       Program    "
                    "Entry-specific data\n", jrn);
    return qs_jrn_read_range(jrn, range, show, c->out, err) < 0 ? -1 : 0;
}

QS_CL_COMMAND(dspjrn) = { .name = "DSPJRN", .text = "Display Journal",
                          QS_CL_PARMS(parms), .prtf = "QPDSPJRN", .run = dspjrn_run };
