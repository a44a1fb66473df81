/*
 * qsys/snads/names.c - CL spellings of the SNADS values and the 20-character
 * distribution identifier.
 */
#include "qsys/snads/snads.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"

#include <stdio.h>
#include <string.h>

static int lookup(const char *const *tab, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (tab[i] && qs_strcaseeq(s, tab[i]))
            return (int)i;
    return -1;
}

#define NAMES(fn, pfn, T, ...)                                              \
    static const char *const fn##_tab[] = { __VA_ARGS__ };                  \
    const char *fn(T v)                                                     \
    {                                                                       \
        size_t n = sizeof fn##_tab / sizeof fn##_tab[0];                    \
        return (unsigned)v < n ? fn##_tab[v] : "?";                         \
    }                                                                       \
    int pfn(const char *s, T *r)                                            \
    {                                                                       \
        int i = lookup(fn##_tab, sizeof fn##_tab / sizeof fn##_tab[0], s);  \
        if (i < 0)                                                          \
            return -1;                                                      \
        *r = (T)i;                                                          \
        return 0;                                                           \
    }

NAMES(qs_dst_type_name, qs_dst_type_parse, enum qs_dst_type,
      "*MSG", "*LMSG", "*FILE", "*DOC", "*DSTID")
NAMES(qs_dst_kind_name, qs_dst_kind_parse, enum qs_dst_kind, "*PRI", "*CC", "*BCC")
NAMES(qs_dst_sens_name, qs_dst_sens_parse, enum qs_dst_sens,
      "*NONE", "*PERSONAL", "*PRIVATE", "*CONFIDENTIAL")
NAMES(qs_dst_level_name, qs_dst_level_parse, enum qs_dst_level, "*NORMAL", "*LOW", "*HIGH")
NAMES(qs_keeprcp_name, qs_keeprcp_parse, enum qs_keeprcp, "*BCC", "*ALL", "*NONE")

static const char *const status_tab[] = {
    "NEW", "OLD", "OPENED", "LOCAL", "REMOTE", "QUEUED", "DELETED", "ERROR"
};

const char *qs_dst_status_name(enum qs_dst_status s)
{
    return (unsigned)s < sizeof status_tab / sizeof status_tab[0] ? status_tab[s] : "?";
}

int qs_dst_status_parse(const char *s, enum qs_dst_status *r);
int qs_dst_status_parse(const char *s, enum qs_dst_status *r)
{
    int i = lookup(status_tab, sizeof status_tab / sizeof status_tab[0], s);
    if (i < 0)
        return -1;
    *r = (enum qs_dst_status)i;
    return 0;
}

static const char *const filter_tab[] = {
    "*ALL", "*NEW", "*OLD", "*OPENED", "*UNOPENED", "*LOCAL", "*REMOTE",
    "*FILEPND", "*DELETED", "*DAMAGED"
};

int qs_dst_filter_parse(const char *s, enum qs_dst_filter *r)
{
    int i = lookup(filter_tab, sizeof filter_tab / sizeof filter_tab[0], s);
    if (i < 0)
        return -1;
    *r = (enum qs_dst_filter)i;
    return 0;
}

static void pad8(char *dst, const char *s)
{
    size_t n = strnlen(s, 8);
    memcpy(dst, s, n);
    memset(dst + n, ' ', 8 - n);
}

void qs_dstid_make(char out[QS_DSTID_LEN + 1], const char *addr, const char *user,
                   unsigned seq)
{
    pad8(out, addr);
    pad8(out + 8, user);
    snprintf(out + 16, 5, "%04u", seq % 10000);
}

int qs_dstid_norm(const char *s, char out[QS_DSTID_LEN + 1], struct qs_err *err)
{
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    /* address(8) user(8) sequence(4): blanks inside are significant */
    if (n != QS_DSTID_LEN)
        goto bad;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (i >= 16 ? !(c >= '0' && c <= '9')
                    : !((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
                        c == '@' || c == '#' || c == '$' || c == '_'))
            goto bad;
        out[i] = c;
    }
    out[QS_DSTID_LEN] = '\0';
    if (out[0] == ' ' || out[8] == ' ')
        goto bad;
    return 0;
bad:;
    char shown[48];
    qs_sanitize(shown, sizeof shown, s, strlen(s));
    return qs_err_set(err, "CPF90A7", shown, (const char *)NULL);
}
