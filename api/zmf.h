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

/* The format parameter: 0 if fmt is want, else CPF3C21 (CPF24B4 for NULL). */
int qs_zmf_format(const char *fmt, const char *want, struct qs_err *err);
/* The 32-character id parameter, NUL-terminated into out (CPF24B4 for NULL). */
int qs_zmf_id_in(const void *id, char out[QS_ZMF_ID_LEN + 1], struct qs_err *err);

/* QzmfCrtCmpMailMsg CCMP0100: the creation sequence of a reserved id is
 * complete.  CPFAF8C reserved but not used, CPFAF8B unknown. */
int qs_zmf_complete(const char *id, struct qs_err *err);

/* QIBM_QZMFMSF_VLD_TYP: when an entry's type is configured
 * (QzmfAddMailCfg), call the validation programs.  0 or -1 (CPFAF83 60). */
struct qs_zmf_parsed;
int qs_zmf_validate(const char *id, const struct qs_zmf_parsed *p, struct qs_err *err);

/* QzmfRtvMailMsg RTVM0100 / QzmfChgMailMsg CHGM0100: only inside an exit
 * program called for message id (CPFAF83 reason 50 otherwise). */
int qs_zmf_retrieve(const char *id, struct qs_zmf_attr *attrs, long n, struct qs_err *err);
int qs_zmf_change(const char *id, const struct qs_zmf_attr *attrs, long n, struct qs_err *err);

#endif
