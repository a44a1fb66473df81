/*
 * cl/callx.c - qcl -x: call a CL program with parameters by reference
 * (see callx.h).
 */
#include "cl/callx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cl/pgm.h"
#include "cl/pgm_int.h"
#include "cl/run.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"

struct spec {
    const char *tag;          /* "TAG=" to print after the call, or NULL */
    size_t      taglen;
};

/* Length of a "TAG=" prefix of s, 0 if none. */
static size_t tag_len(const char *s)
{
    size_t n = 0;
    while ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_')
        n++;
    return n && s[n] == '=' && s[0] >= 'A' && s[0] <= 'Z' ? n + 1 : 0;
}

/* One spec into a (storage allocated), sp (tag); -1 when not valid. */
static int parse_spec(const char *s, struct qs_cl_argref *a, struct spec *sp, int *rc_seen)
{
    sp->taglen = tag_len(s);
    sp->tag = sp->taglen ? s : NULL;
    s += sp->taglen;
    const char *colon = strchr(s, ':');
    long long v = 0;
    if (s[0] == 'r' && s[1] == '\0' && !sp->tag && !*rc_seen) {
        *rc_seen = 1;
        a->len = 4;
    } else if (s[0] == 'i' && colon == s + 1 && !sp->tag &&
               qs_parse_ll(colon + 1, strlen(colon + 1), INT32_MIN, INT32_MAX, &v) == 0) {
        a->len = 4;
    } else if (s[0] == 'c' && colon &&
               qs_parse_ll(s + 1, (size_t)(colon - s - 1), 1, 32767, &v) == 0) {
        a->len = (size_t)v;
    } else {
        return -1;
    }
    if (!(a->data = calloc(1, a->len)))
        return -1;
    if (s[0] == 'i') {
        int32_t i = (int32_t)v;
        memcpy(a->data, &i, 4);
    } else if (s[0] == 'c') {
        qs_fixed_set_trunc((char *)a->data, a->len, colon + 1, strlen(colon + 1));
    }
    return 0;
}

/* "LIB/PGM" or "PGM": call as CALL PGM(LIB/PGM) does. */
static int call_pgm(struct qs_cl_env *env, const char *pgm, const struct qs_cl_argref *a, size_t n,
                    struct qs_err *err)
{
    char lib[11] = "*LIBL", name[11];
    const char *sl = strchr(pgm, '/');
    if (sl) {
        qs_strlcpy(lib, pgm, (size_t)(sl - pgm) + 1 < sizeof lib ? (size_t)(sl - pgm) + 1 : sizeof lib);
        qs_str_upper(lib);
    }
    qs_strlcpy(name, sl ? sl + 1 : pgm, sizeof name);
    qs_str_upper(name);
    return qs_cl_call_program(env, lib, name, a, n, err);
}

static void print_tagged(FILE *out, const struct spec *sp, const struct qs_cl_argref *a)
{
    size_t n = a->len;
    while (n && a->data[n - 1] == ' ')
        n--;
    fwrite(sp->tag, 1, sp->taglen, out);
    for (size_t i = 0; i < n; i++)     /* one line: a line end inside would be a second */
        putc(a->data[i] < ' ' ? '?' : a->data[i], out);
    putc('\n', out);
}

int qs_cl_callx_main(struct qs_cl_env *env, char **argv, int argc)
{
    int by_name = argc >= 1 && strcmp(argv[0], "-p") == 0;
    if (argc < 1 + by_name)
        return 2;
    const char *target = argv[by_name];
    char **spec = argv + 1 + by_name;
    size_t n = (size_t)(argc - 1 - by_name);
    struct qs_cl_argref *a = calloc(n + 1, sizeof *a);
    struct spec *sp = calloc(n + 1, sizeof *sp);
    int rc_seen = 0, rc = 2;
    size_t rci = SIZE_MAX;
    if (!a || !sp) {
        rc = 125;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        int had = rc_seen;
        if (parse_spec(spec[i], &a[i], &sp[i], &rc_seen) < 0)
            goto out;
        if (rc_seen && !had)
            rci = i;
    }
    struct qs_err err = QS_ERR_INIT;
    int r = by_name ? call_pgm(env, target, a, n, &err)
                    : qs_cl_pgm_run_file_refs(env, target, a, n, &err);
    if (r < 0) {
        qs_cl_show(env, target, &err);
        qs_err_clear(&err);
        rc = 125;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        if (sp[i].tag)
            print_tagged(stdout, &sp[i], &a[i]);
    rc = fflush(stdout) == 0 ? 0 : 125;
    if (rc == 0 && rci != SIZE_MAX) {
        int32_t v;
        memcpy(&v, a[rci].data, 4);
        rc = v >= 0 && v <= 99 ? v : 100;
    }
out:
    for (size_t i = 0; a && i < n; i++)
        free(a[i].data);
    free(a);
    free(sp);
    return rc;
}
