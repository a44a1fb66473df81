/*
 * cl/pgm_expr.c - CL expressions: CHGVAR VALUE, IF/WHEN/DOWHILE/DOUNTIL COND.
 *
 * Recursive descent over the text, IBM's precedence from high to low:
 *   %SST %SUBSTRING %TRIM %TRIML %TRIMR %LEN %UPPER %LOWER %CHAR, unary + -,
 *   *NOT (also the sign ¬)
 *   * /
 *   + -
 *   *CAT ||   *BCAT |>   *TCAT |<
 *   *EQ = *NE ¬= != *GT > *LT < *GE >= *LE <= *NG ¬> *NL ¬<
 *   *AND &
 *   *OR |
 * Operands: &VAR, 'text', X'hex', numbers, '1'/'0', *ON, *OFF, *BLANK and
 * parenthesised expressions.  Numbers are exact scaled integers; character
 * comparisons pad the shorter side with blanks.  Depth is bounded.
 */
#include <errno.h>
#include <string.h>

#include "cl/pgm_int.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"

#define EXPR_MAX_DEPTH 64
#define NUM_LIMIT      ((__int128)1 << 120)

struct ex {
    const struct qs_cl_vars *vs;
    const char              *s;
    size_t                   n, i;
    unsigned                 depth;
    struct qs_err           *err;
};

static int syntax(struct ex *e)
{
    char at[40];
    size_t k = e->n - e->i < 32 ? e->n - e->i : 32;
    memcpy(at, e->s + e->i, k);
    at[k] = '\0';
    return qs_err_set(e->err, "CPD0751", at, (const char *)NULL);
}

static void skip(struct ex *e)
{
    while (e->i < e->n && (e->s[e->i] == ' ' || e->s[e->i] == '\t'))
        e->i++;
}

static int is_word_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '$' || c == '#' || c == '@' || c == '_' || c == '.';
}

/* Does a keyword operator *WORD start here?  Consumes it if so. */
static int kw(struct ex *e, const char *w)
{
    size_t l = strlen(w);
    if (e->i + l > e->n || !qs_memcaseeq(e->s + e->i, l, w))
        return 0;
    if (e->i + l < e->n && is_word_char(e->s[e->i + l]))
        return 0;
    e->i += l;
    return 1;
}

/* Does the symbol sym start here?  Consumes it if so. */
static int sym(struct ex *e, const char *t)
{
    size_t l = strlen(t);
    if (e->i + l > e->n || memcmp(e->s + e->i, t, l) != 0)
        return 0;
    e->i += l;
    return 1;
}

static int parse_or(struct ex *e, struct qs_cl_xval *r);

static int to_char(struct qs_cl_xval *x)
{
    if (x->t == QS_CL_X_CHAR)
        return 0;
    qs_buf_reset(&x->s);
    if (x->t == QS_CL_X_LGL)
        qs_buf_addc(&x->s, x->b ? '1' : '0');
    else
        qs_cl_num_text(x->n, x->scale, &x->s);
    x->t = QS_CL_X_CHAR;
    return 0;
}

static int to_lgl(struct ex *e, struct qs_cl_xval *x)
{
    if (x->t == QS_CL_X_LGL)
        return 0;
    if (x->t == QS_CL_X_CHAR && x->s.len == 1 && (x->s.data[0] == '0' || x->s.data[0] == '1')) {
        x->b = x->s.data[0] == '1';
        x->t = QS_CL_X_LGL;
        return 0;
    }
    return qs_err_set(e->err, "CPD0752", (const char *)NULL);
}

static int to_num(struct ex *e, struct qs_cl_xval *x)
{
    if (x->t == QS_CL_X_NUM)
        return 0;
    if (x->t == QS_CL_X_CHAR) {
        struct qs_cl_var tmp = { "", QS_CL_VT_DEC, 31, 9, NULL, 16 };
        unsigned char pk[16];
        tmp.data = pk;
        if (qs_cl_var_put_text(&tmp, qs_buf_str(&x->s), x->s.len, e->err) < 0)
            return -1;
        x->t = QS_CL_X_NUM;
        return qs_cl_var_get(&tmp, x, e->err);
    }
    return qs_err_set(e->err, "CPD0753", (const char *)NULL);
}

static void align(struct qs_cl_xval *a, struct qs_cl_xval *b)
{
    while (a->scale < b->scale) {
        a->n *= 10;
        a->scale++;
    }
    while (b->scale < a->scale) {
        b->n *= 10;
        b->scale++;
    }
}

static int check_range(struct ex *e, const struct qs_cl_xval *x)
{
    if (x->n > NUM_LIMIT || x->n < -NUM_LIMIT)
        return qs_err_set(e->err, "MCH1210", (const char *)NULL);
    return 0;
}

/* Arguments of a built-in: '(' expr { blank expr } ')' */
static int bif_args(struct ex *e, struct qs_cl_xval *a, int max, int *n_r)
{
    int n = 0;
    skip(e);
    if (!sym(e, "("))
        return syntax(e);
    for (;;) {
        skip(e);
        if (sym(e, ")"))
            break;
        if (n == max)
            return syntax(e);
        if (parse_or(e, &a[n]) < 0)
            return -1;
        n++;
        skip(e);
        sym(e, ":");   /* %SST(&A 1 : 2) style is tolerated */
    }
    *n_r = n;
    return 0;
}

static int bif(struct ex *e, struct qs_cl_xval *r)
{
    struct qs_cl_xval a[3];
    int n = 0, rc = -1;
    enum { SST, TRIM, TRIML, TRIMR, LEN, UPPER, LOWER, CHAR } f;
    if (kw(e, "%SST") || kw(e, "%SUBSTRING"))
        f = SST;
    else if (kw(e, "%TRIML"))
        f = TRIML;
    else if (kw(e, "%TRIMR"))
        f = TRIMR;
    else if (kw(e, "%TRIM"))
        f = TRIM;
    else if (kw(e, "%LEN"))
        f = LEN;
    else if (kw(e, "%UPPER"))
        f = UPPER;
    else if (kw(e, "%LOWER"))
        f = LOWER;
    else if (kw(e, "%CHAR"))
        f = CHAR;
    else
        return syntax(e);
    for (int i = 0; i < 3; i++)
        qs_cl_xval_init(&a[i]);
    if (bif_args(e, a, 3, &n) < 0)
        goto out;
    qs_buf_reset(&r->s);
    switch (f) {
    case SST: {
        if (n != 3 || to_char(&a[0]) < 0 || to_num(e, &a[1]) < 0 || to_num(e, &a[2]) < 0) {
            if (!qs_err_isset(e->err))
                syntax(e);
            goto out;
        }
        __int128 st = a[1].n, ln = a[2].n;
        for (int k = 0; k < a[1].scale; k++)
            st /= 10;
        for (int k = 0; k < a[2].scale; k++)
            ln /= 10;
        if (st < 1 || ln < 1 || st - 1 + ln > (__int128)a[0].s.len) {
            qs_err_set(e->err, "MCH0603", (const char *)NULL);
            goto out;
        }
        r->t = QS_CL_X_CHAR;
        qs_buf_add(&r->s, a[0].s.data + (size_t)(st - 1), (size_t)ln);
        break;
    }
    case TRIM:
    case TRIML:
    case TRIMR: {
        if (n < 1 || n > 2 || to_char(&a[0]) < 0 || (n == 2 && to_char(&a[1]) < 0)) {
            syntax(e);
            goto out;
        }
        const char *set = n == 2 ? qs_buf_str(&a[1].s) : " ";
        size_t setn = n == 2 ? a[1].s.len : 1;
        const char *p = qs_buf_str(&a[0].s);
        size_t b = 0, z = a[0].s.len;
        if (f != TRIMR)
            while (b < z && memchr(set, p[b], setn))
                b++;
        if (f != TRIML)
            while (z > b && memchr(set, p[z - 1], setn))
                z--;
        r->t = QS_CL_X_CHAR;
        qs_buf_add(&r->s, p + b, z - b);
        break;
    }
    case LEN:
        if (n != 1 || to_char(&a[0]) < 0) {
            syntax(e);
            goto out;
        }
        r->t = QS_CL_X_NUM;
        r->n = (__int128)a[0].s.len;
        r->scale = 0;
        break;
    case UPPER:
    case LOWER:
        if (n != 1 || to_char(&a[0]) < 0) {
            syntax(e);
            goto out;
        }
        r->t = QS_CL_X_CHAR;
        for (size_t k = 0; k < a[0].s.len; k++) {
            char c = a[0].s.data[k];
            if (f == UPPER && c >= 'a' && c <= 'z')
                c = (char)(c - 32);
            else if (f == LOWER && c >= 'A' && c <= 'Z')
                c = (char)(c + 32);
            qs_buf_addc(&r->s, c);
        }
        break;
    case CHAR:
        if (n != 1) {
            syntax(e);
            goto out;
        }
        to_char(&a[0]);
        r->t = QS_CL_X_CHAR;
        qs_buf_add(&r->s, a[0].s.data, a[0].s.len);
        break;
    }
    rc = 0;
out:
    for (int i = 0; i < 3; i++)
        qs_cl_xval_free(&a[i]);
    return rc;
}

static int primary(struct ex *e, struct qs_cl_xval *r)
{
    skip(e);
    if (e->i >= e->n)
        return syntax(e);
    char c = e->s[e->i];
    if (c == '(') {
        e->i++;
        if (++e->depth > EXPR_MAX_DEPTH)
            return syntax(e);
        if (parse_or(e, r) < 0)
            return -1;
        e->depth--;
        skip(e);
        return sym(e, ")") ? 0 : syntax(e);
    }
    if (c == '\'' || ((c == 'X' || c == 'x') && e->i + 1 < e->n && e->s[e->i + 1] == '\'')) {
        int hex = c != '\'';
        size_t j = e->i + (hex ? 2 : 1);
        qs_buf_reset(&r->s);
        r->t = QS_CL_X_CHAR;
        for (;;) {
            if (j >= e->n)
                return qs_err_set(e->err, "CPD0005", (const char *)NULL);
            if (e->s[j] == '\'') {
                if (j + 1 < e->n && e->s[j + 1] == '\'') {
                    qs_buf_addc(&r->s, '\'');
                    j += 2;
                    continue;
                }
                j++;
                break;
            }
            if (qs_buf_addc(&r->s, e->s[j]) < 0)
                return qs_err_sys(e->err, errno);
            j++;
        }
        e->i = j;
        if (hex) {
            size_t k = 0;
            if (r->s.len % 2)
                return syntax(e);
            for (size_t m = 0; m < r->s.len; m += 2) {
                int v = 0;
                for (int h = 0; h < 2; h++) {
                    char d = r->s.data[m + (size_t)h];
                    int x = d >= '0' && d <= '9' ? d - '0' : d >= 'A' && d <= 'F' ? d - 'A' + 10
                          : d >= 'a' && d <= 'f' ? d - 'a' + 10 : -1;
                    if (x < 0)
                        return syntax(e);
                    v = v * 16 + x;
                }
                r->s.data[k++] = (char)v;
            }
            qs_buf_truncate(&r->s, k);
        }
        return 0;
    }
    if (c == '&') {
        size_t j = e->i + 1;
        while (j < e->n && is_word_char(e->s[j]) && e->s[j] != '.')
            j++;
        const struct qs_cl_var *v = qs_cl_vars_find(e->vs, e->s + e->i + 1, j - e->i - 1);
        if (!v) {
            char nm[16];
            size_t k = j - e->i < sizeof nm - 1 ? j - e->i : sizeof nm - 1;
            memcpy(nm, e->s + e->i, k);
            nm[k] = '\0';
            qs_str_upper(nm);
            return qs_err_set(e->err, "CPD0727", nm, (const char *)NULL);
        }
        e->i = j;
        return qs_cl_var_get(v, r, e->err);
    }
    if (c == '%')
        return bif(e, r);
    if (c == '*') {
        if (kw(e, "*ON") || kw(e, "*OFF")) {
            r->t = QS_CL_X_LGL;
            r->b = e->s[e->i - 1] == 'N' || e->s[e->i - 1] == 'n';
            return 0;
        }
        if (kw(e, "*BLANK") || kw(e, "*BLANKS")) {
            r->t = QS_CL_X_CHAR;
            qs_buf_reset(&r->s);
            return qs_buf_addc(&r->s, ' ');
        }
        if (kw(e, "*ZERO") || kw(e, "*ZEROS")) {
            r->t = QS_CL_X_NUM;
            r->n = 0;
            r->scale = 0;
            return 0;
        }
        return syntax(e);
    }
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '$' || c == '#' || c == '@') {
        /* an unquoted name is a character literal, upper-cased: CHGVAR &X ABC */
        size_t j = e->i;
        qs_buf_reset(&r->s);
        r->t = QS_CL_X_CHAR;
        while (j < e->n && is_word_char(e->s[j])) {
            char d = e->s[j++];
            if (qs_buf_addc(&r->s, d >= 'a' && d <= 'z' ? (char)(d - 32) : d) < 0)
                return qs_err_sys(e->err, errno);
        }
        e->i = j;
        return 0;
    }
    if ((c >= '0' && c <= '9') || c == '.' || c == ',') {
        __int128 n = 0;
        int scale = 0, point = 0, digits = 0;
        size_t j = e->i;
        for (; j < e->n; j++) {
            char d = e->s[j];
            if (d >= '0' && d <= '9') {
                if (++digits > 31)
                    return qs_err_set(e->err, "MCH1210", (const char *)NULL);
                n = n * 10 + (d - '0');
                scale += point;
            } else if ((d == '.' || d == ',') && !point) {
                point = 1;
            } else {
                break;
            }
        }
        if (digits == 0)
            return syntax(e);
        e->i = j;
        r->t = QS_CL_X_NUM;
        r->n = n;
        r->scale = scale;
        return 0;
    }
    return syntax(e);
}

static int unary(struct ex *e, struct qs_cl_xval *r)
{
    skip(e);
    if (++e->depth > EXPR_MAX_DEPTH)
        return syntax(e);
    int rc;
    if (kw(e, "*NOT") || sym(e, "\xC2\xAC") || (e->i < e->n && e->s[e->i] == '!' &&
                                               e->i + 1 < e->n && e->s[e->i + 1] != '=' &&
                                               sym(e, "!"))) {
        rc = unary(e, r);
        if (rc == 0 && (rc = to_lgl(e, r)) == 0)
            r->b = !r->b;
    } else if (sym(e, "-")) {
        rc = unary(e, r);
        if (rc == 0 && (rc = to_num(e, r)) == 0)
            r->n = -r->n;
    } else if (sym(e, "+")) {
        rc = unary(e, r);
        if (rc == 0)
            rc = to_num(e, r);
    } else {
        rc = primary(e, r);
    }
    e->depth--;
    return rc;
}

static int mul(struct ex *e, struct qs_cl_xval *r)
{
    if (unary(e, r) < 0)
        return -1;
    for (;;) {
        skip(e);
        int op;
        if (e->i < e->n && e->s[e->i] == '*' &&
            !(e->i + 1 < e->n && ((e->s[e->i + 1] >= 'A' && e->s[e->i + 1] <= 'Z') ||
                                  (e->s[e->i + 1] >= 'a' && e->s[e->i + 1] <= 'z')))) {
            op = '*';
            e->i++;
        } else if (e->i < e->n && e->s[e->i] == '/') {
            op = '/';
            e->i++;
        } else {
            return 0;
        }
        struct qs_cl_xval b;
        qs_cl_xval_init(&b);
        int rc = unary(e, &b);
        if (rc == 0)
            rc = to_num(e, r);
        if (rc == 0)
            rc = to_num(e, &b);
        if (rc == 0) {
            if (op == '*') {
                if (__builtin_mul_overflow(r->n, b.n, &r->n))
                    rc = qs_err_set(e->err, "MCH1210", (const char *)NULL);
                r->scale += b.scale;
                while (rc == 0 && r->scale > 18) {
                    r->n /= 10;
                    r->scale--;
                }
            } else if (b.n == 0) {
                rc = qs_err_set(e->err, "MCH1211", (const char *)NULL);
            } else {
                /* quotient keeps 9 more decimals than the dividend, truncated */
                int want = (r->scale > b.scale ? r->scale : b.scale) + 9;
                __int128 num = r->n;
                int sc = r->scale;
                while (sc - b.scale < want && num < NUM_LIMIT / 10 && num > -NUM_LIMIT / 10) {
                    num *= 10;
                    sc++;
                }
                r->n = num / b.n;
                r->scale = sc - b.scale;
            }
        }
        if (rc == 0)
            rc = check_range(e, r);
        qs_cl_xval_free(&b);
        if (rc < 0)
            return -1;
    }
}

static int add(struct ex *e, struct qs_cl_xval *r)
{
    if (mul(e, r) < 0)
        return -1;
    for (;;) {
        skip(e);
        int op;
        if (e->i < e->n && (e->s[e->i] == '+' || e->s[e->i] == '-')) {
            op = e->s[e->i];
            e->i++;
        } else {
            return 0;
        }
        struct qs_cl_xval b;
        qs_cl_xval_init(&b);
        int rc = mul(e, &b);
        if (rc == 0)
            rc = to_num(e, r);
        if (rc == 0)
            rc = to_num(e, &b);
        if (rc == 0) {
            align(r, &b);
            r->n = op == '+' ? r->n + b.n : r->n - b.n;
            rc = check_range(e, r);
        }
        qs_cl_xval_free(&b);
        if (rc < 0)
            return -1;
    }
}

static int cat(struct ex *e, struct qs_cl_xval *r)
{
    if (add(e, r) < 0)
        return -1;
    for (;;) {
        skip(e);
        int op;
        if (kw(e, "*CAT") || sym(e, "||"))
            op = 'C';
        else if (kw(e, "*BCAT") || sym(e, "|>"))
            op = 'B';
        else if (kw(e, "*TCAT") || sym(e, "|<"))
            op = 'T';
        else
            return 0;
        struct qs_cl_xval b;
        qs_cl_xval_init(&b);
        int rc = add(e, &b);
        if (rc == 0) {
            to_char(r);
            to_char(&b);
            if (op != 'C') {
                size_t z = r->s.len;
                while (z > 0 && r->s.data[z - 1] == ' ')
                    z--;
                qs_buf_truncate(&r->s, z);
            }
            const char *p = qs_buf_str(&b.s);
            size_t bl = b.s.len;
            if (op == 'B' || op == 'T')
                while (bl > 0 && *p == ' ') {
                    p++;
                    bl--;
                }
            if (op == 'B' && r->s.len > 0 && bl > 0)
                rc = qs_buf_addc(&r->s, ' ');
            if (rc == 0 && qs_buf_add(&r->s, p, bl) < 0)
                rc = qs_err_sys(e->err, errno);
        }
        qs_cl_xval_free(&b);
        if (rc < 0)
            return -1;
    }
}

static int rel(struct ex *e, struct qs_cl_xval *r)
{
    if (cat(e, r) < 0)
        return -1;
    skip(e);
    int op;
    if (kw(e, "*EQ") || sym(e, "="))
        op = 'E';
    else if (kw(e, "*NE") || sym(e, "\xC2\xAC=") || sym(e, "!=") || sym(e, "<>"))
        op = 'N';
    else if (kw(e, "*GE") || sym(e, ">="))
        op = 'g';
    else if (kw(e, "*LE") || sym(e, "<="))
        op = 'l';
    else if (kw(e, "*NG") || sym(e, "\xC2\xAC>"))
        op = 'l';
    else if (kw(e, "*NL") || sym(e, "\xC2\xAC<"))
        op = 'g';
    else if (kw(e, "*GT") || sym(e, ">"))
        op = 'G';
    else if (kw(e, "*LT") || sym(e, "<"))
        op = 'L';
    else
        return 0;
    struct qs_cl_xval b;
    qs_cl_xval_init(&b);
    int rc = cat(e, &b), c = 0;
    if (rc == 0) {
        if (r->t == QS_CL_X_NUM && b.t == QS_CL_X_NUM) {
            align(r, &b);
            c = r->n < b.n ? -1 : r->n > b.n;
        } else if (r->t == QS_CL_X_NUM || b.t == QS_CL_X_NUM) {
            rc = qs_err_set(e->err, "CPD0753", (const char *)NULL);
        } else {
            to_char(r);
            to_char(&b);
            size_t la = r->s.len, lb = b.s.len, m = la > lb ? la : lb;
            for (size_t k = 0; k < m && c == 0; k++) {
                unsigned char x = k < la ? (unsigned char)r->s.data[k] : ' ';
                unsigned char y = k < lb ? (unsigned char)b.s.data[k] : ' ';
                c = x < y ? -1 : x > y;
            }
        }
    }
    qs_cl_xval_free(&b);
    if (rc < 0)
        return -1;
    r->t = QS_CL_X_LGL;
    r->b = op == 'E' ? c == 0 : op == 'N' ? c != 0 : op == 'G' ? c > 0 : op == 'L' ? c < 0
         : op == 'g' ? c >= 0 : c <= 0;
    return 0;
}

static int and_(struct ex *e, struct qs_cl_xval *r)
{
    if (rel(e, r) < 0)
        return -1;
    for (;;) {
        skip(e);
        if (!(kw(e, "*AND") || (e->i + 1 < e->n && e->s[e->i] == '&' &&
                                (e->s[e->i + 1] == ' ' || e->s[e->i + 1] == '(') && sym(e, "&"))))
            return 0;
        struct qs_cl_xval b;
        qs_cl_xval_init(&b);
        int rc = rel(e, &b);
        if (rc == 0 && (rc = to_lgl(e, r)) == 0 && (rc = to_lgl(e, &b)) == 0)
            r->b = r->b && b.b;
        qs_cl_xval_free(&b);
        if (rc < 0)
            return -1;
    }
}

static int parse_or(struct ex *e, struct qs_cl_xval *r)
{
    if (++e->depth > EXPR_MAX_DEPTH)
        return syntax(e);
    if (and_(e, r) < 0)
        return -1;
    for (;;) {
        skip(e);
        if (!(kw(e, "*OR") || (e->i + 1 < e->n && e->s[e->i] == '|' &&
                               e->s[e->i + 1] != '|' && e->s[e->i + 1] != '>' &&
                               e->s[e->i + 1] != '<' && sym(e, "|"))))
            break;
        struct qs_cl_xval b;
        qs_cl_xval_init(&b);
        int rc = and_(e, &b);
        if (rc == 0 && (rc = to_lgl(e, r)) == 0 && (rc = to_lgl(e, &b)) == 0)
            r->b = r->b || b.b;
        qs_cl_xval_free(&b);
        if (rc < 0)
            return -1;
    }
    e->depth--;
    return 0;
}

int qs_cl_eval(const struct qs_cl_vars *vs, const char *expr, size_t len,
               struct qs_cl_xval *r, struct qs_err *err)
{
    struct ex e = { vs, expr, len, 0, 0, err };
    r->t = QS_CL_X_CHAR;
    qs_buf_reset(&r->s);
    if (parse_or(&e, r) < 0)
        return -1;
    skip(&e);
    if (e.i != e.n)
        return syntax(&e);
    return 0;
}

int qs_cl_eval_text(const struct qs_cl_vars *vs, const char *expr, size_t len,
                    struct qs_buf *out, struct qs_err *err)
{
    struct qs_cl_xval x;
    int rc;
    qs_cl_xval_init(&x);
    rc = qs_cl_eval(vs, expr, len, &x, err);
    if (rc == 0) {
        if (x.t == QS_CL_X_CHAR)
            rc = qs_buf_add(out, x.s.data ? x.s.data : "", x.s.len) < 0 ? qs_err_sys(err, errno) : 0;
        else if (x.t == QS_CL_X_LGL)
            rc = qs_buf_addc(out, x.b ? '1' : '0') < 0 ? qs_err_sys(err, errno) : 0;
        else
            qs_cl_num_text(x.n, x.scale, out);
    }
    qs_cl_xval_free(&x);
    return rc;
}
