/*
 * qsys/dtaara/dtaara.h - data areas (*DTAARA objects) and the *LDA.
 *
 * A data area is an object whose payload is one line "<type> <len> <dec>"
 * and the value bytes: *CHAR len bytes (1..2000), *DEC packed decimal of
 * len digits (1..24) with dec decimals (QS_PACKED_LEN(len) bytes), *LGL one
 * byte '0' or '1'.  The local data area (*LDA) is a 1024-byte *CHAR data
 * area in the job's QTEMP, created on first use.
 *
 * Every change is a read-modify-write under an exclusive object lock, so
 * two jobs changing parts of one data area never lose an update.
 * Authority: retrieve needs *USE, change *CHANGE, delete *ALL.
 */
#ifndef QS_DTAARA_DTAARA_H
#define QS_DTAARA_DTAARA_H

#include <stddef.h>

#include "qsys/obj/obj.h"

struct qs_err;
struct qs_job;

enum qs_dtaara_type { QS_DTAARA_CHAR, QS_DTAARA_DEC, QS_DTAARA_LGL };

#define QS_DTAARA_CHAR_MAX 2000
#define QS_DTAARA_DEC_MAX  24
#define QS_DTAARA_LDA_LEN  1024
#define QS_DTAARA_LOCK_MS  30000

struct qs_dtaara {
    char                lib[QS_NAME_LEN + 1];   /* resolved library */
    char                name[QS_NAME_LEN + 1];
    enum qs_dtaara_type type;
    int                 len;    /* *CHAR bytes, *DEC digits, *LGL 1 */
    int                 dec;    /* *DEC decimal positions */
    unsigned char       value[QS_DTAARA_CHAR_MAX];
    size_t              value_len;  /* bytes in value */
    char                text[QS_OBJ_TEXT_LEN + 1];
    char                owner[QS_NAME_LEN + 1];
};

const char *qs_dtaara_type_name(enum qs_dtaara_type t);   /* "*CHAR" … */
int qs_dtaara_type_parse(const char *s, enum qs_dtaara_type *t_r);

/*
 * CRTDTAARA.  lib: a name, or "*CURLIB"/"*LIBL"/"" = QGPL (qshim has no
 * current library; QGPL stands in).  len 0 = IBM default (*CHAR 32,
 * *DEC 15 5, *LGL 1).  value: text as typed on VALUE (NULL = blanks / 0 /
 * '0').  pubaut: *CHANGE by default on IBM i (AUT(*LIBCRTAUT)).
 */
int qs_dtaara_create(struct qs_job *j, const char *lib, const char *name,
                     enum qs_dtaara_type type, int len, int dec, const char *value,
                     const char *text, enum qs_aut pubaut, struct qs_err *err);
/* Read a data area (lib may be "*LIBL"; name "*LDA" is the job's LDA). */
int qs_dtaara_retrieve(struct qs_job *j, const char *lib, const char *name,
                       struct qs_dtaara *d_r, struct qs_err *err);
/*
 * CHGDTAARA.  *CHAR: value bytes (vlen) go to positions start..start+sublen-1
 * (1-based); start 0 means *ALL (whole area; value blank-padded/cut to it).
 * *DEC: value is decimal text.  *LGL: "0" or "1".
 */
int qs_dtaara_change(struct qs_job *j, const char *lib, const char *name, int start,
                     int sublen, const void *value, size_t vlen, struct qs_err *err);
int qs_dtaara_delete(struct qs_job *j, const char *lib, const char *name, struct qs_err *err);

/* The value as text: *CHAR as is (substring start/sublen, 0 = all),
 * *DEC "-12.50", *LGL "0"/"1".  out gets a NUL; outsz >= 2001. */
int qs_dtaara_value_text(const struct qs_dtaara *d, int start, int sublen, char *out,
                         size_t outsz, struct qs_err *err);

#endif
