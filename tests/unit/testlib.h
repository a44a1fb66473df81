/*
 * tests/unit/testlib.h - shared helpers for cmocka unit tests.
 *
 * qs_test_root() makes a throwaway system root (a fresh temp directory),
 * points QSYS_ROOT at it, and registers its removal at exit, so that every
 * test leaves nothing behind.  qs_test_count_dir() counts the entries of a
 * directory under that root (dot files -- e.g. the MSF queue's pool of used
 * files -- left out).
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

#include "qsys/base/buf.h"
#include "qsys/base/fileio.h"
#include "qsys/base/root.h"

#include <dirent.h>

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

/* Entries of $QSYS_ROOT/<rel> not starting with '.'; 0 if it does not exist. */
static inline int qs_test_count_dir(const char *rel)
{
    struct qs_buf p;
    qs_buf_init(&p, 4096);
    assert_int_equal(qs_root_path(&p, NULL, "%s", rel), 0);
    DIR *d = opendir(p.data);
    qs_buf_free(&p);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

#endif
