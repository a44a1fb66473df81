/*
 * qsys/dbf/pf.c - program-described physical files (see pf.h).
 */
#include "qsys/dbf/pf.h"
#include "qsys/dbf/dbf.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "qsys/obj/obj.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

struct qs_pf_writer {
    sqlite3      *db;
    sqlite3_stmt *ins;
    char          mbr[QS_NAME_LEN + 1];
    unsigned      rcdlen;
    int           table;                /* an SQL table: no MBR/RRN columns */
    int           pad;                  /* CHAR(n): blank-pad; VARCHAR(n): not */
    long long     rrn;                  /* last written */
};

static int db_fail(sqlite3 *db, struct qs_err *err)
{
    return qs_err_set(err, "CPF9898", db ? sqlite3_errmsg(db) : "cannot open the database",
                      (const char *)NULL);
}

static int db_open(const char *lib, sqlite3 **db_r, struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = qs_dbf_lib_path(lib, &p, err);
    *db_r = NULL;
    if (rc == 0 && sqlite3_open_v2(p.data, db_r, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                   NULL) != SQLITE_OK) {
        rc = db_fail(*db_r, err);
        sqlite3_close(*db_r);
        *db_r = NULL;
    }
    if (rc == 0)
        sqlite3_busy_timeout(*db_r, 10000);
    qs_buf_free(&p);
    return rc;
}

/* Resolve lib (name, *LIBL, *CURLIB, "") for an existing object. */
static int resolve(struct qs_job *j, const char *lib, const char *file, char *lib_r,
                   struct qs_err *err)
{
    struct qs_err e2 = QS_ERR_INIT;
    const char *l = !lib || !*lib || strcmp(lib, "*CURLIB") == 0 ? "*LIBL" : lib;
    if (qs_obj_resolve(j ? &j->libl : NULL, l, file, "*FILE", lib_r, &e2) < 0) {
        qs_err_clear(&e2);
        return qs_err_set(err, "CPF9812", file, l, (const char *)NULL);
    }
    return 0;
}

int qs_pf_find(struct qs_job *j, const char *lib, const char *file_in, char *lib_r,
                unsigned *rcdlen_r, struct qs_err *err)
{
    char file[QS_NAME_LEN + 1];
    if (qs_name_check(file_in, file, "FILE", err) < 0 || resolve(j, lib, file, lib_r, err) < 0)
        return -1;
    struct qs_objdesc d;
    struct qs_buf pl;
    qs_buf_init(&pl, 4096);
    int rc = qs_obj_read(lib_r, file, "*FILE", &d, &pl, err);
    long long n = 0;
    const char *v = rc == 0 ? strstr(qs_buf_str(&pl), "rcdlen=") : NULL;
    if (rc == 0 && (strcmp(d.attr, "PF") != 0 || !v ||
                    qs_parse_ll(v + 7, strcspn(v + 7, "\n"), 1, QS_PF_RCDLEN_MAX, &n) < 0))
        rc = qs_err_set(err, "CPF9812", file, lib_r, (const char *)NULL);
    qs_buf_free(&pl);
    if (rc == 0)
        *rcdlen_r = (unsigned)n;
    return rc;
}

int qs_pf_create(struct qs_job *j, const char *lib_in, const char *file_in, unsigned rcdlen,
                  const char *text, struct qs_err *err)
{
    char file[QS_NAME_LEN + 1], lib[QS_NAME_LEN + 1];
    if (qs_name_check(file_in, file, "FILE", err) < 0)
        return -1;
    if (!lib_in || !*lib_in || lib_in[0] == '*')
        qs_strlcpy(lib, "QGPL", sizeof lib);   /* *CURLIB: QGPL here */
    else if (qs_name_check(lib_in, lib, "LIB", err) < 0)
        return -1;
    if (rcdlen < 1 || rcdlen > QS_PF_RCDLEN_MAX)
        return qs_err_set(err, "CPF7302", file, lib, (const char *)NULL);
    if (qs_obj_exists(lib, file, "*FILE"))
        return qs_err_set(err, "CPF7302", file, lib, (const char *)NULL);
    sqlite3 *db = NULL;
    char sql[256];
    if (db_open(lib, &db, err) < 0)
        return -1;
    /* a table left by a file deleted outside DLTF is replaced */
    snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS \"%s\"; CREATE TABLE \"%s\" (MBR TEXT NOT NULL,"
             " RRN INTEGER NOT NULL, \"%s\" TEXT, PRIMARY KEY (MBR, RRN))", file, file, file);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : db_fail(db, err);
    sqlite3_close(db);
    if (rc < 0)
        return -1;
    struct qs_objdesc d;
    char pl[32];
    int n = snprintf(pl, sizeof pl, "rcdlen=%u\n", rcdlen);
    qs_objdesc_init(&d, lib, file, "*FILE", j ? j->user : "QSYS");
    qs_strlcpy(d.attr, "PF", sizeof d.attr);
    qs_strlcpy(d.text, text ? text : "", sizeof d.text);
    return qs_obj_create(&d, pl, (size_t)n, err);
}

int qs_pf_delete(struct qs_job *j, const char *lib_in, const char *file_in, struct qs_err *err)
{
    char file[QS_NAME_LEN + 1], lib[QS_NAME_LEN + 1];
    unsigned rl;
    if (qs_name_check(file_in, file, "FILE", err) < 0 || qs_pf_find(j, lib_in, file, lib, &rl, err) < 0)
        return -1;
    if (qs_obj_delete(lib, file, "*FILE", err) < 0)
        return -1;
    sqlite3 *db = NULL;
    char sql[128];
    if (db_open(lib, &db, err) < 0)
        return -1;
    snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS \"%s\"", file);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : db_fail(db, err);
    sqlite3_close(db);
    return rc;
}

/* Record length of an SQL column type: CHAR[ACTER][(n)] pads (*pad_r = 1),
 * VARCHAR(n) and CHAR[ACTER] VARYING(n) do not; 0 for any other type. */
static unsigned char_type_len(const char *type, int *pad_r)
{
    static const struct { const char *name; int pad, need_len; } t[] = {
        { "CHARACTER VARYING", 0, 1 }, { "CHAR VARYING", 0, 1 }, { "VARCHAR", 0, 1 },
        { "CHARACTER", 1, 0 },         { "CHAR", 1, 0 },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        size_t n = strlen(t[i].name);
        if (strncasecmp(type, t[i].name, n) != 0)
            continue;
        const char *p = type + n;
        while (*p == ' ')
            p++;
        if (!*p && !t[i].need_len) {            /* CHAR alone is CHAR(1) */
            *pad_r = 1;
            return 1;
        }
        long long len;
        size_t dl = strspn(p + 1, "0123456789");
        const char *q = p + 1 + dl;
        while (*q == ' ')
            q++;
        if (*p != '(' || *q != ')' || q[1] ||
            qs_parse_ll(p + 1, dl, 1, QS_PF_RCDLEN_MAX, &len) < 0)
            return 0;
        *pad_r = t[i].pad;
        return (unsigned)len;
    }
    return 0;
}

static int not_target(const char *file, const char *lib, const char *why, struct qs_err *err)
{
    return qs_err_set(err, "CPF2817", file, lib, why, (const char *)NULL);
}

/* A table made by SQL (RUNSQL CREATE TABLE) as a one-field physical file:
 * exactly one column, of a character type with a length; its name (quoted
 * for SQL) appended to col_r.  Called inside the writer's transaction. */
static int sql_table(struct qs_pf_writer *w, const char *lib, const char *file,
                     struct qs_buf *col_r, struct qs_err *err)
{
    sqlite3_stmt *st = NULL;
    char sql[128];
    int ncol = 0, rc = 0;
    if (sqlite3_prepare_v2(w->db, "SELECT type FROM sqlite_master WHERE upper(name) = ?", -1,
                           &st, NULL) != SQLITE_OK)
        return db_fail(w->db, err);
    sqlite3_bind_text(st, 1, file, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW)
        rc = qs_err_set(err, "CPF9812", file, lib, (const char *)NULL);
    else if (strcmp((const char *)sqlite3_column_text(st, 0), "table") != 0)
        rc = not_target(file, lib, "it is not a physical file (a view)", err);
    sqlite3_finalize(st);
    if (rc < 0)
        return -1;
    snprintf(sql, sizeof sql, "PRAGMA table_info(\"%s\")", file);
    if (sqlite3_prepare_v2(w->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(w->db, err);
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 1);
        const char *type = (const char *)sqlite3_column_text(st, 2);
        if (++ncol > 1)
            break;
        w->rcdlen = char_type_len(type ? type : "", &w->pad);
        rc = qs_buf_addc(col_r, '"');
        for (const char *p = name ? name : ""; rc == 0 && *p; p++)
            rc = *p == '"' ? qs_buf_adds(col_r, "\"\"") : qs_buf_addc(col_r, *p);
        if (rc == 0)
            rc = qs_buf_addc(col_r, '"');
        if (rc < 0)
            rc = qs_err_sys(err, ENAMETOOLONG);
    }
    sqlite3_finalize(st);
    if (rc < 0)
        return -1;
    if (ncol != 1)
        return not_target(file, lib, "it has more than one field", err);
    if (w->rcdlen == 0)
        return not_target(file, lib, "its field is not CHAR(n) or VARCHAR(n)", err);
    return 0;
}

int qs_pf_write_begin(struct qs_job *j, const char *lib_in, const char *file_in,
                       const char *mbr_in, int replace, struct qs_pf_writer **w_r,
                       struct qs_err *err)
{
    char file[QS_NAME_LEN + 1], lib[QS_NAME_LEN + 1], mbr[QS_NAME_LEN + 1], sql[256];
    struct qs_err e2 = QS_ERR_INIT;
    struct qs_buf path, col;
    unsigned rcdlen = 0;
    int table = 0;
    *w_r = NULL;
    if (qs_name_check(file_in, file, "FILE", err) < 0)
        return -1;
    if (qs_pf_find(j, lib_in, file, lib, &rcdlen, &e2) < 0) {
        /* not made by CRTPF: a table made by SQL in the library's database? */
        int missing = strcmp(e2.msgid, "CPF9812") == 0;
        if (!missing) {
            qs_err_move(err, &e2);
            return -1;
        }
        qs_err_clear(&e2);
        qs_buf_init(&path, QS_MAX_PATH);
        int rc = qs_dbf_find(j ? &j->libl : NULL, lib_in, file, &path, lib, err);
        qs_buf_free(&path);
        if (rc < 0)
            return -1;
        table = 1;
    }
    if (!mbr_in || !*mbr_in || strcmp(mbr_in, "*FIRST") == 0)
        qs_strlcpy(mbr, file, sizeof mbr);          /* CRTPF MBR(*FILE) */
    else if (qs_name_check(mbr_in, mbr, "MBR", err) < 0)
        return -1;
    if (table && strcmp(mbr, file) != 0)            /* an SQL table has one member */
        return not_target(file, lib, "an SQL table has one member, named like the file", err);
    struct qs_pf_writer *w = calloc(1, sizeof *w);
    if (!w)
        return qs_err_sys(err, ENOMEM);
    w->rcdlen = rcdlen;
    w->table = table;
    w->pad = 1;
    qs_strlcpy(w->mbr, mbr, sizeof w->mbr);
    qs_buf_init(&col, 4096);
    if (db_open(lib, &w->db, err) < 0)
        goto fail;
    if (sqlite3_exec(w->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        goto dbfail;
    if (!table) {
        if (qs_buf_addf(&col, "\"%s\"", file) < 0)
            goto dbfail;
    } else if (sql_table(w, lib, file, &col, err) < 0) {
        goto fail;
    }
    sqlite3_stmt *st = NULL;
    if (table)
        snprintf(sql, sizeof sql, replace ? "DELETE FROM \"%s\"" : "SELECT 0", file);
    else if (replace)
        snprintf(sql, sizeof sql, "DELETE FROM \"%s\" WHERE MBR = ?", file);
    else
        snprintf(sql, sizeof sql, "SELECT COALESCE(MAX(RRN), 0) FROM \"%s\" WHERE MBR = ?", file);
    if (sqlite3_prepare_v2(w->db, sql, -1, &st, NULL) != SQLITE_OK)
        goto dbfail;
    if (!table)
        sqlite3_bind_text(st, 1, mbr, -1, SQLITE_TRANSIENT);
    int s = sqlite3_step(st);
    if (!replace && s == SQLITE_ROW)
        w->rrn = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        goto dbfail;
    struct qs_buf ins;
    qs_buf_init(&ins, 8192);
    if (table)
        qs_buf_addf(&ins, "INSERT INTO \"%s\" (%s) VALUES (?3)", file, qs_buf_str(&col));
    else
        qs_buf_addf(&ins, "INSERT INTO \"%s\" (MBR, RRN, %s) VALUES (?1, ?2, ?3)", file,
                    qs_buf_str(&col));
    s = sqlite3_prepare_v2(w->db, qs_buf_str(&ins), -1, &w->ins, NULL);
    qs_buf_free(&ins);
    if (s != SQLITE_OK)
        goto dbfail;
    qs_buf_free(&col);
    *w_r = w;
    return 0;
dbfail:
    db_fail(w->db, err);
fail:
    qs_buf_free(&col);
    qs_pf_write_end(&w, 0, NULL);
    return -1;
}

unsigned qs_pf_write_rcdlen(const struct qs_pf_writer *w)
{
    return w->rcdlen;
}

/* Length of the first max characters of UTF-8 text p[0..n). */
static size_t utf8_prefix(const char *p, size_t n, size_t max, size_t *chars_r)
{
    size_t i = 0, c = 0;
    while (i < n && c < max) {
        unsigned char b = (unsigned char)p[i];
        size_t l = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        if (i + l > n)
            break;
        i += l;
        c++;
    }
    *chars_r = c;
    return i;
}

int qs_pf_write(struct qs_pf_writer *w, const char *rec, size_t len, struct qs_err *err)
{
    size_t chars, bytes = utf8_prefix(rec, len, w->rcdlen, &chars);
    struct qs_buf r;
    qs_buf_init(&r, (size_t)w->rcdlen * 4 + 1);
    int rc = qs_buf_add(&r, rec, bytes);
    for (size_t c = chars; rc == 0 && w->pad && c < w->rcdlen; c++)
        rc = qs_buf_addc(&r, ' ');                  /* CHAR(n): blank-padded */
    if (rc < 0) {
        qs_buf_free(&r);
        return qs_err_sys(err, ENOMEM);
    }
    sqlite3_reset(w->ins);
    if (!w->table) {
        sqlite3_bind_text(w->ins, 1, w->mbr, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(w->ins, 2, w->rrn + 1);
    }
    sqlite3_bind_text(w->ins, 3, r.data, (int)r.len, SQLITE_TRANSIENT);
    rc = sqlite3_step(w->ins) == SQLITE_DONE ? 0 : db_fail(w->db, err);
    qs_buf_free(&r);
    if (rc == 0)
        w->rrn++;
    return rc;
}

int qs_pf_write_end(struct qs_pf_writer **wp, int commit, struct qs_err *err)
{
    struct qs_pf_writer *w = *wp;
    int rc = 0;
    if (!w)
        return 0;
    sqlite3_finalize(w->ins);
    if (w->db) {
        if (commit && sqlite3_exec(w->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
            rc = db_fail(w->db, err);
        if (!commit || rc < 0)
            sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(w->db);
    }
    free(w);
    *wp = NULL;
    return rc;
}
