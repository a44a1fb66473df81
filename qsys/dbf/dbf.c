/*
 * qsys/dbf/dbf.c - database files as SQLite tables (see dbf.h).
 */
#include "qsys/dbf/dbf.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"
#include "qsys/obj/obj.h"

#define BUSY_MS 5000

int qs_dbf_lib_path(const char *lib, struct qs_buf *out, struct qs_err *err)
{
    char nm[QS_NAME_LEN + 1];
    if (qs_name_check(lib, nm, "LIB", err) < 0)
        return -1;
    size_t mark = out->len;
    if (qs_root_path(out, err, "db") < 0 || qs_mkdir_p(out->data + mark, 0700, err) < 0)
        return -1;
    if (qs_buf_addf(out, "/%s.sqlite", nm) < 0)
        return qs_err_sys(err, ENAMETOOLONG);
    return 0;
}

static int dberr(const char *id, sqlite3 *db, struct qs_err *err)
{
    char t[512];
    qs_sanitize(t, sizeof t, db ? sqlite3_errmsg(db) : "cannot open", db ? strlen(sqlite3_errmsg(db)) : 11);
    return qs_err_set(err, id, t, (const char *)NULL);
}

/* "X" is an identifier, never a string (SQL's rule, not SQLite's default). */
static void strict_quotes(sqlite3 *db)
{
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)NULL);
}

/* 1 when database `path` exists and has table `file`. */
static int has_table(const char *path, const char *file)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int found = 0;
    if (access(path, R_OK) != 0)
        return 0;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, BUSY_MS);
        if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') "
                               "AND upper(name) = ?", -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, file, -1, SQLITE_STATIC);
            found = sqlite3_step(st) == SQLITE_ROW;
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return found;
}

int qs_dbf_find(const struct qs_libl *libl, const char *lib, const char *file,
                struct qs_buf *db_r, char lib_r[11], struct qs_err *err)
{
    char f[QS_NAME_LEN + 1];
    if (qs_name_check(file, f, "FILE", err) < 0)
        return -1;
    int search = !lib || !*lib || qs_strcaseeq(lib, "*LIBL") || qs_strcaseeq(lib, "*CURLIB");
    static const struct qs_libl qgpl = { 1, { "QGPL" } };
    const struct qs_libl *l = search ? (libl ? libl : &qgpl) : NULL;
    size_t n = l ? l->n : 1;
    size_t mark = db_r->len;
    for (size_t i = 0; i < n; i++) {
        const char *cand = l ? l->lib[i] : lib;
        db_r->len = mark;
        if (qs_dbf_lib_path(cand, db_r, err) < 0)
            return -1;
        if (has_table(db_r->data + mark, f)) {
            qs_name_check(cand, lib_r, "LIB", err);
            return 0;
        }
    }
    qs_buf_truncate(db_r, mark);
    return qs_err_set(err, "CPF9812", f, search ? "*LIBL" : lib, (const char *)NULL);
}

int qs_dbf_select(const char *dbpath, const char *file, const char *const *cols, size_t ncols,
                  int (*row)(void *arg, const char *const *vals, struct qs_err *err), void *arg,
                  struct qs_err *err)
{
    char f[QS_NAME_LEN + 1];
    if (qs_name_check(file, f, "FILE", err) < 0)
        return -1;
    struct qs_buf sql, val[8];
    const char *v[8];
    if (ncols == 0 || ncols > 8)
        return qs_err_set(err, "CPF9897", "dbf: 1 to 8 fields", (const char *)NULL);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int rc = -1;
    qs_buf_init(&sql, 4096);
    for (size_t i = 0; i < ncols; i++)
        qs_buf_init(&val[i], QS_DBF_MAX_FIELD);
    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        qs_err_set(err, "CPF9812", f, "", (const char *)NULL);
        goto out;
    }
    sqlite3_busy_timeout(db, BUSY_MS);
    strict_quotes(db);
    qs_buf_adds(&sql, "SELECT ");
    for (size_t i = 0; i < ncols; i++) {
        char c[QS_NAME_LEN + 1];
        if (qs_name_check(cols[i], c, "FIELD", err) < 0)
            goto out;
        qs_buf_addf(&sql, "%s\"%s\"", i ? ", " : "", c);
    }
    if (qs_buf_addf(&sql, " FROM \"%s\" ORDER BY rowid", f) < 0) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    if (sqlite3_prepare_v2(db, sql.data, -1, &st, NULL) != SQLITE_OK) {
        /* name the field that is missing, else the file */
        const char *m = sqlite3_errmsg(db);
        if (strstr(m, "no such column")) {
            const char *c = strchr(m, ':');
            c = c ? c + 1 : m;
            while (*c == ' ')
                c++;
            qs_err_set(err, "SQL0206", c, f, (const char *)NULL);
        } else if (strstr(m, "no such table")) {
            qs_err_set(err, "CPF9812", f, "", (const char *)NULL);
        } else {
            dberr("SQL9010", db, err);
        }
        goto out;
    }
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        for (size_t i = 0; i < ncols; i++) {
            qs_buf_reset(&val[i]);
            const unsigned char *t = sqlite3_column_text(st, (int)i);
            if (!t) {
                v[i] = NULL;
                continue;
            }
            size_t n = (size_t)sqlite3_column_bytes(st, (int)i);
            while (n && t[n - 1] == ' ')
                n--;
            if (qs_buf_add(&val[i], t, n) < 0) {
                qs_err_set(err, "CPF9897", "dbf: field value too long", (const char *)NULL);
                goto out;
            }
            v[i] = qs_buf_str(&val[i]);
        }
        if (row(arg, v, err) < 0)
            goto out;
    }
    if (s != SQLITE_DONE) {
        dberr("SQL9010", db, err);
        goto out;
    }
    rc = 0;
out:
    sqlite3_finalize(st);
    sqlite3_close(db);
    qs_buf_free(&sql);
    for (size_t i = 0; i < ncols; i++)
        qs_buf_free(&val[i]);
    return rc;
}

static int ident_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '#' || c == '@' || c == '$';
}

/* Rewrite *SYS names (LIB/FILE → LIB.FILE) and collect the qualifiers
 * that are existing libraries (other than deflib) to attach. */
static int scan(const char *sql, enum qs_dbf_naming naming, const char *deflib,
                struct qs_buf *out, char libs[][QS_NAME_LEN + 1], size_t *nlibs,
                struct qs_err *err)
{
    char quote = 0;
    size_t n = strlen(sql);
    *nlibs = 0;
    for (size_t i = 0; i < n; i++) {
        char c = sql[i];
        if (quote) {
            if (c == quote)
                quote = 0;
            if (qs_buf_addc(out, c) < 0)
                return qs_err_sys(err, E2BIG);
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
            const char *nl = strchr(sql + i, '\n');       /* a comment */
            size_t e = nl ? (size_t)(nl - sql) : n;
            if (qs_buf_add(out, sql + i, e - i) < 0)
                return qs_err_sys(err, E2BIG);
            i = e - 1;
            continue;
        } else if (ident_char(c) && (i == 0 || !ident_char(sql[i - 1]))) {
            size_t e = i;
            while (e < n && ident_char(sql[e]))
                e++;
            char sep = e < n ? sql[e] : 0;
            if ((sep == '.' || (sep == '/' && naming == QS_DBF_SYS)) && e - i <= QS_NAME_LEN &&
                e + 1 < n && (ident_char(sql[e + 1]) || sql[e + 1] == '"')) {
                char nm[QS_NAME_LEN + 1];
                struct qs_err e2 = QS_ERR_INIT;
                memcpy(nm, sql + i, e - i);
                nm[e - i] = '\0';
                if (qs_name_check(nm, nm, "LIB", &e2) == 0 && qs_lib_exists(nm) &&
                    !qs_strcaseeq(nm, deflib)) {
                    size_t k;
                    for (k = 0; k < *nlibs && strcmp(libs[k], nm) != 0; k++)
                        ;
                    if (k == *nlibs) {
                        if (*nlibs == QS_DBF_MAX_ATTACH)
                            return qs_err_set(err, "SQL9010", "too many libraries in one statement",
                                              (const char *)NULL);
                        memcpy(libs[(*nlibs)++], nm, sizeof nm);
                    }
                }
                int is_def = qs_err_isset(&e2) == 0 && qs_strcaseeq(nm, deflib);
                qs_err_clear(&e2);
                /* the default library is the main database */
                if ((is_def ? qs_buf_adds(out, "main") : qs_buf_add(out, sql + i, e - i)) < 0 ||
                    qs_buf_addc(out, '.') < 0)
                    return qs_err_sys(err, E2BIG);
                i = e;
                continue;
            }
            if (qs_buf_add(out, sql + i, e - i) < 0)
                return qs_err_sys(err, E2BIG);
            i = e - 1;
            continue;
        }
        if (qs_buf_addc(out, c) < 0)
            return qs_err_sys(err, E2BIG);
    }
    return 0;
}

int qs_dbf_exec(const char *deflib, const char *sql, enum qs_dbf_naming naming,
                long long *rows_r, struct qs_err *err)
{
    char libs[QS_DBF_MAX_ATTACH][QS_NAME_LEN + 1], dl[QS_NAME_LEN + 1];
    size_t nlibs = 0;
    struct qs_buf text, path;
    sqlite3 *db = NULL;
    int rc = -1;
    if (rows_r)
        *rows_r = 0;
    if (qs_name_check(deflib && *deflib ? deflib : "QGPL", dl, "LIB", err) < 0)
        return -1;
    if (!qs_lib_exists(dl))
        return qs_err_set(err, "CPF9810", dl, (const char *)NULL);
    qs_buf_init(&text, QS_DBF_MAX_SQL);
    qs_buf_init(&path, QS_MAX_PATH);
    if (scan(sql, naming, dl, &text, libs, &nlibs, err) < 0 || qs_dbf_lib_path(dl, &path, err) < 0)
        goto out;
    if (sqlite3_open_v2(path.data, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        dberr("SQL9010", db, err);
        goto out;
    }
    sqlite3_busy_timeout(db, BUSY_MS);
    strict_quotes(db);
    for (size_t i = 0; i < nlibs; i++) {
        sqlite3_stmt *at = NULL;
        qs_buf_reset(&path);
        if (qs_dbf_lib_path(libs[i], &path, err) < 0)
            goto out;
        if (sqlite3_prepare_v2(db, "ATTACH DATABASE ? AS ?", -1, &at, NULL) != SQLITE_OK) {
            dberr("SQL9010", db, err);
            goto out;
        }
        sqlite3_bind_text(at, 1, path.data, -1, SQLITE_STATIC);
        sqlite3_bind_text(at, 2, libs[i], -1, SQLITE_STATIC);
        int s = sqlite3_step(at);
        sqlite3_finalize(at);
        if (s != SQLITE_DONE) {
            dberr("SQL9010", db, err);
            goto out;
        }
    }
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        dberr("SQL9010", db, err);
        goto out;
    }
    /* unqualified names are in main, the default library */
    const char *p = text.data ? text.data : "";
    long long before = sqlite3_total_changes64(db);
    while (*p) {
        const char *tail = NULL;
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, p, -1, &st, &tail) != SQLITE_OK) {
            dberr("SQL9010", db, err);
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            goto out;
        }
        if (st) {
            int s;
            while ((s = sqlite3_step(st)) == SQLITE_ROW)
                ;
            if (s != SQLITE_DONE) {
                dberr("SQL9010", db, err);
                sqlite3_finalize(st);
                sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
                goto out;
            }
            sqlite3_finalize(st);
        }
        p = tail && tail > p ? tail : p + strlen(p);
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        dberr("SQL9010", db, err);
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        goto out;
    }
    if (rows_r)
        *rows_r = sqlite3_total_changes64(db) - before;
    rc = 0;
out:
    sqlite3_close(db);
    qs_buf_free(&text);
    qs_buf_free(&path);
    return rc;
}
