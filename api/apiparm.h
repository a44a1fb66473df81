/*
 * api/apiparm.h - reading IBM fixed-length parameters at an API entry.
 *
 * Object names arrive as blank-padded CHAR(10) fields, qualified names as
 * CHAR(20) (object, then library).  In a job whose CCSID is EBCDIC (CHGJOB
 * CCSID(37)) they arrive in EBCDIC, as translated RPG passes them; names use
 * only characters of IBM's invariant set (plus $ # @ of CCSID 37), so they
 * are converted here with a small built-in table.
 */
#ifndef QS_API_APIPARM_H
#define QS_API_APIPARM_H

#include <stddef.h>

struct qs_job;

/* Copy the n-byte field f into out (NUL-terminated, trailing blanks cut,
 * EBCDIC→ASCII when the job is EBCDIC).  out must hold n + 1 bytes. */
void qs_api_field_in(const struct qs_job *j, const void *f, size_t n, char *out);
/* Write s blank-padded into the n-byte field f (ASCII→EBCDIC when the job
 * is EBCDIC). */
void qs_api_field_out(const struct qs_job *j, void *f, size_t n, const char *s);

#endif
