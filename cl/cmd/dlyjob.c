/*
 * cl/cmd/dlyjob.c - DLYJOB: wait a number of seconds (DLY) or until a time
 * of day (RSMTIME hhmmss, the next one to come).
 */
#include <errno.h>
#include <time.h>

#include "cl/cmd.h"
#include "qsys/base/err.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "DLY", .type = QS_CL_INT4, .min = 0, .max = 999999, .prompt = "Delay time, in seconds" },
    { .kwd = "RSMTIME", .type = QS_CL_TIME, .prompt = "Resume time" },
};

static int dlyjob_run(struct qs_cl_call *c, struct qs_err *err)
{
    long long secs;
    if (qs_cl_given(c->args, "DLY") == qs_cl_given(c->args, "RSMTIME"))
        return qs_err_set(err, "CPD0084", "0", "DLY", "DLY or RSMTIME", (const char *)NULL);
    if (qs_cl_given(c->args, "DLY")) {
        secs = qs_cl_int(c->args, "DLY");
    } else {
        const char *t = qs_cl_str(c->args, "RSMTIME");
        int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[2] - '0') * 10 + (t[3] - '0');
        int s = (t[4] - '0') * 10 + (t[5] - '0');
        if (h > 23 || m > 59 || s > 59)
            return qs_err_set(err, "CPD0084", "6", "RSMTIME", t, (const char *)NULL);
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        secs = (long long)(h * 3600 + m * 60 + s) - (tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
        if (secs < 0)
            secs += 86400;
    }
    struct timespec ts = { (time_t)secs, 0 };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
    return 0;
}

QS_CL_COMMAND(dlyjob) = { .name = "DLYJOB", .text = "Delay Job", QS_CL_PARMS(parms),
                          .run = dlyjob_run };
