/*
 * spool/prtf.h - printer files (CRTPRTF/CHGPRTF/OVRPRTF/DLTOVR) and what a
 * spooled file takes from them.
 *
 * A printer file is a *FILE object, attribute PRTF, whose payload is its
 * attributes as key=value lines.  An override (OVRPRTF) lives in the
 * process environment, QSHIM_OVRPRTF_<FILE> (QSHIM_OVRPRTF__PRTF for
 * FILE(*PRTF)), so it holds for the rest of the job step - the CL program
 * and every program it CALLs, or the C program that ran OVRPRTF through
 * system() - and ends with it, as an override of call level scope does.
 *
 * When a spooled file is opened through printer file F (_Ropen, QSPCRTSP):
 *   the defaults of a new spooled file (splf.h)
 *   < printer file F if one exists (found by library or *LIBL; the names
 *     QSYSPRT and QPRINT stand for IBM's QSYS files when none does)
 *   < (the program's own open options)
 *   < OVRPRTF FILE(*PRTF) < OVRPRTF FILE(F)
 * each level changing only the attributes it sets.
 */
#ifndef QS_SPOOL_PRTF_H
#define QS_SPOOL_PRTF_H

#include "spool/page.h"

struct qs_err;
struct qs_job;
struct qs_splf_attr;

enum {
    QS_PRTF_PAGESIZE = 1u << 0, QS_PRTF_LPI = 1u << 1, QS_PRTF_CPI = 1u << 2,
    QS_PRTF_OVRFLW = 1u << 3, QS_PRTF_CTLCHAR = 1u << 4, QS_PRTF_DEVTYPE = 1u << 5,
    QS_PRTF_OUTQ = 1u << 6, QS_PRTF_SPLFNAME = 1u << 7, QS_PRTF_USRDTA = 1u << 8,
    QS_PRTF_HOLD = 1u << 9, QS_PRTF_SAVE = 1u << 10, QS_PRTF_FORMTYPE = 1u << 11,
};

struct qs_prtf {
    unsigned        set;                /* QS_PRTF_* bits that hold a value */
    unsigned        page_len, page_width, lpi10, cpi10, overflow;
    enum qs_ctlchar ctlchar;            /* *NONE or *FCFC */
    char            devtype[11];        /* *SCS, *AFPDS, *USERASCII … */
    char            outq[11], outqlib[11];  /* outq "*JOB": the job's (QPRINT) */
    char            splfname[11];       /* "*FILE": the file's name */
    char            usrdta[11], formtype[11];
    int             hold, save;
};

/* CRTPRTF's defaults: PAGESIZE(66 132) LPI(6) CPI(10) OVRFLW(60)
 * CTLCHAR(*NONE) DEVTYPE(*SCS) OUTQ(*JOB) SPLFNAME(*FILE) HOLD(*NO) SAVE(*NO),
 * all marked set. */
void qs_prtf_default(struct qs_prtf *p);
/* Copy the fields set in `from` over `to` (and their bits). */
void qs_prtf_merge(struct qs_prtf *to, const struct qs_prtf *from);
/* Check values (page size, overflow within the page, LPI/CPI ranges):
 * CPD0084 naming the first bad one. */
int  qs_prtf_check(const struct qs_prtf *p, struct qs_err *err);

int  qs_prtf_create(struct qs_job *j, const char *lib, const char *name, const struct qs_prtf *p,
                    const char *text, int replace, struct qs_err *err);
/* Read printer file lib/name (lib: name, *LIBL, *CURLIB).  found_lib (11
 * bytes, may be NULL) gets its library.  CPF9812 when there is none. */
int  qs_prtf_get(struct qs_job *j, const char *lib, const char *name, struct qs_prtf *p_r,
                 char *found_lib, struct qs_err *err);
/* CHGPRTF: the fields set in `chg` replace those of the file. */
int  qs_prtf_change(struct qs_job *j, const char *lib, const char *name,
                    const struct qs_prtf *chg, struct qs_err *err);

/* OVRPRTF FILE(name or *PRTF): merged over an earlier override of the
 * same file.  DLTOVR FILE(name or *ALL). */
int  qs_prtf_override(const char *name, const struct qs_prtf *p, struct qs_err *err);
int  qs_prtf_override_delete(const char *name, struct qs_err *err);
/* The override of name (exactly, "*PRTF" for the general one): 1 and *p_r
 * filled when there is one, else 0. */
int  qs_prtf_override_get(const char *name, struct qs_prtf *p_r);

/* Apply p's set attributes to a spooled file to be created. */
void qs_prtf_apply(const struct qs_prtf *p, const char *file, struct qs_splf_attr *a);
/* The first two levels above: defaults, then printer file lib/name (lib
 * "" = *LIBL).  a->file is name (or its SPLFNAME), a->prtf/prtflib name the
 * printer file. */
int  qs_prtf_open_attr(struct qs_job *j, const char *lib, const char *name,
                       struct qs_splf_attr *a, struct qs_err *err);
/* The last two levels: *PRTF's override, then name's. */
void qs_prtf_apply_overrides(const char *name, struct qs_splf_attr *a);

/* Attribute text (object payload, environment value) - for tests. */
int  qs_prtf_encode(const struct qs_prtf *p, char sep, struct qs_buf *out);
int  qs_prtf_decode(const char *s, size_t n, struct qs_prtf *p_r);

#endif
