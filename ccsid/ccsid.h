/*
 * ccsid/ccsid.h - what qshim knows about each CCSID.
 *
 * The registry lists every CCSID a converter can be opened for: the SBCS
 * tables generated from ICU, the DBCS/mixed tables, the Unicode encoding
 * forms, and 65535 (no conversion).  It answers the questions IBM's CCSID
 * information APIs ask (encoding scheme, maximum character size, DBCS).
 *
 * Invariant: every CCSID the registry lists can be opened by qs_conv_open()
 * in both directions.
 */
#ifndef QS_CCSID_CCSID_H
#define QS_CCSID_CCSID_H

#include <stddef.h>

enum qs_ccsid_kind {
    QS_CK_NONE = 0,     /* 65535: bytes pass through */
    QS_CK_SBCS,
    QS_CK_MBCS,         /* PC / EUC multibyte, stateless */
    QS_CK_MIXED,        /* EBCDIC mixed SBCS/DBCS with SO/SI */
    QS_CK_UTF8,
    QS_CK_UTF16BE,
    QS_CK_UTF16LE,
    QS_CK_UTF32BE,
    QS_CK_UTF32LE
};

#define QS_CCSID_HEX 65535
#define QS_CCSID_UTF8 1208

struct qs_ccsid_info {
    int ccsid;
    int esid;                /* IBM encoding scheme id (1100 EBCDIC SBCS, ...) */
    enum qs_ccsid_kind kind;
    int max_char;            /* bytes in the longest character (SO/SI not counted) */
    int min_char;
    int dbcs;                /* has double-byte characters */
    int ebcdic;              /* EBCDIC based (SBCS 1100 or mixed 1301) */
    const char *name;        /* ICU/IANA-style converter name */
    const char *label;       /* short description, "" if none */
    int table_index;         /* internal: index into the SBCS or MBCS table */
};

/* Fill *r for `ccsid`; 0, or -1 when the CCSID is not supported. */
int qs_ccsid_info(int ccsid, struct qs_ccsid_info *r);
/* The i-th supported CCSID in ascending order; -1 past the end. */
int qs_ccsid_at(size_t i, struct qs_ccsid_info *r);
size_t qs_ccsid_count(void);

#endif
