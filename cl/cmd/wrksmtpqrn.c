/* cl/cmd/wrksmtpqrn.c - WRKSMTPQRN, RLSSMTPQRN, DLTSMTPQRN: the SMTP filter
 * quarantine (mail a content filter kept under CHGSMTPA FTRACN(*KEEP)).
 * IBM i keeps such mail in a directory and has no commands for it; these
 * three are qshim's (docs/msf.md "Content filters").  WRKSMTPQRN prints the
 * list; RLSSMTPQRN sends a message on through MSF (exactly once; filters are
 * not applied again); DLTSMTPQRN removes it for good.  MSGID(*ALL) acts on
 * every entry. */
#include "cl/cmd/mailcmd.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"
#include "qsys/msf/qrn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct qs_cl_parm wrk_parms[] = {
    { .kwd = "MSGID", .type = QS_CL_CHAR, .len = 32, .dft = "*ALL",
      .spcval = QS_CL_VALUES("*ALL"), .prompt = "Message identifier" },
};

static const struct qs_cl_parm id_parms[] = {
    { .kwd = "MSGID", .type = QS_CL_CHAR, .len = 32, .flags = QS_CL_REQUIRED,
      .spcval = QS_CL_VALUES("*ALL"), .prompt = "Message identifier" },
};

struct wctx {
    FILE *o;
    const char *only;      /* NULL = all */
    int n;
};

/* Text from the message (UTF-8) without control characters, cut at max. */
static void put_text(FILE *o, const char *s, size_t max)
{
    for (size_t i = 0; s[i] && i < max; i++)
        fputc((unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i], o);
}

static int row(const struct qs_qrn_entry *q, void *arg)
{
    struct wctx *w = arg;
    if (w->only && strcmp(w->only, q->id) != 0)
        return 0;
    char ts[32];
    time_t when = (time_t)q->env->received;
    struct tm tm;
    localtime_r(&when, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(w->o, " %-32s %s %-15s %s (%zu recipients, %llu bytes)\n", q->id, ts,
            q->env->client_addr ? q->env->client_addr : "",
            *q->env->from ? q->env->from : "<>", q->env->nrcpt, q->size);
    fputs("   Subject: ", w->o);
    put_text(w->o, q->subject, 70);
    fputs("\n   Filter:  ", w->o);
    put_text(w->o, q->env->ftr_hit ? q->env->ftr_hit : "", QS_MAX_FTRDATA + 80);
    fputc('\n', w->o);
    for (size_t i = 0; i < q->env->nrcpt; i++)
        fprintf(w->o, "   To:      %s\n", q->env->rcpt[i].addr);
    w->n++;
    return 0;
}

static int wrksmtpqrn_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct wctx w = { c->out, NULL, 0 };
    if (!qs_cl_is(c->args, "MSGID", "*ALL"))
        w.only = qs_cl_str(c->args, "MSGID");
    fprintf(c->out, "Work with SMTP Quarantine\n");
    if (qs_qrn_list(row, &w, err) < 0)
        return -1;
    fprintf(c->out, "%d message(s) in quarantine\n", w.n);
    return 0;
}

/* MSGID(*ALL): the ids of every entry. */
struct ids { char **v; size_t n; };

static int collect(const struct qs_qrn_entry *q, void *arg)
{
    struct ids *ids = arg;
    char **x = realloc(ids->v, (ids->n + 1) * sizeof *x);
    if (!x)
        return 1;
    ids->v = x;
    if ((x[ids->n] = strdup(q->id)) != NULL)
        ids->n++;
    return 0;
}

static int each_id(struct qs_cl_call *c, int release, struct qs_err *err)
{
    if (!qs_cl_is(c->args, "MSGID", "*ALL")) {
        char nid[QS_MSF_ID_LEN + 1];
        const char *id = qs_cl_str(c->args, "MSGID");
        if (release ? qs_qrn_release(id, nid, err) : qs_qrn_delete(id, err))
            return -1;
        if (release)
            fprintf(c->out, "Message %s released as %s\n", id, nid);
        else
            fprintf(c->out, "Message %s deleted\n", id);
        return 0;
    }
    struct ids ids = { NULL, 0 };
    if (qs_qrn_list(collect, &ids, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < ids.n; i++) {
        char nid[QS_MSF_ID_LEN + 1];
        if (rc == 0 && (release ? qs_qrn_release(ids.v[i], nid, err)
                                : qs_qrn_delete(ids.v[i], err)) < 0)
            rc = -1;
        free(ids.v[i]);
    }
    free(ids.v);
    if (rc == 0)
        fprintf(c->out, "%zu message(s) %s\n", ids.n, release ? "released" : "deleted");
    return rc;
}

static int rlssmtpqrn_run(struct qs_cl_call *c, struct qs_err *err)
{
    return each_id(c, 1, err);
}

static int dltsmtpqrn_run(struct qs_cl_call *c, struct qs_err *err)
{
    return each_id(c, 0, err);
}

QS_CL_COMMAND(wrksmtpqrn) = { .name = "WRKSMTPQRN", .text = "Work with SMTP Quarantine",
                              QS_CL_PARMS(wrk_parms), QS_CL_NEEDS_IOSYSCFG, .run = wrksmtpqrn_run };
QS_CL_COMMAND(rlssmtpqrn) = { .name = "RLSSMTPQRN", .text = "Release SMTP Quarantined Mail",
                              QS_CL_PARMS(id_parms), QS_CL_NEEDS_IOSYSCFG, .run = rlssmtpqrn_run };
QS_CL_COMMAND(dltsmtpqrn) = { .name = "DLTSMTPQRN", .text = "Delete SMTP Quarantined Mail",
                              QS_CL_PARMS(id_parms), QS_CL_NEEDS_IOSYSCFG, .run = dltsmtpqrn_run };
