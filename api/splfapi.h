/*
 * api/splfapi.h - what the spooled file APIs (QUSRSPLA, QUSLSPL, QSPCRTSP)
 * share: internal identifiers and status codes.
 *
 * Internal ids are readable: the job id is the job number (6) then the user
 * (10); the spooled file id is the file name (10) then the number as six
 * digits.  They are stable for the life of the file.
 */
#ifndef QS_API_SPLFAPI_H
#define QS_API_SPLFAPI_H

struct qs_job;
struct qs_splf_attr;
struct qs_err;

/* Write both 16-byte ids of a. */
void qs_api_splf_ids(const struct qs_job *j, const struct qs_splf_attr *a, void *intjob,
                     void *intsplf);
/* Find the spooled file the two ids name (CPF3303 when none). 0 or -1. */
int  qs_api_splf_by_ids(const struct qs_job *j, const void *intjob, const void *intsplf,
                        struct qs_splf_attr *a_r, struct qs_err *err);
/* SPLF0300's status number: 1 *RDY, 2 *OPN, 3 *CLO, 4 *SAV, 5 *WTR, 6 *HLD,
 * 7 *MSGW, 8 *PND, 9 *PRT, 10 *FIN, 11 *SND, 12 *DFR; 0 unknown. */
int  qs_api_splf_status_code(const char *status);

#endif
