/*
 * qtqiconv.h - QtqIconvOpen (QSYSINC/H QTQICONV): open an iconv descriptor
 * from two QtqCode_T structures instead of code strings.
 *
 * QtqCode_T (32 bytes): CCSID @0 (0 = the job's CCSID), conversion
 * alternative @4, substitution alternative @8, shift-state alternative @12,
 * input length option @16 (1 = input ends at its first NUL), error option
 * for mixed data @20, reserved @24.
 */
#ifndef QTQICONV_h
#define QTQICONV_h

#include <iconv.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct QtqCode {
    int  CCSID;
    int  cnv_alternative;
    int  subs_alternative;
    int  shift_alternative;
    int  length_option;
    int  mx_error_option;
    char reserved[8];
} QtqCode_T;

iconv_t QtqIconvOpen(QtqCode_T *tocode, QtqCode_T *fromcode);

#ifdef __cplusplus
}
#endif

#endif
