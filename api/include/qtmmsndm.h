/*
 * qtmmsndm.h - Send MIME Mail API (QSYSINC/H QTMMSNDM), as IBM ships it.
 *
 * Layout of ADDT0100 (IBM's _Packed struct; int = Binary(4)):
 *   Next_Addr_Structure_Offset @0  offset of the next entry, from the
 *                                  start of this one
 *   Addr_Length                @4  1-256
 *   Format_Name                @8  "ADDR0100" ("ADDT0100" also accepted)
 *   Dist_Type                  @16 QTMM_DIST_TYPE_NORMAL / _CC / _BCC
 *   Reserved                   @20 0
 *   the address follows        @24
 * The Binary(4) parameters are taken as `void *`: callers pass `int *` or
 * ILE-style `long *`; 4 bytes are read (docs/ile-c.md).
 *
 * Including this header routes fopen() through qshim's IFS open so that
 * IBM's "w,ccsid=819,crln=Y" mode strings work (qshim_ifs.h).
 */
#ifndef QTMMSNDM_h
#define QTMMSNDM_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif
#include <qshim_ifs.h>

#define QTMM_ADDRESS_FMT           "ADDR0100"
#define QTMM_FMT_LENGTH            8
#define QTMM_MAX_SMTP_ADDR_LENGTH  256
#define QTMM_MAX_FILENAME_LENGTH   255
#define QTMM_DIST_TYPE_NORMAL      0
#define QTMM_DIST_TYPE_CC          1
#define QTMM_DIST_TYPE_BCC         2

typedef char Qtmm_Format_Name_t[8];

typedef struct QS_PACKED Qtmm_ADDT0100 {
    int                Next_Addr_Structure_Offset;
    int                Addr_Length;
    Qtmm_Format_Name_t Format_Name;
    int                Dist_Type;
    int                Reserved;
  /*char               Addr[];*/   /* Varying length */
} Qtmm_ADDT0100_t;

#ifdef __cplusplus
extern "C" {
#endif

void QtmmSendMail(char *Filename, void *Filename_Length,
                  char *Originator, void *Originator_Length,
                  Qtmm_ADDT0100_t *First_Recipient,
                  void *Total_Num_Of_Recipients,
                  void *Error_Code);

#ifdef __cplusplus
}
#endif

#endif
