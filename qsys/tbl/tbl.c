/*
 * qsys/tbl/tbl.c - *TBL conversion tables (see tbl.h).
 *
 * Invariant: a stored table's payload is exactly 256 bytes; anything else
 * is reported as damaged (CPF8105 through the object store's checks, or
 * here when the length is wrong).
 */
#include "qsys/tbl/tbl.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "ccsid/conv.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "qsys/obj/obj.h"

static const struct { const char *name; int from, to; } builtins[] = {
    { "QASCII", 37, 819 },
    { "QEBCDIC", 819, 37 },
    { "QTCPASC", 37, 819 },
    { "QTCPEBC", 819, 37 },
};

int qs_tbl_builtin(const char *name, uint8_t tab[256])
{
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
        if (!qs_strcaseeq(name, builtins[i].name))
            continue;
        struct qs_conv *cd;
        if (qs_conv_open(&cd, builtins[i].to, builtins[i].from, QS_CONV_SUBST, NULL) != 0)
            return -1;
        uint8_t in[256];
        for (int b = 0; b < 256; b++)
            in[b] = (uint8_t)b;
        const char *ip = (const char *)in;
        char *op = (char *)tab;
        size_t il = 256, ol = 256;
        size_t r = qs_conv(cd, &ip, &il, &op, &ol);
        qs_conv_free(&cd);
        return r == (size_t)-1 || ol ? -1 : 0;
    }
    return -1;
}

static int is_system_lib(const char *lib)
{
    return !lib || !*lib || qs_strcaseeq(lib, "*LIBL") || qs_strcaseeq(lib, "QSYS") ||
           qs_strcaseeq(lib, "QUSRSYS");
}

int qs_tbl_get(struct qs_job *j, const char *lib, const char *name_in, uint8_t tab[256],
               struct qs_err *err)
{
    char name[QS_NAME_LEN + 1], found[QS_NAME_LEN + 1];
    if (qs_name_check(name_in, name, "TBL", err) < 0)
        return -1;
    struct qs_err e2 = QS_ERR_INIT;
    if (qs_obj_resolve(j ? &j->libl : NULL, lib && *lib ? lib : "*LIBL", name, QS_TBL_TYPE,
                       found, &e2) == 0) {
        qs_err_clear(&e2);
        struct qs_objdesc d;
        struct qs_buf b;
        qs_buf_init(&b, 1024);
        int rc = qs_obj_read(found, name, QS_TBL_TYPE, &d, &b, err);
        if (rc == 0 && b.len != 256)
            rc = qs_err_set(err, "CPF8105", QS_TBL_TYPE, name, found, (const char *)NULL);
        if (rc == 0)
            memcpy(tab, b.data, 256);
        qs_buf_free(&b);
        return rc;
    }
    qs_err_clear(&e2);
    if (is_system_lib(lib) && qs_tbl_builtin(name, tab) == 0)
        return 0;
    return qs_err_set(err, "CPF9801", QS_TBL_TYPE, name, lib && *lib ? lib : "*LIBL",
                      (const char *)NULL);
}

int qs_tbl_create(struct qs_job *j, const char *lib_in, const char *name_in,
                  const uint8_t tab[256], const char *text, struct qs_err *err)
{
    char name[QS_NAME_LEN + 1], lib[QS_NAME_LEN + 1];
    if (qs_name_check(name_in, name, "TBL", err) < 0)
        return -1;
    if (!lib_in || !*lib_in || qs_strcaseeq(lib_in, "*CURLIB") || qs_strcaseeq(lib_in, "*LIBL"))
        lib_in = "QGPL";
    if (qs_name_check(lib_in, lib, "LIB", err) < 0)
        return -1;
    struct qs_objdesc d;
    qs_objdesc_init(&d, lib, name, QS_TBL_TYPE, j ? j->user : "QSYS");
    qs_strlcpy(d.attr, "*CVT", sizeof d.attr);
    qs_strlcpy(d.text, text ? text : "", sizeof d.text);
    return qs_obj_create(&d, tab, 256, err);
}

int qs_tbl_delete(struct qs_job *j, const char *lib, const char *name_in, struct qs_err *err)
{
    char name[QS_NAME_LEN + 1], found[QS_NAME_LEN + 1];
    if (qs_name_check(name_in, name, "TBL", err) < 0)
        return -1;
    if (qs_obj_resolve(j ? &j->libl : NULL, lib && *lib ? lib : "*LIBL", name, QS_TBL_TYPE,
                       found, err) < 0)
        return -1;
    return qs_obj_delete(found, name, QS_TBL_TYPE, err);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

int qs_tbl_parse_hex(const char *s, size_t n, uint8_t tab[256], struct qs_err *err)
{
    size_t k = 0;
    int hi = -1;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        int v = hexval(c);
        if (v < 0 || k >= 256)
            return qs_err_set(err, "CPF9897",
                              "Table source must be 512 hexadecimal digits (256 bytes)",
                              (const char *)NULL);
        if (hi < 0) {
            hi = v;
        } else {
            tab[k++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    if (k != 256 || hi >= 0)
        return qs_err_set(err, "CPF9897", "Table source must be 512 hexadecimal digits (256 bytes)",
                          (const char *)NULL);
    return 0;
}
