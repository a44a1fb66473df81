/*
 * qspcrtsp.h - Create Spooled File (QSYSINC/H QSPCRTSP).
 *
 *   QSPCRTSP(spool handle (output), spooled file attributes, error code)
 *
 * IBM takes the attributes in QUSRSPLA format SPLA0200 (qusrspla.h); a
 * buffer whose Format_Name (offset 8) says "SPLA0200" is read at those
 * offsets, anything else at the SPLA0100 offsets (older qshim programs).
 * Fields read: Splf_Name, Form_Type, Usr_Data, Outq_Name/Outq_Lib,
 * Lines_Per_Inch, Char_Per_Inch (tenths), Page_Length, Page_Width,
 * Overflow_Line_Nm, Ptr_Dev_Type (*SCS), Ctrl_Char (*FCFC), CCSID,
 * User_Text, and (SPLA0200) Channel_Code1..12.  A blank or zero field takes
 * the default of a
 * new spooled file (QSYSPRT, QGPL/QPRINT, 66 x 132, 6 LPI, 10 CPI, overflow
 * 60, CCSID 37).  The file belongs to the current job; it is *OPN until
 * QSPCLOSP.  The handle is valid in this process only.
 */
#ifndef QSPCRTSP_h
#define QSPCRTSP_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

void QSPCRTSP(int *handle, void *splf_attributes, void *errcode);

#ifdef __cplusplus
}
#endif
#endif
