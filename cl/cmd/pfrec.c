/* cl/cmd/pfrec.c - member records of a program-described file (pfrec.h). */
#include "cl/cmd/pfrec.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/dbf/dbf.h"
#include "qsys/dbf/pf.h"
#include "qsys/job/job.h"
#include "qsys/obj/obj.h"

#include <sqlite3.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QS_PFRECS_MAX 10000000u     /* records read from one member */

static int row(void *arg, const char *const *vals, struct qs_err *err)
{
    struct qs_pfrecs *r = arg;
    if (!vals[0] || strcmp(vals[0], r->mbr))
        return 0;
    if (r->n >= QS_PFRECS_MAX)
        return qs_err_set(err, "CPF9897", "member has too many records", (const char *)NULL);
    char **nv = realloc(r->rec, (r->n + 1) * sizeof *nv);
    if (!nv)
        return qs_err_sys(err, ENOMEM);
    r->rec = nv;
    if (!(r->rec[r->n] = strdup(vals[1] ? vals[1] : "")))
        return qs_err_sys(err, ENOMEM);
    r->n++;
    return 0;
}

/* Characters of UTF-8 text. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Declared length of a column type: "CHAR(20)" -> 20, else 0 (as long as
 * the value is). */
static unsigned width(const char *type)
{
    const char *p = type ? strchr(type, '(') : NULL;
    unsigned w = 0;
    for (p = p ? p + 1 : NULL; p && *p >= '0' && *p <= '9' && w < QS_PF_RCDLEN_MAX; p++)
        w = w * 10 + (unsigned)(*p - '0');
    return w;
}

/* An externally described file (RUNSQL, DSPJRN/QRYDST OUTFILE): each row
 * is a record of its fields side by side, a field blank padded (or cut) to
 * its declared length, NULL as blanks; a type without length takes the
 * value as it is.  Its only member is named like the file. */
static int ext_read(struct qs_job *j, const char *lib, struct qs_pfrecs *r, struct qs_err *err)
{
    struct qs_buf db, rec;
    qs_buf_init(&db, 4096);
    qs_buf_init(&rec, 4u * QS_PF_RCDLEN_MAX + 16);
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    unsigned *w = NULL;
    int rc = qs_dbf_find(j ? &j->libl : NULL, lib, r->file, &db, r->lib, err);
    if (rc == 0 && sqlite3_open_v2(db.data, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        rc = qs_err_set(err, "CPF9897", "database not readable", (const char *)NULL);
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY rowid", r->file);
    if (rc == 0 && sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        rc = qs_err_set(err, "CPF9897", sqlite3_errmsg(h), (const char *)NULL);
    int ncol = st ? sqlite3_column_count(st) : 0;
    if (rc == 0 && !(w = calloc((size_t)ncol + 1, sizeof *w)))
        rc = qs_err_sys(err, ENOMEM);
    for (int c = 0; rc == 0 && c < ncol; c++)
        w[c] = width(sqlite3_column_decltype(st, c));
    while (rc == 0) {
        int step = sqlite3_step(st);
        if (step == SQLITE_DONE)
            break;
        if (step != SQLITE_ROW) {
            rc = qs_err_set(err, "CPF9897", sqlite3_errmsg(h), (const char *)NULL);
            break;
        }
        qs_buf_reset(&rec);
        for (int c = 0; rc == 0 && c < ncol; c++) {
            const char *v = (const char *)sqlite3_column_text(st, c);
            if (!v)
                v = "";
            size_t k = 0, nc = 0;
            while (v[k] && (!w[c] || nc < w[c] || ((unsigned char)v[k] & 0xC0) == 0x80)) {
                nc += ((unsigned char)v[k] & 0xC0) != 0x80;
                if (w[c] && nc > w[c])
                    break;
                k++;
            }
            if (qs_buf_add(&rec, v, k) < 0)
                rc = qs_err_sys(err, E2BIG);
            for (; rc == 0 && nc < w[c]; nc++)
                if (qs_buf_addc(&rec, ' ') < 0)
                    rc = qs_err_sys(err, E2BIG);
        }
        if (rc == 0) {
            size_t cn = chars(rec.data ? rec.data : "");
            if (cn > r->rcdlen)
                r->rcdlen = cn > QS_PF_RCDLEN_MAX ? QS_PF_RCDLEN_MAX : (unsigned)cn;
            while (rec.len && rec.data[rec.len - 1] == ' ')
                rec.len--;
            const char *vals[2] = { r->mbr, "" };
            if (qs_buf_addc(&rec, '\0') < 0)
                rc = qs_err_sys(err, E2BIG);
            vals[1] = rec.data;
            if (rc == 0)
                rc = row(r, vals, err);
        }
    }
    unsigned decl = 0;
    for (int c = 0; w && c < ncol; c++)
        decl += w[c];
    if (decl > r->rcdlen)
        r->rcdlen = decl > QS_PF_RCDLEN_MAX ? QS_PF_RCDLEN_MAX : decl;
    free(w);
    sqlite3_finalize(st);
    sqlite3_close(h);
    qs_buf_free(&db);
    qs_buf_free(&rec);
    return rc;
}

int qs_pfrecs_read(struct qs_job *j, const char *lib, const char *file_in, const char *mbr,
                   struct qs_pfrecs *r, struct qs_err *err)
{
    memset(r, 0, sizeof *r);
    if (qs_name_check(file_in, r->file, "FILE", err) < 0)
        return -1;
    struct qs_err e2 = QS_ERR_INIT;
    if (qs_pf_find(j, lib, r->file, r->lib, &r->rcdlen, &e2) < 0) {
        if (strcmp(e2.msgid, "CPF9812")) {
            qs_err_move(err, &e2);
            return -1;
        }
        qs_err_clear(&e2);
        if (mbr && *mbr && strcmp(mbr, "*FIRST") && !qs_strcaseeq(mbr, r->file))
            return qs_err_set(err, "CPF9815", r->file, lib ? lib : "*LIBL", mbr, (const char *)NULL);
        memcpy(r->mbr, r->file, sizeof r->mbr);
        if (ext_read(j, lib, r, err) < 0) {
            qs_pfrecs_free(r);
            return -1;
        }
        return 0;
    }
    if (!mbr || !*mbr || !strcmp(mbr, "*FIRST"))
        memcpy(r->mbr, r->file, sizeof r->mbr);
    else if (qs_name_check(mbr, r->mbr, "MBR", err) < 0)
        return -1;
    struct qs_buf db;
    qs_buf_init(&db, 4096);
    const char *cols[2] = { "MBR", r->file };
    int rc = qs_dbf_lib_path(r->lib, &db, err);
    if (rc == 0)
        rc = qs_dbf_select(db.data, r->file, cols, 2, row, r, err);
    qs_buf_free(&db);
    if (rc < 0)
        qs_pfrecs_free(r);
    return rc < 0 ? -1 : 0;
}

void qs_pfrecs_free(struct qs_pfrecs *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->rec[i]);
    free(r->rec);
    r->rec = NULL;
    r->n = 0;
}
