/*
 * cl/pgm_var.c - CL program variables: storage and CHGVAR conversions.
 *
 * Owns IBM's conversion rules between *CHAR, *DEC (packed), *LGL and
 * *INT or *UINT values: numbers into *CHAR are right-adjusted and zero-filled
 * with a leading '-' and a '.' when the variable has decimals; text into
 * *DEC must be a number; decimals beyond the receiver's are truncated and
 * integer digits beyond it are MCH1210.  Nothing is stored on error.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cl/pgm_int.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/packed.h"
#include "qsys/base/str.h"

static __int128 pow10i(unsigned k)
{
    __int128 p = 1;
    while (k--)
        p *= 10;
    return p;
}

void qs_cl_xval_init(struct qs_cl_xval *x)
{
    memset(x, 0, sizeof *x);
    qs_buf_init(&x->s, QS_MAX_CL_COMMAND);
}

void qs_cl_xval_free(struct qs_cl_xval *x)
{
    qs_buf_free(&x->s);
}

struct qs_cl_var *qs_cl_vars_find(const struct qs_cl_vars *vs, const char *name, size_t len)
{
    if (len > 0 && name[0] == '&') {
        name++;
        len--;
    }
    for (size_t i = 0; i < vs->n; i++)
        if (strlen(vs->v[i].name) == len && qs_memcaseeq(name, len, vs->v[i].name))
            return &vs->v[i];
    return NULL;
}

void qs_cl_num_text(__int128 n, int scale, struct qs_buf *out)
{
    char tmp[64];
    size_t k = 0;
    int neg = n < 0;
    unsigned __int128 u = neg ? (unsigned __int128)(-(n + 1)) + 1 : (unsigned __int128)n;
    do {
        tmp[k++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u && k < sizeof tmp);
    while ((int)k <= scale && k < sizeof tmp)
        tmp[k++] = '0';
    if (neg)
        qs_buf_addc(out, '-');
    for (size_t i = k; i > 0; i--) {
        if ((int)i == scale && scale > 0)
            qs_buf_addc(out, '.');
        qs_buf_addc(out, tmp[i - 1]);
    }
}

/* Parse [blanks][+|-]digits[.digits][blanks] into n/scale. */
static int parse_num(const char *s, size_t len, __int128 *n_r, int *scale_r)
{
    size_t i = 0;
    int neg = 0, digits = 0, scale = 0, point = 0;
    __int128 n = 0;
    while (i < len && s[i] == ' ')
        i++;
    while (len > i && s[len - 1] == ' ')
        len--;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    for (; i < len; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (digits >= 36)
                return -1;
            if (n > 0 || s[i] != '0' || point)
                digits++;
            n = n * 10 + (s[i] - '0');
            if (point)
                scale++;
        } else if ((s[i] == '.' || s[i] == ',') && !point) {
            point = 1;
        } else {
            return -1;
        }
    }
    if (digits == 0 && n == 0 && len == 0)
        return -1;
    *n_r = neg ? -n : n;
    *scale_r = scale;
    return 0;
}

static __int128 rescale(__int128 n, int from, int to)
{
    if (from > to)
        return n / pow10i((unsigned)(from - to));
    if (from < to)
        return n * pow10i((unsigned)(to - from));
    return n;
}

static int unpack(const struct qs_cl_var *v, __int128 *n_r, struct qs_err *err)
{
    if (qs_packed_check(v->data, (int)v->len, err) < 0)
        return -1;
    __int128 n = 0;
    size_t nb = v->size;
    for (size_t i = 0; i < nb; i++) {
        unsigned hi = v->data[i] >> 4, lo = v->data[i] & 15u;
        n = n * 10 + hi;
        if (i + 1 < nb)
            n = n * 10 + lo;
        else if (lo == 0xB || lo == 0xD)
            n = -n;
    }
    *n_r = n;
    return 0;
}

static void pack(struct qs_cl_var *v, __int128 n)
{
    int neg = n < 0;
    unsigned __int128 u = neg ? (unsigned __int128)(-n) : (unsigned __int128)n;
    size_t nb = v->size;
    memset(v->data, 0, nb);
    v->data[nb - 1] = neg ? 0x0D : 0x0C;
    v->data[nb - 1] |= (unsigned char)((u % 10) << 4);
    u /= 10;
    for (size_t i = nb - 1; i > 0; i--) {
        unsigned lo = (unsigned)(u % 10);
        u /= 10;
        unsigned hi = (unsigned)(u % 10);
        u /= 10;
        v->data[i - 1] = (unsigned char)((hi << 4) | lo);
    }
    if (v->len % 2 == 0)
        v->data[0] &= 0x0F;   /* even digit count: the pad nibble is 0 */
}

static int int_get(const struct qs_cl_var *v, __int128 *n_r)
{
    if (v->type == QS_CL_VT_INT) {
        switch (v->len) {
        case 2: { int16_t x; memcpy(&x, v->data, 2); *n_r = x; return 0; }
        case 4: { int32_t x; memcpy(&x, v->data, 4); *n_r = x; return 0; }
        default: { int64_t x; memcpy(&x, v->data, 8); *n_r = x; return 0; }
        }
    }
    switch (v->len) {
    case 2: { uint16_t x; memcpy(&x, v->data, 2); *n_r = x; return 0; }
    case 4: { uint32_t x; memcpy(&x, v->data, 4); *n_r = x; return 0; }
    default: { uint64_t x; memcpy(&x, v->data, 8); *n_r = x; return 0; }
    }
}

static int int_put(struct qs_cl_var *v, __int128 n, struct qs_err *err)
{
    __int128 lo, hi;
    unsigned bits = v->len * 8;
    if (v->type == QS_CL_VT_INT) {
        hi = ((__int128)1 << (bits - 1)) - 1;
        lo = -hi - 1;
    } else {
        lo = 0;
        hi = ((__int128)1 << bits) - 1;
    }
    if (n < lo || n > hi)
        return qs_err_set(err, "MCH1210", (const char *)NULL);
    switch (v->len) {
    case 2: { int16_t x = (int16_t)n; uint16_t u = (uint16_t)n;
              memcpy(v->data, v->type == QS_CL_VT_INT ? (void *)&x : (void *)&u, 2); break; }
    case 4: { int32_t x = (int32_t)n; uint32_t u = (uint32_t)n;
              memcpy(v->data, v->type == QS_CL_VT_INT ? (void *)&x : (void *)&u, 4); break; }
    default: { int64_t x = (int64_t)n; uint64_t u = (uint64_t)n;
               memcpy(v->data, v->type == QS_CL_VT_INT ? (void *)&x : (void *)&u, 8); break; }
    }
    return 0;
}

int qs_cl_var_get(const struct qs_cl_var *v, struct qs_cl_xval *r, struct qs_err *err)
{
    qs_buf_reset(&r->s);
    switch (v->type) {
    case QS_CL_VT_CHAR:
        r->t = QS_CL_X_CHAR;
        if (qs_buf_add(&r->s, v->data, v->size) < 0)
            return qs_err_sys(err, errno);
        return 0;
    case QS_CL_VT_DEC:
        r->t = QS_CL_X_NUM;
        r->scale = (int)v->dec;
        return unpack(v, &r->n, err);
    case QS_CL_VT_LGL:
        r->t = QS_CL_X_LGL;
        r->b = v->data[0] == '1';
        return 0;
    case QS_CL_VT_INT:
    case QS_CL_VT_UINT:
        r->t = QS_CL_X_NUM;
        r->scale = 0;
        return int_get(v, &r->n);
    }
    return 0;
}

static int put_num(struct qs_cl_var *v, __int128 n, int scale, struct qs_err *err)
{
    switch (v->type) {
    case QS_CL_VT_DEC: {
        __int128 x = rescale(n, scale, (int)v->dec);
        __int128 lim = pow10i(v->len);
        if (x >= lim || x <= -lim)
            return qs_err_set(err, "MCH1210", (const char *)NULL);
        pack(v, x);
        return 0;
    }
    case QS_CL_VT_INT:
    case QS_CL_VT_UINT:
        return int_put(v, rescale(n, scale, 0), err);
    case QS_CL_VT_CHAR: {
        /* right-adjusted, zero-filled, '-' leftmost, '.' when decimals */
        struct qs_buf t;
        int neg = n < 0;
        qs_buf_init(&t, 128);
        qs_cl_num_text(neg ? -n : n, scale, &t);
        size_t need = t.len + (size_t)neg;
        if (need > v->size) {
            qs_buf_free(&t);
            return qs_err_set(err, "MCH1210", (const char *)NULL);
        }
        memset(v->data, '0', v->size);
        if (neg)
            v->data[0] = '-';
        memcpy(v->data + v->size - t.len, t.data, t.len);
        qs_buf_free(&t);
        return 0;
    }
    case QS_CL_VT_LGL:
        if (scale == 0 && (n == 0 || n == 1)) {
            v->data[0] = n ? '1' : '0';
            return 0;
        }
        return qs_err_set(err, "CPD0788", v->name, (const char *)NULL);
    }
    return 0;
}

int qs_cl_var_put_text(struct qs_cl_var *v, const char *s, size_t n, struct qs_err *err)
{
    switch (v->type) {
    case QS_CL_VT_CHAR:
        memset(v->data, ' ', v->size);
        memcpy(v->data, s, n < v->size ? n : v->size);
        return 0;
    case QS_CL_VT_LGL:
        while (n > 1 && s[n - 1] == ' ')
            n--;
        if (n == 1 && (s[0] == '0' || s[0] == '1')) {
            v->data[0] = (unsigned char)s[0];
            return 0;
        }
        return qs_err_set(err, "CPD0788", v->name, (const char *)NULL);
    default: {
        __int128 x;
        int sc;
        if (parse_num(s, n, &x, &sc) < 0)
            return qs_err_set(err, "MCH1202", (const char *)NULL);
        return put_num(v, x, sc, err);
    }
    }
}

int qs_cl_var_put(struct qs_cl_var *v, const struct qs_cl_xval *x, struct qs_err *err)
{
    switch (x->t) {
    case QS_CL_X_NUM:
        return put_num(v, x->n, x->scale, err);
    case QS_CL_X_LGL:
        if (v->type == QS_CL_VT_CHAR || v->type == QS_CL_VT_LGL) {
            char c = x->b ? '1' : '0';
            return qs_cl_var_put_text(v, &c, 1, err);
        }
        return qs_err_set(err, "MCH1202", (const char *)NULL);
    case QS_CL_X_CHAR:
        return qs_cl_var_put_text(v, qs_buf_str(&x->s), x->s.len, err);
    }
    return 0;
}

int qs_cl_var_text(const struct qs_cl_var *v, struct qs_buf *out, struct qs_err *err)
{
    struct qs_cl_xval x;
    int rc = 0;
    if (v->type == QS_CL_VT_CHAR)
        return qs_buf_add(out, v->data, v->size) < 0 ? qs_err_sys(err, errno) : 0;
    if (v->type == QS_CL_VT_LGL)
        return qs_buf_addc(out, v->data[0] == '1' ? '1' : '0') < 0 ? qs_err_sys(err, errno) : 0;
    qs_cl_xval_init(&x);
    if (qs_cl_var_get(v, &x, err) < 0)
        rc = -1;
    else
        qs_cl_num_text(x.n, x.scale, out);
    qs_cl_xval_free(&x);
    return rc;
}
