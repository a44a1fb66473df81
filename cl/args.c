/*
 * cl/args.c - read access to bound arguments (the accessors of cl/cmd.h).
 *
 * Every accessor accepts NULL and out-of-range input and answers with an
 * empty value, so a handler never has to test before reading.
 */
#include <stdlib.h>
#include <string.h>

#include "cl/parse.h"
#include "qsys/base/str.h"

const struct qs_cl_val *qs_cl_arg(const struct qs_cl_args *a, const char *kwd)
{
    if (!a || !kwd)
        return NULL;
    for (unsigned i = 0; i < a->cmd->nparms; i++)
        if (qs_strcaseeq(a->cmd->parms[i].kwd, kwd))
            return &a->v[i];
    return NULL;
}

int qs_cl_val_given(const struct qs_cl_val *v)
{
    return v && v->given;
}

const char *qs_cl_val_str(const struct qs_cl_val *v)
{
    return v && v->s ? v->s : "";
}

size_t qs_cl_val_len(const struct qs_cl_val *v)
{
    return v && v->s ? v->len : 0;
}

unsigned qs_cl_val_count(const struct qs_cl_val *v)
{
    return v ? v->n : 0;
}

const struct qs_cl_val *qs_cl_val_item(const struct qs_cl_val *v, unsigned i)
{
    return v && i < v->n ? &v->item[i] : NULL;
}

long long qs_cl_val_int(const struct qs_cl_val *v)
{
    if (!v || !v->s)
        return 0;
    return strtoll(v->s, NULL, 10);
}

int qs_cl_val_is(const struct qs_cl_val *v, const char *s)
{
    return v && v->s && s && qs_strcaseeq(v->s, s);
}

int qs_cl_given(const struct qs_cl_args *a, const char *kwd)
{
    return qs_cl_val_given(qs_cl_arg(a, kwd));
}

const char *qs_cl_str(const struct qs_cl_args *a, const char *kwd)
{
    return qs_cl_val_str(qs_cl_arg(a, kwd));
}

long long qs_cl_int(const struct qs_cl_args *a, const char *kwd)
{
    return qs_cl_val_int(qs_cl_arg(a, kwd));
}

long long qs_cl_dec_scaled(const struct qs_cl_args *a, const char *kwd)
{
    const struct qs_cl_val *v = qs_cl_arg(a, kwd);
    long long x = 0;
    int neg = 0;
    if (!v || !v->s)
        return 0;
    for (const char *p = v->s; *p; p++) {
        if (*p == '-')
            neg = 1;
        else if (*p >= '0' && *p <= '9')
            x = x * 10 + (*p - '0');
    }
    return neg ? -x : x;
}

const char *qs_cl_qual(const struct qs_cl_args *a, const char *kwd, unsigned part)
{
    const struct qs_cl_val *v = qs_cl_arg(a, kwd);
    if (v && v->kind == QS_CL_V_QUAL)
        return qs_cl_val_str(qs_cl_val_item(v, part));
    return part == 0 ? qs_cl_val_str(v) : "";
}

int qs_cl_is(const struct qs_cl_args *a, const char *kwd, const char *s)
{
    return qs_cl_val_is(qs_cl_arg(a, kwd), s);
}
