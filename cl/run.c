/*
 * cl/run.c - run one command: look it up, bind its arguments, call the
 * handler, and turn failures into IBM messages.
 *
 * Owns the rule that a command which fails validation is never run: the
 * handler is called only with arguments that passed qs_cl_bind().  Also owns
 * the call level's message queue (what RCVMSG reads; the job log proper is
 * the job's).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cl/run.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"

void qs_cl_env_init(struct qs_cl_env *env, FILE *out, FILE *diag)
{
    memset(env, 0, sizeof *env);
    env->out = out ? out : stdout;
    env->diag = diag;
    env->msgq = &env->top;
}

void qs_cl_env_free(struct qs_cl_env *env)
{
    qs_cl_msgq_clear(&env->top);
}

void qs_cl_msg_free(struct qs_cl_msg **mp)
{
    struct qs_cl_msg *m = mp ? *mp : NULL;
    if (!m)
        return;
    free(m->text);
    free(m->data);
    free(m);
    *mp = NULL;
}

void qs_cl_msgq_clear(struct qs_cl_msgq *q)
{
    struct qs_cl_msg *m = q->head;
    while (m) {
        struct qs_cl_msg *nx = m->next;
        qs_cl_msg_free(&m);
        m = nx;
    }
    q->head = q->tail = NULL;
    q->n = 0;
}

struct qs_cl_msg *qs_cl_msgq_take(struct qs_cl_msgq *q, int last)
{
    struct qs_cl_msg *m = q->head, *prev = NULL;
    if (!m)
        return NULL;
    if (last) {
        while (m->next) {
            prev = m;
            m = m->next;
        }
        if (prev)
            prev->next = NULL;
        else
            q->head = NULL;
        q->tail = prev;
    } else {
        q->head = m->next;
        if (!q->head)
            q->tail = NULL;
    }
    m->next = NULL;
    q->n--;
    return m;
}

#define QS_CL_MSGQ_MAX 1000u   /* oldest messages are dropped past this */

static const char *type_label(enum qs_cl_msgtype t)
{
    switch (t) {
    case QS_CL_MSG_COMP:   return "*COMP";
    case QS_CL_MSG_DIAG:   return "*DIAG";
    case QS_CL_MSG_INFO:   return "*INFO";
    case QS_CL_MSG_ESCAPE: return "*ESCAPE";
    case QS_CL_MSG_NOTIFY: return "*NOTIFY";
    case QS_CL_MSG_STATUS: return "*STATUS";
    }
    return "";
}

void qs_cl_msg_send(struct qs_cl_env *env, struct qs_cl_msgq *q, enum qs_cl_msgtype type,
                    const char *msgid, const char *text, const unsigned char *data,
                    size_t data_len)
{
    struct qs_cl_msg *m = calloc(1, sizeof *m);
    if (!q)
        q = env->msgq;
    if (!m)
        return;
    m->type = type;
    qs_strlcpy(m->id, msgid ? msgid : "", sizeof m->id);
    m->text = text ? strdup(text)
                   : qs_msg_format(m->id, 0, data, data_len);
    if (data_len && (m->data = malloc(data_len)) != NULL) {
        memcpy(m->data, data, data_len);
        m->data_len = data_len;
    }
    if (!m->text) {
        qs_cl_msg_free(&m);
        return;
    }
    if (env->diag && (type == QS_CL_MSG_DIAG || type == QS_CL_MSG_ESCAPE ||
                      (env->show_comp && (type == QS_CL_MSG_COMP || type == QS_CL_MSG_INFO)))) {
        if (m->id[0])
            fprintf(env->diag, "%s: %s\n", m->id, m->text);
        else
            fprintf(env->diag, "%s\n", m->text);
        (void)type_label;
    }
    if (q->n >= QS_CL_MSGQ_MAX) {
        struct qs_cl_msg *old = qs_cl_msgq_take(q, 0);
        qs_cl_msg_free(&old);
    }
    if (q->tail)
        q->tail->next = m;
    else
        q->head = m;
    q->tail = m;
    q->n++;
}

void qs_cl_msg_send_err(struct qs_cl_env *env, enum qs_cl_msgtype type, const struct qs_err *err)
{
    if (!err || !err->msgid[0])
        return;
    qs_cl_msg_send(env, NULL, type, err->msgid, err->text, err->data, err->data_len);
}

static void send_va(struct qs_cl_call *c, enum qs_cl_msgtype type, const char *msgid, va_list ap)
{
    const char *vals[16];
    size_t n = 0;
    const char *v;
    while (n < 16 && (v = va_arg(ap, const char *)) != NULL)
        vals[n++] = v;
    size_t dlen = 0;
    unsigned char *data = qs_msg_data(msgid, vals, n, &dlen);
    qs_cl_msg_send(c->env, NULL, type, msgid, NULL, data, dlen);
    free(data);
}

void qs_cl_comp(struct qs_cl_call *c, const char *msgid, ...)
{
    va_list ap;
    va_start(ap, msgid);
    send_va(c, QS_CL_MSG_COMP, msgid, ap);
    va_end(ap);
}

void qs_cl_info(struct qs_cl_call *c, const char *msgid, ...)
{
    va_list ap;
    va_start(ap, msgid);
    send_va(c, QS_CL_MSG_INFO, msgid, ap);
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
    FILE *d = env->diag;
    if (d && err->msgid[0]) {
        if (env->pos.line)
            fprintf(d, "line %u, ", env->pos.line);
        if (env->pos.col)
            fprintf(d, "column %u: ", env->pos.col);
        fprintf(d, "%s: %s\n", err->msgid, err->text ? err->text : "");
    }
    env->diag = NULL;
    qs_cl_msg_send_err(env, QS_CL_MSG_DIAG, err);
    env->diag = d;
    return qs_err_set(err, "CPF0001", cmdname, (const char *)NULL);
}

int qs_cl_run_stmt(struct qs_cl_env *env, const struct qs_cl_stmt *st,
                   const struct qs_cl_resolver *rv, struct qs_err *err)
{
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
    if ((cmd->flags & QS_CL_PGMONLY) && !env->frame) {
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
    struct qs_cl_call call = { cmd, args, env->out, env };
    rc = cmd->run ? cmd->run(&call, err) : 0;
    if (rc < 0 && !qs_err_isset(err))
        qs_err_set(err, "CPF9898", "Command ended in error", (const char *)NULL);
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
