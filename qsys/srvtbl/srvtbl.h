/*
 * qsys/srvtbl/srvtbl.h - the service table (ADDSRVTBLE / RMVSRVTBLE /
 * WRKSRVTBLE), from which every qshim server takes its port.
 *
 * Kept as one object, QUSRSYS/QATOCSRV *FILE (IBM's file name), whose
 * payload is one entry a line: service TAB port TAB protocol TAB aliases
 * (comma-separated) TAB text.  Created on first use with IBM's defaults for
 * the services qshim runs: smtp 25, submission 587, smtps 465, pop3 110,
 * pop3s 995, lpd 515 (all tcp).  Tests and the demo replace an entry with a
 * loopback port > 1024 (RMVSRVTBLE + ADDSRVTBLE, or qs_srvtbl_set_port).
 * Changes are read-modify-write under an exclusive lock.
 */
#ifndef QS_SRVTBL_SRVTBL_H
#define QS_SRVTBL_SRVTBL_H

#include <stddef.h>

struct qs_err;

#define QS_SRV_NAME_MAX   32
#define QS_SRV_ALIAS_MAX  4
#define QS_SRV_TEXT_MAX   50

struct qs_srvtble {
    char   service[QS_SRV_NAME_MAX + 1];    /* case kept, e.g. "smtp" */
    int    port;                            /* 1..65535 */
    char   protocol[QS_SRV_NAME_MAX + 1];   /* lower case: "tcp", "udp" */
    size_t naliases;
    char   aliases[QS_SRV_ALIAS_MAX][QS_SRV_NAME_MAX + 1];
    char   text[QS_SRV_TEXT_MAX + 1];
};

/* ADDSRVTBLE: TCP1901 if (service, port, protocol) exists; bad values TCP1903. */
int qs_srvtbl_add(const struct qs_srvtble *e, struct qs_err *err);
/* RMVSRVTBLE: TCP1902 if no such entry.  port 0 = any port of the service. */
int qs_srvtbl_remove(const char *service, int port, const char *protocol, struct qs_err *err);
/* Entries in table order (sorted by service, then port); fn nonzero stops. */
int qs_srvtbl_list(int (*fn)(const struct qs_srvtble *e, void *arg), void *arg,
                   struct qs_err *err);
/* The port of service (or an alias) for protocol ("tcp"); TCP1902 if none.
 * This is what every server calls at start-up. */
int qs_srvtbl_port(const char *service, const char *protocol, int *port_r, struct qs_err *err);
/* Replace the port(s) of service/protocol with `port` (adds the entry if
 * missing): for tests and the demo. */
int qs_srvtbl_set_port(const char *service, const char *protocol, int port, struct qs_err *err);

#endif
