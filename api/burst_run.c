/*
 * api/burst_run.c - burst a spooled file and mail each part.
 *
 * Two renders of the spooled file:
 *   1. plan: each page's text goes through spool/burst.c, which finds where
 *      parts begin and their keys; every part's address is then looked up.
 *      All input errors (no pages, key never found, mapping file) are found
 *      here, before anything is written or mailed.
 *   2. produce: pages go into the current part's PDF (spool/pdf_writer.c);
 *      when a part's last page is in, its mail is built
 *      (api/sendmail_create.c) and written as an MSF draft; every 32 parts
 *      the drafts are sealed and committed to MSF together (flush()).
 *      Pages of parts without an address go into one new spooled file on
 *      the error output queue.
 *
 * What always holds (the crash argument, docs/burst.md): the log
 * (spool/burstlog.c) holds a durable "sealed i id" for every draft before
 * any draft of the batch is sealed into the queue, and "queued i id"
 * after the commit; a rerun first lets MSF recover (drafts of the dead
 * run are removed, complete sealed messages are queued), then treats a
 * sealed part whose message is in the queue as queued and any other
 * unqueued part as not sent.  So a mail is never queued twice for a part and no part is
 * left out; the one window is a message that another process's runner
 * delivered and removed between the commit and the "queued" record.
 */
#include "api/burst_run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/burst_exit.h"
#include "api/burst_map.h"
#include "api/sendmail_create.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/msf/msf.h"
#include "qsys/obj/obj.h"
#include "spool/burst.h"
#include "spool/burstlog.h"
#include "spool/pagetext.h"
#include "spool/pdf_writer.h"
#include "spool/splf.h"

#define MAX_PAGE_TEXT (4u * 1024 * 1024)
#define MAX_TEMPLATE  (1024u * 1024)
#define MAX_ERR_TEXT  (QS_SPLF_MAX_DATA / 2)
#define BATCH         32       /* mails committed to MSF together */

struct part_x {
    const char *addr, *pw;   /* into the plan, the map or own */
    const char *name;        /* &NAME, from a database map */
    const char *why;         /* why it goes to the error queue (or failed), or NULL */
    int         failed;      /* the address exit failed: not sent, not done */
    char       *own;         /* exit answers: "addr\0pw\0why" */
};

struct run {
    const Qsh_Burst_Opts_t *o;
    Qsh_Burst_Result_t     *res;
    struct qs_buf          *report;
    struct qs_splf_attr     a;
    struct qs_burst_rule    rule;
    struct qs_burst_plan    plan;
    struct part_x          *px;
    struct qs_burst_map    *map;
    struct qs_burst_exit   *exit;
    struct qs_burstlog     *log;
    struct qs_buf           dir;         /* run directory, with "/" */
    struct qs_buf           text;        /* page text scratch */
    /* produce */
    size_t                  cur;
    struct qs_pdf          *pdf;
    int                     fd;
    struct qs_buf           tmp;         /* PDF temp path */
    struct qs_buf           errtext;     /* pages for the error queue */
    unsigned                nerr;
    /* mails written as MSF drafts, waiting for one log sync and one commit */
    struct qs_msf_draft    *bd[BATCH];
    struct qs_msf_env       benv[BATCH];
    size_t                  bpart[BATCH], nb;
};

int qs_burst_subst(const char *t, const struct qs_burst_vars *v, struct qs_buf *out)
{
    static const char *const names[] = { "&PARTS", "&PART", "&PAGES", "&FIRST", "&KEY", "&ADDR",
                                         "&FILE", "&NAME" };
    while (*t) {
        const char *amp = strchr(t, '&');
        if (!amp)
            return qs_buf_adds(out, t);
        if (qs_buf_add(out, t, (size_t)(amp - t)) < 0)
            return -1;
        size_t k, nl = 0;
        for (k = 0; k < sizeof names / sizeof names[0]; k++) {
            nl = strlen(names[k]);
            if (strncmp(amp, names[k], nl) == 0)
                break;
        }
        int rc;
        switch (k) {
        case 0: rc = qs_buf_addf(out, "%u", v->parts); break;
        case 1: rc = qs_buf_addf(out, "%u", v->part); break;
        case 2: rc = qs_buf_addf(out, "%u", v->pages); break;
        case 3: rc = qs_buf_addf(out, "%u", v->first); break;
        case 4: rc = qs_buf_adds(out, v->key ? v->key : ""); break;
        case 5: rc = qs_buf_adds(out, v->addr ? v->addr : ""); break;
        case 6: rc = qs_buf_adds(out, v->file ? v->file : ""); break;
        case 7: rc = qs_buf_adds(out, v->name ? v->name : ""); break;
        default: rc = qs_buf_addc(out, '&'); nl = 1; break;
        }
        if (rc < 0)
            return -1;
        t = amp + nl;
    }
    return 0;
}

static void vars_of(const struct run *r, size_t i, struct qs_burst_vars *v)
{
    const struct qs_burst_part *pt = &r->plan.part[i];
    v->key = pt->key;
    v->addr = r->px[i].addr;
    v->file = r->a.file;
    v->name = r->px[i].name;
    v->part = (unsigned)i + 1;
    v->parts = (unsigned)r->plan.n;
    v->pages = pt->npages;
    v->first = pt->first;
}

/* --- pass 1: the plan ---------------------------------------------------- */

static int plan_page(void *ctx, const struct qs_page *pg, struct qs_err *err)
{
    struct run *r = ctx;
    qs_buf_reset(&r->text);
    if (qs_page_text(pg, &r->text) < 0)
        return qs_err_sys(err, errno ? errno : ENOMEM);
    return qs_burst_plan_page(&r->plan, &r->rule, r->text.data ? r->text.data : "", r->text.len, err);
}

static int rule_of(const Qsh_Burst_Opts_t *o, struct qs_burst_rule *ru, struct qs_err *err)
{
    memset(ru, 0, sizeof *ru);
    switch (o->split) {
    case QSH_BURST_PAGES: ru->split = QS_BURST_PAGES; break;
    case QSH_BURST_KEYPOS: ru->split = QS_BURST_KEYPOS; break;
    case QSH_BURST_KEYSTR: ru->split = QS_BURST_KEYSTR; break;
    default: return qs_err_set(err, "CPF9897", "burst: unknown split", (const char *)NULL);
    }
    ru->pages = o->pages_per_part;
    ru->key = (struct qs_burst_pos){ o->key_line, o->key_col, o->key_len };
    ru->keystr = o->key_string;
    if (o->addr_from == QSH_BURST_ADDR_DATA)
        ru->addr = (struct qs_burst_pos){ o->addr_line, o->addr_col, o->addr_len };
    else if (o->addr_from != QSH_BURST_ADDR_MAP && o->addr_from != QSH_BURST_ADDR_EXIT)
        return qs_err_set(err, "CPF9897", "burst: unknown address source", (const char *)NULL);
    if (o->addr_from == QSH_BURST_ADDR_DATA && ru->addr.line == 0)
        return qs_err_set(err, "CPF9897", "burst: the address position is missing", (const char *)NULL);
    return qs_burst_rule_check(ru, err);
}

/* Load the mapping table or check the exit program. */
static int sources(struct run *r, struct qs_err *err)
{
    const Qsh_Burst_Opts_t *o = r->o;
    if (o->addr_from == QSH_BURST_ADDR_MAP) {
        const char *spec = o->map_path ? o->map_path : "";
        if (!qs_burst_map_is_dbf(spec))
            return qs_burst_map_load(spec, &r->map, err);
        const char *sl = strchr(spec, '/');
        char lib[QS_NAME_LEN + 1] = "*LIBL";
        if (sl)
            snprintf(lib, sizeof lib, "%.*s", (int)(sl - spec), spec);
        const char *fld[4] = { o->map_key_field && *o->map_key_field ? o->map_key_field : "KEY",
                               o->map_addr_field && *o->map_addr_field ? o->map_addr_field : "ADDRESS",
                               o->map_pw_field && *o->map_pw_field ? o->map_pw_field : NULL,
                               o->map_name_field && *o->map_name_field ? o->map_name_field : NULL };
        return qs_burst_map_dbf(lib, sl ? sl + 1 : spec, fld, &r->map, err);
    }
    if (o->addr_from == QSH_BURST_ADDR_EXIT)
        return qs_burst_exit_open(o->exit_pgm ? o->exit_pgm : "", &r->exit, err);
    return 0;
}

/* Each part's address and password, or why it has none.  An exit is not
 * asked here (it runs once the log shows which parts are still to do). */
static int resolve(struct run *r, struct qs_err *err)
{
    const Qsh_Burst_Opts_t *o = r->o;
    r->px = calloc(r->plan.n, sizeof *r->px);
    if (!r->px)
        return qs_err_sys(err, ENOMEM);
    for (size_t i = 0; i < r->plan.n; i++) {
        struct qs_burst_part *pt = &r->plan.part[i];
        struct part_x *x = &r->px[i];
        if (!pt->key[0] && r->rule.split != QS_BURST_PAGES) {
            x->why = "no key on its pages";
            continue;
        }
        if (r->exit)
            continue;
        if (r->map) {
            struct qs_burst_hit h;
            if (!qs_burst_map_find(r->map, pt->key, &h)) {
                x->why = "key not in the mapping file";
            } else if (!qs_burst_addr_ok(h.addr)) {
                x->why = "address in the mapping file not valid";
            } else {
                x->addr = h.addr;
                x->pw = h.password;
                x->name = h.name;
            }
        } else if (!pt->addr[0]) {
            x->why = "no address at the position";
        } else if (!qs_burst_addr_ok(pt->addr)) {
            x->why = "address not valid";
        } else {
            x->addr = pt->addr;
        }
        if (!x->why && o->encrypt && (!x->pw || !*x->pw))
            x->why = "no password to encrypt with";
        if (x->why)
            x->addr = NULL;
    }
    return 0;
}

/* Ask the exit program for every part still to do.  A failed call is
 * logged ("failed i") and the part is skipped; a rerun asks again. */
static int ask_exit(struct run *r, struct qs_err *err)
{
    struct qs_buf why;
    qs_buf_init(&why, 512);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->plan.n; i++) {
        struct part_x *x = &r->px[i];
        enum qs_burstlog_state st = qs_burstlog_state(r->log, i);
        if (x->why || st == QS_BL_QUEUED)
            continue;
        if (st == QS_BL_ERRQ) {
            x->why = "exit program found no address (earlier run)";
            continue;
        }
        char addr[257], pw[128];
        qs_buf_reset(&why);
        enum qs_burst_exit_rc xr = qs_burst_exit_call(r->exit, r->plan.part[i].key,
                                                      (unsigned)i + 1, addr, pw, &why);
        if (xr == QS_BX_FOUND && r->o->encrypt && !pw[0]) {
            xr = QS_BX_NONE;
            qs_buf_adds(&why, "no password to encrypt with");
        }
        if (xr == QS_BX_NONE && why.len == 0)
            qs_buf_adds(&why, "exit program found no address");
        size_t al = strlen(addr), pl = strlen(pw);
        if (!(x->own = malloc(al + pl + why.len + 3))) {
            rc = qs_err_sys(err, ENOMEM);
            break;
        }
        memcpy(x->own, addr, al + 1);
        memcpy(x->own + al + 1, pw, pl + 1);
        memcpy(x->own + al + pl + 2, qs_buf_str(&why), why.len + 1);
        if (xr == QS_BX_FOUND) {
            x->addr = x->own;
            x->pw = pl ? x->own + al + 1 : NULL;
        } else {
            x->why = x->own + al + pl + 2;
            x->failed = xr == QS_BX_FAILED;
            if (x->failed)
                rc = qs_burstlog_mark(r->log, i, QS_BL_FAILED, NULL, err);
        }
    }
    qs_buf_free(&why);
    return rc;
}

/* FNV-1a 64 of the parameters as given: names the run directory, so that
 * the same burst resumes and a burst with other parameters is a new run. */
static void param_print(const Qsh_Burst_Opts_t *o, char out[17])
{
    uint64_t h = 1469598103934665603ull;
    unsigned v[] = { (unsigned)o->split, o->pages_per_part, o->key_line, o->key_col, o->key_len,
                     (unsigned)o->addr_from, o->addr_line, o->addr_col, o->addr_len,
                     (unsigned)o->encrypt };
    const char *sv[] = { o->key_string, o->map_path, o->exit_pgm, o->subject, o->note,
                         o->pdf_name, o->errq, o->errq_lib };
    const unsigned char *q = (const void *)v;
    for (size_t k = 0; k < sizeof v; k++)
        h = (h ^ q[k]) * 1099511628211ull;
    for (size_t i = 0; i < sizeof sv / sizeof sv[0]; i++) {
        for (const char *c = sv[i] ? sv[i] : ""; *c; c++)
            h = (h ^ (unsigned char)*c) * 1099511628211ull;
        h = (h ^ 0xff) * 1099511628211ull;
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* FNV-1a 64 of everything that decides what is mailed. */
static void fingerprint(const struct run *r, char out[17])
{
    uint64_t h = 1469598103934665603ull;
#define FNV(p, n) do { const unsigned char *q_ = (const void *)(p); \
        for (size_t k_ = 0; k_ < (n); k_++) { h ^= q_[k_]; h *= 1099511628211ull; } \
        h ^= 0xff; h *= 1099511628211ull; } while (0)
#define FNVS(s) FNV((s) ? (s) : "", strlen((s) ? (s) : ""))
    const Qsh_Burst_Opts_t *o = r->o;
    long long created = (long long)r->a.created;
    FNV(&created, sizeof created);
    FNV(&r->a.size, sizeof r->a.size);
    FNVS(o->subject);
    FNVS(o->note);
    FNVS(o->pdf_name);
    FNV(&o->encrypt, sizeof o->encrypt);
    for (size_t i = 0; i < r->plan.n; i++) {
        FNV(&r->plan.part[i].first, sizeof(unsigned));
        FNV(&r->plan.part[i].npages, sizeof(unsigned));
        FNVS(r->plan.part[i].key);
        FNVS(r->px[i].addr);        /* NULL for an exit: asked after */
        FNVS(r->px[i].pw);
        FNVS(r->px[i].name);
    }
#undef FNV
#undef FNVS
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* --- pass 2: PDFs, mail, error queue -------------------------------------- */

static void progress(struct run *r, size_t i)
{
    if (!r->o->progress)
        return;
    Qsh_Burst_Progress_t p = { (unsigned)i + 1, (unsigned)r->plan.n, r->res->mailed,
                               r->res->already, r->res->errors, r->plan.part[i].key };
    r->o->progress(r->o->progress_arg, &p);
}

static int needs_mail(const struct run *r, size_t i)
{
    return !r->px[i].why && qs_burstlog_state(r->log, i) < QS_BL_QUEUED;
}

/* Attachment file name from the template: [A-Za-z0-9._-], others '_'. */
static int pdf_path(struct run *r, size_t i, struct qs_buf *out)
{
    struct qs_burst_vars v;
    struct qs_buf name;
    qs_buf_init(&name, MAX_TEMPLATE);
    vars_of(r, i, &v);
    int rc = qs_burst_subst(r->o->pdf_name && *r->o->pdf_name ? r->o->pdf_name : "&FILE-&KEY.pdf",
                            &v, &name);
    if (rc == 0 && name.len == 0)
        rc = qs_buf_adds(&name, "part.pdf");
    if (rc == 0) {
        if (name.len > 100)
            qs_buf_truncate(&name, 100);
        for (size_t k = 0; k < name.len; k++) {
            char c = name.data[k];
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || (c == '.' && k > 0)))
                name.data[k] = '_';
        }
        rc = qs_buf_addf(out, "%sp%zu", r->dir.data, i + 1);
        if (rc == 0 && mkdir(out->data, 0700) < 0 && errno != EEXIST)
            rc = -1;
        if (rc == 0)
            rc = qs_buf_addf(out, "/%s", name.data);
    }
    qs_buf_free(&name);
    return rc;
}

static int open_pdf(struct run *r, size_t i, struct qs_err *err)
{
    struct qs_pdf_opts po;
    qs_buf_reset(&r->tmp);
    if (qs_buf_addf(&r->tmp, "%spdf.tmpXXXXXX", r->dir.data) < 0)
        return qs_err_sys(err, ENAMETOOLONG);
    r->fd = mkstemp(r->tmp.data);
    if (r->fd < 0)
        return qs_err_sys(err, errno);
    qs_pdf_opts_default(&po);
    po.title = r->plan.part[i].key[0] ? r->plan.part[i].key : r->a.file;
    po.author = r->a.user;
    po.creator = "qshim BRSSPLF";
    po.group_pages = 0;
    po.user_password = r->o->encrypt ? r->px[i].pw : NULL;
    r->pdf = qs_pdf_new(r->fd, &po, err);
    return r->pdf ? 0 : -1;
}

/* Part i's PDF is complete: move it into place, build its mail and write
 * it as an MSF draft (not in the queue yet), and log "sealed i id" without
 * syncing; flush() makes the batch durable and commits it. */
static int stage_part(struct run *r, size_t i, struct qs_err *err)
{
    const Qsh_Burst_Opts_t *o = r->o;
    struct qs_buf path, subj, body, msg;
    struct qs_msf_env *env = &r->benv[r->nb];
    struct qs_msf_draft *d = NULL;
    struct qs_burst_vars v;
    int rc = -1;
    qs_buf_init(&path, QS_MAX_PATH);
    qs_buf_init(&subj, MAX_TEMPLATE);
    qs_buf_init(&body, MAX_TEMPLATE);
    qs_buf_init(&msg, 1);
    qs_msf_env_init(env);
    vars_of(r, i, &v);

    /* the PDF copy in the run directory: synced with the others at the end
     * of the run (syncfs); the mail, not the copy, is what must be durable */
    if (qs_pdf_finish(r->pdf, err) < 0)
        goto out;
    qs_pdf_free(&r->pdf);
    if (close(r->fd) < 0) {
        r->fd = -1;
        qs_err_sys(err, errno);
        goto out;
    }
    r->fd = -1;
    if (pdf_path(r, i, &path) < 0 || rename(r->tmp.data, path.data) < 0) {
        qs_err_sys(err, errno ? errno : ENAMETOOLONG);
        goto out;
    }
    if (qs_burstlog_mark_lazy(r->log, i, QS_BL_PDF, NULL, err) < 0)
        goto out;

    if (qs_burst_subst(o->subject && *o->subject ? o->subject : "&FILE &KEY", &v, &subj) < 0 ||
        qs_burst_subst(o->note ? o->note : "", &v, &body) < 0) {
        qs_err_sys(err, E2BIG);
        goto out;
    }
    struct qs_sm_rcpt rc1;
    memset(&rc1, 0, sizeof rc1);
    snprintf(rc1.addr, sizeof rc1.addr, "%s", r->px[i].addr);
    struct qs_sm_att_in att = { path.data, "application/pdf" };
    struct qs_sm_request q = {
        .rcpt = &rc1, .nrcpt = 1,
        .subject = qs_buf_str(&subj), .body = qs_buf_str(&body), .body_len = body.len,
        .att = &att, .natt = 1,
    };
    if (qs_sm_create_build(&q, env, &msg, err) < 0)
        goto out;
    env->origin = QS_MSF_ORIGIN_API;
    /* the id is known from the draft's start: it is logged before the
     * draft is sealed, so a rerun can ask MSF whether it got there */
    if (qs_msf_draft_open(&d, err) < 0 || qs_msf_draft_write(d, msg.data, msg.len, err) < 0 ||
        qs_burstlog_mark_lazy(r->log, i, QS_BL_SEALED, qs_msf_draft_id(d), err) < 0)
        goto out;
    r->bd[r->nb] = d;
    r->bpart[r->nb++] = i;
    d = NULL;
    env = NULL;
    rc = 0;
out:
    qs_msf_draft_free(&d);
    if (env)
        qs_msf_env_clear(env);
    qs_buf_free(&path);
    qs_buf_free(&subj);
    qs_buf_free(&body);
    qs_buf_free(&msg);
    return rc;
}

/* The batch: one log sync makes every "sealed" durable before any draft
 * is sealed into the queue; one MSF commit; then the "queued" records and
 * one more sync.  The crash windows are those of one part at a time. */
static int flush(struct run *r, struct qs_err *err)
{
    int rc = -1;
    size_t nsealed = 0;
    if (r->nb == 0)
        return 0;
    if (qs_burstlog_sync(r->log, err) < 0)
        goto out;
    for (; nsealed < r->nb; nsealed++)
        if (qs_msf_draft_seal(r->bd[nsealed], &r->benv[nsealed], err) < 0)
            goto out;
    if (qs_msf_draft_commit(r->bd, r->nb, err) < 0)
        goto out;
    for (size_t k = 0; k < r->nb; k++)
        if (qs_burstlog_mark_lazy(r->log, r->bpart[k], QS_BL_QUEUED, qs_msf_draft_id(r->bd[k]),
                                  err) < 0)
            goto out;
    if (qs_burstlog_sync(r->log, err) < 0)
        goto out;
    for (size_t k = 0; k < r->nb; k++) {
        r->res->mailed++;
        progress(r, r->bpart[k]);
    }
    rc = 0;
out:
    for (size_t k = 0; k < r->nb; k++) {
        qs_msf_draft_free(&r->bd[k]);
        qs_msf_env_clear(&r->benv[k]);
    }
    r->nb = 0;
    return rc;
}

static int produce_page(void *ctx, const struct qs_page *pg, struct qs_err *err)
{
    struct run *r = ctx;
    while (r->cur < r->plan.n &&
           pg->number >= r->plan.part[r->cur].first + r->plan.part[r->cur].npages)
        r->cur++;
    if (r->cur >= r->plan.n)
        return 0;                        /* the data changed since the plan */
    size_t i = r->cur;
    const struct qs_burst_part *pt = &r->plan.part[i];
    int last = pg->number == pt->first + pt->npages - 1;
    if (last && (r->px[i].why || !needs_mail(r, i)) && flush(r, err) < 0)
        return -1;                       /* progress is reported in part order */
    if (r->px[i].failed) {
        if (last)
            progress(r, i);
        return 0;
    }
    if (r->px[i].why) {
        if (qs_burstlog_state(r->log, i) != QS_BL_ERRQ && qs_page_text(pg, &r->errtext) < 0)
            return qs_err_sys(err, errno ? errno : ENOMEM);
        if (last) {
            r->nerr++;
            progress(r, i);
        }
        return 0;
    }
    if (!needs_mail(r, i)) {
        if (last)
            progress(r, i);
        return 0;
    }
    if (!r->pdf && open_pdf(r, i, err) < 0)
        return -1;
    if (qs_pdf_page(r->pdf, pg, err) < 0)
        return -1;
    if (last && (stage_part(r, i, err) < 0 || (r->nb == BATCH && flush(r, err) < 0)))
        return -1;
    return 0;
}

/* One new spooled file holding the pages of every part without an address. */
static int error_queue(struct run *r, struct qs_err *err)
{
    size_t todo = 0;
    for (size_t i = 0; i < r->plan.n; i++)
        if (r->px[i].why && !r->px[i].failed && qs_burstlog_state(r->log, i) != QS_BL_ERRQ)
            todo++;
    if (!todo)
        return 0;
    const char *q = r->o->errq && *r->o->errq ? r->o->errq : "QBRSERR";
    const char *lib = r->o->errq_lib && *r->o->errq_lib ? r->o->errq_lib : "QGPL";
    if (!r->o->errq || !*r->o->errq) {
        if (!qs_outq_exists(lib, q) &&
            qs_outq_create(lib, q, "Burst parts without an address", err) < 0)
            return -1;
    }
    struct qs_splf_attr ea;
    struct qs_splf *h = NULL;
    qs_splf_attr_default(&ea);
    snprintf(ea.file, sizeof ea.file, "%s", r->a.file);
    snprintf(ea.outq, sizeof ea.outq, "%s", q);
    snprintf(ea.outqlib, sizeof ea.outqlib, "%s", lib);
    snprintf(ea.usrdta, sizeof ea.usrdta, "NOADDR");
    snprintf(ea.usrtext, sizeof ea.usrtext, "BRSSPLF errors: %s #%d of %s/%s/%s, %zu part(s)",
             r->a.file, r->a.number, r->a.jobnbr, r->a.user, r->a.job, todo);
    ea.ro = r->a.ro;
    ea.ro.ctlchar = QS_CTL_NONE;
    ea.ro.ccsid = 1208;
    if (qs_splf_create(&ea, &h, err) < 0)
        return -1;
    ea = *qs_splf_handle_attr(h);
    if (qs_splf_write(h, r->errtext.data ? r->errtext.data : "", r->errtext.len, err) < 0) {
        qs_splf_abort(&h);
        return -1;
    }
    if (qs_splf_close(&h, 0, err) < 0)
        return -1;
    r->res->errq_splnbr = ea.number;
    for (size_t i = 0; i < r->plan.n; i++)
        if (r->px[i].why && !r->px[i].failed && qs_burstlog_state(r->log, i) != QS_BL_ERRQ &&
            qs_burstlog_mark(r->log, i, QS_BL_ERRQ, NULL, err) < 0)
            return -1;
    return 0;
}

/* Every PDF copy of this run onto disk, in one call. */
static int sync_pdfs(struct run *r, struct qs_err *err)
{
    int fd = open(r->dir.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return qs_err_sys(err, errno);
    int rc = syncfs(fd) < 0 ? qs_err_sys(err, errno) : 0;
    close(fd);
    return rc;
}

/* After a crash: a sealed part whose message is in the MSF queue was queued. */
static int settle_sealed(struct run *r, struct qs_err *err)
{
    int any = 0;
    for (size_t i = 0; i < r->plan.n; i++)
        any |= qs_burstlog_state(r->log, i) == QS_BL_SEALED;
    if (!any)
        return 0;
    if (qs_msf_recover(err) < 0)
        return -1;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->plan.n; i++) {
        if (qs_burstlog_state(r->log, i) != QS_BL_SEALED)
            continue;
        const char *id = qs_burstlog_id(r->log, i);
        qs_buf_reset(&p);
        if (qs_root_path(&p, err, "mail/queue/msg/%s", id) < 0) {
            rc = -1;
            break;
        }
        if (access(p.data, F_OK) == 0)
            rc = qs_burstlog_mark(r->log, i, QS_BL_QUEUED, id, err);
    }
    qs_buf_free(&p);
    return rc;
}

int qs_burst_run(const Qsh_Burst_Opts_t *o, Qsh_Burst_Result_t *res, struct qs_buf *report,
                 struct qs_err *err)
{
    struct run r;
    memset(&r, 0, sizeof r);
    memset(res, 0, sizeof *res);
    r.o = o;
    r.res = res;
    r.report = report;
    r.fd = -1;
    qs_burst_plan_init(&r.plan);
    qs_buf_init(&r.dir, QS_MAX_PATH);
    qs_buf_init(&r.text, MAX_PAGE_TEXT);
    qs_buf_init(&r.tmp, QS_MAX_PATH);
    qs_buf_init(&r.errtext, MAX_ERR_TEXT);
    int rc = -1;
    const char *job = o->job && strcmp(o->job, "*") != 0 ? o->job : NULL;

    if (rule_of(o, &r.rule, err) < 0 ||
        qs_splf_get(job, o->user, o->jobnbr, o->file ? o->file : "QSYSPRT", o->splnbr, &r.a, err) < 0)
        goto out;
    if (qs_splf_render(&r.a, plan_page, &r, NULL, err) < 0)
        goto out;
    res->pages = r.plan.pages;
    res->parts = (unsigned)r.plan.n;
    if (r.plan.pages == 0) {
        qs_err_set(err, "BRS0103", r.a.file, (const char *)NULL);
        goto out;
    }
    if (r.rule.split != QS_BURST_PAGES && r.plan.keyed == 0) {
        qs_err_set(err, "BRS0101", r.a.file, (const char *)NULL);
        goto out;
    }
    if (sources(&r, err) < 0 || resolve(&r, err) < 0)
        goto out;
    /* a named error queue must exist before anything is mailed */
    for (size_t i = 0; i < r.plan.n; i++) {
        if (r.px[i].why && o->errq && *o->errq) {
            const char *lib = o->errq_lib && *o->errq_lib ? o->errq_lib : "QGPL";
            if (!qs_outq_exists(lib, o->errq)) {
                qs_err_set(err, "CPF3357", o->errq, lib, (const char *)NULL);
                goto out;
            }
            break;
        }
    }

    char fp[17];
    char pp[17];
    fingerprint(&r, fp);
    param_print(o, pp);
    if (qs_root_path(&r.dir, err, "burst/%s-%s-%s.%s.%06d/%s", r.a.jobnbr, r.a.user, r.a.job,
                     r.a.file, r.a.number, pp) < 0 ||
        qs_mkdir_p(r.dir.data, 0700, err) < 0 || qs_buf_addc(&r.dir, '/') < 0)
        goto out;
    struct qs_buf lp;
    qs_buf_init(&lp, QS_MAX_PATH);
    int lrc = qs_buf_addf(&lp, "%slog", r.dir.data) < 0 ? qs_err_sys(err, ENAMETOOLONG)
              : qs_burstlog_open(lp.data, fp, r.plan.n, &r.log, err);
    qs_buf_free(&lp);
    if (lrc < 0 || settle_sealed(&r, err) < 0 || (r.exit && ask_exit(&r, err) < 0))
        goto out;
    for (size_t i = 0; i < r.plan.n; i++)
        if (!r.px[i].why && qs_burstlog_state(r.log, i) >= QS_BL_QUEUED)
            res->already++;
    for (size_t i = 0; i < r.plan.n; i++)
        res->failed += (unsigned)r.px[i].failed;
    if (!qs_burstlog_done(r.log)) {
        if (qs_splf_render(&r.a, produce_page, &r, NULL, err) < 0 || flush(&r, err) < 0 ||
            error_queue(&r, err) < 0 || sync_pdfs(&r, err) < 0 ||
            (res->failed == 0 && qs_burstlog_mark_done(r.log, err) < 0))
            goto out;
    }
    for (size_t i = 0; i < r.plan.n; i++) {
        if (!r.px[i].why)
            continue;
        res->errors += !r.px[i].failed;
        if (report)
            qs_buf_addf(report, "part %zu key '%s' pages %u-%u: %s%s\n", i + 1, r.plan.part[i].key,
                        r.plan.part[i].first, r.plan.part[i].first + r.plan.part[i].npages - 1,
                        r.px[i].why, r.px[i].failed ? " (not sent; a rerun retries it)" : "");
    }
    rc = 0;
out:
    for (size_t k = 0; k < r.nb; k++) {           /* a batch cut short: drafts go */
        qs_msf_draft_free(&r.bd[k]);
        qs_msf_env_clear(&r.benv[k]);
    }
    qs_pdf_free(&r.pdf);
    if (r.fd >= 0) {
        close(r.fd);
        unlink(r.tmp.data);
    }
    qs_burstlog_free(&r.log);
    qs_burst_map_free(&r.map);
    qs_burst_exit_free(&r.exit);
    for (size_t i = 0; r.px && i < r.plan.n; i++)
        free(r.px[i].own);
    free(r.px);
    qs_burst_plan_free(&r.plan);
    qs_buf_free(&r.dir);
    qs_buf_free(&r.text);
    qs_buf_free(&r.tmp);
    qs_buf_free(&r.errtext);
    return rc;
}
