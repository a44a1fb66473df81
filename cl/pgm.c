/*
 * cl/pgm.c - run a CL source file statement by statement.
 * (Interim: commands only; the CL program statements arrive with the
 * interpreter.)
 */
#include <string.h>

#include "cl/pgm.h"
#include "cl/run.h"
#include "cl/src.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"

int qs_cl_pgm_run_source(struct qs_cl_env *env, const char *name, const char *src, size_t len,
                         const char *const *parms, size_t nparms, struct qs_err *err)
{
    struct qs_cl_src r;
    struct qs_buf st;
    unsigned line = 0;
    int rc = 0, got;

    qs_buf_init(&st, QS_MAX_CL_COMMAND);
    qs_cl_src_init(&r, src, len);
    while ((got = qs_cl_src_next(&r, &st, &line, err)) > 0) {
        if (qs_cl_run_text(env, st.data, st.len, NULL, err) < 0) {
            env->pos.line = line;
            rc = -1;
            break;
        }
    }
    if (got < 0)
        rc = -1;
    qs_buf_free(&st);
    return rc;
}

int qs_cl_pgm_run_file(struct qs_cl_env *env, const char *path, const char *const *parms,
                       size_t nparms, struct qs_err *err)
{
    struct qs_buf src;
    int rc;
    qs_buf_init(&src, QS_MAX_CL_PROGRAM);
    if (qs_file_read(path, QS_MAX_CL_PROGRAM, &src, err) < 0) {
        qs_buf_free(&src);
        return -1;
    }
    rc = qs_cl_pgm_run_source(env, path, qs_buf_str(&src), src.len, parms, nparms, err);
    qs_buf_free(&src);
    return rc;
}
