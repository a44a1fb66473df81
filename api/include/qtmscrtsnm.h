/*
 * qtmscrtsnm.h - Create and Send MIME E-mail API (QSYSINC/H QTMSCRTSNM).
 *
 * IBM's C header for this API has not been seen (ibmi-reference.md §2.1):
 * the prototype and the struct and field names below are qshim's, built
 * from IBM's parameter table and the two third-party programs that agree
 * on the layouts.  Parameters 2 and 7 are Binary(4) passed by value, the
 * others by address.  All offsets are from the start of the structure or
 * array they belong to.
 *
 * RCPT0100: N entries of 16 bytes, then ONE area holding all addresses
 * (interleaving the addresses after each entry makes the next entry's CCSID
 * garbage: TCP5308, as on IBM i).
 */
#ifndef QTMSCRTSNM_h
#define QTMSCRTSNM_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif
#include <qshim_ifs.h>

#define QTMS_RECIPIENT_FMT     "RCPT0100"
#define QTMS_NOTE_FMT          "NOTE0100"
#define QTMS_ATTACHMENT_FMT    "ATCH0100"
#define QTMS_NO_ATTACHMENT_FMT "ATCH0000"

/* Recipient type */
#define QTMS_RCPT_TO   0
#define QTMS_RCPT_CC   1
#define QTMS_RCPT_BCC  2

/* Note security level */
#define QTMS_SECURITY_NONE     0
#define QTMS_SECURITY_SIGN     1
#define QTMS_SECURITY_ENCRYPT  2
#define QTMS_SECURITY_BOTH     3

/* Note content type; attachment content types 0-26 (see docs/sendmail.md) */
#define QTMS_CONTENT_PLAIN  0
#define QTMS_CONTENT_HTML   1
#define QTMS_CONTENT_XML    2
#define QTMS_CONTENT_OCTET  3
#define QTMS_CONTENT_PDF    6
#define QTMS_CONTENT_ZIP    8

typedef struct QS_PACKED Qtms_RCPT0100 {
    int CCSID;                  /* of the address; 0 = job CCSID */
    int Recipient_Type;         /* QTMS_RCPT_* */
    int Offset_To_Address;      /* from the start of the recipient array */
    int Length_Of_Address;      /* 1-256 */
} Qtms_RCPT0100_t;

typedef struct QS_PACKED Qtms_NOTE0100 {
    int CCSID;                  /* of password, subject and note; 0 = job CCSID */
    int Offset_To_Password;     /* offsets from the start of this structure */
    int Length_Of_Password;
    int Offset_To_Subject;
    int Length_Of_Subject;
    int Offset_To_Note;
    int Length_Of_Note;
    int Note_Security_Level;    /* QTMS_SECURITY_* */
    int Note_Content_Type;      /* QTMS_CONTENT_PLAIN / _HTML / _XML */
} Qtms_NOTE0100_t;

typedef struct QS_PACKED Qtms_ATCH0100 {
    int CCSID;                  /* of the path name; 0 = job CCSID */
    int Offset_To_File_Name;    /* from the start of the attachment array */
    int Length_Of_File_Name;
    int Content_Type;           /* 0-26 */
} Qtms_ATCH0100_t;

#ifdef __cplusplus
extern "C" {
#endif

void QtmsCreateSendEmail(char *Recipient_Array, int Number_Of_Recipients,
                         char *Recipient_Format, char *Note, char *Note_Format,
                         char *Attachment_Array, int Number_Of_Attachments,
                         char *Attachment_Format, void *Error_Code);

#ifdef __cplusplus
}
#endif

#endif
