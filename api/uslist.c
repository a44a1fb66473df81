/*
 * api/uslist.c - list API results in a user space (see uslist.h).
 */
#include "api/uslist.h"

#include "api/apiparm.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "qsys/usrspc/usrspc.h"

#include <qusgen.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(Qus_Generic_Header_0100_t) == 192, "generic header 0100");
_Static_assert(offsetof(Qus_Generic_Header_0100_t, Offset_List_Data) == 124, "generic header");
_Static_assert(offsetof(Qus_Generic_Header_0100_t, Size_Each_Entry) == 136, "generic header");

int qs_api_buf_zeros(struct qs_buf *b, size_t n)
{
    if (qs_buf_reserve(b, n) < 0)
        return -1;
    memset(b->data + b->len, 0, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

void qs_api_list_init(struct qs_api_list *l, const char *api, const char *format)
{
    memset(l, 0, sizeof *l);
    l->api = api;
    l->format = format;
    qs_buf_init(&l->input, QS_USRSPC_MAX);
    qs_buf_init(&l->header, QS_USRSPC_MAX);
    qs_buf_init(&l->entries, QS_USRSPC_MAX);
}

void qs_api_list_free(struct qs_api_list *l)
{
    qs_buf_free(&l->input);
    qs_buf_free(&l->header);
    qs_buf_free(&l->entries);
}

void *qs_api_list_add(struct qs_api_list *l)
{
    size_t at = l->entries.len;
    if (l->entry_size == 0 || qs_api_buf_zeros(&l->entries, l->entry_size) < 0)
        return NULL;
    l->n++;
    return l->entries.data + at;
}

void qs_api_cyymmdd(time_t t, char *d, char *h)
{
    struct tm tm;
    char b[64];
    memcpy(d, "0000000", 8);
    memcpy(h, "000000", 7);
    if (localtime_r(&t, &tm)) {
        unsigned c = tm.tm_year >= 100 ? 1u : 0u, yy = (unsigned)tm.tm_year % 100u;
        snprintf(b, sizeof b, "%u%02u%02u%02u", c, yy, (unsigned)(tm.tm_mon + 1) % 100u,
                 (unsigned)tm.tm_mday % 100u);
        memcpy(d, b, 7);
        snprintf(b, sizeof b, "%02u%02u%02u", (unsigned)tm.tm_hour % 100u,
                 (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
        memcpy(h, b, 6);
    }
}

static size_t align4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

int qs_api_list_write(struct qs_job *j, const char *lib, const char *name,
                      const struct qs_api_list *l, struct qs_err *err)
{
    size_t in_off = sizeof(Qus_Generic_Header_0100_t);
    size_t hd_off = align4(in_off + l->input.len);
    size_t ls_off = align4(hd_off + l->header.len);
    size_t n = l->n;
    char status = 'C';
    void *p;
    size_t have;
    if (qs_usrspc_ptr(j, lib, name, &p, &have, err) < 0)
        return -1;
    /* An auto-extendable space grows on the write; a fixed one may be small. */
    size_t want = ls_off + n * l->entry_size;
    struct qs_err probe = QS_ERR_INIT;
    if (want > have && qs_usrspc_write(j, lib, name, want, 1, "", 0, &probe) < 0) {
        qs_err_clear(&probe);
        if (have < ls_off)
            return qs_err_set(err, "CPF3C14", "0", (const char *)NULL);
        n = l->entry_size ? (have - ls_off) / l->entry_size : 0;
        status = 'P';
    }
    struct qs_buf out;
    qs_buf_init(&out, QS_USRSPC_MAX);
    Qus_Generic_Header_0100_t g;
    memset(&g, 0, sizeof g);
    char d[8], h[7], when[14];
    qs_api_cyymmdd(time(NULL), d, h);
    snprintf(when, sizeof when, "%s%s", d, h);
    qs_api_field_out(j, g.User_Area, sizeof g.User_Area, "");
    g.Size_Generic_Header = (int)sizeof g;
    qs_api_field_out(j, g.Structure_Release_Level, 4, "0100");
    qs_api_field_out(j, g.Format_Name, 8, l->format);
    qs_api_field_out(j, g.Api_Used, 10, l->api);
    qs_api_field_out(j, g.Date_Time_Created, 13, when);
    qs_api_field_out(j, &g.Information_Status, 1, status == 'C' ? "C" : "P");
    g.Offset_Input_Parameter = (int)in_off;
    g.Size_Input_Parameter = (int)l->input.len;
    g.Offset_Header_Section = (int)hd_off;
    g.Size_Header_Section = (int)l->header.len;
    g.Offset_List_Data = (int)ls_off;
    g.Size_List_Data = (int)(n * l->entry_size);
    g.Number_List_Entries = (int)n;
    g.Size_Each_Entry = (int)l->entry_size;
    g.CCSID_List_Ent = qs_job_is_ebcdic(j) ? j->ccsid : 1208;
    qs_api_field_out(j, g.Country_ID, 2, "");
    qs_api_field_out(j, g.Language_ID, 3, "");
    qs_api_field_out(j, &g.Subset_List_Indicator, 1, "0");
    g.Size_User_Space = (int)(ls_off + n * l->entry_size);
    int rc = -1;
    if (qs_buf_add(&out, &g, sizeof g) == 0 && qs_buf_add(&out, l->input.data, l->input.len) == 0 &&
        qs_api_buf_zeros(&out, hd_off - out.len) == 0 &&
        qs_buf_add(&out, l->header.data, l->header.len) == 0 &&
        qs_api_buf_zeros(&out, ls_off - out.len) == 0 &&
        qs_buf_add(&out, l->entries.data, n * l->entry_size) == 0)
        rc = qs_usrspc_write(j, lib, name, 1, out.len, out.data, 0, err);
    else
        qs_err_sys(err, ENOMEM);
    qs_buf_free(&out);
    return rc;
}
