/* The outbound snap-in end to end inside one process: a message enters MSF,
 * the runner hands its remote recipients off, qs_smtpc_run_queue delivers
 * to a scripted SMTP server (a thread on 127.0.0.1, a port picked at run
 * time): one recipient accepted, one refused (-> NDR), one unreachable (a
 * port bound but not listening -> kept for retry). */
#include "testlib.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/jrn/jrn.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/msf/msf.h"
#include "qsys/smtpc/smtpc.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>

static struct qs_buf got;     /* everything the server received */
static int lfd = -1;
static int dead_fd = -1;      /* bound, never listening: connections are refused */

static void *server(void *arg)
{
    (void)arg;
    int c = accept(lfd, NULL, NULL);
    if (c < 0)
        return NULL;
    const char *greet = "220 fake ESMTP\r\n";
    send(c, greet, strlen(greet), 0);
    char buf[8192];
    struct qs_buf line;
    qs_buf_init(&line, 1 << 20);
    int in_data = 0;
    for (;;) {
        ssize_t n = recv(c, buf, sizeof buf, 0);
        if (n <= 0)
            break;
        qs_buf_add(&got, buf, (size_t)n);
        qs_buf_add(&line, buf, (size_t)n);
        char *e;
        while ((e = memchr(line.data, '\n', line.len))) {
            size_t l = (size_t)(e - line.data) + 1;
            const char *r = NULL;
            if (in_data) {
                if (l == 3 && line.data[0] == '.') {
                    in_data = 0;
                    r = "250 2.0.0 queued\r\n";
                }
            } else if (!strncmp(line.data, "EHLO", 4)) r = "250-fake\r\n250-PIPELINING\r\n250-DSN\r\n250 SIZE 100000\r\n";
            else if (!strncmp(line.data, "MAIL", 4)) r = "250 2.1.0 ok\r\n";
            else if (!strncmp(line.data, "RCPT TO:<bad", 12)) r = "550 5.1.1 no such user\r\n";
            else if (!strncmp(line.data, "RCPT", 4)) r = "250 2.1.5 ok\r\n";
            else if (!strncmp(line.data, "DATA", 4)) { r = "354 go\r\n"; in_data = 1; }
            else if (!strncmp(line.data, "QUIT", 4)) r = "221 bye\r\n";
            else if (!strncmp(line.data, "RSET", 4)) r = "250 ok\r\n";
            else r = "500 what\r\n";
            if (r)
                send(c, r, strlen(r), 0);
            qs_buf_consume(&line, l);
            if (!in_data && r && !strncmp(r, "221", 3))
                goto done;
        }
    }
done:
    qs_buf_free(&line);
    close(c);
    return NULL;
}

/* Bind 127.0.0.1 on a free port; returns the socket, *port_r its port. */
static int bind_free(int *port_r)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0 };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t len = sizeof sa;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    *port_r = ntohs(sa.sin_port);
    return fd;
}

/* Listen on a free port and serve one connection in a thread; write
 * smtpc.conf: far.test routed there, `route` (a ROUTE keyword and domain)
 * to the refusing port, then `rest`. */
static pthread_t start_server(const char *route, const char *rest)
{
    int port, dead;
    lfd = bind_free(&port);
    if (dead_fd < 0)
        dead_fd = bind_free(&dead);
    else {
        struct sockaddr_in sa;
        socklen_t len = sizeof sa;
        assert_int_equal(getsockname(dead_fd, (struct sockaddr *)&sa, &len), 0);
        dead = ntohs(sa.sin_port);
    }
    assert_int_equal(listen(lfd, 4), 0);
    struct qs_buf conf, p;
    qs_buf_init(&conf, 4096);
    qs_buf_init(&p, 4096);
    qs_buf_addf(&conf, "ROUTE far.test 127.0.0.1:%d\n", port);
    qs_buf_addf(&conf, "%s 127.0.0.1:%d\n%s", route, dead, rest);
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_root_path(&p, &e, "mail"), 0);
    assert_int_equal(qs_mkdir_p(p.data, 0700, &e), 0);
    qs_buf_adds(&p, "/smtpc.conf");
    assert_int_equal(qs_file_write_atomic(p.data, conf.data, conf.len, 0600, &e), 0);
    qs_buf_free(&conf);
    qs_buf_free(&p);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, server, NULL), 0);
    return th;
}

static int note_type(const struct qs_jrn_entry *e, void *arg)
{
    struct qs_buf *b = arg;
    if (e->type[0] == '8')
        qs_buf_addf(b, "%s ", e->type);
    return 0;
}

static void queue_is_delivered_refused_and_deferred(void **state)
{
    (void)state;
    qs_test_root();
    qs_root_reset();
    struct qs_err e = QS_ERR_INIT;
    assert_int_equal(qs_mailcfg_set("smtpa.conf", "JOURNAL", "*YES", &e), 0);
    qs_buf_init(&got, 1 << 20);
    pthread_t th = start_server("ROUTE slow.test", "TIMEOUT 10\n");

    struct qs_msf_env env;
    qs_msf_env_init(&env);
    env.origin = QS_MSF_ORIGIN_API;
    assert_int_equal(qs_msf_env_set(&env.from, "alice@here.test", &e), 0);
    assert_true(qs_msf_env_add_rcpt(&env, "ok@far.test", QS_MSF_TO, 0, NULL, &e) >= 0);
    assert_true(qs_msf_env_add_rcpt(&env, "bad@far.test", QS_MSF_CC, 0, NULL, &e) >= 0);
    assert_true(qs_msf_env_add_rcpt(&env, "later@slow.test", QS_MSF_BCC, 0, NULL, &e) >= 0);
    const char *msg = "From: alice@here.test\r\nTo: ok@far.test\r\nSubject: q\r\n\r\n.dot\r\nbody\r\n";
    char id[QS_MSF_ID_LEN + 1];
    assert_int_equal(qs_msf_enqueue(&env, msg, strlen(msg), id, &e), 0);
    qs_msf_env_clear(&env);

    struct qs_msf_run_opts o = { .nbrmsfjob = 1, .once = 1 };
    assert_true(qs_msf_run_once(&o, &e) >= 0);
    assert_int_equal(qs_msf_remote_count(), 1);

    struct qs_smtpc_cfg cfg;
    assert_int_equal(qs_smtpc_cfg_load(&cfg, &e), 0);
    struct qs_smtpc_pool *pool = qs_smtpc_pool_new();
    assert_int_equal(qs_smtpc_run_queue(&cfg, pool, &e), 1);
    qs_smtpc_pool_free(&pool);      /* QUIT ends the server thread */
    pthread_join(th, NULL);
    close(lfd);

    assert_non_null(strstr(got.data, "MAIL FROM:<alice@here.test> SIZE="));
    assert_non_null(strstr(got.data, "RCPT TO:<ok@far.test> ORCPT=rfc822;ok@far.test\r\n"
                                     "RCPT TO:<bad@far.test> ORCPT=rfc822;bad@far.test\r\nDATA\r\n"));
    assert_non_null(strstr(got.data, "\r\n\r\n..dot\r\nbody\r\n.\r\n"));
    assert_null(strstr(got.data, "later@slow.test"));
    /* the unreachable recipient waits for its retry; the refused one got an NDR */
    assert_int_equal(qs_msf_remote_count(), 1);
    assert_int_equal(qs_smtpc_run_queue(&cfg, NULL, &e), 0);   /* not due yet */
    assert_true(qs_msf_queue_count() >= 1);
    /* journaled with IBM's SMTP client entry types */
    struct qs_buf types;
    qs_buf_init(&types, 4096);
    assert_true(qs_jrn_read("QZMF", note_type, &types, &e) > 0);
    assert_string_equal(qs_buf_str(&types), "8B 88 83 8C ");
    qs_buf_free(&types);
    qs_smtpc_cfg_free(&cfg);
    qs_buf_free(&got);
    qs_err_clear(&e);
}

/* RATE: with 2 a minute to far.test, two of five messages leave now and the
 * other three wait in the queue without using up a retry. */
static void rate_limit_holds_messages_back(void **state)
{
    (void)state;
    struct qs_err e = QS_ERR_INIT;
    qs_buf_init(&got, 1 << 20);
    pthread_t th = start_server("ROUTE *", "RATE far.test 2\nTIMEOUT 10\nCONCURRENCY 1\n");
    for (int i = 0; i < 5; i++) {
        struct qs_msf_env env;
        qs_msf_env_init(&env);
        env.origin = QS_MSF_ORIGIN_API;
        assert_int_equal(qs_msf_env_set(&env.from, "alice@here.test", &e), 0);
        assert_int_equal(qs_msf_env_set(&env.envid, "QS123", &e), 0);
        env.ret_hdrs = 1;
        assert_true(qs_msf_env_add_rcpt(&env, "ok@far.test", QS_MSF_TO,
                                        QS_MSF_NOTIFY_SUCCESS | QS_MSF_NOTIFY_FAILURE,
                                        "rfc822;ok@far.test", &e) >= 0);
        const char *msg = "From: alice@here.test\r\nSubject: r\r\n\r\nbody\r\n";
        assert_int_equal(qs_msf_enqueue(&env, msg, strlen(msg), NULL, &e), 0);
        qs_msf_env_clear(&env);
    }
    struct qs_msf_run_opts o = { .nbrmsfjob = 1, .once = 1 };
    assert_true(qs_msf_run_once(&o, &e) >= 0);
    /* also waiting: test 1's deferred job (not due) and its NDR (due, no route) */
    size_t waiting = qs_msf_remote_count();
    assert_true(waiting >= 5);
    struct qs_smtpc_cfg cfg;
    assert_int_equal(qs_smtpc_cfg_load(&cfg, &e), 0);
    struct qs_smtpc_pool *pool = qs_smtpc_pool_new();
    assert_true(qs_smtpc_run_queue(&cfg, pool, &e) >= 5);
    qs_smtpc_pool_free(&pool);
    pthread_join(th, NULL);
    close(lfd);
    size_t datas = 0;
    for (const char *q = got.data; (q = strstr(q, "\r\nDATA\r\n")); q++)
        datas++;
    assert_int_equal(datas, 2);
    /* DSN parameters passed on to a server that offers DSN (RFC 3461) */
    assert_non_null(strstr(got.data, " RET=HDRS ENVID=QS123\r\n"));
    assert_non_null(strstr(got.data, "RCPT TO:<ok@far.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;ok@far.test\r\n"));
    assert_int_equal(qs_msf_remote_count(), waiting - 2);
    qs_smtpc_cfg_free(&cfg);
    qs_buf_free(&got);
    qs_err_clear(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(queue_is_delivered_refused_and_deferred),
        cmocka_unit_test(rate_limit_holds_messages_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
