/*
 * api/errcode.h - the one place where a struct qs_err meets the caller's
 * error code parameter (Qus_EC_t / Qus_ERRC0200_t) or becomes an escape
 * message.  Every API in api/ follows this pattern:
 *
 *     void QXXAPI(..., void *errcode)
 *     {
 *         if (qs_ec_begin(errcode, "QXXAPI") < 0)
 *             return;                       // CPF3CF1 was reported
 *         struct qs_err err = QS_ERR_INIT;
 *         if (do_work(..., &err) < 0)
 *             qs_ec_report(errcode, &err, "QXXAPI");
 *         qs_err_clear(&err);
 *     }
 *
 * Rules (docs/errors.md): errcode NULL (an omitted optional parameter) or
 * Bytes_Provided 0 → escape message; >= 8 → filled, data cut to fit,
 * Bytes_Available = 16 + data length (ERRC0200: 32 + length); 1-7 or
 * negative → CPF3CF1 as an escape; ERRC0200 is recognized by Key -1.
 */
#ifndef QS_API_ERRCODE_H
#define QS_API_ERRCODE_H

struct qs_err;

/* Validate the error code parameter and set Bytes_Available to 0.
 * Returns 0.  A bad parameter is CPF3CF1 signalled as an escape, which
 * does not return; the int is kept so call sites read as a check. */
int qs_ec_begin(void *errcode, const char *api);
/* Report err (which must be set) through errcode or as an escape.  When it
 * becomes an escape, err is consumed as by qs_escape. */
void qs_ec_report(void *errcode, struct qs_err *err, const char *api);
/* Signal err as an escape message from `api`: job log, then the innermost
 * QS_MONITOR (longjmp) or, unmonitored, stderr and exit(1).  No return.
 * err is consumed: what it holds is freed before control leaves (a longjmp
 * skips the caller's qs_err_clear). */
_Noreturn void qs_escape(struct qs_err *err, const char *api);

#endif
