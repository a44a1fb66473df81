/*
 * qzmf.h - Mail Server Framework types (QSYSINC/H QZMF), qshim edition.
 *
 * Layouts are IBM's byte for byte (QS_PACKED, int = Binary(4)), from
 * ibmi-reference §3.1 (V5R4 QZMF.H / QZMFASRV.H), with one portable change:
 * IBM's message descriptor attribute entry starts with a 16-byte _SPCPTR;
 * here it is a native pointer in a 16-byte slot (an anonymous union), so
 * `attr.Msg_Desc_Ptr = &desc;` compiles unchanged and every later offset
 * (length @16, format @20, reserved @28) is IBM's.  See docs/exitpgm.md.
 *
 * Field names follow the reference; typedef names other than
 * Qzmf_Msg_Desc_Hdr0100_t and the basic types are qshim's (IBM's exact
 * spelling was not available: UNCONFIRMED).  Prototypes: <qzmfasrv.h>.
 */
#ifndef QZMF_h
#define QZMF_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif

typedef char Qzmf_Type_Value_t[4];
typedef char Qzmf_Format_Name_t[8];
typedef char Qzmf_Msg_Id_t[32];
typedef int  Qzmf_CCSID_t;
typedef char Qzmf_Exit_Point_t[20];
typedef char Qzmf_Type_Group_t[2];
typedef char Qzmf_Type_Name_t[8];

/* Type groups */
#define QZMF_TYPE_GROUP_ADDRESS    "01"
#define QZMF_TYPE_GROUP_MESSAGE    "02"
#define QZMF_TYPE_GROUP_ENVELOPE   "03"
#define QZMF_TYPE_GROUP_ATTACHMENT "04"

/* Limits */
#define QZMF_MAX_MSG_DESC_SIZE     16000000
#define QZMF_MAX_RECIPIENT_ENTRIES 32768
#define QZMF_MAX_ADDRESS_LENGTH    1024
#define QZMF_MAX_SPIN_LENGTH       256
#define QZMF_UNIQUE_ID_ADD_ENTRY   (-1)

/* Distribution types */
#define QZMF_DIST_NORMAL 0
#define QZMF_DIST_CC     1
#define QZMF_DIST_BCC    2

/* Recipient status */
#define QZMF_RCP_STATUS_FORWARDED          1
#define QZMF_RCP_STATUS_IGNORE             2
#define QZMF_RCP_STATUS_LOCAL              3
#define QZMF_RCP_STATUS_NON_DELIVERY       4
#define QZMF_RCP_STATUS_SECURITY_VIOLATION 5
#define QZMF_RCP_STATUS_REPROCESS          (-1)

/* QzmfQryMailMsgId status */
#define QZMF_MSGID_UNKNOWN              '0'
#define QZMF_MSGID_CREATED              '1'
#define QZMF_MSGID_RESERVED_CREATED     '2'
#define QZMF_MSGID_RESERVED_PROCESSED   '3'
#define QZMF_MSGID_RESERVED             '4'

/* Snap-in return codes */
#define QZMF_CONTINUE            0
#define QZMF_BACKOUT_CHANGE      1
#define QZMF_END_MSF_JOB         2
#define QZMF_END_MSG_PROCESSING  3

/* Exit points */
#define QZMF_LIST_EXPANSION         "QIBM_QZMFMSF_LST_EXP"
#define QZMF_ADDRESS_RESOLUTION     "QIBM_QZMFMSF_ADR_RSL"
#define QZMF_ENVELOPE_PROCESSING    "QIBM_QZMFMSF_ENL_PSS"
#define QZMF_ATTACHMENT_CONVERSION  "QIBM_QZMFMSF_ATT_CNV"
#define QZMF_SECURITY_AND_AUTHORITY "QIBM_QZMFMSF_SEC_AUT"
#define QZMF_LOCAL_DELIVERY         "QIBM_QZMFMSF_LCL_DEL"
#define QZMF_MESSAGE_FORWARDING     "QIBM_QZMFMSF_MSG_FWD"
#define QZMF_NON_DELIVERY           "QIBM_QZMFMSF_NON_DEL"
#define QZMF_ATTACHMENT_MANAGEMENT  "QIBM_QZMFMSF_ATT_MGT"
#define QZMF_ACCOUNTING             "QIBM_QZMFMSF_ACT    "
#define QZMF_VALIDATE_DATA          "QIBM_QZMFMSF_VLD_TYP"
#define QZMF_TRACK_MAIL_CHANGE      "QIBM_QZMFMSF_TRK_CHG"

/* The message descriptor attribute array element (32 bytes). */
typedef struct QS_PACKED Qzmf_Msg_Desc_Attr {
    union {
        void *Msg_Desc_Ptr;            /* IBM: _SPCPTR (16 bytes) */
        char  Msg_Desc_Ptr_Slot[16];
    };
    int  Msg_Desc_Length;
    char Msg_Desc_Format_Name[8];
    int  Reserved;                     /* must be 0 */
} Qzmf_Msg_Desc_Attr_t;

/* Common header of every descriptor (28 bytes). */
typedef struct QS_PACKED Qzmf_Msg_Desc_Hdr0100 {
    int  Msg_Desc_Total_Length;
    int  Bytes_Available;
    char Msg_Desc_Format_Name[8];
    int  First_Entry_Offset;           /* from the start of the header */
    int  Total_Num_Of_Entries;
    int  Reserved;
} Qzmf_Msg_Desc_Hdr0100_t;

/* ORGL0100 originator, RTAL0100 report-to, RPYL0100 reply-to (32 + address).
 * Displacement is from the start of the entry; the next entry starts
 * Entry_Length bytes after this one. */
typedef struct QS_PACKED Qzmf_ORGL0100 {
    int  Entry_Length;
    int  Displacement;
    int  Addr_Length;
    char Addr_Type[4];                 /* "SMTP" */
    int  CCSID;
    int  Unique_Id;
    int  Ref_Unique_Id;
    int  Reserved;
  /*char Address[];*/
} Qzmf_ORGL0100_t, Qzmf_RTAL0100_t, Qzmf_RPYL0100_t;

/* ORCL0100 original recipient (40 + address). */
typedef struct QS_PACKED Qzmf_ORCL0100 {
    int  Entry_Length;
    int  Displacement;
    int  Addr_Length;
    char Addr_Type[4];
    int  CCSID;
    int  Unique_Id;
    int  Ref_Unique_Id;
    int  Reserved;
    int  Dist_Type;
    int  Reply_Req_Flag;
} Qzmf_ORCL0100_t;

/* ENVL0100 envelope (28 + envelope). */
typedef struct QS_PACKED Qzmf_ENVL0100 {
    int  Entry_Length;
    int  Displacement;
    int  Envelope_Length;
    char Envelope_Type[4];
    int  Unique_Id;
    int  Ref_Unique_Id;
    int  Reserved;
} Qzmf_ENVL0100_t;

/* ATTL0100 attachment reference (28 + reference). */
typedef struct QS_PACKED Qzmf_ATTL0100 {
    int  Entry_Length;
    int  Displacement;
    int  Attach_Length;
    char Attach_Type[4];
    int  Unique_Id;
    int  Ref_Unique_Id;
    int  Reserved;
} Qzmf_ATTL0100_t;

/* RCPL0100 recipient (56 + address + SPIN). */
typedef struct QS_PACKED Qzmf_RCPL0100 {
    int  Entry_Length;
    int  SPIN_Displacement;
    int  SPIN_Length;
    int  Recipient_Displacement;
    int  Addr_Length;
    char Addr_Type[4];
    int  CCSID;
    int  Reason_Code;
    int  Diag_Code;
    char Msg_Type[4];
    int  Status;
    int  Dist_Type;
    int  Unique_Id;
    int  Reserved;
} Qzmf_RCPL0100_t;

/* ROAL0100 report-on address (48 + address + SPIN). */
typedef struct QS_PACKED Qzmf_ROAL0100 {
    int  Entry_Length;
    int  SPIN_Displacement;
    int  SPIN_Length;
    int  Recipient_Displacement;
    int  Addr_Length;
    char Addr_Type[4];
    int  CCSID;
    int  Reason_Code;
    int  Diag_Code;
    int  Unique_Id;
    int  Ref_Unique_Id;
    int  Reserved;
} Qzmf_ROAL0100_t;

/* MSGL0100 message type list entry. */
typedef struct QS_PACKED Qzmf_MSGL0100 {
    char Msg_Type[4];
} Qzmf_MSGL0100_t;

/*
 * MSF type configuration (QzmfAddMailCfg / QzmfRmvMailCfg / QzmfLstMailCfg).
 * ADDC0100 and DLTC0100 are IBM's documented layouts (QZMFAADD.htm,
 * QZMFADLT.htm).  LSTC0100 and the LSTL0100 list entry are qshim's
 * (UNCONFIRMED: IBM's field tables were not available): LSTC0100 is
 * DLTC0100 with blanks meaning "any", LSTL0100 is ADDC0100 without its
 * length.  Type groups: QZMF_TYPE_GROUP_*.
 */
typedef struct QS_PACKED Qzmf_ADDC0100 {
    int  Length;                       /* of this structure: 124 */
    char Type_Group[2];                /* "01".."04" */
    char Type_Value[4];
    char Type_Name[8];                 /* A-Z 0-9, unique */
    char Reserved[2];                  /* blanks */
    int  Type_Text_CCSID;
    char Type_Text[100];
} Qzmf_ADDC0100_t;

typedef struct QS_PACKED Qzmf_DLTC0100 {
    int  Length;                       /* 18 */
    char Type_Group[2];
    char Type_Value[4];
    char Type_Name[8];
} Qzmf_DLTC0100_t;

typedef struct QS_PACKED Qzmf_LSTC0100 {   /* qshim layout, UNCONFIRMED */
    int  Length;                       /* 18 */
    char Type_Group[2];                /* blanks: every group */
    char Type_Value[4];                /* blanks: any value */
    char Type_Name[8];                 /* blanks: any name */
} Qzmf_LSTC0100_t;

typedef struct QS_PACKED Qzmf_LSTL0100 {   /* qshim layout, UNCONFIRMED: 120 */
    char Type_Group[2];
    char Type_Value[4];
    char Type_Name[8];
    char Reserved[2];
    int  Type_Text_CCSID;
    char Type_Text[100];
} Qzmf_LSTL0100_t;

#ifndef QZMFASRV_h
#include <qzmfasrv.h>
#endif

#endif
