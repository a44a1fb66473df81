/*
 * qsys/pf/pf.c - program-described physical files in SQLite (pf.h).
 */
#include "qsys/pf/pf.h"
#include "qsys/dbf/dbf.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "qsys/obj/obj.h"
#include "ccsid/ccsid.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char CATALOG[] =
    "CREATE TABLE IF NOT EXISTS QSHIM_PF(FILE TEXT PRIMARY KEY, RCDLEN INTEGER NOT NULL,"
    " CCSID INTEGER NOT NULL, TEXT TEXT);"
    "CREATE TABLE IF NOT EXISTS QSHIM_PFM(FILE TEXT NOT NULL, MBR TEXT NOT NULL,"
    " SEQ INTEGER NOT NULL, TEXT TEXT, PRIMARY KEY(FILE, MBR));";

int qs_pf_blank(int ccsid)
{
    struct qs_ccsid_info ci;
    return qs_ccsid_info(ccsid, &ci) == 0 && ci.ebcdic ? 0x40 : 0x20;
}

static int db_err(struct qs_err *err, sqlite3 *db)
{
    return qs_err_set(err, "CPF9898", db ? sqlite3_errmsg(db) : "database not available",
                      (const char *)NULL);
}

/* Open the library's database (creating it and the catalog when `create`). */
static sqlite3 *db_open(const char *lib, int create, struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, 4096);
    sqlite3 *db = NULL;
    if (qs_dbf_lib_path(lib, &p, err) < 0) {
        qs_buf_free(&p);
        return NULL;
    }
    if (!create && access(p.data, F_OK) != 0) {
        qs_buf_free(&p);
        return NULL;
    }
    if (sqlite3_open_v2(p.data, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
        sqlite3_busy_timeout(db, 30000) != SQLITE_OK ||
        sqlite3_exec(db, CATALOG, NULL, NULL, NULL) != SQLITE_OK) {
        db_err(err, db);
        sqlite3_close(db);
        db = NULL;
    }
    qs_buf_free(&p);
    return db;
}

/* 1 = a row, 0 = none, -1 = error. */
static int one_int(sqlite3 *db, const char *sql, const char *a, const char *b, long long *r)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    if (b)
        sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && r)
        *r = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int exec_b(sqlite3 *db, const char *sql, const char *a, const char *b, const char *c,
                  long long n)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int k = 1;
    if (a) sqlite3_bind_text(st, k++, a, -1, SQLITE_STATIC);
    if (b) sqlite3_bind_text(st, k++, b, -1, SQLITE_STATIC);
    if (c) sqlite3_bind_text(st, k++, c, -1, SQLITE_STATIC);
    if (n >= 0) sqlite3_bind_int64(st, k, n);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* "FILE.MBR", quoted for SQL (names are *NAMEs: no quotes inside). */
static void tbl(char out[32], const char *file, const char *mbr)
{
    snprintf(out, 32, "\"%s.%s\"", file, mbr);
}

static int add_member(sqlite3 *db, const char *lib, const char *file, const char *mbr,
                      const char *text, struct qs_err *err)
{
    long long seq = 0;
    if (one_int(db, "SELECT 1 FROM QSHIM_PFM WHERE FILE=?1 AND MBR=?2", file, mbr, NULL) == 1)
        return qs_err_set(err, "CPF5812", file, lib, mbr, (const char *)NULL);
    if (one_int(db, "SELECT COALESCE(MAX(SEQ),0)+1 FROM QSHIM_PFM WHERE FILE=?1", file, NULL, &seq) < 0)
        return db_err(err, db);
    char t[32], sql[128];
    tbl(t, file, mbr);
    snprintf(sql, sizeof sql, "CREATE TABLE %s(RRN INTEGER PRIMARY KEY, DATA BLOB NOT NULL)", t);
    if (exec_b(db, "INSERT INTO QSHIM_PFM(FILE, MBR, TEXT, SEQ) VALUES(?1, ?2, ?3, ?4)", file, mbr,
               text ? text : "", seq) < 0 ||
        sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_err(err, db);
    return 0;
}

static int names(const char *lib, const char *file, char l[11], char f[11], struct qs_err *err)
{
    return qs_name_check(lib, l, "library", err) < 0 || qs_name_check(file, f, "FILE", err) < 0
           ? -1 : 0;
}

int qs_pf_create(const char *lib_in, const char *file_in, int rcdlen, int ccsid, const char *mbr_in,
                  const char *text, struct qs_err *err)
{
    char lib[11], file[11], mbr[11];
    if (names(lib_in, file_in, lib, file, err) < 0 ||
        (mbr_in && qs_name_check(mbr_in, mbr, "MBR", err) < 0))
        return -1;
    if (rcdlen < 1 || rcdlen > QS_PF_MAX_RCDLEN)
        return qs_err_set(err, "CPF3C3C", "RCDLEN", (const char *)NULL);
    if (!qs_lib_exists(lib))
        return qs_err_set(err, "CPF9810", lib, (const char *)NULL);
    sqlite3 *db = db_open(lib, 1, err);
    if (!db)
        return -1;
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : db_err(err, db);
    if (rc == 0 && one_int(db, "SELECT 1 FROM QSHIM_PF WHERE FILE=?1", file, NULL, NULL) == 1)
        rc = qs_err_set(err, "CPF5813", file, lib, (const char *)NULL);
    if (rc == 0) {
        sqlite3_stmt *st;
        rc = sqlite3_prepare_v2(db, "INSERT INTO QSHIM_PF VALUES(?1, ?2, ?3, ?4)", -1, &st, NULL)
             == SQLITE_OK ? 0 : db_err(err, db);
        if (rc == 0) {
            sqlite3_bind_text(st, 1, file, -1, SQLITE_STATIC);
            sqlite3_bind_int(st, 2, rcdlen);
            sqlite3_bind_int(st, 3, ccsid);
            sqlite3_bind_text(st, 4, text ? text : "", -1, SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = db_err(err, db);
            sqlite3_finalize(st);
        }
    }
    if (rc == 0 && mbr_in)
        rc = add_member(db, lib, file, mbr, text, err);
    sqlite3_exec(db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

/* Open lib's database, begin a write transaction and check that file is a
 * physical file there (CPF9812); NULL on failure (nothing left open). */
static sqlite3 *begin_file(const char *lib, const char *file, struct qs_err *err)
{
    sqlite3 *db = db_open(lib, 0, err);
    if (!db) {
        qs_err_set(err, "CPF9812", file, lib, (const char *)NULL);
        return NULL;
    }
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : db_err(err, db);
    if (rc == 0 && one_int(db, "SELECT 1 FROM QSHIM_PF WHERE FILE=?1", file, NULL, NULL) != 1)
        rc = qs_err_set(err, "CPF9812", file, lib, (const char *)NULL);
    if (rc < 0) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

/* Commit (rc 0) or roll back, and close. */
static int finish(sqlite3 *db, int rc)
{
    sqlite3_exec(db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

int qs_pf_delete(const char *lib_in, const char *file_in, struct qs_err *err)
{
    char lib[11], file[11];
    if (names(lib_in, file_in, lib, file, err) < 0)
        return -1;
    sqlite3 *db = begin_file(lib, file, err);
    if (!db)
        return -1;
    int rc = 0;
    /* the member names first: a table cannot be dropped while a statement
     * reading the catalog is still open */
    char (*mbrs)[11] = NULL;
    size_t nm = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT MBR FROM QSHIM_PFM WHERE FILE=?1", -1, &st, NULL) != SQLITE_OK)
        rc = db_err(err, db);
    if (st) {
        sqlite3_bind_text(st, 1, file, -1, SQLITE_STATIC);
        int step;
        while (rc == 0 && (step = sqlite3_step(st)) != SQLITE_DONE) {
            char (*nv)[11] = step == SQLITE_ROW ? realloc(mbrs, (nm + 1) * sizeof *mbrs) : NULL;
            if (!nv) {
                rc = step == SQLITE_ROW ? qs_err_sys(err, ENOMEM) : db_err(err, db);
                break;
            }
            mbrs = nv;
            qs_strlcpy(mbrs[nm++], (const char *)sqlite3_column_text(st, 0), sizeof *mbrs);
        }
        sqlite3_finalize(st);
    }
    for (size_t i = 0; rc == 0 && i < nm; i++) {
        char t[32], sql[64];
        tbl(t, file, mbrs[i]);
        snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS %s", t);
        if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
            rc = db_err(err, db);
    }
    free(mbrs);
    if (rc == 0 && (exec_b(db, "DELETE FROM QSHIM_PFM WHERE FILE=?1", file, NULL, NULL, -1) < 0 ||
                    exec_b(db, "DELETE FROM QSHIM_PF WHERE FILE=?1", file, NULL, NULL, -1) < 0))
        rc = db_err(err, db);
    return finish(db, rc);
}

int qs_pf_add_member(const char *lib_in, const char *file_in, const char *mbr_in,
                      const char *text, struct qs_err *err)
{
    char lib[11], file[11], mbr[11];
    if (names(lib_in, file_in, lib, file, err) < 0 || qs_name_check(mbr_in, mbr, "MBR", err) < 0)
        return -1;
    sqlite3 *db = begin_file(lib, file, err);
    if (!db)
        return -1;
    return finish(db, add_member(db, lib, file, mbr, text, err));
}

static int lookup(const char *lib, const char *file, struct qs_pf *r)
{
    sqlite3 *db = db_open(lib, 0, NULL);
    if (!db)
        return 0;
    sqlite3_stmt *st;
    int found = 0;
    if (sqlite3_prepare_v2(db, "SELECT RCDLEN, CCSID FROM QSHIM_PF WHERE FILE=?1", -1, &st, NULL)
        == SQLITE_OK) {
        sqlite3_bind_text(st, 1, file, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            memcpy(r->lib, lib, 11);
            memcpy(r->file, file, 11);
            r->rcdlen = sqlite3_column_int(st, 0);
            r->ccsid = sqlite3_column_int(st, 1);
            found = r->rcdlen > 0 && r->rcdlen <= QS_PF_MAX_RCDLEN;
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return found;
}

int qs_pf_open(struct qs_job *j, const char *lib_in, const char *file_in, struct qs_pf *r,
                struct qs_err *err)
{
    char lib[11], file[11];
    memset(r, 0, sizeof *r);
    if (qs_name_check(file_in, file, "FILE", err) < 0)
        return -1;
    int list = !lib_in || !*lib_in || !strcmp(lib_in, "*LIBL") || !strcmp(lib_in, "*CURLIB");
    if (!list) {
        if (qs_name_check(lib_in, lib, "library", err) < 0)
            return -1;
        return lookup(lib, file, r) ? 0 : qs_err_set(err, "CPF9812", file, lib, (const char *)NULL);
    }
    for (size_t i = 0; j && i < j->libl.n; i++)
        if (lookup(j->libl.lib[i], file, r))
            return 0;
    if (lookup("QGPL", file, r))
        return 0;
    return qs_err_set(err, "CPF9812", file, "*LIBL", (const char *)NULL);
}

int qs_pf_member(const struct qs_pf *f, const char *mbr, char out[11], struct qs_err *err)
{
    sqlite3 *db = db_open(f->lib, 0, err);
    if (!db)
        return qs_err_set(err, "CPF9812", f->file, f->lib, (const char *)NULL);
    sqlite3_stmt *st;
    int first = !mbr || !*mbr || !strcmp(mbr, "*FIRST");
    char m[11] = "";
    int rc = 0;
    if (!first && qs_name_check(mbr, m, "MBR", err) < 0)
        rc = -1;
    if (rc == 0 && sqlite3_prepare_v2(db, first ?
            "SELECT MBR FROM QSHIM_PFM WHERE FILE=?1 ORDER BY SEQ LIMIT 1" :
            "SELECT MBR FROM QSHIM_PFM WHERE FILE=?1 AND MBR=?2", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, f->file, -1, SQLITE_STATIC);
        if (!first)
            sqlite3_bind_text(st, 2, m, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            qs_strlcpy(out, (const char *)sqlite3_column_text(st, 0), 11);
        else
            rc = qs_err_set(err, "CPF9815", f->file, f->lib, first ? "*FIRST" : m, (const char *)NULL);
        sqlite3_finalize(st);
    } else if (rc == 0) {
        rc = db_err(err, db);
    }
    sqlite3_close(db);
    return rc;
}

int qs_pf_read(const struct qs_pf *f, const char *mbr_in, char **data_r, size_t *len_r,
                size_t *nrec_r, struct qs_err *err)
{
    *data_r = NULL;
    *len_r = *nrec_r = 0;
    char mbr[11];
    if (qs_pf_member(f, mbr_in, mbr, err) < 0)
        return -1;
    sqlite3 *db = db_open(f->lib, 0, err);
    if (!db)
        return -1;
    char t[32], sql[96];
    tbl(t, f->file, mbr);
    snprintf(sql, sizeof sql, "SELECT DATA FROM %s ORDER BY RRN", t);
    struct qs_buf b;
    qs_buf_init(&b, QS_PF_MAX_BYTES);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK ? 0 : db_err(err, db);
    while (rc == 0) {
        int s = sqlite3_step(st);
        if (s == SQLITE_DONE)
            break;
        if (s != SQLITE_ROW) {
            rc = db_err(err, db);
            break;
        }
        const void *d = sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        /* a record is exactly rcdlen: shorter rows (written by hand) are
         * padded with blanks of the file's CCSID, longer ones cut */
        size_t keep = n < (size_t)f->rcdlen ? n : (size_t)f->rcdlen;
        if (qs_buf_add(&b, d, keep) < 0) {
            rc = qs_err_sys(err, errno);
            break;
        }
        for (size_t k = keep; k < (size_t)f->rcdlen; k++)
            if (qs_buf_addc(&b, (char)qs_pf_blank(f->ccsid)) < 0) {
                rc = qs_err_sys(err, errno);
                break;
            }
        (*nrec_r)++;
    }
    if (rc == 0)
        sqlite3_finalize(st);
    else if (st)
        sqlite3_finalize(st);
    sqlite3_close(db);
    if (rc < 0) {
        qs_buf_free(&b);
        *nrec_r = 0;
        return -1;
    }
    *data_r = qs_buf_detach(&b, len_r);
    if (!*data_r)
        *data_r = calloc(1, 1);
    return *data_r ? 0 : qs_err_sys(err, ENOMEM);
}

int qs_pf_write(const struct qs_pf *f, const char *mbr_in, const char *data, size_t len,
                 int replace, struct qs_err *err)
{
    if (len % (size_t)f->rcdlen)
        return qs_err_set(err, "CPF3C3C", "record data", (const char *)NULL);
    char mbr[11];
    int first = !mbr_in || !*mbr_in || !strcmp(mbr_in, "*FIRST");
    if (first ? qs_pf_member(f, "*FIRST", mbr, err) < 0 : qs_name_check(mbr_in, mbr, "MBR", err) < 0)
        return -1;
    sqlite3 *db = db_open(f->lib, 0, err);
    if (!db)
        return qs_err_set(err, "CPF9812", f->file, f->lib, (const char *)NULL);
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : db_err(err, db);
    if (rc == 0 && one_int(db, "SELECT 1 FROM QSHIM_PFM WHERE FILE=?1 AND MBR=?2", f->file, mbr,
                           NULL) != 1)
        rc = add_member(db, f->lib, f->file, mbr, NULL, err);
    char t[32], sql[96];
    tbl(t, f->file, mbr);
    if (rc == 0 && replace) {
        snprintf(sql, sizeof sql, "DELETE FROM %s", t);
        if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
            rc = db_err(err, db);
    }
    sqlite3_stmt *st = NULL;
    snprintf(sql, sizeof sql, "INSERT INTO %s(DATA) VALUES(?1)", t);
    if (rc == 0 && sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        rc = db_err(err, db);
    for (size_t off = 0; rc == 0 && off < len; off += (size_t)f->rcdlen) {
        sqlite3_reset(st);
        sqlite3_bind_blob(st, 1, data + off, f->rcdlen, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_err(err, db);
    }
    sqlite3_finalize(st);
    sqlite3_exec(db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}
