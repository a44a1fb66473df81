/*
 * api/zmf.h - internal: the work behind the QZMF APIs (message ids,
 * reservations, CRTM0100 → MSF).  The API entry files only translate
 * parameters and errors.
 *
 * Reservations live in $QSYS_ROOT/mail/zmfid/<ID>, one small file per id:
 * "R" reserved, "C <msf id>" reserved and used, "U <msf id>" created without
 * a reservation; all changes under $QSYS_ROOT/mail/zmfid/lock.
 */
#ifndef QS_API_ZMF_H
#define QS_API_ZMF_H

struct qs_err;
struct qs_zmf_attr;

#define QS_ZMF_ID_LEN 32

/* QzmfRsvMailMsgId: a fresh id of 32 A-Z/0-9, reserved. */
int qs_zmf_reserve(char id_r[QS_ZMF_ID_LEN + 1], struct qs_err *err);
/* QzmfQryMailMsgId: '0' unknown … '4' reserved (qzmf.h QZMF_MSGID_*). */
int qs_zmf_query(const char *id, char *status_r, struct qs_err *err);
/* QzmfRmvRsvMailMsgId: only an unused reservation can be removed. */
int qs_zmf_unreserve(const char *id, struct qs_err *err);
/* QzmfCrtMailMsg CRTM0100.  rsv NULL or all NUL = no reservation. */
int qs_zmf_create(const char *rsv, const struct qs_zmf_attr *attrs, long n,
                  char id_r[QS_ZMF_ID_LEN + 1], struct qs_err *err);

#endif
