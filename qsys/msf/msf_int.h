/*
 * qsys/msf/msf_int.h - helpers shared by the MSF modules (not for callers
 * outside qsys/msf).
 */
#ifndef QS_MSF_MSF_INT_H
#define QS_MSF_MSF_INT_H

#include "qsys/msf/msf.h"

struct qs_buf;
struct qs_err;
struct qs_spare;

/* Append $ROOT/mail/queue/<sub>[/<id><suffix>] to out. */
int  qs_msf_qpath(struct qs_buf *out, struct qs_err *err, const char *sub, const char *id,
                  const char *suffix);
/* Create the queue directories. */
int  qs_msf_qinit(struct qs_err *err);
void qs_msf_new_id(char id[QS_MSF_ID_LEN + 1]);
/* The reuse pool of used queue files (msg/.s*) of the root qs_msf_qinit()
 * last prepared, or NULL.  Files given to it must be on the queue's file
 * system; see msf_queue.c for when a name may be published. */
struct qs_spare *qs_msf_spare(void);
/* crc32 and size of a whole file (pread from 0).  0 or -1. */
int  qs_msf_file_crc(int fd, uint32_t *crc_r, uint64_t *size_r);
/* Read and parse an envelope file. */
int  qs_msf_read_env(const char *path, struct qs_msf_env *e, struct qs_err *err);
/* Call fn(qdir-with-slash, name, arg) for each entry of queue/<sub>; returns
 * how many calls returned 0, or -1. */
int  qs_msf_each(const char *sub, int (*fn)(const char *qdir, const char *name, void *arg),
                 void *arg);
/* Remove remote/ tombstones of messages the runner has finished. */
void qs_msf_remote_sweep(void);
/* Hand the remote recipients (status PENDING, user NULL) of env to the
 * outbound queue; sets their status to REMOTE.  Idempotent. */
int  qs_msf_remote_handoff(struct qs_msf_env *env, const char *content_path,
                           struct qs_err *err);

#endif
