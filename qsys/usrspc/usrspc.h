/*
 * qsys/usrspc/usrspc.h - user spaces (*USRSPC objects).
 *
 * The object file QSYS.LIB/<LIB>.LIB/<NAME>.USRSPC holds the description
 * and a one-line payload "<size> <extended attribute> <auto-extend>"; the
 * bytes of the space live beside it in <NAME>.USRSPC.data, so that
 * QUSPTRUS can map them (MAP_SHARED) and a program can work through the
 * pointer as on IBM i.  Invariants: the data file is never shorter than the
 * recorded size; a space is at most QS_USRSPC_MAX bytes (IBM: 16 MB);
 * auto-extendable spaces grow on a write past the end, up to that maximum.
 */
#ifndef QS_USRSPC_USRSPC_H
#define QS_USRSPC_USRSPC_H

#include <stddef.h>

#include "qsys/obj/obj.h"

struct qs_err;
struct qs_job;

#define QS_USRSPC_MAX (16u * 1024 * 1024 - 4096u)

/* QUSCRTUS.  replace: an existing space is deleted first (else CPF9870). */
int qs_usrspc_create(struct qs_job *j, const char *lib, const char *name, const char *extattr,
                     size_t size, unsigned char init, enum qs_aut pubaut, const char *text,
                     int replace, struct qs_err *err);
/* QUSRTVUS: copy len bytes from 1-based start. */
int qs_usrspc_read(struct qs_job *j, const char *lib, const char *name, size_t start,
                   size_t len, void *out, struct qs_err *err);
/* QUSCHGUS: write len bytes at 1-based start; force: fsync before return. */
int qs_usrspc_write(struct qs_job *j, const char *lib, const char *name, size_t start,
                    size_t len, const void *data, int force, struct qs_err *err);
/* QUSPTRUS: a pointer to the space (mapped shared, valid until the process
 * ends or the space is deleted by this process); size in *size_r. */
int qs_usrspc_ptr(struct qs_job *j, const char *lib, const char *name, void **p_r,
                  size_t *size_r, struct qs_err *err);
/* Change size (QUSCUSAT-like) and the auto-extend flag. */
int qs_usrspc_set_attr(struct qs_job *j, const char *lib, const char *name, size_t size,
                       int auto_extend, struct qs_err *err);
int qs_usrspc_delete(struct qs_job *j, const char *lib, const char *name, struct qs_err *err);

#endif
