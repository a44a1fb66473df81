/*
 * api/zmfcfg.h - internal: the MSF type configuration behind QzmfAddMailCfg,
 * QzmfRmvMailCfg and QzmfLstMailCfg, and the look-up QzmfCrtMailMsg /
 * QzmfChgMailMsg use to decide whether to call the QIBM_QZMFMSF_VLD_TYP
 * validation programs.
 *
 * Store: $QSYS_ROOT/mail/zmfcfg, one fixed-width line per type:
 * group(2) value(4) name(8) ccsid(11, right-aligned) text(100) "\n";
 * rewritten atomically under $QSYS_ROOT/mail/zmfcfg.lock.
 * At most 128 types per group (CPFAFB2).
 */
#ifndef QS_API_ZMFCFG_H
#define QS_API_ZMFCFG_H

#include <stddef.h>

struct qs_err;

#define QS_ZMFCFG_MAX_PER_GROUP 128

struct qs_zmfcfg_type {
    char group[2], value[4], name[8];
    int  ccsid;
    char text[100];
};

/* Add; CPFAFB0 reason (bad field), CPFAFB1 (value or name already
 * configured in the group), CPFAFB2 (group full). */
int qs_zmfcfg_add(const struct qs_zmfcfg_type *t, struct qs_err *err);
/* Remove the type matching group, value and name; CPFAFB3 if none. */
int qs_zmfcfg_remove(const char group[2], const char value[4], const char name[8],
                     struct qs_err *err);
/* Types matching the filter (blank fields match anything), sorted by group,
 * value.  free(*v_r). */
int qs_zmfcfg_list(const char group[2], const char value[4], const char name[8],
                   struct qs_zmfcfg_type **v_r, size_t *n_r, struct qs_err *err);
/* Is this type value configured in the group?  1, 0, or -1. */
int qs_zmfcfg_has(const char group[2], const char value[4], struct qs_err *err);
/* Check the fixed fields: 0, or the CPFAFB0 reason code (1 length, 2 group,
 * 3 value, 4 name, 5 reserved not blank, 6 CCSID). */
int qs_zmfcfg_check(const char group[2], const char value[4], const char name[8]);

/* Parse the store's bytes (untrusted: any damage is CPFAF82).  free(*v_r). */
int qs_zmfcfg_parse(const char *p, size_t n, struct qs_zmfcfg_type **v_r, size_t *n_r,
                    struct qs_err *err);
/* API entry checks: parameters given (CPF24B4), format (CPFAFB0 8), the
 * structure's leading Length at least minlen (CPFAFB0 1).  0 or -1. */
int qs_zmfcfg_parm(const void *cfg, const char *fmt, const char *want, int minlen,
                   struct qs_err *err);
/* Set CPFAFB0 with a reason code; returns -1. */
int qs_zmfcfg_parm_reason(struct qs_err *err, int code);

#endif
