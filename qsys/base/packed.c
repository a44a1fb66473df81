/*
 * qsys/base/packed.c - packed and zoned decimal conversions (packed.h).
 *
 * Every conversion goes through one neutral form, a sign and up to 63
 * decimal digits (most significant first), so that each format has one
 * reader and one writer.  Receivers are written only after the whole value
 * has been validated.
 */
#include "qsys/base/packed.h"
#include "qsys/base/err.h"

#include <limits.h>
#include <string.h>

struct dec {
    int           neg;
    int           n;                       /* number of digits */
    unsigned char d[QS_DEC_MAX_DIGITS];    /* 0..9 */
};

static int bad_data(struct qs_err *err)
{
    return qs_err_set(err, "MCH1202", (const char *)NULL);
}

static int too_small(struct qs_err *err)
{
    return qs_err_set(err, "MCH1210", (const char *)NULL);
}

static int digits_ok(int digits)
{
    return digits >= 1 && digits <= QS_DEC_MAX_DIGITS;
}

/* --- readers -------------------------------------------------------------- */

static int read_packed(const unsigned char *p, int digits, struct dec *x, struct qs_err *err)
{
    if (!p || !digits_ok(digits))
        return bad_data(err);
    size_t len = QS_PACKED_LEN(digits);
    int nib = (int)(len * 2);          /* nibbles incl. sign */
    int first = nib - 1 - digits;      /* pad nibbles to skip (0 or 1) */
    x->n = digits;
    for (int i = 0; i < nib - 1; i++) {
        int v = (i % 2) ? (p[i / 2] & 15) : (p[i / 2] >> 4);
        if (v > 9)
            return bad_data(err);
        if (i < first) {
            /* IBM ignores the pad nibble's value but it must still be a digit */
            continue;
        }
        x->d[i - first] = (unsigned char)v;
    }
    int s = p[len - 1] & 15;
    if (s < 10)
        return bad_data(err);
    x->neg = (s == 0xB || s == 0xD);
    return 0;
}

static int read_zoned(const unsigned char *z, int digits, struct dec *x, struct qs_err *err)
{
    if (!z || !digits_ok(digits))
        return bad_data(err);
    x->n = digits;
    x->neg = 0;
    for (int i = 0; i < digits; i++) {
        int zone = z[i] >> 4, v = z[i] & 15;
        if (v > 9)
            return bad_data(err);
        int last = i == digits - 1;
        if (zone == 0xF || zone == 0x3) {
            /* positive digit (EBCDIC or ASCII) */
        } else if (last && (zone == 0xC || zone == 0xA || zone == 0xE)) {
            /* positive sign zones */
        } else if (last && (zone == 0xD || zone == 0xB || zone == 0x7)) {
            x->neg = 1;
        } else {
            return bad_data(err);
        }
        x->d[i] = (unsigned char)v;
    }
    return 0;
}

static int read_ll(long long v, int digits, struct dec *x, struct qs_err *err)
{
    if (!digits_ok(digits))
        return bad_data(err);
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    x->neg = v < 0;
    x->n = digits;
    memset(x->d, 0, sizeof x->d);
    for (int i = digits - 1; i >= 0; i--) {
        x->d[i] = (unsigned char)(u % 10);
        u /= 10;
    }
    if (u != 0)
        return too_small(err);
    return 0;
}

/* Text to `digits` digits with `scale` of them after the point. */
static int read_text(const char *s, size_t len, int digits, int scale, struct dec *x,
                     struct qs_err *err)
{
    if (!digits_ok(digits) || scale < 0 || scale > digits || (!s && len))
        return bad_data(err);
    size_t i = 0;
    while (i < len && s[i] == ' ')
        i++;
    while (len > i && s[len - 1] == ' ')
        len--;
    x->neg = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        x->neg = s[i++] == '-';
    unsigned char ip[QS_DEC_MAX_DIGITS + 1], fp[QS_DEC_MAX_DIGITS];
    int ni = 0, nf = 0, seen = 0;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, seen = 1) {
        if (ni == 0 && s[i] == '0')
            continue;   /* leading zeros */
        if (ni >= digits - scale)
            return too_small(err);
        ip[ni++] = (unsigned char)(s[i] - '0');
    }
    if (i < len && (s[i] == '.' || s[i] == ',')) {
        i++;
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, seen = 1)
            if (nf < scale)
                fp[nf++] = (unsigned char)(s[i] - '0');
    }
    if (i != len || !seen)
        return bad_data(err);
    if (ni > digits - scale)
        return too_small(err);
    x->n = digits;
    memset(x->d, 0, sizeof x->d);
    int ilen = digits - scale;
    for (int k = 0; k < ni; k++)
        x->d[ilen - ni + k] = ip[k];
    for (int k = 0; k < nf; k++)
        x->d[ilen + k] = fp[k];
    int zero = 1;
    for (int k = 0; k < digits; k++)
        if (x->d[k])
            zero = 0;
    if (zero)
        x->neg = 0;
    return 0;
}

/* --- writers -------------------------------------------------------------- */

static void write_packed(const struct dec *x, unsigned char *p)
{
    size_t len = QS_PACKED_LEN(x->n);
    int nib = (int)(len * 2);
    int first = nib - 1 - x->n;
    memset(p, 0, len);
    for (int i = first; i < nib - 1; i++) {
        int v = x->d[i - first];
        if (i % 2)
            p[i / 2] |= (unsigned char)v;
        else
            p[i / 2] |= (unsigned char)(v << 4);
    }
    p[len - 1] |= x->neg ? 0xD : 0xC;
}

static void write_zoned(const struct dec *x, unsigned char *z)
{
    for (int i = 0; i < x->n; i++)
        z[i] = (unsigned char)(0xF0 | x->d[i]);
    if (x->neg)
        z[x->n - 1] = (unsigned char)(0xD0 | x->d[x->n - 1]);
}

static int write_ll(const struct dec *x, long long *v_r, struct qs_err *err)
{
    unsigned long long u = 0;
    for (int i = 0; i < x->n; i++) {
        if (u > (ULLONG_MAX - x->d[i]) / 10)
            return too_small(err);
        u = u * 10 + x->d[i];
    }
    if (x->neg) {
        if (u > (unsigned long long)LLONG_MAX + 1)
            return too_small(err);
        *v_r = u == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)u;
    } else {
        if (u > (unsigned long long)LLONG_MAX)
            return too_small(err);
        *v_r = (long long)u;
    }
    return 0;
}

static int write_text(const struct dec *x, int scale, char *out, size_t outsz,
                      struct qs_err *err)
{
    if (scale < 0 || scale > x->n)
        return bad_data(err);
    char tmp[QS_DEC_MAX_DIGITS + 4];
    size_t k = 0;
    int ilen = x->n - scale, i = 0;
    while (i < ilen - 1 && x->d[i] == 0)
        i++;
    int zero = 1;
    for (int j = 0; j < x->n; j++)
        if (x->d[j])
            zero = 0;
    if (x->neg && !zero)
        tmp[k++] = '-';
    if (ilen == 0)
        tmp[k++] = '0';
    for (; i < ilen; i++)
        tmp[k++] = (char)('0' + x->d[i]);
    if (scale) {
        tmp[k++] = '.';
        for (int j = ilen; j < x->n; j++)
            tmp[k++] = (char)('0' + x->d[j]);
    }
    tmp[k] = '\0';
    if (k + 1 > outsz)
        return too_small(err);
    memcpy(out, tmp, k + 1);
    return 0;
}

/* --- public -------------------------------------------------------------- */

int qs_packed_check(const unsigned char *p, int digits, struct qs_err *err)
{
    struct dec x;
    return read_packed(p, digits, &x, err);
}

int qs_packed_to_ll(const unsigned char *p, int digits, long long *v_r, struct qs_err *err)
{
    struct dec x;
    if (read_packed(p, digits, &x, err) < 0)
        return -1;
    return write_ll(&x, v_r, err);
}

int qs_packed_from_ll(unsigned char *p, int digits, long long v, struct qs_err *err)
{
    struct dec x;
    if (read_ll(v, digits, &x, err) < 0)
        return -1;
    write_packed(&x, p);
    return 0;
}

int qs_packed_to_text(const unsigned char *p, int digits, int scale, char *out, size_t outsz,
                      struct qs_err *err)
{
    struct dec x;
    if (read_packed(p, digits, &x, err) < 0)
        return -1;
    return write_text(&x, scale, out, outsz, err);
}

int qs_packed_from_text(unsigned char *p, int digits, int scale, const char *s, size_t len,
                        struct qs_err *err)
{
    struct dec x;
    if (read_text(s, len, digits, scale, &x, err) < 0)
        return -1;
    write_packed(&x, p);
    return 0;
}

int qs_zoned_to_ll(const unsigned char *z, int digits, long long *v_r, struct qs_err *err)
{
    struct dec x;
    if (read_zoned(z, digits, &x, err) < 0)
        return -1;
    return write_ll(&x, v_r, err);
}

int qs_zoned_from_ll(unsigned char *z, int digits, long long v, struct qs_err *err)
{
    struct dec x;
    if (read_ll(v, digits, &x, err) < 0)
        return -1;
    write_zoned(&x, z);
    return 0;
}

int qs_zoned_to_text(const unsigned char *z, int digits, int scale, char *out, size_t outsz,
                     struct qs_err *err)
{
    struct dec x;
    if (read_zoned(z, digits, &x, err) < 0)
        return -1;
    return write_text(&x, scale, out, outsz, err);
}

int qs_zoned_from_text(unsigned char *z, int digits, int scale, const char *s, size_t len,
                       struct qs_err *err)
{
    struct dec x;
    if (read_text(s, len, digits, scale, &x, err) < 0)
        return -1;
    write_zoned(&x, z);
    return 0;
}
