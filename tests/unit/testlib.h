/*
 * tests/unit/testlib.h - shared helpers for cmocka unit tests.
 *
 * qs_test_root() makes a throwaway system root (a fresh temp directory),
 * points QSYS_ROOT at it, and registers its removal at exit, so that every
 * test leaves nothing behind.
 */
#ifndef QS_TESTLIB_H
#define QS_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "qsys/base/fileio.h"

static char qs_test_root_path[256];

static void qs_test_root_cleanup(void)
{
    if (qs_test_root_path[0])
        qs_rm_rf(qs_test_root_path);
}

/* Create (once per process) and return a temp system root; sets QSYS_ROOT. */
static inline const char *qs_test_root(void)
{
    if (!qs_test_root_path[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(qs_test_root_path, sizeof qs_test_root_path, "%s/qshim-test-XXXXXX",
                 t && *t ? t : "/tmp");
        if (!mkdtemp(qs_test_root_path))
            abort();
        setenv("QSYS_ROOT", qs_test_root_path, 1);
        atexit(qs_test_root_cleanup);
    }
    return qs_test_root_path;
}

#endif
