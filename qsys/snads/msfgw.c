/*
 * qsys/snads/msfgw.c - the SNADS → Mail Server Framework hand-off: the
 * Internet copy of a distribution enters MSF (origin SNADS) like any other
 * message, and is acknowledged only once durable there.
 */
#include "qsys/snads/snads.h"
#include "qsys/msf/msf.h"
#include "qsys/base/err.h"

static int to_msf(void *arg, const char *from, const char *const *rcpts, size_t n,
                  const char *data, size_t len, struct qs_err *err)
{
    (void)arg;
    struct qs_msf_env env;
    qs_msf_env_init(&env);
    env.origin = QS_MSF_ORIGIN_SNADS;
    int rc = qs_msf_env_set(&env.from, from, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (qs_msf_env_add_rcpt(&env, rcpts[i], QS_MSF_TO, 0, NULL, err) < 0)
            rc = -1;
    if (rc == 0)
        rc = qs_msf_enqueue(&env, data, len, NULL, err);
    qs_msf_env_clear(&env);
    return rc;
}

void qs_snads_msf_default(struct qs_snads_msf *m)
{
    m->enqueue = to_msf;
    m->arg = NULL;
}
