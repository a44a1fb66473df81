/*
 * qmailadm - mail administration until the CL commands exist.
 *
 *   qmailadm chgsmtpa KEYWORD VALUE       CHGSMTPA (mail/smtpa.conf)
 *   qmailadm chgpopa KEYWORD VALUE        CHGPOPA  (mail/popa.conf)
 *   qmailadm addsmtple TYPE VALUE [MASK]  ADDSMTPLE TYPE(*ACCEPT, *REJECT or *DOMAIN)
 *   qmailadm addusrsmtp USRPRF ALIAS DOMAIN
 *   qmailadm crtusrprf USRPRF PASSWORD    (a profile for tests and the demo)
 *   qmailadm strmsf [--once] [--jobs N] [--pidfile P]  MSF workers (STRMSF)
 *   qmailadm dspjrn [--outfile DB TABLE]  list QZMF journal entries (DSPJRN)
 *   qmailadm queue                        messages queued / waiting outbound
 */
#include "qsys/msf/msf.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/jrn/jrn.h"
#include "qsys/usrprf/usrprf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/log.h"
#include "qsys/base/str.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig; stop = 1; }

static int fail(struct qs_err *e)
{
    fprintf(stderr, "qmailadm: %s %s\n", e->msgid, e->text ? e->text : "");
    qs_err_clear(e);
    return 1;
}

static int show(const struct qs_jrn_entry *e, void *arg)
{
    (void)arg;
    time_t t = (time_t)(e->time_us / 1000000);
    struct tm tm;
    char ts[32];
    localtime_r(&t, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
    printf("%10llu %c %s %s %-10s %-10s %-10s %.*s\n", (unsigned long long)e->seq, e->code,
           e->type, ts, e->job, e->user, e->pgm, (int)e->esd_len, (const char *)e->esd);
    return 0;
}

int main(int argc, char **argv)
{
    struct qs_err err = QS_ERR_INIT;
    if (argc < 2) {
        fprintf(stderr, "usage: qmailadm chgsmtpa|chgpopa|addsmtple|addusrsmtp|crtusrprf|"
                        "strmsf|dspjrn|queue ...\n");
        return 2;
    }
    const char *cmd = argv[1];
    if ((strcmp(cmd, "chgsmtpa") == 0 || strcmp(cmd, "chgpopa") == 0) && argc == 4)
        return qs_mailcfg_set(cmd[3] == 's' ? "smtpa.conf" : "popa.conf", argv[2], argv[3],
                              &err) < 0 ? fail(&err) : 0;
    if (strcmp(cmd, "addsmtple") == 0 && (argc == 4 || argc == 5))
        return qs_mailcfg_add_le(argv[2], argv[3], argc == 5 ? argv[4] : NULL, &err) < 0
               ? fail(&err) : 0;
    if (strcmp(cmd, "addusrsmtp") == 0 && argc == 5)
        return qs_smtpdir_add(argv[2], argv[3], argv[4], &err) < 0 ? fail(&err) : 0;
    if (strcmp(cmd, "crtusrprf") == 0 && argc == 4) {
        struct qs_usrprf p;
        qs_usrprf_init(&p, argv[2]);
        if (qs_usrprf_set_password(&p, argv[3], &err) < 0 || qs_usrprf_create(&p, &err) < 0)
            return fail(&err);
        return 0;
    }
    if (strcmp(cmd, "strmsf") == 0) {
        struct qs_msf_run_opts o = { 3, 0, NULL, 0 };
        const char *pidfile = NULL;
        for (int i = 2; i < argc; i++) {
            if (strcmp(argv[i], "--once") == 0) o.once = 1;
            else if (strcmp(argv[i], "--pidfile") == 0 && i + 1 < argc) pidfile = argv[++i];
            else if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc) {
                long long n;
                if (qs_parse_ll(argv[i + 1], strlen(argv[i + 1]), 1, 99, &n) < 0) return 2;
                o.nbrmsfjob = (int)n;
                i++;
            } else return 2;
        }
        qs_log_open("qmsf", NULL, 0);
        if (o.once) {
            int n = qs_msf_run_once(&o, &err);
            if (n < 0) return fail(&err);
            printf("%d messages processed\n", n);
            return 0;
        }
        struct qs_msf_runner *r;
        signal(SIGTERM, on_signal);
        signal(SIGINT, on_signal);
        if (qs_msf_run_start(&r, &o, &err) < 0)
            return fail(&err);
        if (pidfile) {
            char b[32];
            int n = snprintf(b, sizeof b, "%ld\n", (long)getpid());
            qs_file_write_atomic(pidfile, b, (size_t)n, 0644, NULL);
        }
        while (!stop)
            pause();
        qs_msf_run_stop(&r, 0);
        if (pidfile)
            unlink(pidfile);
        return 0;
    }
    if (strcmp(cmd, "dspjrn") == 0) {
        if (argc == 5 && strcmp(argv[2], "--outfile") == 0)
            return qs_jrn_outfile("QZMF", QS_JRN_CURCHAIN, argv[3], argv[4], &err) < 0 ? fail(&err) : 0;
        long n = qs_jrn_read("QZMF", show, NULL, &err);
        if (n < 0) return fail(&err);
        return 0;
    }
    if (strcmp(cmd, "queue") == 0) {
        printf("queued %zu remote %zu\n", qs_msf_queue_count(), qs_msf_remote_count());
        return 0;
    }
    fprintf(stderr, "qmailadm: unknown command or wrong arguments\n");
    return 2;
}
