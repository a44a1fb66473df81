/*
 * api/usrspc_parm.h - the parameters QUSCHGUS and QUSRTVUS share: the
 * qualified user space name, the starting position and the length.
 */
#ifndef QS_API_USRSPC_PARM_H
#define QS_API_USRSPC_PARM_H

#include <stddef.h>

struct qs_err;
struct qs_job;

/* Check and read the shared parameters: CPF24B4 unless ptrs_ok (every
 * required pointer given), CPF3C14 for a negative len; else name and lib
 * (11 bytes each) from the CHAR(20) qname and *start_r (0 for start < 1,
 * which the user space layer rejects with CPF3C13).  0 or -1. */
int qs_api_usrspc_parms(const struct qs_job *j, int ptrs_ok, const void *qname, int start,
                        int len, char *name, char *lib, size_t *start_r, struct qs_err *err);

#endif
