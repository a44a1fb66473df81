/*
 * qwcrdtaa.h - Retrieve Data Area (QSYSINC/H QWCRDTAA), IBM layout.
 *
 *   QWCRDTAA(receiver, receiver length, qualified data area name CHAR(20),
 *            starting position (-1 = *ALL), length of data, error code)
 *
 * The name may be "*LDA", "*GDA", "*PDA" (qshim supports *LDA).  A *DEC
 * value is returned packed; Length_Value_Returned/Number_Decimal_Positions
 * describe it.  Bytes_Available = 36 + value length.
 */
#ifndef QWCRDTAA_h
#define QWCRDTAA_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

void QWCRDTAA(void *, int, void *, int, int, void *);

typedef struct QS_PACKED Qwc_Rdtaa_Data_Returned {
    int  Bytes_Available;
    int  Bytes_Returned;
    char Type_Value_Returned[10];
    char Library_Name[10];
    int  Length_Value_Returned;
    int  Number_Decimal_Positions;
  /*char Value[];*/              /* Varying length */
} Qwc_Rdtaa_Data_Returned_t;

#ifdef __cplusplus
}
#endif
#endif
