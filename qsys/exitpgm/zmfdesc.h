/*
 * qsys/exitpgm/zmfdesc.h - MSF message descriptors: IBM's QZMF byte layouts,
 * a builder and a strict parser.
 *
 * QzmfCrtMailMsg takes, and every snap-in exit program receives, an array of
 * "message descriptor attribute" entries, each pointing at one descriptor
 * (ORGL0100 originator, RCPL0100 recipients, ENVL0100 envelope, ATTL0100
 * attachments, …): a common header, then a chain of variable-length entries.
 * The layouts below are IBM's byte for byte (QZMF.H, ibmi-reference §3.1),
 * with one portable change: where IBM holds a 16-byte _SPCPTR we hold a
 * native pointer in a 16-byte slot, so every later offset is unchanged.
 * api/include/qzmf.h declares the same layouts under IBM's names and checks
 * at compile time that the two agree.
 *
 * The parser trusts nothing: every length, offset, displacement and count
 * is checked against the descriptor's own length and IBM's limits before a
 * byte is read, so a hostile or corrupted descriptor gives CPFAF83 (with a
 * reason code, see docs/exitpgm.md) and never reads out of bounds.
 */
#ifndef QS_EXITPGM_ZMFDESC_H
#define QS_EXITPGM_ZMFDESC_H

#include <stddef.h>
#include <stdint.h>

struct qs_err;
struct qs_buf;

#define QS_ZMF_MAX_DESC_SIZE   16000000   /* QZMF_MAX_MSG_DESC_SIZE */
#define QS_ZMF_MAX_ENTRIES     32768      /* QZMF_MAX_RECIPIENT_ENTRIES */
#define QS_ZMF_MAX_ADDR        1024       /* QZMF_MAX_ADDRESS_LENGTH */
#define QS_ZMF_MAX_SPIN        256        /* QZMF_MAX_SPIN_LENGTH */
#define QS_ZMF_MAX_ATTRS       64         /* attribute array entries we accept */

#if defined(__GNUC__)
#define QS_ZMF_PACKED __attribute__((packed))
#else
#define QS_ZMF_PACKED
#endif

/* One element of the descriptor attribute array (32 bytes). */
struct QS_ZMF_PACKED qs_zmf_attr {
    union { void *ptr; unsigned char slot[16]; } desc;  /* IBM: _SPCPTR */
    int32_t len;                 /* Msg_Desc_Length */
    char    format[8];           /* Msg_Desc_Format_Name */
    int32_t reserved;            /* must be 0 */
};

/* Qzmf_Msg_Desc_Hdr0100_t (28 bytes). */
struct QS_ZMF_PACKED qs_zmf_hdr {
    int32_t total_len;           /* Msg_Desc_Total_Length */
    int32_t bytes_avail;         /* Bytes_Available */
    char    format[8];
    int32_t first_off;           /* First_Entry_Offset, from the header */
    int32_t count;               /* Total_Num_Of_Entries */
    int32_t reserved;
};

/* ORGL0100 / RTAL0100 / RPYL0100 entry (32 bytes + address). */
struct QS_ZMF_PACKED qs_zmf_addr_ent {
    int32_t entry_len, disp, addr_len;
    char    addr_type[4];
    int32_t ccsid, unique_id, ref_unique_id, reserved;
};

/* ORCL0100 entry: ORGL0100 plus distribution type and reply flag (40). */
struct QS_ZMF_PACKED qs_zmf_orc_ent {
    int32_t entry_len, disp, addr_len;
    char    addr_type[4];
    int32_t ccsid, unique_id, ref_unique_id, reserved;
    int32_t dist_type, reply_req;
};

/* ENVL0100 and ATTL0100 entry (28 bytes + data). */
struct QS_ZMF_PACKED qs_zmf_data_ent {
    int32_t entry_len, disp, data_len;
    char    data_type[4];
    int32_t unique_id, ref_unique_id, reserved;
};

/* RCPL0100 entry (56 bytes + address + SPIN). */
struct QS_ZMF_PACKED qs_zmf_rcp_ent {
    int32_t entry_len, spin_disp, spin_len, rcpt_disp, addr_len;
    char    addr_type[4];
    int32_t ccsid, reason, diag;
    char    msg_type[4];
    int32_t status, dist_type, unique_id, reserved;
};

/* ROAL0100 entry: RCPL0100 without type/status/dist, with ref id (48). */
struct QS_ZMF_PACKED qs_zmf_roa_ent {
    int32_t entry_len, spin_disp, spin_len, rcpt_disp, addr_len;
    char    addr_type[4];
    int32_t ccsid, reason, diag, unique_id, ref_unique_id, reserved;
};

/* The descriptor kinds we know. */
enum qs_zmf_kind {
    QS_ZMF_ORGL, QS_ZMF_ENVL, QS_ZMF_RCPL, QS_ZMF_ROAL, QS_ZMF_RTAL,
    QS_ZMF_RPYL, QS_ZMF_ORCL, QS_ZMF_ATTL, QS_ZMF_NKINDS
};
const char *qs_zmf_kind_format(enum qs_zmf_kind k);     /* "ORGL0100" */

/* One parsed entry; pointers point into the caller's descriptors. */
struct qs_zmf_item {
    enum qs_zmf_kind kind;
    char type[5];                /* Addr_Type / Envelope_Type / Attach_Type */
    const char *data;            /* address, envelope or attachment reference */
    size_t len;
    const char *spin;            /* RCPL/ROAL */
    size_t spin_len;
    int32_t ccsid, status, dist_type, reason, diag, unique_id, reply_req;
};

struct qs_zmf_parsed {
    struct qs_zmf_item *v;
    size_t n;
};

/* Parse n attribute entries.  0, or -1 with CPFAF83 (reason code). */
int qs_zmf_parse(const struct qs_zmf_attr *attrs, long n, struct qs_zmf_parsed *r,
                 struct qs_err *err);
void qs_zmf_parsed_free(struct qs_zmf_parsed *p);

/*
 * Building descriptors into one block: the attribute array first, then the
 * descriptors.  While building, attr[i].desc holds the descriptor's offset
 * in the block; qs_zmf_relocate turns offsets into pointers once the block
 * sits at its final address.
 */
struct qs_zmf_builder {
    struct qs_buf *b;            /* the block */
    size_t nattrs, cur_attr;     /* attribute array size, current descriptor */
    size_t hdr_off;              /* current descriptor's header offset */
};
/* Start a block with room for nattrs attribute entries. */
int qs_zmf_begin(struct qs_zmf_builder *zb, struct qs_buf *b, size_t nattrs);
/* Start the next descriptor of kind k. */
int qs_zmf_desc(struct qs_zmf_builder *zb, enum qs_zmf_kind k);
/* Add an entry to the current descriptor (fields used as the kind needs). */
int qs_zmf_add(struct qs_zmf_builder *zb, const struct qs_zmf_item *it);
/* Finish: fills headers and attribute lengths. */
int qs_zmf_end(struct qs_zmf_builder *zb);
void qs_zmf_relocate(void *block, size_t nattrs);
/* Build a block (as above, offsets not yet relocated) holding the parsed
 * entries of p, one descriptor per kind present; *nattrs_r = how many. */
int qs_zmf_rebuild(struct qs_buf *b, const struct qs_zmf_parsed *p, size_t *nattrs_r);

#endif
