/*
 * api/zmf.c - QZMF message ids, reservations and message creation (zmf.h).
 *
 * CRTM0100 content (qshim's reading; IBM's predefined envelope and
 * attachment types were not available): an ENVL0100 entry of type "MIME"
 * holds the RFC 5322 message itself; or an ATTL0100 entry of type "PATH"
 * names a host file holding it.  ORGL0100 gives the originator (its first
 * entry), RCPL0100 the recipients with their distribution types.  Line ends
 * are made CRLF before the message enters MSF (origin API).
 *
 * CPFAF83 reason codes added here: 40 no originator, 41 no message content,
 * 42 no recipients, 43 content file not readable.
 */
#include "api/zmf.h"
#include "qsys/exitpgm/zmfdesc.h"
#include "qsys/msf/msf.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#define CONTENT_MAX QS_MAX_OBJECT_SIZE

static int reason(struct qs_err *err, int code)
{
    char r[16];
    snprintf(r, sizeof r, "%d", code);
    return qs_err_set(err, "CPFAF83", r, (const char *)NULL);
}

static int id_ok(const char *id)
{
    for (int i = 0; i < QS_ZMF_ID_LEN; i++)
        if (!((id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= '0' && id[i] <= '9')))
            return 0;
    return 1;
}

static int bad_id(struct qs_err *err)
{
    return qs_err_set(err, "CPFAF8B", (const char *)NULL);
}

static int id_path(struct qs_buf *p, const char *leaf, struct qs_err *err)
{
    if (qs_root_path(p, err, "mail/zmfid") < 0 || qs_mkdir_p(p->data, 0700, err) < 0)
        return -1;
    return qs_buf_addf(p, "/%.*s", QS_ZMF_ID_LEN, leaf) < 0 ? qs_err_sys(err, errno) : 0;
}

static int lock_ids(struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int fd = id_path(&p, "lock", err);
    if (fd == 0)
        fd = qs_lock_path(p.data, 1, 1, err);
    qs_buf_free(&p);
    return fd;
}

/* State of an id: 0 none, 'R', 'C', 'U'; msf id copied to msf_r if any. */
static int id_state(const char *id, char msf_r[QS_ZMF_ID_LEN + 1], struct qs_err *err)
{
    struct qs_buf p, b;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&b, 128);
    int st = id_path(&p, id, err);
    if (st == 0 && access(p.data, F_OK) == 0) {
        st = qs_file_read(p.data, 128, &b, err) < 0 ? -1 : (b.len ? b.data[0] : 0);
        if (msf_r && b.len >= 2 + QS_ZMF_ID_LEN) {
            memcpy(msf_r, b.data + 2, QS_ZMF_ID_LEN);
            msf_r[QS_ZMF_ID_LEN] = '\0';
        }
    }
    qs_buf_free(&p);
    qs_buf_free(&b);
    return st;
}

static int id_put(const char *id, const char *val, struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = id_path(&p, id, err);
    if (rc == 0)
        rc = qs_file_write_atomic(p.data, val, strlen(val), 0600, err);
    qs_buf_free(&p);
    return rc;
}

int qs_zmf_reserve(char id_r[QS_ZMF_ID_LEN + 1], struct qs_err *err)
{
    static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    int fd = lock_ids(err);
    if (fd < 0)
        return -1;
    int rc = -1;
    for (int tries = 0; tries < 8 && rc < 0; tries++) {
        unsigned char rnd[QS_ZMF_ID_LEN];
        if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
            rc = qs_err_sys(err, errno);
            break;
        }
        id_r[0] = 'R';
        for (int i = 1; i < QS_ZMF_ID_LEN; i++)
            id_r[i] = digits[rnd[i] % 36];
        id_r[QS_ZMF_ID_LEN] = '\0';
        int st = id_state(id_r, NULL, err);
        if (st < 0)
            break;
        if (st == 0)
            rc = id_put(id_r, "R\n", err);
    }
    close(fd);
    return rc;
}

int qs_zmf_query(const char *id, char *status_r, struct qs_err *err)
{
    *status_r = '0';
    if (!id_ok(id))
        return 0;                        /* not one of ours: unknown */
    char msf[QS_ZMF_ID_LEN + 1] = "";
    int st = id_state(id, msf, err);
    if (st < 0)
        return -1;
    if (st == 'R') {
        *status_r = '4';
    } else if (st == 'U' || st == 'C') {
        /* processed once MSF has finished it (docs/msf.md: queue/active/<id>) */
        struct qs_buf p;
        qs_buf_init(&p, QS_MAX_PATH);
        int active = qs_root_path(&p, NULL, "mail/queue/active/%s", msf) == 0 &&
                     access(p.data, F_OK) == 0;
        qs_buf_free(&p);
        *status_r = st == 'U' ? (active ? '1' : '0') : active ? '2' : '3';
    }
    return 0;
}

int qs_zmf_unreserve(const char *id, struct qs_err *err)
{
    if (!id_ok(id))
        return bad_id(err);
    int fd = lock_ids(err);
    if (fd < 0)
        return -1;
    int st = id_state(id, NULL, err), rc = 0;
    if (st < 0)
        rc = -1;
    else if (st != 'R')
        rc = st == 'C' ? qs_err_set(err, "CPFAF8D", (const char *)NULL) : bad_id(err);
    if (rc == 0) {
        struct qs_buf p;
        qs_buf_init(&p, QS_MAX_PATH);
        rc = id_path(&p, id, err);
        if (rc == 0 && unlink(p.data) < 0)
            rc = qs_err_sys(err, errno);
        if (rc == 0)
            qs_fsync_dir(p.data);
        qs_buf_free(&p);
    }
    close(fd);
    return rc;
}

int qs_zmf_format(const char *fmt, const char *want, struct qs_err *err)
{
    if (!fmt)
        return qs_err_set(err, "CPF24B4", (const char *)NULL);
    if (!memcmp(fmt, want, 8))
        return 0;
    char f[9];
    memcpy(f, fmt, 8);
    f[8] = '\0';
    return qs_err_set(err, "CPF3C21", f, (const char *)NULL);
}

int qs_zmf_id_in(const void *id, char out[QS_ZMF_ID_LEN + 1], struct qs_err *err)
{
    if (!id)
        return qs_err_set(err, "CPF24B4", (const char *)NULL);
    memcpy(out, id, QS_ZMF_ID_LEN);
    out[QS_ZMF_ID_LEN] = '\0';
    return 0;
}

int qs_zmf_complete(const char *id, struct qs_err *err)
{
    if (!id_ok(id))
        return bad_id(err);
    int fd = lock_ids(err);
    if (fd < 0)
        return -1;
    char msf[QS_ZMF_ID_LEN + 1] = "";
    int st = id_state(id, msf, err), rc = 0;
    if (st < 0) {
        rc = -1;
    } else if (st == 'R') {
        rc = qs_err_set(err, "CPFAF8C", (const char *)NULL);
    } else if (st != 'C') {
        rc = bad_id(err);
    } else {
        /* no longer reserved: the id is now only the message's ('1'/'0') */
        char val[QS_ZMF_ID_LEN + 8];
        snprintf(val, sizeof val, "U %s\n", msf);
        rc = id_put(id, val, err);
    }
    close(fd);
    return rc;
}

/* Copy p[0..n) into out with every line end made CRLF. */
static int crlf(struct qs_buf *out, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\r') {
            if (qs_buf_add(out, "\r\n", 2) < 0)
                return -1;
            if (i + 1 < n && p[i + 1] == '\n')
                i++;
        } else if (p[i] == '\n') {
            if (qs_buf_add(out, "\r\n", 2) < 0)
                return -1;
        } else if (qs_buf_addc(out, p[i]) < 0) {
            return -1;
        }
    }
    if (out->len >= 2 && memcmp(out->data + out->len - 2, "\r\n", 2))
        return qs_buf_add(out, "\r\n", 2);
    return 0;
}

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static int build_env(const struct qs_zmf_parsed *pp, struct qs_msf_env *env,
                     struct qs_buf *content, struct qs_err *err)
{
    const struct qs_zmf_item *from = NULL, *mime = NULL, *path = NULL;
    size_t nr = 0;
    for (size_t i = 0; i < pp->n; i++) {
        const struct qs_zmf_item *it = &pp->v[i];
        if (it->kind == QS_ZMF_ORGL && !from)
            from = it;
        else if (it->kind == QS_ZMF_ENVL && !memcmp(it->type, "MIME", 4) && !mime)
            mime = it;
        else if (it->kind == QS_ZMF_ATTL && !memcmp(it->type, "PATH", 4) && !path)
            path = it;
        else if (it->kind == QS_ZMF_RCPL)
            nr++;
    }
    if (!from)
        return reason(err, 40);
    if (!mime && !path)
        return reason(err, 41);
    if (nr == 0)
        return reason(err, 42);
    char *s = dupn(from->data, from->len);
    if (!s)
        return qs_err_sys(err, ENOMEM);
    int rc = qs_msf_env_set(&env->from, s, err);
    free(s);
    for (size_t i = 0; rc == 0 && i < pp->n; i++) {
        const struct qs_zmf_item *it = &pp->v[i];
        if (it->kind != QS_ZMF_RCPL)
            continue;
        int dist = it->dist_type == 1 ? QS_MSF_CC : it->dist_type == 2 ? QS_MSF_BCC : QS_MSF_TO;
        if (!(s = dupn(it->data, it->len)))
            return qs_err_sys(err, ENOMEM);
        if (qs_msf_env_add_rcpt(env, s, dist, 0, NULL, err) < 0)
            rc = -1;
        free(s);
    }
    if (rc < 0)
        return -1;
    if (mime)
        return crlf(content, mime->data, mime->len) < 0 ? qs_err_sys(err, errno) : 0;
    if (!(s = dupn(path->data, path->len)))
        return qs_err_sys(err, ENOMEM);
    struct qs_buf raw;
    qs_buf_init(&raw, CONTENT_MAX);
    struct qs_err rerr = QS_ERR_INIT;
    rc = strlen(s) == path->len ? qs_file_read(s, CONTENT_MAX, &raw, &rerr) : -1;
    qs_err_clear(&rerr);
    free(s);
    if (rc < 0)
        rc = reason(err, 43);
    else if (crlf(content, qs_buf_str(&raw), raw.len) < 0)
        rc = qs_err_sys(err, errno);
    qs_buf_free(&raw);
    return rc;
}

int qs_zmf_create(const char *rsv, const struct qs_zmf_attr *attrs, long n,
                  char id_r[QS_ZMF_ID_LEN + 1], struct qs_err *err)
{
    int have_rsv = 0;
    for (int i = 0; rsv && i < QS_ZMF_ID_LEN; i++)
        if (rsv[i] != '\0')
            have_rsv = 1;
    char rid[QS_ZMF_ID_LEN + 1];
    if (have_rsv) {
        if (!id_ok(rsv))
            return bad_id(err);
        memcpy(rid, rsv, QS_ZMF_ID_LEN);
        rid[QS_ZMF_ID_LEN] = '\0';
    }
    struct qs_zmf_parsed pp;
    if (qs_zmf_parse(attrs, n, &pp, err) < 0)
        return -1;
    if (qs_zmf_validate(have_rsv ? rid : "", &pp, err) < 0) {
        qs_zmf_parsed_free(&pp);
        return -1;
    }
    struct qs_msf_env env;
    qs_msf_env_init(&env);
    env.origin = QS_MSF_ORIGIN_API;
    struct qs_buf content;
    qs_buf_init(&content, CONTENT_MAX * 2);
    int rc = build_env(&pp, &env, &content, err);
    int fd = -1;
    if (rc == 0 && have_rsv) {
        fd = lock_ids(err);
        int st = fd < 0 ? -1 : id_state(rid, NULL, err);
        if (st < 0)
            rc = -1;
        else if (st == 'C')
            rc = qs_err_set(err, "CPFAF8D", (const char *)NULL);
        else if (st != 'R')
            rc = bad_id(err);
    }
    char msf[QS_MSF_ID_LEN + 1];
    if (rc == 0)
        rc = qs_msf_enqueue(&env, content.data ? content.data : "", content.len, msf, err);
    if (rc == 0) {
        char val[QS_ZMF_ID_LEN + 8];
        snprintf(val, sizeof val, "%c %s\n", have_rsv ? 'C' : 'U', msf);
        /* the message is durable in MSF; recording the id can only fail
         * on a full disk, and then the reservation stays 'R' */
        id_put(have_rsv ? rid : msf, val, NULL);
        memcpy(id_r, have_rsv ? rid : msf, QS_ZMF_ID_LEN);
        id_r[QS_ZMF_ID_LEN] = '\0';
    }
    if (fd >= 0)
        close(fd);
    qs_buf_free(&content);
    qs_msf_env_clear(&env);
    qs_zmf_parsed_free(&pp);
    return rc;
}
