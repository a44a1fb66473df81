/*
 * qsys/base/qclx.c - the `qcl -x` command line (see qclx.h).
 */
#include "qsys/base/qclx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qsys/base/limits.h"

const char *qs_qclx_path(void)
{
    const char *e = getenv("QSHIM_QCL");
    if (e && *e)
        return e;
    static char self[QS_MAX_PATH];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        const char *b = strrchr(self, '/');
        if (b && strcmp(b + 1, "qcl") == 0)
            return self;
    }
    return "qcl";
}

char *qs_qclx_char(const char *tag, size_t n, const char *text, size_t len)
{
    size_t tl = tag ? strlen(tag) : 0;
    if (len > n)
        len = n;
    char *s = malloc(tl + len + 32);
    if (!s)
        return NULL;
    memcpy(s, tag ? tag : "", tl);
    int k = snprintf(s + tl, 32, "c%zu:", n);
    memcpy(s + tl + (size_t)k, text, len);
    s[tl + (size_t)k + len] = '\0';
    return s;
}
