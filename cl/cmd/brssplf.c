/*
 * cl/cmd/brssplf.c - BRSSPLF (Burst Spooled File): split a spooled file into
 * parts, one PDF per part, one mail per part (a qshim command; IBM i needs a
 * licensed product for this).  See docs/burst.md.
 *
 *   BRSSPLF FILE(INVOICES) JOB(*) SPLNBR(*LAST)
 *           SPLIT(*KEYPOS) KEYPOS(3 60 8)
 *           MAILTO(*MAPFILE) MAPFILE('/home/ar/customers.csv') ENCRYPT(*YES)
 *           (or MAPFILE(ARLIB/CUSTMAP) MAPFLD(CUSTNO EMAIL PDFPWD CUSTNAME),
 *            or MAILTO(*EXITPGM) EXITPGM(ARLIB/ADDRPGM) / EXITPGM('/x.so:fn'))
 *           SUBJECT('Invoice &KEY') NOTE('Your invoice (&PAGES pages) is attached.')
 *           PDFNAME('INV-&KEY.pdf') ERROUTQ(QGPL/ARERR)
 *
 * On a terminal (stderr is a tty) a single line shows the progress.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "splfcmd.h"
#include "api/burst_run.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"

static const struct qs_cl_parm pos_e[] = {
    { .type = QS_CL_INT4, .min = 1, .max = 255, .prompt = "Line" },
    { .type = QS_CL_INT4, .min = 1, .max = 378, .prompt = "Position" },
    { .type = QS_CL_INT4, .min = 0, .max = 256, .dft = "0", .prompt = "Length (0: to end of line)" },
};
static const struct qs_cl_parm errq_q[] = {
    { .type = QS_CL_NAME, .len = 10, .spcval = QS_CL_VALUES("*DFT"), .prompt = "Error output queue" },
    { .type = QS_CL_NAME, .len = 10, .dft = "QGPL", .prompt = "Library" },
};
static const struct qs_cl_parm fld_e[] = {
    { .type = QS_CL_NAME, .len = 10, .dft = "KEY", .prompt = "Key field" },
    { .type = QS_CL_NAME, .len = 10, .dft = "ADDRESS", .prompt = "Address field" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .prompt = "Password field" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .prompt = "Name field" },
};
static const struct qs_cl_parm parms[] = {
    SPLFCMD_FILE,
    SPLFCMD_JOB,
    SPLFCMD_SPLNBR,
    { .kwd = "SPLIT", .type = QS_CL_CHAR, .len = 7, .dft = "*KEYPOS",
      .rstd = QS_CL_VALUES("*PAGES", "*KEYPOS", "*KEYSTR"), .prompt = "Split by" },
    { .kwd = "PAGES", .type = QS_CL_INT4, .min = 1, .max = 999999, .dft = "1",
      .prompt = "Pages per part" },
    { .kwd = "KEYPOS", .type = QS_CL_INT4, QS_CL_ELEMS(pos_e), .dft = "*NONE",
      .sngval = QS_CL_VALUES("*NONE"), .prompt = "Key position" },
    { .kwd = "KEYSTR", .type = QS_CL_CHAR, .len = 256, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .flags = QS_CL_MIXED_CASE, .prompt = "Key string" },
    { .kwd = "MAILTO", .type = QS_CL_CHAR, .len = 8, .dft = "*MAPFILE",
      .rstd = QS_CL_VALUES("*POS", "*MAPFILE", "*EXITPGM"), .prompt = "Address from" },
    { .kwd = "ADDRPOS", .type = QS_CL_INT4, QS_CL_ELEMS(pos_e), .dft = "*NONE",
      .sngval = QS_CL_VALUES("*NONE"), .prompt = "Address position" },
    { .kwd = "MAPFILE", .type = QS_CL_PNAME, .len = 1024, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .flags = QS_CL_MIXED_CASE, .prompt = "Mapping file (CSV path or LIB/FILE)" },
    { .kwd = "MAPFLD", .type = QS_CL_NAME, QS_CL_ELEMS(fld_e), .prompt = "Mapping file fields" },
    { .kwd = "EXITPGM", .type = QS_CL_PNAME, .len = 1024, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .flags = QS_CL_MIXED_CASE, .prompt = "Exit program (LIB/PGM or lib.so:symbol)" },
    { .kwd = "SUBJECT", .type = QS_CL_CHAR, .len = 256, .dft = "'&FILE &KEY'",
      .flags = QS_CL_MIXED_CASE, .prompt = "Subject" },
    { .kwd = "NOTE", .type = QS_CL_CHAR, .len = 5000, .dft = "*NONE", .spcval = QS_CL_VALUES("*NONE"),
      .flags = QS_CL_MIXED_CASE, .prompt = "Note" },
    { .kwd = "PDFNAME", .type = QS_CL_CHAR, .len = 128, .dft = "'&FILE-&KEY.pdf'",
      .flags = QS_CL_MIXED_CASE, .prompt = "Attachment name" },
    { .kwd = "ENCRYPT", .type = QS_CL_CHAR, .len = 4, .dft = "*NO", .rstd = QS_CL_VALUES("*NO", "*YES"),
      .prompt = "Encrypt PDF (AES-256)" },
    { .kwd = "ERROUTQ", .type = QS_CL_NAME, QS_CL_QUAL(errq_q), .dft = "*DFT",
      .prompt = "Error output queue" },
};

static void show_progress(void *arg, const Qsh_Burst_Progress_t *p)
{
    (void)arg;
    fprintf(stderr, "\rBRSSPLF: part %u/%u  mailed %u  earlier %u  errors %u  %-20.20s",
            p->part, p->parts, p->mailed, p->already, p->errors, p->key ? p->key : "");
    if (p->part == p->parts)
        fputc('\n', stderr);
    fflush(stderr);
}

static int pos_arg(struct qs_cl_call *c, const char *kwd, unsigned *l, unsigned *col, unsigned *len)
{
    const struct qs_cl_val *v = qs_cl_arg(c->args, kwd);
    if (!v || qs_cl_val_count(v) < 2)
        return 0;
    *l = (unsigned)qs_cl_val_int(qs_cl_val_item(v, 0));
    *col = (unsigned)qs_cl_val_int(qs_cl_val_item(v, 1));
    *len = qs_cl_val_count(v) > 2 ? (unsigned)qs_cl_val_int(qs_cl_val_item(v, 2)) : 0;
    return 1;
}

static const char *opt_str(struct qs_cl_call *c, const char *kwd)
{
    return qs_cl_is(c->args, kwd, "*NONE") ? NULL : qs_cl_str(c->args, kwd);
}

static int brssplf_run(struct qs_cl_call *c, struct qs_err *err)
{
    Qsh_Burst_Opts_t o;
    Qsh_Burst_Result_t res;
    memset(&o, 0, sizeof o);
    o.file = qs_cl_str(c->args, "FILE");
    o.job = qs_cl_qual(c->args, "JOB", 0);
    o.user = qs_cl_qual(c->args, "JOB", 1);
    o.jobnbr = qs_cl_qual(c->args, "JOB", 2);
    o.splnbr = qs_splf_number_parse(qs_cl_str(c->args, "SPLNBR"));
    if (o.splnbr == -2)
        return qs_err_set(err, "CPD0084", "0", "SPLNBR", qs_cl_str(c->args, "SPLNBR"), (const char *)NULL);
    const char *split = qs_cl_str(c->args, "SPLIT");
    o.split = strcmp(split, "*PAGES") == 0 ? QSH_BURST_PAGES
            : strcmp(split, "*KEYSTR") == 0 ? QSH_BURST_KEYSTR : QSH_BURST_KEYPOS;
    o.pages_per_part = (unsigned)qs_cl_int(c->args, "PAGES");
    if (o.split == QSH_BURST_KEYPOS && !pos_arg(c, "KEYPOS", &o.key_line, &o.key_col, &o.key_len))
        return qs_err_set(err, "CPD0072", "0", "KEYPOS", (const char *)NULL);
    o.key_string = opt_str(c, "KEYSTR");
    if (o.split == QSH_BURST_KEYSTR && !o.key_string)
        return qs_err_set(err, "CPD0072", "0", "KEYSTR", (const char *)NULL);
    const char *to = qs_cl_str(c->args, "MAILTO");
    o.addr_from = strcmp(to, "*POS") == 0 ? QSH_BURST_ADDR_DATA
                : strcmp(to, "*EXITPGM") == 0 ? QSH_BURST_ADDR_EXIT : QSH_BURST_ADDR_MAP;
    if (o.addr_from == QSH_BURST_ADDR_DATA &&
        !pos_arg(c, "ADDRPOS", &o.addr_line, &o.addr_col, &o.addr_len))
        return qs_err_set(err, "CPD0072", "0", "ADDRPOS", (const char *)NULL);
    o.map_path = opt_str(c, "MAPFILE");
    if (o.addr_from == QSH_BURST_ADDR_MAP && !o.map_path)
        return qs_err_set(err, "CPD0072", "0", "MAPFILE", (const char *)NULL);
    const struct qs_cl_val *mf = qs_cl_arg(c->args, "MAPFLD");
    const char **fld[4] = { &o.map_key_field, &o.map_addr_field, &o.map_pw_field,
                            &o.map_name_field };
    for (size_t k = 0; mf && k < 4 && k < qs_cl_val_count(mf); k++) {
        const char *f = qs_cl_val_str(qs_cl_val_item(mf, k));
        *fld[k] = f && *f && strcmp(f, "*NONE") != 0 ? f : NULL;
    }
    o.exit_pgm = opt_str(c, "EXITPGM");
    if (o.addr_from == QSH_BURST_ADDR_EXIT && !o.exit_pgm)
        return qs_err_set(err, "CPD0072", "0", "EXITPGM", (const char *)NULL);
    o.subject = qs_cl_str(c->args, "SUBJECT");
    o.note = opt_str(c, "NOTE");
    o.pdf_name = qs_cl_str(c->args, "PDFNAME");
    o.encrypt = qs_cl_is(c->args, "ENCRYPT", "*YES");
    if (!qs_cl_is(c->args, "ERROUTQ", "*DFT")) {
        o.errq = qs_cl_qual(c->args, "ERROUTQ", 0);
        o.errq_lib = qs_cl_qual(c->args, "ERROUTQ", 1);
    }
    if (isatty(STDERR_FILENO))
        o.progress = show_progress;

    struct qs_buf report;
    qs_buf_init(&report, 16u * 1024 * 1024);
    int rc = qs_burst_run(&o, &res, &report, err);
    if (rc == 0) {
        if (report.len)
            fputs(report.data, c->out);
        char n[6][16];
        snprintf(n[0], sizeof n[0], "%u", res.parts);
        snprintf(n[1], sizeof n[1], "%u", res.mailed);
        snprintf(n[2], sizeof n[2], "%u", res.already);
        snprintf(n[3], sizeof n[3], "%u", res.errors);
        snprintf(n[4], sizeof n[4], "%d", res.errq_splnbr);
        qs_cl_comp(c, "BRS0110", o.file, n[0], n[1], n[2], n[3], n[4], (const char *)NULL);
        if (res.failed) {
            snprintf(n[5], sizeof n[5], "%u", res.failed);
            rc = qs_err_set(err, "BRS0109", n[5], o.file, (const char *)NULL);
        }
    }
    qs_buf_free(&report);
    return rc;
}

QS_CL_COMMAND(brssplf) = { .name = "BRSSPLF", .text = "Burst Spooled File", QS_CL_PARMS(parms),
                           .run = brssplf_run };
