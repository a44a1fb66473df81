/*
 * qsys/jrn/jrn_int.h - shared by jrn.c (entries) and jrnrcv.c (the
 * receiver chain); not for other modules.
 */
#ifndef QS_JRN_JRN_INT_H
#define QS_JRN_JRN_INT_H

#include "qsys/jrn/jrn.h"

#include <stddef.h>
#include <stdint.h>

struct qs_buf;

/* Entry framing (jrn.h): header, esd, crc32 + sequence. */
#define QS_JRN_HDR_LEN  (4 + 4 + 8 + 8 + 1 + 2 + 10 + 10 + 10 + 4 + 4)
#define QS_JRN_TAIL_LEN (4 + 8)

int qs_jrn_valid_name(const char *name);
/* $QSYS_ROOT/jrn/<jrn>[/<file>] into p (created directory). */
int qs_jrn_dir(struct qs_buf *p, const char *jrn, const char *file, struct qs_err *err);
/* One entry with sequence seq, malloc'd, its length into len_r. */
unsigned char *qs_jrn_entry_make(char code, const char *type, const void *esd, size_t len,
                                 uint64_t seq, size_t *len_r);
/* The sequence number of the last entry of an open receiver, 0 if empty. */
uint64_t qs_jrn_last_seq(int fd);
/* Open the attached receiver of jrn and lock it exclusively, re-checking
 * once locked that it is still attached.  Returns the fd (its name into
 * name_r), or -1. */
int qs_jrn_lock_attached(const char *jrn, char name_r[11], struct qs_err *err);
/* Read the entries of receiver file `rcv` of jrn in order (a missing file
 * has none).  Adds the count to *n; returns 1 when fn stopped, 0, or -1. */
int qs_jrn_read_rcv(const char *jrn, const char *rcv, qs_jrn_entry_fn *fn, void *arg, long *n,
                    struct qs_err *err);

#endif
