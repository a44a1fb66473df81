/*
 * cl/run.c - run one command: look it up, bind its arguments, call the
 * handler, and turn failures into IBM messages.
 *
 * Owns the rule that a command which fails validation is never run: the
 * handler is called only with arguments that passed qs_cl_bind().  Messages
 * go through the job (qsys/job): its program queues and its job log.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cl/pgm_int.h"
#include "cl/run.h"
#include "qsys/base/err.h"
#include "qsys/base/msgtab.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "spool/splf.h"

void qs_cl_env_init(struct qs_cl_env *env, FILE *out, FILE *diag)
{
    memset(env, 0, sizeof *env);
    env->out = out ? out : stdout;
    env->diag = diag;
    env->job = qs_job_current(NULL);
}

void qs_cl_env_free(struct qs_cl_env *env)
{
    (void)env;
}

void qs_cl_send(struct qs_cl_env *env, int type, const char *to, const char *msgid,
                const void *data, size_t len)
{
    int top;
    if (!to)
        to = "*";
    /* does it reach the command level (qcl's own entry)? */
    top = !env->frame ? strcmp(to, "*EXT") != 0
                      : (!env->frame->up && qs_strcaseeq(to, "*PRV"));
    if (env->job) {
        struct qs_err e2 = QS_ERR_INIT;
        if (qs_job_sndpgmmsg(env->job, msgid, data, len, (enum qs_msgtype)type, to, 0, NULL,
                             &e2) < 0 && msgid && *msgid)
            /* an id without a description still reaches the log as text */
            qs_job_sndpgmmsg(env->job, NULL, data, len, (enum qs_msgtype)type, to, 0, NULL, NULL);
        qs_err_clear(&e2);
    }
    if (!env->diag || !top)
        return;
    if ((type == QS_MSG_COMP || type == QS_MSG_INFO) && !env->show_comp)
        return;
    if (type == QS_MSG_STATUS)
        return;
    if (msgid && *msgid && qs_msgdesc_find(msgid)) {
        char *t = qs_msg_format(msgid, 0, data, len);
        fprintf(env->diag, "%s: %s\n", msgid, t ? t : "");
        free(t);
    } else {
        fprintf(env->diag, "%s%s%.*s\n", msgid && *msgid ? msgid : "", msgid && *msgid ? ": " : "",
                (int)len, (const char *)data);
    }
}

void qs_cl_send_err(struct qs_cl_env *env, int type, const char *to, const struct qs_err *err)
{
    if (!err || !err->msgid[0])
        return;
    if (qs_msgdesc_find(err->msgid))
        qs_cl_send(env, type, to, err->msgid, err->data, err->data_len);
    else
        qs_cl_send(env, type, to, NULL, err->text, err->text ? strlen(err->text) : 0);
}

static void send_va(struct qs_cl_call *c, int type, const char *msgid, va_list ap)
{
    const char *vals[16];
    size_t n = 0;
    const char *v;
    while (n < 16 && (v = va_arg(ap, const char *)) != NULL)
        vals[n++] = v;
    size_t dlen = 0;
    unsigned char *data = qs_msg_data(msgid, vals, n, &dlen);
    qs_cl_send(c->env, type, "*", msgid, data, dlen);
    free(data);
}

void qs_cl_comp(struct qs_cl_call *c, const char *msgid, ...)
{
    va_list ap;
    va_start(ap, msgid);
    send_va(c, QS_MSG_COMP, msgid, ap);
    va_end(ap);
}

void qs_cl_info(struct qs_cl_call *c, const char *msgid, ...)
{
    va_list ap;
    va_start(ap, msgid);
    send_va(c, QS_MSG_INFO, msgid, ap);
    va_end(ap);
}

void qs_cl_show(struct qs_cl_env *env, const char *what, const struct qs_err *err)
{
    if (!env->diag || !err || !err->msgid[0])
        return;
    if (what)
        fprintf(env->diag, "%s: ", what);
    fprintf(env->diag, "%s: %s\n", err->msgid, err->text ? err->text : "");
}

/* A CPD diagnostic in err is shown with its position and queued as *DIAG;
 * err becomes the escape CPF0001. */
static int validation_failed(struct qs_cl_env *env, const char *cmdname, struct qs_err *err)
{
    env->validation_failed = 1;
    FILE *d = env->diag;
    char where[48] = "";
    if (env->pos.line && env->pos.col)
        snprintf(where, sizeof where, "line %u, column %u: ", env->pos.line, env->pos.col);
    else if (env->pos.line)
        snprintf(where, sizeof where, "line %u: ", env->pos.line);
    else if (env->pos.col)
        snprintf(where, sizeof where, "column %u: ", env->pos.col);
    snprintf(env->last_diag, sizeof env->last_diag, "%s%s: %s", where, err->msgid,
             err->text ? err->text : "");
    /* inside a program the diagnostic is shown only if nothing monitors it */
    if (d && err->msgid[0] && !env->frame)
        fprintf(d, "%s\n", env->last_diag);
    env->diag = NULL;
    qs_cl_send_err(env, QS_MSG_DIAG, "*", err);
    env->diag = d;
    return qs_err_set(err, "CPF0001", cmdname, (const char *)NULL);
}

/* The command's special-authority restriction (qs_cl_cmd.spcaut). */
static int check_spcaut(struct qs_cl_env *env, const struct qs_cl_cmd *cmd, struct qs_err *err)
{
    const struct qs_job *j = env->job ? env->job : qs_job_current(err);
    if (!j)
        return -1;
    if ((j->spcaut & cmd->spcaut) == cmd->spcaut)
        return 0;
    return qs_err_set(err, cmd->spcaut_msgid ? cmd->spcaut_msgid : "CPF9898", cmd->name,
                      (const char *)NULL);
}

/* OUTPUT(*PRINT): the listing `data` becomes a spooled file of the job. */
static int spool_listing(const struct qs_cl_cmd *cmd, const char *data, size_t len,
                         struct qs_err *err)
{
    struct qs_splf_attr a;
    struct qs_splf *h;
    qs_splf_attr_default(&a);
    if (cmd->prtf)
        qs_strlcpy(a.file, cmd->prtf, sizeof a.file);
    qs_strlcpy(a.usrdta, cmd->name, sizeof a.usrdta);
    a.ro.ccsid = 1208;
    a.ro.ctlchar = QS_CTL_NONE;
    if (qs_splf_create(&a, &h, err) < 0)
        return -1;
    if (qs_splf_write(h, data, len, err) < 0) {
        qs_splf_abort(&h);
        return -1;
    }
    return qs_splf_close(&h, 0, err);
}

int qs_cl_run_stmt(struct qs_cl_env *env, const struct qs_cl_stmt *st,
                   const struct qs_cl_resolver *rv, struct qs_err *err)
{
    env->last_diag[0] = '\0';
    char name[11], lib[11] = "*LIBL";
    const struct qs_cl_cmd *cmd;
    struct qs_cl_args *args = NULL;
    struct qs_cl_pos pos = { st->line, 0 };
    int rc;

    qs_cl_stmt_cmdname(st, name);
    qs_strlcpy(env->cmdname, name, sizeof env->cmdname);
    if (!st->name)
        return 0;   /* a label alone */
    if (st->lib) {
        size_t n = st->liblen < 10 ? st->liblen : 10;
        memcpy(lib, st->lib, n);
        lib[n] = '\0';
        qs_str_upper(lib);
    }
    cmd = qs_cl_cmd_find(st->name, st->namelen);
    if (!cmd || (st->lib && !qs_strcaseeq(lib, "QSYS") && !qs_strcaseeq(lib, "*LIBL"))) {
        env->pos.line = st->line;
        env->pos.col = st->namecol;
        qs_err_set(err, "CPD0030", name, lib, (const char *)NULL);
        return validation_failed(env, name, err);
    }
    if (((cmd->flags & QS_CL_PGMONLY) && !env->frame) || (env->allow && !env->allow(cmd))) {
        env->pos.line = st->line;
        env->pos.col = st->namecol;
        qs_err_set(err, "CPD0031", name, (const char *)NULL);
        return validation_failed(env, name, err);
    }
    if (qs_cl_bind(cmd, st, rv, &args, &pos, err) < 0) {
        env->pos = pos;
        env->pos.line = st->line;
        return validation_failed(env, name, err);
    }
    if (cmd->spcaut && check_spcaut(env, cmd, err) < 0) {
        qs_cl_args_free(&args);
        return -1;
    }
    struct qs_cl_call call = { cmd, args, env->out, env };
    char *listing = NULL;
    size_t listing_len = 0;
    if (qs_cl_is(args, "OUTPUT", "*PRINT") &&
        (call.out = open_memstream(&listing, &listing_len)) == NULL) {
        qs_cl_args_free(&args);
        return qs_err_sys(err, errno);
    }
    rc = cmd->run ? cmd->run(&call, err) : 0;
    if (rc < 0 && !qs_err_isset(err))
        qs_err_set(err, "CPF9898", "Command ended in error", (const char *)NULL);
    if (call.out != env->out) {
        if (fclose(call.out) != 0 && rc == 0)
            rc = qs_err_sys(err, errno);
        if (rc == 0)
            rc = spool_listing(cmd, listing ? listing : "", listing_len, err);
        free(listing);
    }
    qs_cl_args_free(&args);
    return rc < 0 ? -1 : 0;
}

int qs_cl_run_text(struct qs_cl_env *env, const char *text, size_t len,
                   const struct qs_cl_resolver *rv, struct qs_err *err)
{
    struct qs_cl_stmt *st = NULL;
    struct qs_cl_pos pos = { 0, 0 };
    int rc;

    env->pos = pos;
    if (qs_cl_stmt_parse(text, len, &st, &pos, err) < 0) {
        char name[11] = "";
        size_t i = 0, k = 0;
        while (i < len && text[i] == ' ')
            i++;
        while (i < len && k < 10 && text[i] != ' ' && text[i] != '(')
            name[k++] = text[i++];
        name[k] = '\0';
        qs_str_upper(name);
        env->pos = pos;
        if (!qs_cl_is_name(name, k))
            name[0] = '\0';
        return validation_failed(env, name, err);
    }
    rc = qs_cl_run_stmt(env, st, rv, err);
    qs_cl_stmt_free(&st);
    return rc;
}
