/*
 * qsys/sdd/usrpmn.h - user permissions (GRTUSRPMN / RVKUSRPMN / DSPUSRPMN):
 * which user profile may work on behalf of which other one (send, list and
 * receive its distributions, handle its documents), IBM's office
 * "permission to work on behalf of".  Personal items stay private.
 *
 * Storage: $QSYS_ROOT/sdd/usrpmn, one "FORUSER TOUSER" pair a line, sorted,
 * rewritten whole (qs_file_write_atomic) under the directory lock.  Both
 * profiles of a pair must be enrolled in the SDD when it is granted.
 */
#ifndef QS_SDD_USRPMN_H
#define QS_SDD_USRPMN_H

#include <stddef.h>

struct qs_err;

#define QS_USRPMN_MAX 100000   /* pairs on the system */

struct qs_usrpmn {
    char foruser[11];   /* the user who is represented */
    char touser[11];    /* the user who may act for foruser */
};

/* GRTUSRPMN: touser may work for foruser.  CPF9006 when either profile has
 * no directory entry; granting an existing pair again is no error. */
int qs_usrpmn_grant(const char *touser, const char *foruser, struct qs_err *err);
/* RVKUSRPMN: touser "*ALL" revokes every permission foruser gave.  A pair
 * that does not exist is no error (*n_r counts removed pairs). */
int qs_usrpmn_revoke(const char *touser, const char *foruser, size_t *n_r,
                     struct qs_err *err);
/* 1 if touser may work for foruser (or they are the same profile), else 0. */
int qs_usrpmn_check(const char *touser, const char *foruser);
/* All pairs, sorted by foruser then touser; free(*v_r). */
int qs_usrpmn_list(struct qs_usrpmn **v_r, size_t *n_r, struct qs_err *err);

#endif
