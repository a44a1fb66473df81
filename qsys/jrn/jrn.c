/*
 * qsys/jrn/jrn.c - journal receivers (see jrn.h).
 */
#include "qsys/jrn/jrn.h"
#include "qsys/jrn/jrn_int.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"
#include "qsys/base/utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define HDR_LEN QS_JRN_HDR_LEN
#define TAIL_LEN QS_JRN_TAIL_LEN
#define MAX_ESD (64u * 1024)

static char jrn_pgm[11] = "QSHIM";

void qs_jrn_set_program(const char *pgm)
{
    qs_strlcpy(jrn_pgm, pgm, sizeof jrn_pgm);
    qs_str_upper(jrn_pgm);
}

static void put32(unsigned char *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i)); }
static void put64(unsigned char *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i)); }
static uint32_t get32(const unsigned char *p) { uint32_t v = 0; for (int i = 3; i >= 0; i--) v = v << 8 | p[i]; return v; }
static uint64_t get64(const unsigned char *p) { uint64_t v = 0; for (int i = 7; i >= 0; i--) v = v << 8 | p[i]; return v; }

int qs_jrn_valid_name(const char *j)
{
    size_t n = strlen(j);
    if (n == 0 || n > 10)
        return 0;
    for (; *j; j++)
        if (!((*j >= 'A' && *j <= 'Z') || (*j >= '0' && *j <= '9') || *j == '_'))
            return 0;
    return 1;
}

int qs_jrn_dir(struct qs_buf *p, const char *jrn, const char *file, struct qs_err *err)
{
    if (!qs_jrn_valid_name(jrn))
        return qs_err_set(err, "CPF9898", "Journal name not valid", (const char *)NULL);
    if (qs_root_path(p, err, "jrn/%s", jrn) < 0 || qs_mkdir_p(p->data, 0700, err) < 0)
        return -1;
    if (file)
        qs_buf_addf(p, "/%s", file);
    return 0;
}

static void fixed(unsigned char *dst, const char *s)
{
    qs_fixed_set_trunc((char *)dst, 10, s, strlen(s));
}

unsigned char *qs_jrn_entry_make(char code, const char *type, const void *esd, size_t len,
                                 uint64_t seq, size_t *len_r)
{
    size_t total = HDR_LEN + len + TAIL_LEN;
    unsigned char *e = calloc(1, total);
    if (!e)
        return NULL;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    char job[16];
    snprintf(job, sizeof job, "QZMF%06d", (int)(getpid() % 1000000));
    struct passwd *pw = getpwuid(getuid());
    memcpy(e, "QJE1", 4);
    put32(e + 4, (uint32_t)total);
    put64(e + 8, seq);
    put64(e + 16, (uint64_t)((int64_t)tv.tv_sec * 1000000 + tv.tv_usec));
    e[24] = (unsigned char)code;
    e[25] = (unsigned char)type[0];
    e[26] = (unsigned char)type[1];
    fixed(e + 27, job);
    fixed(e + 37, pw ? pw->pw_name : "QSYS");
    for (int i = 37; i < 47; i++)
        if (e[i] >= 'a' && e[i] <= 'z') e[i] = (unsigned char)(e[i] - 32);
    fixed(e + 47, jrn_pgm);
    put32(e + 57, (uint32_t)getpid());
    put32(e + 61, (uint32_t)len);
    if (len)
        memcpy(e + HDR_LEN, esd, len);
    put32(e + HDR_LEN + len, (uint32_t)crc32(0L, e, (uInt)(HDR_LEN + len)));
    put64(e + HDR_LEN + len + 4, seq);
    *len_r = total;
    return e;
}

uint64_t qs_jrn_last_seq(int fd)
{
    struct stat st;
    unsigned char last[8];
    if (fstat(fd, &st) == 0 && st.st_size >= HDR_LEN + TAIL_LEN &&
        pread(fd, last, 8, st.st_size - 8) == 8)
        return get64(last);
    return 0;
}

int qs_jrn_append(const char *jrn, char code, const char *type, const void *esd,
                  size_t len, struct qs_err *err)
{
    if (len > MAX_ESD || !type || strlen(type) != 2)
        return qs_err_set(err, "CPF9898", "Journal entry not valid", (const char *)NULL);
    char rcv[11];
    int fd = qs_jrn_lock_attached(jrn, rcv, err);
    if (fd < 0)
        return -1;
    size_t total;
    unsigned char *e = qs_jrn_entry_make(code, type, esd, len, qs_jrn_last_seq(fd) + 1, &total);
    int rc = !e ? qs_err_sys(err, ENOMEM)
           : qs_write_all(fd, e, total) < 0 ? qs_err_sys(err, errno) : 0;
    free(e);
    close(fd);
    return rc;
}

int qs_jrn_read_rcv(const char *jrn, const char *rcv, qs_jrn_entry_fn *fn, void *arg, long *n,
                    struct qs_err *err)
{
    struct qs_buf p, d;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&d, QS_MAX_TEXT_FILE);
    if (qs_jrn_dir(&p, jrn, NULL, err) < 0) {
        qs_buf_free(&p);
        return -1;
    }
    qs_buf_addf(&p, "/%s.rcv", rcv);
    struct qs_err e2 = QS_ERR_INIT;
    if (qs_file_read(p.data, QS_MAX_TEXT_FILE, &d, &e2) < 0) {
        qs_buf_free(&p);
        qs_buf_free(&d);
        if (e2.sys_errno == ENOENT) {
            qs_err_clear(&e2);
            return 0;
        }
        qs_err_move(err, &e2);
        return -1;
    }
    int stopped = 0;
    const unsigned char *b = (const unsigned char *)d.data;
    size_t off = 0;
    while (b && off + HDR_LEN + TAIL_LEN <= d.len) {
        const unsigned char *x = b + off;
        uint32_t total = get32(x + 4), el = get32(x + 61);
        if (memcmp(x, "QJE1", 4) != 0 || total != HDR_LEN + el + TAIL_LEN || el > MAX_ESD ||
            off + total > d.len ||
            get32(x + HDR_LEN + el) != (uint32_t)crc32(0L, x, (uInt)(HDR_LEN + el)))
            break;                             /* torn or damaged: stop */
        struct qs_jrn_entry e;
        memset(&e, 0, sizeof e);
        e.seq = get64(x + 8);
        e.time_us = (int64_t)get64(x + 16);
        e.code = (char)x[24];
        e.type[0] = (char)x[25];
        e.type[1] = (char)x[26];
        qs_fixed_get(e.job, (const char *)x + 27, 10);
        qs_fixed_get(e.user, (const char *)x + 37, 10);
        qs_fixed_get(e.pgm, (const char *)x + 47, 10);
        e.pid = get32(x + 57);
        e.esd = x + HDR_LEN;
        e.esd_len = el;
        (*n)++;
        off += total;
        if (fn && fn(&e, arg)) {
            stopped = 1;
            break;
        }
    }
    qs_buf_free(&p);
    qs_buf_free(&d);
    return stopped;
}

/* key=value with the value's blanks and controls escaped. */
static void kv(struct qs_buf *b, const char *k, const char *v)
{
    if (!v)
        return;
    char s[QS_MAX_LOG_FIELD];
    qs_sanitize_utf8(s, sizeof s, v, strlen(v));     /* SMTPUTF8 addresses stay legible */
    for (char *c = s; *c; c++)
        if (*c == ' ') *c = '_';
    qs_buf_addf(b, "%s%s=%s", b->len ? " " : "", k, s);
}

int qs_jrn_mail(const char *type, const char *msgid, const char *from, const char *rcpt,
                const char *client, const char *text)
{
    struct qs_buf b;
    qs_buf_init(&b, MAX_ESD);
    kv(&b, "msgid", msgid);
    kv(&b, "from", from);
    kv(&b, "rcpt", rcpt);
    kv(&b, "client", client);
    kv(&b, "text", text);
    int rc = qs_jrn_append("QZMF", 'L', type, b.data ? b.data : "", b.len, NULL);
    qs_buf_free(&b);
    return rc;
}

struct ofctx {
    sqlite3_stmt *st;
    int rc;
};

static int to_row(const struct qs_jrn_entry *e, void *arg)
{
    struct ofctx *c = arg;
    time_t t = (time_t)(e->time_us / 1000000);
    struct tm tm;
    char date[40], ccode[2] = { e->code, 0 };
    localtime_r(&t, &tm);
    snprintf(date, sizeof date, "%02d%02d%02d", tm.tm_mon + 1, tm.tm_mday, tm.tm_year % 100);
    sqlite3_reset(c->st);
    sqlite3_bind_int(c->st, 1, (int)(155 + e->esd_len));
    sqlite3_bind_int64(c->st, 2, (sqlite3_int64)e->seq);
    sqlite3_bind_text(c->st, 3, ccode, 1, SQLITE_TRANSIENT);
    sqlite3_bind_text(c->st, 4, e->type, 2, SQLITE_TRANSIENT);
    sqlite3_bind_text(c->st, 5, date, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(c->st, 6, tm.tm_hour * 10000 + tm.tm_min * 100 + tm.tm_sec);
    sqlite3_bind_text(c->st, 7, e->job, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(c->st, 8, e->user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(c->st, 9, (int)(e->pid % 1000000));
    sqlite3_bind_text(c->st, 10, e->pgm, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(c->st, 11, (const char *)e->esd, (int)e->esd_len, SQLITE_TRANSIENT);
    if (sqlite3_step(c->st) != SQLITE_DONE) {
        c->rc = -1;
        return 1;
    }
    return 0;
}

int qs_jrn_outfile(const char *jrn, enum qs_jrn_range range, const char *dbpath,
                   const char *table, struct qs_err *err)
{
    for (const char *t = table; *t; t++)
        if (!((*t >= 'A' && *t <= 'Z') || (*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9') ||
              *t == '_'))
            return qs_err_set(err, "CPF9898", "Outfile name not valid", (const char *)NULL);
    sqlite3 *db = NULL;
    if (sqlite3_open(dbpath, &db) != SQLITE_OK) {
        sqlite3_close(db);
        return qs_err_set(err, "CPF9898", "Cannot open the outfile database", (const char *)NULL);
    }
    struct qs_buf q;
    qs_buf_init(&q, 4096);
    qs_buf_addf(&q, "CREATE TABLE IF NOT EXISTS %s (JOENTL INTEGER, JOSEQN INTEGER, JOCODE TEXT,"
                " JOENTT TEXT, JODATE TEXT, JOTIME INTEGER, JOJOB TEXT, JOUSER TEXT,"
                " JONBR INTEGER, JOPGM TEXT, JOESD TEXT);", table);
    struct ofctx c = { NULL, 0 };
    int rc = -1;
    if (sqlite3_exec(db, q.data, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        goto out;
    qs_buf_reset(&q);
    qs_buf_addf(&q, "INSERT INTO %s VALUES (?,?,?,?,?,?,?,?,?,?,?)", table);
    if (sqlite3_prepare_v2(db, q.data, -1, &c.st, NULL) != SQLITE_OK)
        goto out;
    if (qs_jrn_read_range(jrn, range, to_row, &c, err) < 0 || c.rc < 0 ||
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        goto out;
    rc = 0;
out:
    if (rc < 0 && !qs_err_isset(err))
        qs_err_set(err, "CPF9898", sqlite3_errmsg(db), (const char *)NULL);
    sqlite3_finalize(c.st);
    sqlite3_close(db);
    qs_buf_free(&q);
    return rc;
}
