/*
 * api/qwcrdtaa.c - QWCRDTAA, Retrieve Data Area (see qwcrdtaa.h).
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "qsys/base/err.h"
#include "qsys/dtaara/dtaara.h"
#include "qsys/job/job.h"

#include <qusec.h>
#include <qwcrdtaa.h>

#include <stdlib.h>
#include <string.h>

#define HDR ((int)sizeof(Qwc_Rdtaa_Data_Returned_t))

static int rtv(struct qs_job *j, void *rcv, int rcvlen, const void *qname, int start,
               int length, struct qs_err *err)
{
    if (!rcv || !qname || rcvlen < 8)
        return qs_err_set(err, "CPF24B4", (const char *)NULL);
    char name[11], lib[11];
    qs_api_field_in(j, qname, 10, name);
    qs_api_field_in(j, (const char *)qname + 10, 10, lib);
    if (!strcmp(name, "*GDA") || !strcmp(name, "*PDA"))
        return qs_err_set(err, "CPF1015", name, "*LIBL", (const char *)NULL);
    struct qs_dtaara *d = malloc(sizeof *d);
    if (!d)
        return qs_err_sys(err, 12);
    int rc = -1;
    if (qs_dtaara_retrieve(j, lib, name, d, err) < 0)
        goto out;
    const unsigned char *val = d->value;
    int vlen = (int)d->value_len;
    if (d->type == QS_DTAARA_CHAR && start != -1) {
        if (start < 1 || start > d->len) {
            qs_err_set(err, "CPF1088", name, d->lib, (const char *)NULL);
            goto out;
        }
        if (length < 1 || length > d->len - start + 1) {
            qs_err_set(err, "CPF1089", name, d->lib, (const char *)NULL);
            goto out;
        }
        val += start - 1;
        vlen = length;
    } else if (d->type != QS_DTAARA_CHAR && start != -1 && start != 1) {
        qs_err_set(err, "CPF1087", name, d->lib, (const char *)NULL);
        goto out;
    }
    Qwc_Rdtaa_Data_Returned_t h;
    memset(&h, 0, sizeof h);
    h.Bytes_Available = HDR + vlen;
    h.Bytes_Returned = h.Bytes_Available < rcvlen ? h.Bytes_Available : rcvlen;
    qs_api_field_out(j, h.Type_Value_Returned, 10, qs_dtaara_type_name(d->type));
    qs_api_field_out(j, h.Library_Name, 10, strcmp(name, "*LDA") ? d->lib : " ");
    h.Length_Value_Returned = d->type == QS_DTAARA_CHAR ? vlen : d->len;
    h.Number_Decimal_Positions = d->dec;
    memcpy(rcv, &h, (size_t)(rcvlen < HDR ? rcvlen : HDR));
    if (rcvlen > HDR)
        memcpy((char *)rcv + HDR, val, (size_t)(vlen < rcvlen - HDR ? vlen : rcvlen - HDR));
    rc = 0;
out:
    free(d);
    return rc;
}

void QWCRDTAA(void *rcv, int rcvlen, void *qname, int start, int length, void *errcode)
{
    qs_ec_begin(errcode, "QWCRDTAA");
    struct qs_err err = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&err);
    if (!j || rtv(j, rcv, rcvlen, qname, start, length, &err) < 0)
        qs_ec_report(errcode, &err, "QWCRDTAA");
    qs_err_clear(&err);
}
