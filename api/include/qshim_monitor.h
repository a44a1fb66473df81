/*
 * qshim_monitor.h - monitoring escape messages from C (qshim extension).
 *
 * On IBM i an API called with Bytes_Provided 0 signals its error as an
 * escape message; ILE C programs catch it with #pragma exception_handler or
 * signal(SIGxxx), and an unmonitored one ends the program.  qshim keeps that
 * behaviour (the program ends: message in the job log and on stderr, exit
 * status 1) and offers this setjmp-based monitor to catch it instead:
 *
 *     QS_MONITOR {
 *         QWCRDTAA(&rcv, sizeof rcv, "NOSUCH    QGPL      ", 1, 10, &ec);
 *     } QS_ON_ERROR {
 *         printf("failed: %s %s\n", QS_MSGID, QS_MSGTEXT);
 *     } QS_END_MONITOR;
 *
 * Rules (as for setjmp): local variables changed inside the monitored block
 * and read after an escape must be volatile; do not return, goto or break
 * out of the monitored block (use the QS_ON_ERROR block or fall through).
 * Monitors nest and are per thread.  See docs/errors.md.
 */
#ifndef QSHIM_MONITOR_H
#define QSHIM_MONITOR_H

#include <setjmp.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QSHIM_MON_DATA 1024
#define QSHIM_MON_TEXT 512

struct qshim_monitor {
    jmp_buf               env;
    struct qshim_monitor *prev;
    char                  msgid[8];                 /* "CPF9801" */
    char                  text[QSHIM_MON_TEXT];     /* first-level text */
    unsigned char         data[QSHIM_MON_DATA];     /* replacement data, cut */
    int                   data_len;
};

void qshim_monitor_push(struct qshim_monitor *m);
void qshim_monitor_pop(struct qshim_monitor *m);

/* Called with an unmonitored escape message just before the program ends;
 * NULL removes it.  It cannot resume the program (exit status is 1). */
typedef void (*qshim_escape_handler_t)(const char *msgid, const char *text, void *arg);
void qshim_set_escape_handler(qshim_escape_handler_t fn, void *arg);

#if defined(__GNUC__) || defined(__clang__)
/* a nested monitor's qs_mon_ hides the outer one on purpose */
#define QSHIM_MON_DECL_                              \
    _Pragma("GCC diagnostic push")                   \
    _Pragma("GCC diagnostic ignored \"-Wshadow\"")   \
    struct qshim_monitor qs_mon_;                    \
    _Pragma("GCC diagnostic pop")
#else
#define QSHIM_MON_DECL_ struct qshim_monitor qs_mon_;
#endif

#define QS_MONITOR                                   \
    do {                                             \
        QSHIM_MON_DECL_                              \
        qshim_monitor_push(&qs_mon_);                \
        if (setjmp(qs_mon_.env) == 0) {
#define QS_ON_ERROR                                  \
            qshim_monitor_pop(&qs_mon_);             \
        } else {
#define QS_END_MONITOR                               \
        }                                            \
    } while (0)
#define QS_MSGID    (qs_mon_.msgid)
#define QS_MSGTEXT  (qs_mon_.text)
#define QS_MSGDATA  (qs_mon_.data)
#define QS_MSGDATA_LEN (qs_mon_.data_len)

#ifdef __cplusplus
}
#endif
#endif
