/*
 * qspgetsp.h - Get Spooled File Data (QSYSINC/H QSPGETSP), and the SPFR
 * user-space layouts that QSPGETSP writes and QSPPUTSP reads.
 *
 *   QSPGETSP(spool handle, qualified user space CHAR(20), format CHAR(8)
 *            "SPFR0200" | "SPFR0300", ordinal buffer number (-1 = next),
 *            end of open spooled file CHAR(10) "*WAIT" | "*END" | "*ERROR",
 *            error code)
 *
 * SPFR0200: a Qsp_SPFRH header at offset 0, then per buffer a Qsp_SPFRB
 * followed by its Qsp_SPFRG general section and its print data (buffers of
 * at most QSP_BUFFER_SIZE bytes).  SPFR0300: the header, then the print data
 * only (Size_Print_Data300 bytes at Offset_First_Buffer).  Field names and
 * order from ibmi-reference §7.1 (QSYSINC QSPGETSP.H); the exact widths of
 * the one-byte flags in Qsp_SPFRG are UNCONFIRMED.  qshim returns no page
 * entries (Number_Page_Entries 0) and only closed spooled files.
 */
#ifndef QSPGETSP_h
#define QSPGETSP_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

enum { QSP_BUFFER_SIZE = 4079 };   /* bytes of print data per buffer */

typedef struct QS_PACKED Qsp_SPFRH {
    char User_Data[64];             /*   0 */
    int  Header_Size;               /*  64 */
    char Struc_Level[4];            /*  68 */
    char Spooled_File_Level[6];     /*  72 */
    char Format_Name[8];            /*  78 */
    char Info_Complete_Ind;         /*  86 'C' complete, 'I' incomplete */
    char Reserved1;                 /*  87 */
    int  User_Space_Used;           /*  88 */
    int  Offset_First_Buffer;       /*  92 */
    int  Buffers_Requested;         /*  96 */
    int  Buffers_Returned;          /* 100 */
    int  Size_Print_Data300;        /* 104 */
    int  Nbr_Comp_Pages;            /* 108 */
    int  First_Page_Nbr;            /* 112 */
    int  Offset_First_Page;         /* 116 */
    char Reserved2[8];              /* 120 */
} Qsp_SPFRH_t;                      /* 128 */

typedef struct QS_PACKED Qsp_SPFRB {
    int Length_Buffer_Info;         /* from this struct to the next buffer */
    int Buffer_Number;
    int Offset_General_Info;        /* offsets are from the start of the space */
    int Size_General_Info;
    int Offset_Page_Data;
    int Size_Page_Data;
    int Number_Page_Entries;
    int Size_Page_Entry;
    int Offset_Print_Data;
    int Size_Print_Data;
} Qsp_SPFRB_t;                      /* 40 */

typedef struct QS_PACKED Qsp_SPFRG {
    int  Nbr_Nonblank_Lines;
    int  Nonblank_Lines_Page1;
    int  Error_Buffer_Number;
    int  Offset_Error_Recovery;
    int  Print_Data_Size;
    char State[10];
    char Last_Page_Continues;
    char Advanced_Print_Func;
    char LAC_Flags[2];
    char Error_Recovery_Info;
    char Zero_Pages;
    char Load_Font;
    char IPDS_Data;
    char Reserved[5];
} Qsp_SPFRG_t;

typedef struct QS_PACKED Qsp_SPFRP {
    int Text_Data_Start;
    int Any_Data_Start;
    int Page_Offset;
} Qsp_SPFRP_t;

void QSPGETSP(int handle, void *qual_usrspc, char *format, int ordinal_buffer,
              char *end_of_open_splf, void *errcode);

#ifdef __cplusplus
}
#endif
#endif
