/*
 * qsmtpc - deliver one message with the outbound SMTP client.
 *
 *   qsmtpc [-n COUNT] -f FROM RCPT... < message
 *   qsmtpc -q                 deliver MSF's outbound queue once
 *   qsmtpc -Q SECONDS         ... and again every SECONDS until SIGTERM
 *
 * Reads the message (CRLF or LF lines) from stdin, groups the recipients by
 * domain and delivers with the configuration in the system root
 * (qsys/smtpc/smtpc.h).  -n sends the same message COUNT times over the
 * connection cache (tests and measurements).  Prints one line per recipient
 * and attempt, "RCPT OK|DEFER|FAIL diagnostic", then a summary line
 * "connections=N reuses=N tls=N".  Exit status: 0 all delivered, 1 some
 * failed or were deferred, 2 usage or local error.
 */
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/smtpc/smtpc.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static void on_term(int sig)
{
    (void)sig;
    stop = 1;
}

static int usage(void)
{
    fputs("usage: qsmtpc [-n COUNT] -f FROM RCPT... < message\n"
          "       qsmtpc -q | -Q SECONDS\n", stderr);
    return 2;
}

static int run_queue(long every)
{
    struct qs_err err = QS_ERR_INIT;
    struct qs_smtpc_cfg cfg;
    if (qs_smtpc_cfg_load(&cfg, &err) < 0) {
        fprintf(stderr, "%s: %s\n", err.msgid, err.text);
        return 2;
    }
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    int rc = 0;
    do {
        struct qs_smtpc_pool *pool = qs_smtpc_pool_new();
        int n = qs_smtpc_run_queue(&cfg, pool, &err);
        qs_smtpc_pool_free(&pool);
        if (n < 0) {
            fprintf(stderr, "%s: %s\n", err.msgid, err.text);
            qs_err_clear(&err);
            rc = 1;
        } else if (!every) {
            printf("jobs=%d\n", n);
        }
        for (long s = 0; every && s < every * 10 && !stop; s++)
            usleep(100000);
    } while (every && !stop);
    qs_smtpc_cfg_free(&cfg);
    return rc;
}

int main(int argc, char **argv)
{
    const char *from = NULL;
    long count = 1;
    int opt;
    while ((opt = getopt(argc, argv, "f:n:qQ:")) != -1) {
        if (opt == 'q')
            return run_queue(0);
        if (opt == 'Q')
            return run_queue(strtol(optarg, NULL, 10) > 0 ? strtol(optarg, NULL, 10) : 60);
        if (opt == 'f')
            from = optarg;
        else if (opt == 'n')
            count = strtol(optarg, NULL, 10);
        else
            return usage();
    }
    if (!from || optind >= argc || count < 1 || count > 1000000)
        return usage();
    struct qs_buf msg;
    qs_buf_init(&msg, QS_MAX_TEXT_FILE);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        if (qs_buf_add(&msg, chunk, n) < 0) {
            fputs("qsmtpc: message too large\n", stderr);
            return 2;
        }
    struct qs_err err = QS_ERR_INIT;
    struct qs_smtpc_cfg cfg;
    if (qs_smtpc_cfg_load(&cfg, &err) < 0) {
        fprintf(stderr, "%s: %s\n", err.msgid, err.text);
        return 2;
    }
    size_t nr = (size_t)(argc - optind);
    struct qs_smtpc_rcpt *r = calloc(nr, sizeof *r);
    if (!r)
        return 2;
    struct qs_smtpc_pool *pool = qs_smtpc_pool_new();
    int all_ok = 1;
    for (long k = 0; k < count; k++) {
        /* one delivery per distinct domain, recipients in argument order */
        char *done = calloc(nr, 1);
        for (size_t i = 0; i < nr; i++) {
            if (done[i])
                continue;
            const char *dom = strrchr(argv[optind + i], '@');
            dom = dom ? dom + 1 : "";
            size_t m = 0;
            for (size_t j = i; j < nr; j++) {
                const char *dj = strrchr(argv[optind + j], '@');
                if (!done[j] && strcasecmp(dj ? dj + 1 : "", dom) == 0) {
                    r[m].addr = argv[optind + j];
                    done[j] = 1;
                    m++;
                }
            }
            struct qs_smtpc_msg sm = { .from = from, .rcpt = r, .nrcpt = m,
                                       .data = msg.data ? msg.data : "", .len = msg.len };
            if (qs_smtpc_deliver(&cfg, pool, dom, &sm, &err) < 0) {
                fprintf(stderr, "%s: %s\n", err.msgid, err.text);
                return 2;
            }
            for (size_t j = 0; j < m; j++) {
                printf("%s %s %s\n", r[j].addr,
                       r[j].verdict == QS_DLV_OK ? "OK" : r[j].verdict == QS_DLV_FAIL ? "FAIL" : "DEFER",
                       r[j].diag);
                if (r[j].verdict != QS_DLV_OK)
                    all_ok = 0;
            }
        }
        free(done);
    }
    struct qs_smtpc_stats st;
    qs_smtpc_pool_stats(pool, &st);
    printf("connections=%u reuses=%u tls=%u\n", st.connects, st.reuses, st.tls);
    qs_smtpc_pool_free(&pool);
    qs_smtpc_cfg_free(&cfg);
    free(r);
    qs_buf_free(&msg);
    return all_ok ? 0 : 1;
}
