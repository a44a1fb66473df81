/*
 * cl/cmd/flrcmd.c - the document library from CL (qsys/dlo): CRTFLR,
 * DLTFLR, WRKFLR, WRKDOC, DLTDLO.
 *
 *   CRTFLR FLR(REPORTS) TEXT('Monthly reports')
 *   CRTFLR FLR(2026) INFLR(REPORTS)
 *   WRKFLR                        first-level folders
 *   WRKFLR FLR(*ALL) INFLR(REPORTS)
 *   WRKDOC FLR('REPORTS/2026')    documents (and folders) in a folder
 *   DLTDLO DLO(Q3.TXT) FLR(REPORTS)
 *   DLTDLO DLO(*DOCID) DOCID('2026112523150100QSHIM000')  a document in no folder
 *   DLTFLR FLR(2026) INFLR(REPORTS)   the folder and all it holds
 *
 * WRKFLR/WRKDOC print a list (qshim has no interactive panels).  DLTDLO
 * DLO(*ALL) is not supported.
 */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/dlo/dlo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct qs_cl_parm crt_parms[] = {
    { .kwd = "FLR", .type = QS_CL_CHAR, .len = 12, .flags = QS_CL_REQUIRED, .prompt = "Folder" },
    { .kwd = "INFLR", .type = QS_CL_CHAR, .len = 63, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .prompt = "In folder" },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 44, .dft = "*BLANK", .spcval = QS_CL_VALUES("*BLANK"),
      .flags = QS_CL_MIXED_CASE, .prompt = "Text description" },
};
static const struct qs_cl_parm dlt_parms[] = {
    { .kwd = "FLR", .type = QS_CL_CHAR, .len = 12, .flags = QS_CL_REQUIRED, .prompt = "Folder" },
    { .kwd = "INFLR", .type = QS_CL_CHAR, .len = 63, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .prompt = "In folder" },
};
static const struct qs_cl_parm wrkflr_parms[] = {
    { .kwd = "FLR", .type = QS_CL_CHAR, .len = 12, .dft = "*ALL", .spcval = QS_CL_VALUES("*ALL"),
      .prompt = "Folder" },
    { .kwd = "INFLR", .type = QS_CL_CHAR, .len = 63, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .prompt = "In folder" },
};
static const struct qs_cl_parm wrkdoc_parms[] = {
    { .kwd = "FLR", .type = QS_CL_CHAR, .len = 63, .flags = QS_CL_REQUIRED, .prompt = "Folder" },
};
static const struct qs_cl_parm dltdlo_parms[] = {
    { .kwd = "DLO", .type = QS_CL_CHAR, .len = 12, .flags = QS_CL_REQUIRED, .spcval = QS_CL_VALUES("*DOCID"),
      .prompt = "Document library object" },
    { .kwd = "FLR", .type = QS_CL_CHAR, .len = 63, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .prompt = "Folder" },
    { .kwd = "DOCID", .type = QS_CL_CHAR, .len = 24, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .prompt = "Document identifier" },
};

static const char *opt(const struct qs_cl_args *a, const char *kwd, const char *none)
{
    const char *s = qs_cl_str(a, kwd);
    return !s || !strcmp(s, none) ? NULL : s;
}

static int crtflr_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *inflr = opt(c->args, "INFLR", "*NONE");
    if (qs_flr_create(qs_cl_str(c->args, "FLR"), inflr, opt(c->args, "TEXT", "*BLANK"), err) < 0)
        return -1;
    fprintf(c->out, "Folder %s created%s%s.\n", qs_cl_str(c->args, "FLR"), inflr ? " in " : "",
            inflr ? inflr : "");
    return 0;
}

static int dltflr_run(struct qs_cl_call *c, struct qs_err *err)
{
    if (qs_flr_delete(qs_cl_str(c->args, "FLR"), opt(c->args, "INFLR", "*NONE"), err) < 0)
        return -1;
    fprintf(c->out, "Folder %s deleted.\n", qs_cl_str(c->args, "FLR"));
    return 0;
}

/* "ABC*" generic or an exact name, case-insensitive. */
static int name_match(const char *pat, const char *name)
{
    size_t n = strlen(pat);
    if (n && pat[n - 1] == '*')
        return strncasecmp(pat, name, n - 1) == 0;
    return qs_strcaseeq(pat, name);
}

static void list(struct qs_cl_call *c, const struct qs_dlo_info *v, size_t n, const char *pat)
{
    fprintf(c->out, " Object        Type      Size        Changed           Text\n");
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (pat && !name_match(pat, v[i].name))
            continue;
        char when[20];
        struct tm tm;
        localtime_r(&v[i].changed, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        fprintf(c->out, " %-12s  %-8s  %10zu  %s  %s\n", v[i].name, v[i].is_folder ? "*FLR" : "*DOC",
                v[i].size, when, v[i].text);
        shown++;
    }
    fprintf(c->out, "%zu objects listed.\n", shown);
}

static int wrkflr_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *inflr = opt(c->args, "INFLR", "*NONE");
    struct qs_dlo_info *v;
    size_t n;
    if (qs_flr_list(inflr, &v, &n, err) < 0)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)           /* folders only */
        if (v[i].is_folder)
            v[k++] = v[i];
    fprintf(c->out, "                         Work with Folders\n\n In folder: %s\n",
            inflr ? inflr : "*NONE");
    list(c, v, k, opt(c->args, "FLR", "*ALL"));
    free(v);
    return 0;
}

static int wrkdoc_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *flr = qs_cl_str(c->args, "FLR");
    struct qs_dlo_info *v;
    size_t n;
    if (qs_flr_list(flr, &v, &n, err) < 0)
        return -1;
    fprintf(c->out, "                         Work with Documents in Folder\n\n Folder: %s\n", flr);
    list(c, v, n, NULL);
    free(v);
    return 0;
}

static int dltdlo_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *flr = opt(c->args, "FLR", "*NONE"), *docid = opt(c->args, "DOCID", "*NONE");
    if (qs_cl_is(c->args, "DLO", "*DOCID")) {            /* a document in no folder */
        if (!docid)
            return qs_err_set(err, "CPD0072", "0", "DOCID", (const char *)NULL);
        if (qs_doc_delete_docid(docid, err) < 0)
            return -1;
        fprintf(c->out, "Document %s deleted.\n", docid);
        return 0;
    }
    if (!flr)
        return qs_err_set(err, "CPD0072", "0", "FLR", (const char *)NULL);
    if (qs_doc_delete(flr, qs_cl_str(c->args, "DLO"), err) < 0)
        return -1;
    fprintf(c->out, "Document %s deleted from folder %s.\n", qs_cl_str(c->args, "DLO"),
            qs_cl_str(c->args, "FLR"));
    return 0;
}

QS_CL_COMMAND(crtflr) = { .name = "CRTFLR", .text = "Create Folder", .maxpos = 2,
                          QS_CL_PARMS(crt_parms), .run = crtflr_run };
QS_CL_COMMAND(dltflr) = { .name = "DLTFLR", .text = "Delete Folder", .maxpos = 2,
                          QS_CL_PARMS(dlt_parms), .run = dltflr_run };
QS_CL_COMMAND(wrkflr) = { .name = "WRKFLR", .text = "Work with Folders", .maxpos = 2,
                          QS_CL_PARMS(wrkflr_parms), .run = wrkflr_run };
QS_CL_COMMAND(wrkdoc) = { .name = "WRKDOC", .text = "Work with Documents", .maxpos = 1,
                          QS_CL_PARMS(wrkdoc_parms), .run = wrkdoc_run };
QS_CL_COMMAND(dltdlo) = { .name = "DLTDLO", .text = "Delete Document Library Object", .maxpos = 2,
                          QS_CL_PARMS(dltdlo_parms), .run = dltdlo_run };
