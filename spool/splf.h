/*
 * spool/splf.h - spooled files as durable data, and output queues.
 *
 * A spooled file is its raw print data (SCS, *FCFC records or text, in its
 * CCSID) plus attributes.  On disk, under $QSYS_ROOT/spool/:
 *
 *   <jobnbr>-<user>-<job>/.seq                 last spooled file number (locked)
 *   <jobnbr>-<user>-<job>/<FILE>.<nnnnnn>.data  print data (written once)
 *   <jobnbr>-<user>-<job>/<FILE>.<nnnnnn>.attr  attributes, key=value lines
 *
 * What always holds: an .attr is written at create (status *OPN, data in
 * <FILE>.<nnnnnn>.data.tmp, locked by its writer) and replaced at close
 * once the data is complete, synced and renamed; an *OPN file whose writer
 * died (its lock is free) is closed by the next listing, data kept; an
 * .attr is replaced atomically (temp, fsync, rename, fsync dir);
 * a spooled file without an .attr does not exist (listings ignore strays);
 * names are validated *NAMEs before they touch a path.
 *
 * Output queues are *OUTQ objects in the object store (qsys/obj); the
 * spooled file names its queue; QGPL/QPRINT is created on first use.
 */
#ifndef QS_SPOOL_SPLF_H
#define QS_SPOOL_SPLF_H

#include <stddef.h>
#include <time.h>

#include "spool/page.h"

struct qs_err;
struct qs_buf;
struct qs_splf;

#define QS_SPLF_NUMBER_MAX 999999
#define QS_SPLF_LAST  (-1)               /* SPLNBR(*LAST) */
#define QS_SPLF_ONLY  0                  /* SPLNBR(*ONLY) */
#define QS_SPLF_MAX_DATA (1024u * 1024 * 1024)

struct qs_splf_attr {
    char     file[11];          /* spooled file name (printer file) */
    int      number;            /* 1..999999, set by create */
    char     job[11], user[11], jobnbr[7];
    char     outq[11], outqlib[11];
    char     usrdta[11];
    char     formtype[11];
    char     status[11];        /* *OPN *RDY *HLD *SAV */
    int      save;              /* SAVE(*YES): keep after printing */
    int      opn_hold;          /* *OPN and held: becomes *HLD at close */
    char     prtf[11], prtflib[11];  /* device (printer) file it was opened through */
    char     devtype[11];       /* printer file DEVTYPE (*SCS …), "" = from the data */
    unsigned pages;             /* total pages, counted at close */
    size_t   size;              /* bytes of print data */
    struct qs_render_opts ro;   /* CCSID, CTLCHAR, PAGESIZE, LPI, CPI, OVRFLW, CHLVAL */
    time_t   created;
    char     usrtext[101];      /* user-defined text */
};

/* Defaults for a new spooled file: QSYSPRT, *OUTQ QGPL/QPRINT, PAGESIZE(66
 * 132), LPI 6, CPI 10, OVRFLW 60, *NONE, CCSID 37; job from the current job. */
void qs_splf_attr_default(struct qs_splf_attr *a);

/* Start a spooled file in the current job (a->job/user/jobnbr are set
 * from it when blank): number assigned, status *OPN.  Its output queue
 * must exist (CPF3357).  0 or -1. */
int  qs_splf_create(struct qs_splf_attr *a, struct qs_splf **h_r, struct qs_err *err);
int  qs_splf_write(struct qs_splf *h, const void *p, size_t n, struct qs_err *err);
/* Sync the data, count the pages, write the attributes (status *RDY, or
 * *HLD when hold is set).  The handle is freed either way. */
int  qs_splf_close(struct qs_splf **h, int hold, struct qs_err *err);
/* Give up an open spooled file: nothing remains. */
void qs_splf_abort(struct qs_splf **h);
/* The attributes the handle will commit (number etc.). */
const struct qs_splf_attr *qs_splf_handle_attr(const struct qs_splf *h);

/* Find a spooled file.  job/user/jobnbr: NULL or "" or "*" means the current
 * job's value; number: 1..999999, QS_SPLF_LAST or QS_SPLF_ONLY.
 * CPF3303 (not found), CPF3340 (*ONLY but several). */
int  qs_splf_get(const char *job, const char *user, const char *jobnbr, const char *file,
                 int number, struct qs_splf_attr *a_r, struct qs_err *err);
/* Append the print data to out. */
int  qs_splf_read(const struct qs_splf_attr *a, struct qs_buf *out, struct qs_err *err);
/* Render the print data with the file's attributes into emit. */
int  qs_splf_render(const struct qs_splf_attr *a, qs_page_emit_fn *emit, void *ctx,
                    struct qs_buf *diags, struct qs_err *err);
int  qs_splf_delete(const struct qs_splf_attr *a, struct qs_err *err);
/* Store changed attributes (status, outq, usrdta, formtype, save, pages…);
 * the identity (job, file, number) selects the file.  New outq must exist. */
int  qs_splf_change(const struct qs_splf_attr *a, struct qs_err *err);

/* Selection for listing: empty strings / NULL match anything. */
struct qs_splf_filter {
    const char *user;           /* "*ALL" or a name */
    const char *outq, *outqlib;
    const char *status;         /* "*RDY" … */
    const char *job, *jobnbr;
    const char *file;
};
/* Call fn for each spooled file that matches (job directories by name,
 * files by name and number).  Damaged .attr files are skipped. */
int  qs_splf_list(const struct qs_splf_filter *f,
                  int (*fn)(const struct qs_splf_attr *a, void *arg), void *arg,
                  struct qs_err *err);

/* SPLNBR text: "*ONLY" → QS_SPLF_ONLY, "*LAST"/"*ANY" → QS_SPLF_LAST,
 * else the number (1..999999); -2 when not valid. */
int  qs_splf_number_parse(const char *s);

/* Output queues (*OUTQ objects). */
int  qs_outq_create(const char *lib, const char *name, const char *text, struct qs_err *err);
/* Fails with CPF3428 while the queue holds spooled files. */
int  qs_outq_delete(const char *lib, const char *name, struct qs_err *err);
/* Delete every spooled file on the queue; count in *n_r (may be NULL). */
int  qs_outq_clear(const char *lib, const char *name, unsigned *n_r, struct qs_err *err);
int  qs_outq_exists(const char *lib, const char *name);
/* Ensure QGPL/QPRINT exists. */
int  qs_outq_default(struct qs_err *err);

/* Attribute file text (exposed for tests and fuzzing). */
int  qs_splf_attr_encode(const struct qs_splf_attr *a, struct qs_buf *out);
int  qs_splf_attr_decode(const char *p, size_t n, struct qs_splf_attr *a_r, struct qs_err *err);

#endif
