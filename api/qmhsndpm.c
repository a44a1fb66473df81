/*
 * api/qmhsndpm.c - QMHSNDPM, Send Program Message (see qmhsndpm.h).
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/msgtab.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"

#include <qmhsndpm.h>
#include <qusec.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int send(struct qs_job *j, const void *msgid_f, const void *msgf_f, const void *data,
                int dlen, const void *type_f, const void *cse_f, int counter, void *key_r,
                void *errcode, struct qs_err *err)
{
    if (!msgid_f || !type_f || !cse_f || dlen < 0 || (dlen > 0 && !data))
        return qs_err_set(err, "CPF24B4", (const char *)NULL);
    if ((size_t)dlen > QS_MAX_MSG_DATA)
        dlen = (int)QS_MAX_MSG_DATA;
    char msgid[8], msgf[11], msgflib[11], type[11], cse[11];
    qs_api_field_in(j, msgid_f, 7, msgid);
    qs_api_field_in(j, type_f, 10, type);
    qs_api_field_in(j, cse_f, 10, cse);
    enum qs_msgtype t;
    if (qs_msgtype_parse(type, &t) < 0 || t == QS_MSG_INQ || t == QS_MSG_RQS)
        return qs_err_set(err, "CPF2435", type, (const char *)NULL);
    if (counter < 0) {
        char c[16];
        snprintf(c, sizeof c, "%d", counter);
        return qs_err_set(err, "CPF24A3", c, (const char *)NULL);
    }
    if (msgid[0]) {
        if (!msgf_f)
            return qs_err_set(err, "CPF24B4", (const char *)NULL);
        qs_api_field_in(j, msgf_f, 10, msgf);
        qs_api_field_in(j, (const char *)msgf_f + 10, 10, msgflib);
        if (strcmp(msgf, "QCPFMSG") != 0)
            return qs_err_set(err, "CPF2407", msgf, msgflib[0] ? msgflib : "*LIBL",
                              (const char *)NULL);
        if (!qs_msgdesc_find(msgid))
            return qs_err_set(err, "CPF2419", msgid, msgf, "QSYS", (const char *)NULL);
    } else if (t == QS_MSG_ESCAPE || t == QS_MSG_NOTIFY || t == QS_MSG_STATUS) {
        return qs_err_set(err, "CPF2435", type, (const char *)NULL);
    }
    if (t == QS_MSG_ESCAPE) {
        /* the message becomes an exception in the caller of this API */
        struct qs_err esc = QS_ERR_INIT;
        qs_strlcpy(esc.msgid, msgid, sizeof esc.msgid);
        esc.data = malloc((size_t)dlen + 1);
        if (!esc.data)
            return qs_err_sys(err, 12);
        if (dlen)
            memcpy(esc.data, data, (size_t)dlen);
        esc.data_len = (size_t)dlen;
        esc.text = qs_msg_format(msgid, 0, esc.data, esc.data_len);
        if (key_r)
            memset(key_r, 0, 4);
        qs_ec_begin(errcode, "QMHSNDPM");   /* no error: Bytes_Available 0 */
        qs_escape(&esc, cse[0] && strcmp(cse, "*") ? cse : "QMHSNDPM");
    }
    unsigned key = 0;
    if (qs_job_sndpgmmsg(j, msgid, data, (size_t)dlen, t, cse, counter, &key, err) < 0)
        return -1;
    if (key_r) {
        unsigned char k[4] = { (unsigned char)(key >> 24), (unsigned char)(key >> 16),
                               (unsigned char)(key >> 8), (unsigned char)key };
        memcpy(key_r, k, 4);
    }
    return 0;
}

void QMHSNDPM(void *msgid, void *msgf, void *data, int dlen, void *type, void *cse,
              int counter, void *key, void *errcode, ...)
{
    qs_ec_begin(errcode, "QMHSNDPM");
    struct qs_err err = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&err);
    if (!j || send(j, msgid, msgf, data, dlen, type, cse, counter, key, errcode, &err) < 0)
        qs_ec_report(errcode, &err, "QMHSNDPM");
    qs_err_clear(&err);
}
