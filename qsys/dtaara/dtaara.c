/*
 * qsys/dtaara/dtaara.c - data areas (see dtaara.h).
 *
 * Owns the payload of *DTAARA objects.  Object-store messages are mapped to
 * the data-area ones IBM sends (CPF9801 → CPF1015, CPF9810 → CPF1021, …).
 */
#include "qsys/dtaara/dtaara.h"
#include "qsys/job/job.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/packed.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DTA_TYPE "*DTAARA"
#define LDA_NAME "Q#LDA"    /* QTEMP object backing *LDA */

static const char *const tnames[] = { "*CHAR", "*DEC", "*LGL" };

const char *qs_dtaara_type_name(enum qs_dtaara_type t)
{
    return (unsigned)t < 3 ? tnames[t] : "*CHAR";
}

int qs_dtaara_type_parse(const char *s, enum qs_dtaara_type *t_r)
{
    for (int i = 0; i < 3; i++)
        if (qs_strcaseeq(s, tnames[i])) {
            *t_r = (enum qs_dtaara_type)i;
            return 0;
        }
    return -1;
}

static int msg2(struct qs_err *err, const char *id, const char *a, const char *b)
{
    return qs_err_set(err, id, a, b, (const char *)NULL);
}

/* Map object-store errors to data-area messages. */
static int map_err(struct qs_err *err, const char *name, const char *lib)
{
    if (!err)
        return -1;
    if (!strcmp(err->msgid, "CPF9801"))
        return msg2(err, "CPF1015", name, lib);
    if (!strcmp(err->msgid, "CPF9810"))
        return msg2(err, "CPF1021", lib, name);
    if (!strcmp(err->msgid, "CPF9802"))
        return msg2(err, "CPF1016", name, lib);
    if (!strcmp(err->msgid, "CPF9803"))
        return msg2(err, "CPF1063", name, lib);
    if (!strcmp(err->msgid, "CPF9870"))
        return msg2(err, "CPF1023", name, lib);
    return -1;
}

static int is_lda(const char *name)
{
    return name && qs_strcaseeq(name, "*LDA");
}

/* Payload <-> struct. */
static int encode(const struct qs_dtaara *d, struct qs_buf *b)
{
    qs_buf_addf(b, "%s %d %d\n", qs_dtaara_type_name(d->type), d->len, d->dec);
    qs_buf_add(b, d->value, d->value_len);
    return b->data ? 0 : -1;
}

static size_t value_size(enum qs_dtaara_type t, int len)
{
    return t == QS_DTAARA_CHAR ? (size_t)len : t == QS_DTAARA_DEC ? QS_PACKED_LEN(len) : 1;
}

static int decode(const char *p, size_t n, struct qs_dtaara *d)
{
    const char *nl = memchr(p, '\n', n);
    if (!nl)
        return -1;
    char line[64];
    size_t ll = (size_t)(nl - p);
    if (ll >= sizeof line)
        return -1;
    memcpy(line, p, ll);
    line[ll] = '\0';
    char *s1 = strchr(line, ' ');
    char *s2 = s1 ? strchr(s1 + 1, ' ') : NULL;
    if (!s1 || !s2)
        return -1;
    *s1 = *s2 = '\0';
    long long len, dec;
    if (qs_dtaara_type_parse(line, &d->type) < 0 ||
        qs_parse_ll(s1 + 1, strlen(s1 + 1), 1, QS_DTAARA_CHAR_MAX, &len) < 0 ||
        qs_parse_ll(s2 + 1, strlen(s2 + 1), 0, QS_DTAARA_DEC_MAX, &dec) < 0)
        return -1;
    d->len = (int)len;
    d->dec = (int)dec;
    size_t vs = value_size(d->type, d->len);
    if (n - ll - 1 != vs || vs > sizeof d->value)
        return -1;
    memcpy(d->value, nl + 1, vs);
    d->value_len = vs;
    if (d->type == QS_DTAARA_DEC && qs_packed_check(d->value, d->len, NULL) < 0)
        return -1;
    if (d->type == QS_DTAARA_LGL && d->value[0] != '0' && d->value[0] != '1')
        return -1;
    return 0;
}

/* Set d's value from text as typed on VALUE (NULL = initial value). */
static int set_value_text(struct qs_dtaara *d, const char *v, size_t vl, struct qs_err *err)
{
    switch (d->type) {
    case QS_DTAARA_CHAR:
        memset(d->value, ' ', (size_t)d->len);
        if (v)
            memcpy(d->value, v, vl < (size_t)d->len ? vl : (size_t)d->len);
        d->value_len = (size_t)d->len;
        return 0;
    case QS_DTAARA_DEC: {
        unsigned char pk[QS_PACKED_LEN(QS_DTAARA_DEC_MAX)];
        struct qs_err e2 = QS_ERR_INIT;
        if (qs_packed_from_text(pk, d->len, d->dec, v ? v : "0", v ? vl : 1, &e2) < 0) {
            qs_err_clear(&e2);
            return msg2(err, "CPF1062", d->name, d->lib);
        }
        d->value_len = QS_PACKED_LEN(d->len);
        memcpy(d->value, pk, d->value_len);
        return 0;
    }
    case QS_DTAARA_LGL:
        if (v && !(vl == 1 && (v[0] == '0' || v[0] == '1')))
            return msg2(err, "CPF1062", d->name, d->lib);
        d->value[0] = v ? (unsigned char)v[0] : '0';
        d->value_len = 1;
        return 0;
    }
    return -1;
}

static int lda_ensure(struct qs_job *j, struct qs_err *err)
{
    if (qs_obj_exists("QTEMP", LDA_NAME, DTA_TYPE))
        return 0;
    return qs_dtaara_create(j, "QTEMP", LDA_NAME, QS_DTAARA_CHAR, QS_DTAARA_LDA_LEN, 0, NULL,
                            "*LDA for job", QS_AUT_ALL, err);
}

/* Resolve lib/name to a real library and object name. */
static int resolve(struct qs_job *j, const char *lib, const char *name, char lib_r[11],
                   char name_r[11], struct qs_err *err)
{
    if (is_lda(name)) {
        if (lda_ensure(j, err) < 0)
            return -1;
        qs_strlcpy(lib_r, "QTEMP", 11);
        qs_strlcpy(name_r, LDA_NAME, 11);
        return 0;
    }
    if (qs_name_check(name, name_r, "DTAARA", err) < 0)
        return -1;
    if (qs_obj_resolve(j ? &j->libl : NULL, lib, name_r, DTA_TYPE, lib_r, err) < 0) {
        const char *l = lib && *lib ? lib : "*LIBL";
        char lu[11];
        qs_strlcpy(lu, l, sizeof lu);
        qs_str_upper(lu);
        return map_err(err, name_r, lu);
    }
    return 0;
}

static int load(const char *lib, const char *name, struct qs_dtaara *d, struct qs_objdesc *od,
                struct qs_err *err)
{
    struct qs_buf b;
    qs_buf_init(&b, QS_DTAARA_CHAR_MAX + 64);
    int rc = -1;
    if (qs_obj_read(lib, name, DTA_TYPE, od, &b, err) < 0) {
        map_err(err, name, lib);
        goto out;
    }
    memset(d, 0, sizeof *d);
    qs_strlcpy(d->lib, lib, sizeof d->lib);
    qs_strlcpy(d->name, name, sizeof d->name);
    if (decode(qs_buf_str(&b), b.len, d) < 0) {
        qs_err_set(err, "CPF8105", DTA_TYPE, name, lib, (const char *)NULL);
        goto out;
    }
    qs_strlcpy(d->text, od->text, sizeof d->text);
    qs_strlcpy(d->owner, od->owner, sizeof d->owner);
    rc = 0;
out:
    qs_buf_free(&b);
    return rc;
}

int qs_dtaara_create(struct qs_job *j, const char *lib_in, const char *name_in,
                     enum qs_dtaara_type type, int len, int dec, const char *value,
                     const char *text, enum qs_aut pubaut, struct qs_err *err)
{
    char name[11], lib[11];
    if (qs_name_check(name_in, name, "DTAARA", err) < 0)
        return -1;
    if (!lib_in || !*lib_in || qs_strcaseeq(lib_in, "*CURLIB") || qs_strcaseeq(lib_in, "*LIBL"))
        lib_in = "QGPL";
    if (qs_name_check(lib_in, lib, "LIB", err) < 0)
        return -1;
    struct qs_dtaara *d = calloc(1, sizeof *d);
    struct qs_objdesc *od = calloc(1, sizeof *od);
    struct qs_buf b;
    qs_buf_init(&b, QS_DTAARA_CHAR_MAX + 64);
    int rc = -1;
    if (!d || !od) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    if (len == 0)
        len = type == QS_DTAARA_CHAR ? 32 : type == QS_DTAARA_DEC ? 15 : 1;
    if (type == QS_DTAARA_DEC && len == 15 && dec < 0)
        dec = 5;
    if (dec < 0)
        dec = 0;
    qs_strlcpy(d->lib, lib, sizeof d->lib);
    qs_strlcpy(d->name, name, sizeof d->name);
    d->type = type;
    d->len = len;
    d->dec = dec;
    if ((type == QS_DTAARA_CHAR && (len < 1 || len > QS_DTAARA_CHAR_MAX || dec)) ||
        (type == QS_DTAARA_DEC && (len < 1 || len > QS_DTAARA_DEC_MAX || dec > len)) ||
        (type == QS_DTAARA_LGL && (len != 1 || dec))) {
        msg2(err, "CPF1026", name, lib);
        goto out;
    }
    if (set_value_text(d, value, value ? strlen(value) : 0, err) < 0)
        goto out;
    qs_objdesc_init(od, lib, name, DTA_TYPE, j ? j->user : "QSYS");
    qs_strlcpy(od->attr, qs_dtaara_type_name(type), sizeof od->attr);
    qs_strlcpy(od->text, text ? text : "", sizeof od->text);
    od->pubaut = pubaut;
    if (encode(d, &b) < 0) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    if (qs_obj_create(od, b.data, b.len, err) < 0) {
        map_err(err, name, lib);
        if (err && !strcmp(err->msgid, "CPF1021"))
            msg2(err, "CPF1021", lib, name);
        goto out;
    }
    rc = 0;
out:
    qs_buf_free(&b);
    free(d);
    free(od);
    return rc;
}

/* Lock data area l/n (mode), read it (d may be NULL: the description
 * only) and check the job's authority aut; errors as map_err gives them. */
static int lock_load(struct qs_job *j, const char *l, const char *n, enum qs_lockmode mode,
                     enum qs_aut aut, struct qs_dtaara *d, struct qs_objdesc *od,
                     struct qs_objlock *lk, struct qs_err *err)
{
    if (qs_obj_lock(l, n, DTA_TYPE, mode, QS_DTAARA_LOCK_MS, lk, err) < 0)
        return map_err(err, n, l);
    if (d && load(l, n, d, od, err) < 0)
        return -1;
    if (!d && qs_obj_read(l, n, DTA_TYPE, od, NULL, err) < 0)
        return map_err(err, n, l);
    if (j && qs_job_check_aut(j, od, aut, err) < 0)
        return map_err(err, n, l);
    return 0;
}

int qs_dtaara_retrieve(struct qs_job *j, const char *lib, const char *name,
                       struct qs_dtaara *d_r, struct qs_err *err)
{
    char l[11], n[11];
    if (resolve(j, lib, name, l, n, err) < 0)
        return -1;
    struct qs_objdesc *od = malloc(sizeof *od);
    if (!od)
        return qs_err_sys(err, ENOMEM);
    struct qs_objlock lk = QS_OBJLOCK_INIT;
    int rc = -1;
    if (lock_load(j, l, n, QS_LOCK_SHARED, QS_AUT_USE, d_r, od, &lk, err) < 0)
        goto out;
    rc = 0;
out:
    qs_obj_unlock(&lk);
    free(od);
    return rc;
}

int qs_dtaara_change(struct qs_job *j, const char *lib, const char *name, int start,
                     int sublen, const void *value, size_t vlen, struct qs_err *err)
{
    char l[11], n[11];
    if (resolve(j, lib, name, l, n, err) < 0)
        return -1;
    struct qs_objdesc *od = malloc(sizeof *od);
    struct qs_dtaara *d = malloc(sizeof *d);
    struct qs_objlock lk = QS_OBJLOCK_INIT;
    struct qs_buf b;
    qs_buf_init(&b, QS_DTAARA_CHAR_MAX + 64);
    int rc = -1;
    if (!od || !d) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    if (lock_load(j, l, n, QS_LOCK_EXCL, QS_AUT_CHANGE, d, od, &lk, err) < 0)
        goto out;
    const char *show = is_lda(name) ? "*LDA" : n;
    if (d->type != QS_DTAARA_CHAR) {
        if (start != 0) {
            msg2(err, "CPF1087", show, l);
            goto out;
        }
        if (set_value_text(d, value, vlen, err) < 0)
            goto out;
    } else if (start == 0) {
        set_value_text(d, value, vlen, err);
    } else {
        if (start < 1 || start > d->len) {
            msg2(err, "CPF1088", show, l);
            goto out;
        }
        if (sublen < 1 || sublen > d->len - start + 1) {
            msg2(err, "CPF1089", show, l);
            goto out;
        }
        memset(d->value + start - 1, ' ', (size_t)sublen);
        memcpy(d->value + start - 1, value, vlen < (size_t)sublen ? vlen : (size_t)sublen);
    }
    if (encode(d, &b) < 0) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    if (qs_obj_update(od, b.data, b.len, err) < 0) {
        map_err(err, n, l);
        goto out;
    }
    rc = 0;
out:
    qs_obj_unlock(&lk);
    qs_buf_free(&b);
    free(od);
    free(d);
    return rc;
}

int qs_dtaara_delete(struct qs_job *j, const char *lib, const char *name, struct qs_err *err)
{
    char l[11], n[11];
    if (is_lda(name))
        return msg2(err, "CPF1016", "*LDA", "QTEMP");
    if (resolve(j, lib, name, l, n, err) < 0)
        return -1;
    struct qs_objdesc *od = malloc(sizeof *od);
    struct qs_objlock lk = QS_OBJLOCK_INIT;
    int rc = -1;
    if (!od)
        return qs_err_sys(err, ENOMEM);
    if (lock_load(j, l, n, QS_LOCK_EXCL, QS_AUT_ALL, NULL, od, &lk, err) < 0)
        goto out;
    if (qs_obj_delete(l, n, DTA_TYPE, err) < 0) {
        map_err(err, n, l);
        goto out;
    }
    rc = 0;
out:
    qs_obj_unlock(&lk);
    free(od);
    return rc;
}

int qs_dtaara_value_text(const struct qs_dtaara *d, int start, int sublen, char *out,
                         size_t outsz, struct qs_err *err)
{
    if (d->type == QS_DTAARA_DEC)
        return qs_packed_to_text(d->value, d->len, d->dec, out, outsz, err);
    if (d->type == QS_DTAARA_LGL) {
        if (outsz < 2)
            return qs_err_sys(err, E2BIG);
        out[0] = (char)d->value[0];
        out[1] = '\0';
        return 0;
    }
    size_t off = 0, n = d->value_len;
    if (start > 0) {
        if (start > d->len)
            return msg2(err, "CPF1088", d->name, d->lib);
        if (sublen < 1 || sublen > d->len - start + 1)
            return msg2(err, "CPF1089", d->name, d->lib);
        off = (size_t)start - 1;
        n = (size_t)sublen;
    }
    if (n + 1 > outsz)
        return qs_err_sys(err, E2BIG);
    memcpy(out, d->value + off, n);
    out[n] = '\0';
    return 0;
}
