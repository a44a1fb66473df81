/*
 * cl/cmd/pfcmd.c - program-described physical files (qsys/pf): CRTPF,
 * ADDPFM, DLTF, DSPPFM.
 *
 *   CRTPF FILE(QGPL/REPORT) RCDLEN(132) TEXT('Report lines')
 *   ADDPFM FILE(QGPL/REPORT) MBR(JANUARY)
 *   DSPPFM FILE(QGPL/REPORT) MBR(*FIRST)
 *   DLTF FILE(QGPL/REPORT)
 *
 * DLTF also drops an externally described file (qsys/dbf: RUNSQL, OUTFILE).
 * CRTPF takes RCDLEN only (DDS source, SRCFILE, is not supported: CPF9897).
 * MBR(*FILE) (the default) adds a first member named like the file.  CCSID
 * (default 37) is the CCSID of the record bytes.  DSPPFM prints each record
 * converted to the job's text, trailing blanks removed.
 */
#include "cl/cmd.h"
#include "ccsid/conv.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/pf/pf.h"
#include "qsys/dbf/dbf.h"
#include "qsys/job/job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct qs_cl_parm file_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "File" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*CURLIB", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm crt_parms[] = {
    { .kwd = "FILE", .type = QS_CL_NAME, QS_CL_QUAL(file_q), .flags = QS_CL_REQUIRED, .prompt = "File" },
    { .kwd = "SRCFILE", .type = QS_CL_CHAR, .len = 21, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .prompt = "Source file" },
    { .kwd = "RCDLEN", .type = QS_CL_INT4, .min = 1, .max = QS_PF_MAX_RCDLEN, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .prompt = "Record length" },
    { .kwd = "MBR", .type = QS_CL_NAME, .len = 10, .dft = "*FILE", .spcval = QS_CL_VALUES("*FILE", "*NONE"),
      .prompt = "Member" },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .dft = "*BLANK", .spcval = QS_CL_VALUES("*BLANK"),
      .flags = QS_CL_MIXED_CASE, .prompt = "Text description" },
    { .kwd = "CCSID", .type = QS_CL_INT4, .min = 1, .max = 65535, .dft = "37", .prompt = "Coded character set ID" },
};
static const struct qs_cl_parm addpfm_parms[] = {
    { .kwd = "FILE", .type = QS_CL_NAME, QS_CL_QUAL(file_q), .flags = QS_CL_REQUIRED, .prompt = "File" },
    { .kwd = "MBR", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED, .prompt = "Member" },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .dft = "*BLANK", .spcval = QS_CL_VALUES("*BLANK"),
      .flags = QS_CL_MIXED_CASE, .prompt = "Text description" },
};
static const struct qs_cl_parm dltf_parms[] = {
    { .kwd = "FILE", .type = QS_CL_NAME, QS_CL_QUAL(file_q), .flags = QS_CL_REQUIRED, .prompt = "File" },
};
static const struct qs_cl_parm dsppfm_parms[] = {
    { .kwd = "FILE", .type = QS_CL_NAME, QS_CL_QUAL(file_q), .flags = QS_CL_REQUIRED, .prompt = "File" },
    { .kwd = "MBR", .type = QS_CL_NAME, .len = 10, .dft = "*FIRST", .spcval = QS_CL_VALUES("*FIRST"),
      .prompt = "Member" },
};

/* *CURLIB (and *LIBL when creating) means QGPL: qshim jobs have no current
 * library of their own. */
static const char *lib_of(const struct qs_cl_args *a)
{
    const char *l = qs_cl_qual(a, "FILE", 1);
    return !l || !*l || !strcmp(l, "*CURLIB") || !strcmp(l, "*LIBL") ? "QGPL" : l;
}

static int crtpf_run(struct qs_cl_call *c, struct qs_err *err)
{
    const struct qs_cl_args *a = c->args;
    if (!qs_cl_is(a, "SRCFILE", "*NONE"))
        return qs_err_set(err, "CPF9897", "CRTPF SRCFILE (DDS) is not supported; use RCDLEN",
                          (const char *)NULL);
    if (qs_cl_is(a, "RCDLEN", "*NONE"))
        return qs_err_set(err, "CPF3C3C", "RCDLEN", (const char *)NULL);
    const char *file = qs_cl_qual(a, "FILE", 0), *mbr = qs_cl_str(a, "MBR");
    const char *text = qs_cl_is(a, "TEXT", "*BLANK") ? "" : qs_cl_str(a, "TEXT");
    if (qs_pf_create(lib_of(a), file, (int)qs_cl_int(a, "RCDLEN"), (int)qs_cl_int(a, "CCSID"),
                      !strcmp(mbr, "*NONE") ? NULL : !strcmp(mbr, "*FILE") ? file : mbr, text, err) < 0)
        return -1;
    fprintf(c->out, "File %s created in library %s.\n", file, lib_of(a));
    return 0;
}

static int addpfm_run(struct qs_cl_call *c, struct qs_err *err)
{
    const struct qs_cl_args *a = c->args;
    if (qs_pf_add_member(lib_of(a), qs_cl_qual(a, "FILE", 0), qs_cl_str(a, "MBR"),
                          qs_cl_is(a, "TEXT", "*BLANK") ? "" : qs_cl_str(a, "TEXT"), err) < 0)
        return -1;
    fprintf(c->out, "Member %s added to file %s.\n", qs_cl_str(a, "MBR"), qs_cl_qual(a, "FILE", 0));
    return 0;
}

static int dltf_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *lib = lib_of(c->args), *file = qs_cl_qual(c->args, "FILE", 0);
    if (qs_pf_delete(lib, file, err) < 0) {
        /* not program-described: an externally described file (RUNSQL,
         * OUTFILE) is its own table (qsys/dbf) */
        struct qs_buf db;
        char found[11], sql[64];
        qs_buf_init(&db, 4096);
        int rc = strcmp(err->msgid, "CPF9812") ? -1 : qs_dbf_find(NULL, lib, file, &db, found, NULL);
        qs_buf_free(&db);
        if (rc < 0)
            return -1;
        qs_err_clear(err);
        snprintf(sql, sizeof sql, "DROP TABLE \"%s\"", file);   /* in deflib `found` */
        if (qs_dbf_exec(found, sql, QS_DBF_SQL, NULL, err) < 0)
            return -1;
    }
    fprintf(c->out, "File %s in library %s deleted.\n", qs_cl_qual(c->args, "FILE", 0),
            lib_of(c->args));
    return 0;
}

static int dsppfm_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    struct qs_pf f;
    if (!j || qs_pf_open(j, qs_cl_qual(c->args, "FILE", 1), qs_cl_qual(c->args, "FILE", 0), &f,
                          err) < 0)
        return -1;
    char *data;
    size_t len, n;
    if (qs_pf_read(&f, qs_cl_str(c->args, "MBR"), &data, &len, &n, err) < 0)
        return -1;
    int blank = qs_pf_blank(f.ccsid);
    struct qs_buf line;
    qs_buf_init(&line, (size_t)f.rcdlen * 4 + 16);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *r = data + i * (size_t)f.rcdlen;
        size_t l = (size_t)f.rcdlen;
        while (l && (unsigned char)r[l - 1] == blank)
            l--;
        qs_buf_reset(&line);
        rc = qs_conv_buf(1208, f.ccsid, 0, r, l, &line, NULL, err);
        if (rc == 0)
            fprintf(c->out, "%.*s\n", (int)line.len, line.data ? line.data : "");
    }
    fprintf(c->out, "%zu records.\n", n);
    qs_buf_free(&line);
    free(data);
    return rc;
}

QS_CL_COMMAND(crtpf) = { .name = "CRTPF", .text = "Create Physical File", .maxpos = 3,
                         QS_CL_PARMS(crt_parms), .run = crtpf_run };
QS_CL_COMMAND(addpfm) = { .name = "ADDPFM", .text = "Add Physical File Member", .maxpos = 2,
                          QS_CL_PARMS(addpfm_parms), .run = addpfm_run };
QS_CL_COMMAND(dltf) = { .name = "DLTF", .text = "Delete File", .maxpos = 1,
                        QS_CL_PARMS(dltf_parms), .run = dltf_run };
QS_CL_COMMAND(dsppfm) = { .name = "DSPPFM", .text = "Display Physical File Member", .maxpos = 2,
                          QS_CL_PARMS(dsppfm_parms), .run = dsppfm_run };
