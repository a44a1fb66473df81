/*
 * qusec.h - error code parameter (QSYSINC/H QUSEC), as IBM ships it.
 *
 * Layouts are IBM's byte for byte (QS_PACKED, int = Binary(4)):
 *   ERRC0100: Bytes_Provided @0, Bytes_Available @4, Exception_Id @8,
 *             Reserved @15, exception data @16.
 *   ERRC0200: Key (-1) @0, Bytes_Provided @4, Bytes_Available @8,
 *             Exception_Id @12, Reserved @19, CCSID @20,
 *             Offset_Exc_Data @24, Length_Exc_Data @28.
 * Behaviour (docs/errors.md): Bytes_Provided 0 turns an API error into an
 * escape message; 8 or more receives the error, cut to fit; 1-7 or a
 * negative value is itself an error (CPF3CF1).
 */
#ifndef QUSEC_h
#define QUSEC_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif

typedef struct QS_PACKED Qus_EC {
    int  Bytes_Provided;
    int  Bytes_Available;
    char Exception_Id[7];
    char Reserved;
  /*char Exception_Data[];*/   /* Varying length */
} Qus_EC_t;

typedef struct QS_PACKED Qus_ERRC0200 {
    int  Key;
    int  Bytes_Provided;
    int  Bytes_Available;
    char Exception_Id[7];
    char Reserved;
    int  CCSID;
    int  Offset_Exc_Data;
    int  Length_Exc_Data;
  /*char *Reserved2;*/
  /*char Exception_Data[];*/   /* Varying length */
} Qus_ERRC0200_t;

#endif
