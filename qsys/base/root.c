/*
 * qsys/base/root.c - locating and creating the system root (see root.h).
 */
#include "qsys/base/root.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"

#include <errno.h>
#include <pthread.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static char *root_s;

void qs_root_reset(void)
{
    pthread_mutex_lock(&mu);
    free(root_s);
    root_s = NULL;
    pthread_mutex_unlock(&mu);
}

const char *qs_root(struct qs_err *err)
{
    pthread_mutex_lock(&mu);
    if (!root_s) {
        struct qs_buf b;
        qs_buf_init(&b, 4096);
        const char *env = getenv("QSYS_ROOT");
        if (env && *env) {
            qs_buf_adds(&b, env);
        } else {
            const char *home = getenv("HOME");
            if (!home || !*home) {
                struct passwd *pw = getpwuid(getuid());
                home = pw ? pw->pw_dir : "/tmp";
            }
            qs_buf_addf(&b, "%s/.qshim", home);
        }
        while (b.len > 1 && b.data[b.len - 1] == '/')
            qs_buf_truncate(&b, b.len - 1);
        if (!b.data || qs_mkdir_p(b.data, 0700, err) < 0) {
            qs_buf_free(&b);
            pthread_mutex_unlock(&mu);
            return NULL;
        }
        root_s = qs_buf_detach(&b, NULL);
    }
    const char *r = root_s;
    pthread_mutex_unlock(&mu);
    return r;
}

int qs_root_path(struct qs_buf *out, struct qs_err *err, const char *fmt, ...)
{
    const char *r = qs_root(err);
    if (!r)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    int rc = qs_buf_adds(out, r);
    if (rc == 0)
        rc = qs_buf_addc(out, '/');
    if (rc == 0)
        rc = qs_buf_vaddf(out, fmt, ap);
    va_end(ap);
    if (rc < 0)
        return qs_err_sys(err, errno);
    return 0;
}
