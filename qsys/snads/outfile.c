/*
 * qsys/snads/outfile.c - QRYDST/RCVDST OUTFILE as an SQLite table.
 *
 * IBM's model files QAOSILIN (format OSLIN) and QAOSILOT (OSLOUT) are not
 * documented anywhere we could read, so the columns are qshim's (see
 * docs/snads.md); names keep IBM's 6-10 character style so a query written
 * against them reads naturally.  Dates are CYYMMDD and times HHMMSS, as IBM
 * database files hold them.
 */
#include "qsys/snads/store.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char in_cols[] =
    "DSTID CHAR(20), DSTIDEXN INTEGER, SNDUSRID CHAR(8), SNDADDR CHAR(8), "
    "DSTTYPE CHAR(6), STATUS CHAR(8), RCPTYPE CHAR(4), DSTD VARCHAR(44), "
    "SUBJECT VARCHAR(60), MSG VARCHAR(256), SENSITIV CHAR(13), PERSONAL CHAR(1), "
    "IMPORTANCE CHAR(7), PTY CHAR(7), CFMDEL CHAR(1), RCVDATE CHAR(7), RCVTIME CHAR(6), "
    "SNDDATE CHAR(7), SNDTIME CHAR(6), DOCNAME VARCHAR(255)";
static const char rcv_extra[] = ", LONGMSG VARCHAR(5000), DOC BLOB";
static const char out_cols[] =
    "DSTID CHAR(20), DSTTYPE CHAR(6), DSTD VARCHAR(44), SUBJECT VARCHAR(60), "
    "SNDDATE CHAR(7), SNDTIME CHAR(6), RCPUSRID CHAR(8), RCPADDR CHAR(8), "
    "RCPINET VARCHAR(256), RCPTYPE CHAR(4), STATUS CHAR(8), CFMDEL CHAR(1), "
    "CONFIRMED CHAR(1), STSDATE CHAR(7), STSTIME CHAR(6)";

static void ibm_date(char d[8], char t[7], time_t when)
{
    struct tm tm;
    localtime_r(&when, &tm);
    char ymd[16];
    strftime(ymd, sizeof ymd, "%Y%m%d", &tm);   /* CYYMMDD: century digit, YY, MM, DD */
    d[0] = tm.tm_year >= 100 ? '1' : '0';
    memcpy(d + 1, ymd + strlen(ymd) - 6, 6);
    d[7] = '\0';
    strftime(t, 7, "%H%M%S", &tm);
}

static int table_ok(const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || n > 10 || (t[0] >= '0' && t[0] <= '9'))
        return 0;
    for (; *t; t++)
        if (!((*t >= 'A' && *t <= 'Z') || (*t >= 'a' && *t <= 'z') ||
              (*t >= '0' && *t <= '9') || *t == '_' || *t == '#' || *t == '@' || *t == '$'))
            return 0;
    return 1;
}

static int dberr(sqlite3 *db, struct qs_err *err)
{
    return qs_err_set(err, "CPF9898", db ? sqlite3_errmsg(db) : "SQLite open failed",
                      (const char *)NULL);
}

static void bind_s(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

int qs_dst_outfile(const char *dbpath, const char *table, enum qs_dst_log log,
                   int rcv, struct qs_dst *const *v, size_t n, int replace,
                   struct qs_err *err)
{
    return qs_dst_outfile_sel(dbpath, table, log, rcv, QS_OUTDTA_ALL, v, n, replace, err);
}

int qs_dst_outfile_sel(const char *dbpath, const char *table, enum qs_dst_log log, int rcv,
                       unsigned sel, struct qs_dst *const *v, size_t n, int replace,
                       struct qs_err *err)
{
#define SEL(bit, s) ((sel & (bit)) ? (s) : NULL)
    if (!table_ok(table))
        return qs_err_set(err, "CPF9083", "OUTMBR", table, (const char *)NULL);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        int rc = dberr(db, err);
        sqlite3_close(db);
        return rc;
    }
    sqlite3_busy_timeout(db, 5000);
    char sql[1024];
    int out = log == QS_LOG_OUT;
    snprintf(sql, sizeof sql, "CREATE TABLE IF NOT EXISTS \"%s\" (%s%s)", table,
             out ? out_cols : in_cols, !out && rcv ? rcv_extra : "");
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK &&
             sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    if (rc == 0 && replace) {
        snprintf(sql, sizeof sql, "DELETE FROM \"%s\"", table);
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    }
    sqlite3_stmt *st = NULL;
    if (rc == 0) {
        if (out)
            snprintf(sql, sizeof sql, "INSERT INTO \"%s\" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", table);
        else
            snprintf(sql, sizeof sql, "INSERT INTO \"%s\" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?%s)",
                     table, rcv ? ",?,?" : "");
        rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK ? 0 : -1;
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct qs_dst *d = v[i];
        char sd[8], stime[7], rd[8], rt[7];
        ibm_date(sd, stime, d->created);
        ibm_date(rd, rt, d->received);
        size_t rows = out ? d->nrcpt : 1;
        for (size_t k = 0; rc == 0 && k < rows; k++) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            int c = 1;
            bind_s(st, c++, d->dstid);
            if (out) {
                const struct qs_dst_rcpt *r = &d->rcpt[k];
                char xd[8], xt[7];
                ibm_date(xd, xt, r->when);
                bind_s(st, c++, qs_dst_type_name(d->type));
                bind_s(st, c++, d->dstd);
                bind_s(st, c++, d->subject);
                bind_s(st, c++, sd);
                bind_s(st, c++, stime);
                bind_s(st, c++, r->inet ? "" : r->user);
                bind_s(st, c++, r->inet ? "" : r->addr);
                bind_s(st, c++, r->inet);
                bind_s(st, c++, qs_dst_kind_name(r->kind));
                bind_s(st, c++, qs_dst_status_name(r->status));
                bind_s(st, c++, d->cfmdel ? "Y" : "N");
                bind_s(st, c++, r->confirmed ? "Y" : "N");
                bind_s(st, c++, xd);
                bind_s(st, c++, xt);
            } else {
                const unsigned I = QS_OUTDTA_DSTINFO;
                sqlite3_bind_int(st, c++, d->ext);
                bind_s(st, c++, SEL(I, d->from_user));
                bind_s(st, c++, SEL(I, d->from_addr));
                bind_s(st, c++, SEL(I, qs_dst_type_name(d->type)));
                bind_s(st, c++, SEL(I, d->errtext ? "DAMAGED" : qs_dst_status_name(d->status)));
                bind_s(st, c++, SEL(I, qs_dst_kind_name(d->kind)));
                bind_s(st, c++, SEL(QS_OUTDTA_DOCD, d->dstd));
                bind_s(st, c++, SEL(QS_OUTDTA_SUBJECT, d->subject));
                bind_s(st, c++, SEL(QS_OUTDTA_MSG, d->msg));
                bind_s(st, c++, SEL(I, qs_dst_sens_name(d->sensitiv)));
                bind_s(st, c++, SEL(I, d->personal ? "Y" : "N"));
                bind_s(st, c++, SEL(I, qs_dst_level_name(d->importance)));
                bind_s(st, c++, SEL(I, qs_dst_level_name(d->pty)));
                bind_s(st, c++, SEL(I, d->cfmdel ? "Y" : "N"));
                bind_s(st, c++, SEL(I, rd));
                bind_s(st, c++, SEL(I, rt));
                bind_s(st, c++, SEL(I, sd));
                bind_s(st, c++, SEL(I, stime));
                bind_s(st, c++, SEL(QS_OUTDTA_DOC | QS_OUTDTA_DOCD, d->doc_name));
                if (rcv) {
                    bind_s(st, c++, SEL(QS_OUTDTA_MSG, d->longmsg));
                    if (d->doc && (sel & QS_OUTDTA_DOC))
                        sqlite3_bind_blob(st, c++, d->doc, (int)d->doc_len, SQLITE_TRANSIENT);
                    else
                        sqlite3_bind_null(st, c++);
                }
            }
            rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        }
    }
    sqlite3_finalize(st);
    if (rc == 0)
        rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    if (rc < 0) {
        dberr(db, err);
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    }
    sqlite3_close(db);
    return rc;
#undef SEL
}
