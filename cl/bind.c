/*
 * cl/bind.c - match a parsed command to its definition and check every value.
 *
 * Owns the meaning of a command's parameters: keyword or position, required
 * parameters, defaults (parsed from the definition's own text), single and
 * special values, RSTD lists, qualified names, lists and mixed lists, and the
 * type rules (*NAME, *GENERIC, *CHAR, *PNAME, *DEC digits/decimals, *INTn
 * ranges, *LGL, *DATE, *TIME).  Variables (&X) are resolved here through the
 * caller's resolver, so a CL program binds each statement as it runs.
 *
 * Invariant: on success every parameter has a value (given or default) that
 * satisfies its definition; on failure nothing is returned and err names the
 * parameter (IBM CPD message) with the column in pos.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cl/parse.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"

struct binder {
    const struct qs_cl_resolver *rv;
    struct qs_cl_pos            *pos;
    struct qs_err               *err;
    const char                  *kwd;   /* parameter being bound, for messages */
    int                          dflt;  /* binding a default value */
};

static void val_free(struct qs_cl_val *v)
{
    for (unsigned i = 0; i < v->n; i++)
        val_free(&v->item[i]);
    free(v->item);
    free(v->s);
    memset(v, 0, sizeof *v);
}

void qs_cl_args_free(struct qs_cl_args **ap)
{
    struct qs_cl_args *a = ap ? *ap : NULL;
    if (!a)
        return;
    if (a->v)
        for (unsigned i = 0; i < a->cmd->nparms; i++)
            val_free(&a->v[i]);
    free(a->v);
    free(a);
    *ap = NULL;
}

static int fail_at(struct binder *b, unsigned col, const char *msgid, const char *value,
                   const char *v4, const char *v5)
{
    char lenbuf[24], shown[65];
    size_t vl = value ? strlen(value) : 0;
    qs_sanitize(shown, sizeof shown, value ? value : "", vl);
    snprintf(lenbuf, sizeof lenbuf, "%zu", vl);
    if (b->pos)
        b->pos->col = col;
    return qs_err_set(b->err, msgid, lenbuf, b->kwd ? b->kwd : "", shown, v4, v5,
                      (const char *)NULL);
}

static int fail_node(struct binder *b, const struct qs_cl_node *nd, const char *msgid,
                     const char *v4, const char *v5)
{
    char text[80];
    size_t n = nd->spanlen < sizeof text - 1 ? nd->spanlen : sizeof text - 1;
    memcpy(text, nd->span ? nd->span : "", n);
    text[n] = '\0';
    return fail_at(b, b->dflt ? 0 : nd->col, msgid, text, v4, v5);
}

static int in_values(const char *const *vals, const char *s)
{
    for (; vals && *vals; vals++)
        if (qs_strcaseeq(*vals, s))
            return 1;
    return 0;
}

static int set_text(struct binder *b, struct qs_cl_val *v, const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return qs_err_sys(b->err, ENOMEM);
    memcpy(p, s, n);
    p[n] = '\0';
    free(v->s);
    v->s = p;
    v->len = n;
    return 0;
}

/* Number text: [+-]digits[.,digits].  Fills int/frac digit runs. */
static int parse_number(const char *s, size_t n, int *neg, const char **ip, size_t *il,
                        const char **fp, size_t *fl)
{
    size_t i = 0;
    *neg = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        *neg = s[i++] == '-';
    *ip = s + i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    *il = (size_t)(s + i - *ip);
    *fp = s + i;
    *fl = 0;
    if (i < n && (s[i] == '.' || s[i] == ',')) {
        i++;
        *fp = s + i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        *fl = (size_t)(s + i - *fp);
    }
    return i == n && (*il + *fl) > 0 ? 0 : -1;
}

static int check_dec(struct binder *b, const struct qs_cl_parm *d, const struct qs_cl_node *nd,
                     struct qs_cl_val *v)
{
    int neg;
    const char *ip, *fp;
    size_t il, fl;
    char digits[16], decs[16];
    unsigned len = d->len ? d->len : 15;
    snprintf(digits, sizeof digits, "%u", len);
    snprintf(decs, sizeof decs, "%u", d->dec);
    if (parse_number(v->s, v->len, &neg, &ip, &il, &fp, &fl) < 0)
        return fail_node(b, nd, "CPD0075", NULL, NULL);
    while (il > 0 && *ip == '0') {
        ip++;
        il--;
    }
    while (fl > d->dec && fp[fl - 1] == '0')
        fl--;
    if (il > len - d->dec || fl > d->dec || len > 31)
        return fail_node(b, nd, "CPD0085", digits, decs);
    /* normalised: [-]int[.frac padded to dec] */
    char out[40];
    size_t o = 0;
    int zero = 1;
    for (size_t i = 0; i < il; i++)
        zero &= ip[i] == '0';
    for (size_t i = 0; i < fl; i++)
        zero &= fp[i] == '0';
    if (neg && !zero)
        out[o++] = '-';
    if (il == 0)
        out[o++] = '0';
    memcpy(out + o, ip, il);
    o += il;
    if (d->dec) {
        out[o++] = '.';
        memcpy(out + o, fp, fl);
        o += fl;
        for (size_t i = fl; i < d->dec; i++)
            out[o++] = '0';
    }
    out[o] = '\0';
    if (d->min < d->max) {
        double x = strtod(out, NULL);
        if (x < (double)d->min || x > (double)d->max) {
            char lo[24], hi[24];
            snprintf(lo, sizeof lo, "%lld", d->min);
            snprintf(hi, sizeof hi, "%lld", d->max);
            return fail_node(b, nd, "CPD0086", lo, hi);
        }
    }
    return set_text(b, v, out, o);
}

static int check_int(struct binder *b, const struct qs_cl_parm *d, const struct qs_cl_node *nd,
                     struct qs_cl_val *v)
{
    long long lo = d->type == QS_CL_INT2 ? INT16_MIN : INT32_MIN;
    long long hi = d->type == QS_CL_INT2 ? INT16_MAX : INT32_MAX;
    long long x;
    if (d->min < d->max) {
        lo = d->min;
        hi = d->max;
    }
    if (qs_parse_ll(v->s, v->len, INT64_MIN / 2, INT64_MAX / 2, &x) < 0)
        return fail_node(b, nd, "CPD0075", NULL, NULL);
    if (x < lo || x > hi) {
        char los[24], his[24];
        snprintf(los, sizeof los, "%lld", lo);
        snprintf(his, sizeof his, "%lld", hi);
        return fail_node(b, nd, "CPD0086", los, his);
    }
    char out[24];
    int n = snprintf(out, sizeof out, "%lld", x);
    return set_text(b, v, out, (size_t)n);
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int bind_scalar(struct binder *b, const struct qs_cl_parm *d, const struct qs_cl_node *nd,
                       struct qs_cl_val *v);

/* Is el[0..n) an expression (operators, built-in functions)? */
static int is_expr(const struct qs_cl_node *el, size_t n)
{
    static const char *const ops[] = { "*CAT", "*BCAT", "*TCAT", "||", "|>", "|<", "+", "-",
                                       "*", "/", "*EQ", "*NE", "*GT", "*LT", "*GE", "*LE",
                                       "*AND", "*OR", "*NOT", NULL };
    for (size_t i = 0; i < n; i++) {
        if (el[i].kind != QS_CL_N_WORD)
            continue;
        if (el[i].span[0] == '%')
            return 1;
        if (n > 1)
            for (const char *const *o = ops; *o; o++)
                if (strlen(*o) == el[i].spanlen && qs_memcaseeq(el[i].span, el[i].spanlen, *o))
                    return 1;
        if (n > 1 && (memmem(el[i].span, el[i].spanlen, "||", 2) ||
                      memmem(el[i].span, el[i].spanlen, "|>", 2) ||
                      memmem(el[i].span, el[i].spanlen, "|<", 2)))
            return 1;
    }
    return 0;
}

static int bind_expr(struct binder *b, const struct qs_cl_parm *d, const struct qs_cl_node *el,
                     size_t n, struct qs_cl_val *v)
{
    const char *start = el[0].span;
    const char *end = el[n - 1].span + el[n - 1].spanlen;
    struct qs_buf out;
    qs_buf_init(&out, QS_MAX_CL_COMMAND);
    if (b->rv->eval(b->rv->arg, start, (size_t)(end - start), &out, b->err) < 0) {
        qs_buf_free(&out);
        if (b->pos)
            b->pos->col = el[0].col;
        return -1;
    }
    /* check the result as if it had been written quoted */
    struct qs_cl_node q;
    memset(&q, 0, sizeof q);
    q.kind = QS_CL_N_STR;
    while (out.len > 0 && out.data[out.len - 1] == ' ')
        out.len--;
    if (out.data)
        out.data[out.len] = '\0';
    q.str = out.data ? out.data : (char *)"";
    q.slen = out.len;
    q.span = start;
    q.spanlen = (size_t)(end - start);
    q.col = el[0].col;
    int rc = bind_scalar(b, d, &q, v);
    qs_buf_free(&out);
    return rc;
}

/* A scalar: one word or string, checked against d. */
static int bind_scalar(struct binder *b, const struct qs_cl_parm *d, const struct qs_cl_node *nd,
                       struct qs_cl_val *v)
{
    int quoted = 0;
    char lenbuf[16];

    v->kind = QS_CL_V_SCALAR;
    v->given = !b->dflt;
    if (nd->kind == QS_CL_N_LIST) {
        if (nd->nkid == 1)
            return bind_scalar(b, d, &nd->kid[0], v);
        if (nd->nkid == 0 && !(d->flags & QS_CL_REQUIRED))
            return set_text(b, v, "", 0);
        return fail_node(b, nd, "CPD0084", NULL, NULL);
    }
    if (nd->kind == QS_CL_N_QUAL) {
        /* only text types take an unquoted a/b as text */
        if (d->type != QS_CL_CHAR && d->type != QS_CL_PNAME)
            return fail_node(b, nd, "CPD0084", NULL, NULL);
        if (set_text(b, v, nd->span, nd->spanlen) < 0)
            return -1;
    } else if (nd->kind == QS_CL_N_STR) {
        quoted = 1;
        if (set_text(b, v, nd->str, nd->slen) < 0)
            return -1;
    } else if (nd->span[0] == '&' && d->type != QS_CL_VARNAME) {
        if (!b->rv || !b->rv->get)
            return fail_node(b, nd, "CPD0084", NULL, NULL);
        char name[16];
        if (nd->spanlen < 2 || nd->spanlen - 1 >= sizeof name ||
            !qs_cl_is_name(nd->span + 1, nd->spanlen - 1)) {
            size_t n = nd->spanlen - 1 < sizeof name - 1 ? nd->spanlen - 1 : sizeof name - 1;
            memcpy(name, nd->span + 1, n);
            name[n] = '\0';
            qs_str_upper(name);
            if (!qs_cl_is_name(name, n) || nd->spanlen - 1 >= sizeof name)
                return fail_node(b, nd, "CPD0084", NULL, NULL);
        } else {
            memcpy(name, nd->span + 1, nd->spanlen - 1);
            name[nd->spanlen - 1] = '\0';
        }
        qs_str_upper(name);
        struct qs_buf vb;
        qs_buf_init(&vb, QS_MAX_CL_COMMAND);
        if (b->rv->get(b->rv->arg, name, &vb, b->err) < 0) {
            qs_buf_free(&vb);
            if (b->pos)
                b->pos->col = nd->col;
            return -1;
        }
        size_t n = vb.len;
        while (n > 0 && vb.data[n - 1] == ' ')
            n--;
        int rc = set_text(b, v, qs_buf_str(&vb), n);
        qs_buf_free(&vb);
        if (rc < 0)
            return -1;
        quoted = 1;
    } else {
        if (set_text(b, v, nd->span, nd->spanlen) < 0)
            return -1;
    }
    if (!quoted && !(d->flags & QS_CL_MIXED_CASE) && d->type != QS_CL_PNAME)
        qs_str_upper(v->s);

    /* special and single values (matched without regard to case) */
    if (v->len > 0 && v->len < 32 && (in_values(d->spcval, v->s) || in_values(d->sngval, v->s))) {
        qs_str_upper(v->s);
        return 0;
    }
    if (d->rstd) {
        if (in_values(d->rstd, v->s)) {
            qs_str_upper(v->s);
            return 0;
        }
        return fail_at(b, b->dflt ? 0 : nd->col, "CPD0084", v->s, NULL, NULL);
    }
    unsigned len = d->len;
    snprintf(lenbuf, sizeof lenbuf, "%u", len);
    switch (d->type) {
    case QS_CL_NAME:
    case QS_CL_GENERIC: {
        size_t n = v->len;
        if (d->type == QS_CL_GENERIC && n > 1 && v->s[n - 1] == '*')
            n--;
        if (len && v->len > len)
            return fail_at(b, b->dflt ? 0 : nd->col, "CPD0074", v->s, lenbuf, NULL);
        if (!qs_cl_is_name(v->s, n))
            return fail_at(b, b->dflt ? 0 : nd->col, "CPD0071", v->s, NULL, NULL);
        return 0;
    }
    case QS_CL_CHAR:
    case QS_CL_PNAME:
        if (len && v->len > len)
            return fail_at(b, b->dflt ? 0 : nd->col, "CPD0074", v->s, lenbuf, NULL);
        return 0;
    case QS_CL_DEC:
        return check_dec(b, d, nd, v);
    case QS_CL_INT2:
    case QS_CL_INT4:
        return check_int(b, d, nd, v);
    case QS_CL_LGL:
        if (v->len == 1 && (v->s[0] == '0' || v->s[0] == '1'))
            return 0;
        return fail_at(b, b->dflt ? 0 : nd->col, "CPD0084", v->s, NULL, NULL);
    case QS_CL_DATE:
        if (v->len >= 6 && v->len <= 8 && all_digits(v->s, v->len))
            return 0;
        return fail_at(b, b->dflt ? 0 : nd->col, "CPD0084", v->s, NULL, NULL);
    case QS_CL_TIME:
        if (v->len == 6 && all_digits(v->s, v->len))
            return 0;
        return fail_at(b, b->dflt ? 0 : nd->col, "CPD0084", v->s, NULL, NULL);
    case QS_CL_VARNAME:
        if (quoted || v->len < 2 || v->len > 11 || v->s[0] != '&' || !qs_cl_is_name(v->s + 1, v->len - 1))
            return fail_at(b, b->dflt ? 0 : nd->col, "CPD0084", v->s, NULL, NULL);
        return 0;
    case QS_CL_CMDSTR:
    case QS_CL_EXPR:
        return 0;
    }
    return 0;
}

static int bind_value(struct binder *b, const struct qs_cl_parm *d, const struct qs_cl_node *el,
                      size_t n, unsigned col, struct qs_cl_val *v);

static int bind_default(struct binder *b, const struct qs_cl_parm *d, struct qs_cl_val *v);

/* Qualified name: parts written LIB/OBJ map to item[1]/item[0]. */
static int bind_qual(struct binder *b, const struct qs_cl_parm *d, const struct qs_cl_node *nd,
                     struct qs_cl_val *v)
{
    const struct qs_cl_node *parts = nd;
    size_t np = 1;
    if (nd->kind == QS_CL_N_LIST && nd->nkid == 1)
        return bind_qual(b, d, &nd->kid[0], v);
    if (nd->kind == QS_CL_N_QUAL) {
        parts = nd->kid;
        np = nd->nkid;
    }
    if (np > d->nqual)
        return fail_node(b, nd, "CPD0084", NULL, NULL);
    v->kind = QS_CL_V_QUAL;
    v->given = !b->dflt;
    v->item = calloc(d->nqual, sizeof *v->item);
    if (!v->item)
        return qs_err_sys(b->err, ENOMEM);
    v->n = d->nqual;
    for (unsigned k = 0; k < d->nqual; k++) {
        if (k < np) {
            if (bind_scalar(b, &d->qual[k], &parts[np - 1 - k], &v->item[k]) < 0)
                return -1;
        } else if (bind_default(b, &d->qual[k], &v->item[k]) < 0) {
            return -1;
        }
    }
    return set_text(b, v, v->item[0].s ? v->item[0].s : "", v->item[0].len);
}

/* One value of d (not a repetition list): mixed list, qualified or scalar. */
static int bind_one(struct binder *b, const struct qs_cl_parm *d, const struct qs_cl_node *el,
                    size_t n, unsigned col, struct qs_cl_val *v)
{
    if (d->nelem) {
        if (n == 1 && el[0].kind == QS_CL_N_LIST) {
            n = el[0].nkid;
            el = el[0].kid;
        }
        if (n > d->nelem) {
            char mx[16];
            snprintf(mx, sizeof mx, "%u", d->nelem);
            return fail_node(b, &el[d->nelem], "CPD0087", mx, NULL);
        }
        v->kind = QS_CL_V_ELEMS;
        v->given = !b->dflt;
        v->item = calloc(d->nelem, sizeof *v->item);
        if (!v->item)
            return qs_err_sys(b->err, ENOMEM);
        v->n = d->nelem;
        for (unsigned j = 0; j < d->nelem; j++) {
            const struct qs_cl_parm *e = &d->elem[j];
            if (j < n) {
                const struct qs_cl_node *sub = &el[j];
                size_t sn = 1;
                if (sub->kind == QS_CL_N_LIST && (e->nelem || e->max_rep > 1)) {
                    sn = sub->nkid;
                    sub = sub->kid;
                }
                if (bind_value(b, e, sub, sn, el[j].col, &v->item[j]) < 0)
                    return -1;
            } else if (e->flags & QS_CL_REQUIRED) {
                if (b->pos)
                    b->pos->col = col;
                return qs_err_set(b->err, "CPD0072", "0", b->kwd ? b->kwd : "", (const char *)NULL);
            } else if (bind_default(b, e, &v->item[j]) < 0) {
                return -1;
            }
        }
        return 0;
    }
    if (n == 0) {
        if (d->flags & QS_CL_REQUIRED) {
            if (b->pos)
                b->pos->col = col;
            return qs_err_set(b->err, "CPD0072", "0", b->kwd ? b->kwd : "", (const char *)NULL);
        }
        return bind_default(b, d, v);
    }
    if (b->rv && b->rv->eval && !d->nqual && d->type != QS_CL_VARNAME && is_expr(el, n))
        return bind_expr(b, d, el, n, v);
    if (n > 1)
        return fail_node(b, &el[1], "CPD0087", "1", NULL);
    if (d->nqual)
        return bind_qual(b, d, &el[0], v);
    return bind_scalar(b, d, &el[0], v);
}

static int is_single_value(const struct qs_cl_parm *d, const struct qs_cl_node *el, size_t n)
{
    char w[32];
    const struct qs_cl_node *x = el;
    if (n != 1 || !d->sngval)
        return 0;
    if (x->kind == QS_CL_N_LIST && x->nkid == 1)
        x = &x->kid[0];
    if (x->kind != QS_CL_N_WORD || x->spanlen >= sizeof w)
        return 0;
    memcpy(w, x->span, x->spanlen);
    w[x->spanlen] = '\0';
    return in_values(d->sngval, w);
}

static int bind_value(struct binder *b, const struct qs_cl_parm *d, const struct qs_cl_node *el,
                      size_t n, unsigned col, struct qs_cl_val *v)
{
    if (is_single_value(d, el, n)) {
        const struct qs_cl_node *x = el->kind == QS_CL_N_LIST ? &el->kid[0] : el;
        return bind_scalar(b, d, x, v);
    }
    if (d->max_rep <= 1)
        return bind_one(b, d, el, n, col, v);

    /* a list: each written element is one repetition, except that a mixed
     * list written without inner parentheses is a single repetition */
    size_t nrep = n;
    int whole = 0;
    if (d->nelem) {
        for (size_t i = 0; i < n; i++)
            if (el[i].kind != QS_CL_N_LIST)
                whole = 1;
        if (whole)
            nrep = 1;
    }
    if (nrep > d->max_rep) {
        char mx[16];
        snprintf(mx, sizeof mx, "%u", d->max_rep);
        return fail_node(b, &el[d->max_rep], "CPD0087", mx, NULL);
    }
    if (nrep == 0) {
        if (d->flags & QS_CL_REQUIRED) {
            if (b->pos)
                b->pos->col = col;
            return qs_err_set(b->err, "CPD0072", "0", b->kwd ? b->kwd : "", (const char *)NULL);
        }
        v->kind = QS_CL_V_LIST;
        v->given = !b->dflt;
        return 0;
    }
    v->kind = QS_CL_V_LIST;
    v->given = !b->dflt;
    v->item = calloc(nrep, sizeof *v->item);
    if (!v->item)
        return qs_err_sys(b->err, ENOMEM);
    v->n = (unsigned)nrep;
    struct qs_cl_parm one = *d;
    one.max_rep = 1;
    one.sngval = NULL;
    for (size_t i = 0; i < nrep; i++) {
        const struct qs_cl_node *r = whole ? el : &el[i];
        size_t rn = whole ? n : 1;
        if (!whole && d->nelem && r->kind == QS_CL_N_LIST) {
            rn = r->nkid;
            r = r->kid;
        }
        if (bind_one(b, &one, r, rn, el[i].col, &v->item[i]) < 0)
            return -1;
    }
    return 0;
}

/* The definition's default, parsed as if written. */
static int bind_default(struct binder *b, const struct qs_cl_parm *d, struct qs_cl_val *v)
{
    if (!d->dft) {
        v->kind = d->nqual ? QS_CL_V_QUAL : d->max_rep > 1 ? QS_CL_V_LIST
                : d->nelem ? QS_CL_V_ELEMS : QS_CL_V_SCALAR;
        v->given = 0;
        if (d->nqual || d->nelem) {
            unsigned n = d->nqual ? d->nqual : d->nelem;
            const struct qs_cl_parm *sub = d->nqual ? d->qual : d->elem;
            v->item = calloc(n, sizeof *v->item);
            if (!v->item)
                return qs_err_sys(b->err, ENOMEM);
            v->n = n;
            int save = b->dflt;
            b->dflt = 1;
            for (unsigned k = 0; k < n; k++)
                if (bind_default(b, &sub[k], &v->item[k]) < 0)
                    return -1;
            b->dflt = save;
            if (d->nqual)
                return set_text(b, v, v->item[0].s ? v->item[0].s : "", v->item[0].len);
        }
        return 0;
    }
    /* parse "X" as the statement "D X" and bind its one value */
    struct qs_cl_stmt *st = NULL;
    struct qs_err e2 = QS_ERR_INIT;
    char buf[256];
    int n = snprintf(buf, sizeof buf, "D %s", d->dft);
    if (n < 0 || (size_t)n >= sizeof buf || qs_cl_stmt_parse(buf, (size_t)n, &st, NULL, &e2) < 0 ||
        st->nparm != 1) {
        qs_err_clear(&e2);
        qs_cl_stmt_free(&st);
        return qs_err_set(b->err, "CPF9897", "command definition: bad default", (const char *)NULL);
    }
    int save = b->dflt;
    const struct qs_cl_node *nd = &st->parm[0].val;
    const struct qs_cl_node *el = nd;
    size_t ne = 1;
    if (nd->kind == QS_CL_N_LIST && (d->max_rep > 1 || d->nelem)) {
        el = nd->kid;
        ne = nd->nkid;
    }
    b->dflt = 1;
    int rc = bind_value(b, d, el, ne, 0, v);
    b->dflt = save;
    qs_cl_stmt_free(&st);
    if (rc == 0)
        v->given = 0;
    return rc;
}

static const struct qs_cl_parm *find_kwd(const struct qs_cl_cmd *cmd, const char *k, size_t n,
                                         unsigned *idx)
{
    for (unsigned i = 0; i < cmd->nparms; i++)
        if (strlen(cmd->parms[i].kwd) == n && qs_memcaseeq(k, n, cmd->parms[i].kwd)) {
            *idx = i;
            return &cmd->parms[i];
        }
    return NULL;
}

int qs_cl_bind(const struct qs_cl_cmd *cmd, const struct qs_cl_stmt *st,
               const struct qs_cl_resolver *rv, struct qs_cl_args **r,
               struct qs_cl_pos *pos, struct qs_err *err)
{
    struct binder b = { rv, pos, err, NULL, 0 };
    const struct qs_cl_pnode **given = NULL;
    struct qs_cl_args *a = NULL;
    unsigned nextpos = 0, maxpos = cmd->maxpos ? cmd->maxpos : cmd->nparms;
    int seen_kwd = 0;

    *r = NULL;
    if (pos)
        pos->col = 0;
    a = calloc(1, sizeof *a);
    given = calloc(cmd->nparms ? cmd->nparms : 1, sizeof *given);
    if (!a || !given || !(a->v = calloc(cmd->nparms ? cmd->nparms : 1, sizeof *a->v))) {
        free(given);
        if (a)
            free(a->v);
        free(a);
        return qs_err_sys(err, ENOMEM);
    }
    a->cmd = cmd;

    for (size_t i = 0; i < st->nparm; i++) {
        const struct qs_cl_pnode *p = &st->parm[i];
        unsigned idx;
        if (p->kwd) {
            char k[16];
            size_t kn = p->kwdlen < sizeof k - 1 ? p->kwdlen : sizeof k - 1;
            memcpy(k, p->kwd, kn);
            k[kn] = '\0';
            qs_str_upper(k);
            if (!find_kwd(cmd, p->kwd, p->kwdlen, &idx)) {
                if (pos)
                    pos->col = p->col;
                qs_err_set(err, "CPD0043", k, (const char *)NULL);
                goto fail;
            }
            if (given[idx]) {
                if (pos)
                    pos->col = p->col;
                qs_err_set(err, "CPD0045", k, (const char *)NULL);
                goto fail;
            }
            seen_kwd = 1;
        } else {
            while (nextpos < maxpos && given[nextpos])
                nextpos++;
            if (seen_kwd || nextpos >= maxpos || (cmd->parms[nextpos].flags & QS_CL_KEYWORD)) {
                if (pos)
                    pos->col = p->col;
                qs_err_set(err, "CPD0044", (const char *)NULL);
                goto fail;
            }
            idx = nextpos++;
        }
        given[idx] = p;
    }

    for (unsigned i = 0; i < cmd->nparms; i++) {
        const struct qs_cl_parm *d = &cmd->parms[i];
        const struct qs_cl_pnode *p = given[i];
        b.kwd = d->kwd;
        b.dflt = 0;
        if (!p) {
            if (d->flags & QS_CL_REQUIRED) {
                if (pos)
                    pos->col = 0;
                qs_err_set(err, "CPD0072", "0", d->kwd, (const char *)NULL);
                goto fail;
            }
            if (bind_default(&b, d, &a->v[i]) < 0)
                goto fail;
            continue;
        }
        if (d->type == QS_CL_CMDSTR || d->type == QS_CL_EXPR) {
            const struct qs_cl_node *nd = &p->val;
            const char *t = nd->span;
            size_t tn = nd->spanlen;
            if (nd->kind == QS_CL_N_LIST && (p->kwd || d->type == QS_CL_EXPR || d->type == QS_CL_CMDSTR)) {
                t++;
                tn -= 2;
            }
            if (set_text(&b, &a->v[i], t, tn) < 0)
                goto fail;
            a->v[i].kind = QS_CL_V_SCALAR;
            a->v[i].given = 1;
            continue;
        }
        const struct qs_cl_node *el = &p->val;
        size_t n = 1;
        if (p->kwd || (p->val.kind == QS_CL_N_LIST && (d->nelem || d->max_rep > 1))) {
            el = p->val.kid;
            n = p->val.nkid;
        }
        if (bind_value(&b, d, el, n, p->col, &a->v[i]) < 0)
            goto fail;
        if (n == 0 && !(d->flags & QS_CL_REQUIRED))
            a->v[i].given = 0;
    }
    free(given);
    *r = a;
    return 0;
fail:
    free(given);
    qs_cl_args_free(&a);
    return -1;
}
