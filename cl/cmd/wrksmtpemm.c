/* cl/cmd/wrksmtpemm.c - WRKSMTPEMM: work with SMTP e-mail messages (a
 * printed list of the mail the engine holds; the interactive panel is not
 * implemented).  QUEUE *MSF = in the MSF queue, *PND = waiting for outbound
 * delivery, *RTY = outbound, retried; *DLV = delivered and *ERR =
 * undeliverable, from the tracking records CHGSMTPA KEEPUNTIL keeps;
 * *FTR = kept by a content filter (the quarantine; WRKSMTPQRN works with
 * it); LISTBY *ORG or *RCP. */
#include "cl/cmd/mailcmd.h"
#include "qsys/base/err.h"
#include "qsys/msf/msf.h"
#include "qsys/msf/qrn.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "TYPE", .type = QS_CL_CHAR, .len = 4, .max_rep = 3, .dft = "*ALL",
      .sngval = QS_CL_VALUES("*ALL", "*MIX"), .rstd = QS_CL_VALUES("*LCD", "*RLY", "*NDL"),
      .prompt = "Type" },
    { .kwd = "LISTBY", .type = QS_CL_CHAR, .len = 4, .dft = "*ORG",
      .rstd = QS_CL_VALUES("*ORG", "*RCP"), .prompt = "List by" },
    { .kwd = "QUEUE", .type = QS_CL_CHAR, .len = 4, .max_rep = 8, .dft = "*ALL",
      .sngval = QS_CL_VALUES("*ALL"),
      .rstd = QS_CL_VALUES("*DLV", "*PND", "*RTY", "*ERR", "*FTR", "*MSF", "*NDL", "*WRK"),
      .prompt = "Queue" },
};

struct wctx {
    FILE *o;
    unsigned queues;   /* bit per bucket */
    unsigned types;    /* 1 LCD, 2 RLY, 4 NDL */
    int by_rcp;
};

/* the MSF buckets (qs_msf_bucket), then *FTR: kept by a content filter */
static const char *const bucket_names[] = { "*MSF", "*PND", "*RTY", "*DLV", "*ERR", "*FTR" };
#define NBUCKETS 6u
#define BUCKET_FTR 5

static int row(const struct qs_msf_env *e, int bucket, void *arg)
{
    struct wctx *w = arg;
    if (!(w->queues & (1u << bucket)))
        return 0;
    unsigned t = e->origin == QS_MSF_ORIGIN_NDR ? 4u
               : bucket >= QS_MSF_Q_DLV ? (e->nrcpt && e->rcpt[0].user ? 1u : 2u)
               : bucket == QS_MSF_Q_MSF ? 1u : 2u;
    if (!(w->types & t))
        return 0;
    const char *type = t == 4 ? "*NDL" : t == 1 ? "*LCD" : "*RLY";
    char ts[32];
    time_t when = (time_t)e->received;
    struct tm tm;
    localtime_r(&when, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
    if (!w->by_rcp) {
        fprintf(w->o, " %-32s %-4s %-4s %s %-15s %s (%zu recipients)\n", e->id, type,
                bucket_names[bucket], ts, e->client_addr ? e->client_addr : "",
                *e->from ? e->from : "<>", e->nrcpt);
        return 0;
    }
    for (size_t i = 0; i < e->nrcpt; i++)
        fprintf(w->o, " %-32s %-4s %-4s %s %-15s %s\n", e->id, type, bucket_names[bucket], ts,
                e->client_addr ? e->client_addr : "", e->rcpt[i].addr);
    return 0;
}

/* QUEUE(*FTR): the filter quarantine (qsys/msf/qrn.h; WRKSMTPQRN has more) */
static int quarantined(const struct qs_qrn_entry *q, void *arg)
{
    return row(q->env, BUCKET_FTR, arg);
}

static int wrksmtpemm_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct wctx w = { c->out, 0, 0, qs_cl_is(c->args, "LISTBY", "*RCP") };
    const struct qs_cl_val *q = qs_cl_arg(c->args, "QUEUE");
    if (qs_cl_val_is(q, "*ALL")) {
        w.queues = (1u << NBUCKETS) - 1;
    } else {
        unsigned n = qs_cl_val_count(q);
        for (unsigned i = 0; i < (n ? n : 1); i++) {
            const char *s = n ? qs_cl_val_str(qs_cl_val_item(q, i)) : qs_cl_val_str(q);
            for (unsigned b = 0; b < NBUCKETS; b++)
                if (!strcmp(s, bucket_names[b]))
                    w.queues |= 1u << b;
        }
    }
    const struct qs_cl_val *t = qs_cl_arg(c->args, "TYPE");
    if (qs_cl_val_is(t, "*ALL") || qs_cl_val_is(t, "*MIX")) {
        w.types = 7;
    } else {
        unsigned n = qs_cl_val_count(t);
        for (unsigned i = 0; i < (n ? n : 1); i++) {
            const char *s = n ? qs_cl_val_str(qs_cl_val_item(t, i)) : qs_cl_val_str(t);
            w.types |= !strcmp(s, "*LCD") ? 1u : !strcmp(s, "*RLY") ? 2u : 4u;
        }
    }
    fprintf(c->out, "                        Work with SMTP E-mail Messages\n\n"
                    " Message identifier               Type Queue Received            "
                    "Client          %s\n", w.by_rcp ? "Recipient" : "Originator");
    int n = qs_msf_list(row, &w, err);
    if (n < 0)
        return -1;
    if (w.queues & (1u << BUCKET_FTR)) {
        int k = qs_qrn_list(quarantined, &w, err);
        if (k < 0)
            return -1;
        n += k;
    }
    if (w.queues & (1u << QS_MSF_Q_DLV | 1u << QS_MSF_Q_ERR)) {
        int k = qs_msf_track_list(row, &w, err);
        if (k < 0)
            return -1;
        n += k;
    }
    fprintf(c->out, "\n %d messages held\n", n);
    return 0;
}

QS_CL_COMMAND(wrksmtpemm) = { .name = "WRKSMTPEMM", .text = "Work with SMTP E-mail Messages",
                              QS_CL_PARMS(parms), QS_CL_NEEDS_IOSYSCFG, .run = wrksmtpemm_run };
