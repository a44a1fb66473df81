/* qsys/netsrv/svrargs.c - shared server command-line options. */
#include "qsys/netsrv/svrargs.h"
#include "qsys/base/fileio.h"
#include "qsys/base/log.h"
#include "qsys/base/str.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int qs_svrargs_num(const char *v, int lo, int hi, int *r)
{
    long long x;
    if (qs_parse_ll(v, strlen(v), lo, hi, &x) < 0)
        return -1;
    *r = (int)x;
    return 0;
}

static void replace(char **slot, const char *v)
{
    free(*slot);
    *slot = strdup(v);
}

int qs_svrargs_take(struct qs_svrargs *s, const char *a, const char *v)
{
    if (strcmp(a, "--bind") == 0) s->bind = v;
    else if (strcmp(a, "--cert") == 0) replace(s->certfile, v);
    else if (strcmp(a, "--key") == 0) replace(s->keyfile, v);
    else if (strcmp(a, "--pidfile") == 0) s->pidfile = v;
    else if (strcmp(a, "--log") == 0) s->logfile = v;
    else return 0;
    return 1;
}

void qs_svrargs_write_pid(const struct qs_svrargs *s)
{
    if (!s->pidfile)
        return;
    char b[32];
    int n = snprintf(b, sizeof b, "%ld\n", (long)getpid());
    qs_file_write_atomic(s->pidfile, b, (size_t)n, 0644, NULL);
}

void qs_svrargs_apply(const struct qs_svrargs *s, const char *prog)
{
    if (s->logfile)
        qs_log_open(prog, s->logfile, 0);
    signal(SIGPIPE, SIG_IGN);
}

void qs_svrargs_started(const struct qs_svrargs *s, void (*on_stop)(int), const char *listening)
{
    struct sigaction sig;
    memset(&sig, 0, sizeof sig);
    sig.sa_handler = on_stop;
    sigaction(SIGTERM, &sig, NULL);
    sigaction(SIGINT, &sig, NULL);
    qs_svrargs_write_pid(s);
    printf("%s\n", listening);
    fflush(stdout);
}

void qs_svrargs_finish(const struct qs_svrargs *s)
{
    if (s->pidfile)
        unlink(s->pidfile);
}
