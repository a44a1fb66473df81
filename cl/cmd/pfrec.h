/*
 * cl/cmd/pfrec.h - reading the records of a program-described physical file
 * member (qsys/dbf/pf.h keeps them as UTF-8 text in the library's SQLite
 * database) for CPYTOPCD, SNDDST TYPE(*FILE) and DSPPFM.  An externally
 * described file (a RUNSQL table, a DSPJRN/QRYDST OUTFILE) reads as records
 * of its fields side by side, each blank padded to its declared length
 * (CHAR(20) -> 20 characters; a type without length: the value as it is).
 */
#ifndef QS_CL_PFREC_H
#define QS_CL_PFREC_H

#include <stddef.h>

struct qs_err;
struct qs_job;

struct qs_pfrecs {
    char     lib[11], file[11], mbr[11];
    unsigned rcdlen;
    char   **rec;           /* UTF-8, trailing blanks removed */
    size_t   n;
};

/* Records of member mbr ("*FIRST": the member named like the file) of
 * lib/file, in order.  CPF9812 when there is no such file; a member with no
 * records reads as empty (qsys/dbf keeps no member list). */
int qs_pfrecs_read(struct qs_job *j, const char *lib, const char *file, const char *mbr,
                   struct qs_pfrecs *r, struct qs_err *err);
void qs_pfrecs_free(struct qs_pfrecs *r);

#endif
