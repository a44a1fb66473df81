/*
 * cl/cmdtab.c - the command table: lookup by name.
 *
 * The table itself is generated at build time from the QS_CL_COMMAND(...)
 * lines of the cl/cmd/ sources (tools/gen_cl_cmdtab.sh), sorted by name.
 */
#include <string.h>

#include "cl/cmd.h"
#include "qsys/base/str.h"

extern const struct qs_cl_cmd *const qs_cl_cmdtab[];
extern const unsigned long qs_cl_ncmdtab;

static int cmp_name(const char *k, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char a = (unsigned char)k[i], b = (unsigned char)name[i];
        if (a >= 'a' && a <= 'z')
            a = (unsigned char)(a - 32);
        if (b == '\0' || a != b)
            return b == '\0' ? 1 : (int)a - (int)b;
    }
    return name[n] == '\0' ? 0 : -1;
}

const struct qs_cl_cmd *qs_cl_cmd_find(const char *name, size_t len)
{
    size_t lo = 0, hi = qs_cl_ncmdtab;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_name(name, len, qs_cl_cmdtab[mid]->name);
        if (c == 0)
            return qs_cl_cmdtab[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const struct qs_cl_cmd *qs_cl_cmd_at(size_t i)
{
    return i < qs_cl_ncmdtab ? qs_cl_cmdtab[i] : NULL;
}

size_t qs_cl_cmd_count(void)
{
    return qs_cl_ncmdtab;
}
