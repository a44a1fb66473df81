/*
 * cl/cmd/sndpgmmsg.c - SNDPGMMSG: send a program message.
 *
 * MSG('text') sends an impromptu message, MSGID(x) MSGF(QCPFMSG) MSGDTA(...)
 * a described one.  TOPGMQ(*PRV) (default) reaches the caller of the running
 * program, *SAME the program itself, *EXT only the job log and the user.
 * MSGTYPE(*ESCAPE) ends the running program: its caller receives the
 * message as an escape (monitor it with MONMSG); an impromptu escape is
 * sent as CPF9898 with the text as data.
 */
#include <stdlib.h>
#include <string.h>

#include "cl/pgm_int.h"
#include "cl/run.h"
#include "qsys/base/err.h"
#include "qsys/base/msgtab.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm msgf_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Message file" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm topgmq_e[] = {
    { .type = QS_CL_CHAR, .len = 5, .dft = "*PRV", .rstd = QS_CL_VALUES("*PRV", "*SAME", "*EXT"),
      .prompt = "Relationship" },
    { .type = QS_CL_CHAR, .len = 10, .dft = "*", .prompt = "Call stack entry" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "MSG", .type = QS_CL_CHAR, .len = 3000, .flags = QS_CL_MIXED_CASE,
      .prompt = "Message text" },
    { .kwd = "MSGID", .type = QS_CL_NAME, .len = 7, .flags = QS_CL_KEYWORD,
      .prompt = "Message identifier" },
    { .kwd = "MSGF", .type = QS_CL_NAME, QS_CL_QUAL(msgf_q), .prompt = "Message file" },
    { .kwd = "MSGDTA", .type = QS_CL_CHAR, .len = 3000, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .flags = QS_CL_MIXED_CASE, .prompt = "Message data" },
    { .kwd = "TOPGMQ", .type = QS_CL_CHAR, QS_CL_ELEMS(topgmq_e), .prompt = "Call stack entry" },
    { .kwd = "TOMSGQ", .type = QS_CL_CHAR, .len = 10, .dft = "*TOPGMQ",
      .rstd = QS_CL_VALUES("*TOPGMQ", "*SYSOPR"), .prompt = "Send to message queue" },
    { .kwd = "MSGTYPE", .type = QS_CL_CHAR, .len = 8, .dft = "*INFO",
      .rstd = QS_CL_VALUES("*INFO", "*INQ", "*RQS", "*COMP", "*DIAG", "*NOTIFY", "*ESCAPE", "*STATUS"),
      .prompt = "Message type" },
    { .kwd = "KEYVAR", .type = QS_CL_VARNAME, .prompt = "CL var for KEYVAR (4)" },
};

/* Bytes of replacement data the message's fields describe (0 if unknown). */
static size_t data_size(const char *msgid)
{
    const struct qs_msgdesc *d = qs_msgdesc_find(msgid);
    size_t total = 0;
    for (const char *f = d ? d->fields : ""; *f;) {
        const char *sp = strchr(f, ' ');
        if (!sp)
            break;
        total += (size_t)strtoul(sp + 1, NULL, 10);
        f = strchr(sp, ';');
        if (!f)
            break;
        f++;
    }
    return total;
}

static int send(struct qs_cl_call *c, const char *msgid, const char *data, size_t dlen,
                enum qs_msgtype type, const char *rel, struct qs_err *err);

static int sndpgmmsg_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *msgid = qs_cl_str(c->args, "MSGID");
    const char *data = qs_cl_str(c->args, "MSGDTA");
    size_t dlen = qs_cl_val_len(qs_cl_arg(c->args, "MSGDTA"));
    const struct qs_cl_val *to = qs_cl_arg(c->args, "TOPGMQ");
    const char *rel = qs_cl_val_str(qs_cl_val_item(to, 0));
    enum qs_msgtype type;

    if (qs_msgtype_parse(qs_cl_str(c->args, "MSGTYPE"), &type) < 0)
        type = QS_MSG_INFO;
    if (qs_cl_is(c->args, "MSGDTA", "*NONE") && !qs_cl_given(c->args, "MSGDTA")) {
        data = "";
        dlen = 0;
    }
    if (qs_cl_given(c->args, "MSG") == qs_cl_given(c->args, "MSGID"))
        return qs_err_set(err, "CPD0084", "0", "MSG", "MSG and MSGID", (const char *)NULL);
    if (qs_cl_given(c->args, "MSG")) {
        data = qs_cl_str(c->args, "MSG");
        dlen = qs_cl_val_len(qs_cl_arg(c->args, "MSG"));
        msgid = "";
        if (type == QS_MSG_ESCAPE)
            msgid = "CPF9898";
    } else if (!qs_msgdesc_find(msgid)) {
        return qs_err_set(err, "CPF2419", msgid, qs_cl_qual(c->args, "MSGF", 0),
                          qs_cl_qual(c->args, "MSGF", 1), (const char *)NULL);
    }

    /* short message data is blank-padded to the fields' size, as IBM does */
    char *padded = NULL;
    size_t want = *msgid ? data_size(msgid) : 0;
    if (want > dlen && want <= 32767 && (padded = malloc(want)) != NULL) {
        memset(padded, ' ', want);
        memcpy(padded, data, dlen);
        data = padded;
        dlen = want;
    }
    int rc = send(c, msgid, data, dlen, type, rel, err);
    free(padded);
    return rc;
}

static int send(struct qs_cl_call *c, const char *msgid, const char *data, size_t dlen,
                enum qs_msgtype type, const char *rel, struct qs_err *err)
{
    if (type == QS_MSG_ESCAPE && !qs_strcaseeq(rel, "*EXT")) {
        /* ends the running program; its caller receives the escape */
        qs_err_clear(err);
        qs_strlcpy(err->msgid, msgid, sizeof err->msgid);
        if (dlen && (err->data = malloc(dlen)) != NULL) {
            memcpy(err->data, data, dlen);
            err->data_len = dlen;
        }
        err->text = qs_msg_format(msgid, 0, err->data, err->data_len);
        if (c->env->frame && qs_strcaseeq(rel, "*PRV"))
            c->env->frame->escape_to_caller = 1;
        return -1;
    }
    const char *dest = qs_strcaseeq(rel, "*SAME") ? "*" : qs_strcaseeq(rel, "*EXT") ? "*EXT" : "*PRV";
    qs_cl_send(c->env, (int)type, dest, *msgid ? msgid : NULL, data, dlen);
    if (!strcmp(dest, "*EXT") && c->env->diag) {
        if (*msgid) {
            char *t = qs_msg_format(msgid, 0, (const unsigned char *)data, dlen);
            fprintf(c->env->diag, "%s: %s\n", msgid, t ? t : "");
            free(t);
        } else {
            fprintf(c->env->diag, "%.*s\n", (int)dlen, data);
        }
    }
    return 0;
}

QS_CL_COMMAND(sndpgmmsg) = { .name = "SNDPGMMSG", .text = "Send Program Message",
                             QS_CL_PARMS(parms), .maxpos = 1, .run = sndpgmmsg_run };
