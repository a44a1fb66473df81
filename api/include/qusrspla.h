/*
 * qusrspla.h - Retrieve Spooled File Attributes (QSYSINC/H QUSRSPLA).
 *
 *   QUSRSPLA(receiver, receiver length, format "SPLA0100", qualified job
 *            CHAR(26) ("*" = this job), internal job id CHAR(16), internal
 *            spooled file id CHAR(16), spooled file name CHAR(10), spooled
 *            file number (-1 = *LAST, 0 = *ONLY) [, error code])
 *
 * Format SPLA0100 at IBM's byte offsets (ibmi-reference §7.2; computed from
 * the _Packed struct in QSYSINC and confirmed by real programs reading 319,
 * 429, 437).  Fields qshim does not know the names of yet are Reserved_<off>
 * and are returned as blanks/zeros.  LPI and CPI are returned in tenths
 * (60 = 6 LPI) — UNCONFIRMED.  Only SPLA0100 is supported (CPF3C21 otherwise).
 */
#ifndef QUSRSPLA_h
#define QUSRSPLA_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif
#include <qshim_nargs.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct QS_PACKED Qus_SPLA0100 {
    int  Bytes_Return;              /*    0 */
    int  Bytes_Avail;               /*    4 */
    char Int_Job_ID[16];            /*    8 */
    char Int_Splf_ID[16];           /*   24 */
    char Job_Name[10];              /*   40 */
    char Usr_Name[10];              /*   50 */
    char Job_Number[6];             /*   60 */
    char Splf_Name[10];             /*   66 */
    int  Splf_Number;               /*   76 */
    char Form_Type[10];             /*   80 */
    char Usr_Data[10];              /*   90 */
    char Status[10];                /*  100 */
    char Reserved_110[30];          /*  110 */
    int  Total_Pages;               /*  140 */
    char Reserved_144[20];          /*  144 */
    int  Total_Copies;              /*  164 */
    char Reserved_168[4];           /*  168 */
    int  Lines_Per_Inch;            /*  172 */
    int  Char_Per_Inch;             /*  176 */
    char Output_Priority[2];        /*  180 */
    char Outq_Name[10];             /*  182 */
    char Outq_Lib[10];              /*  192 */
    char Date_File_Open[7];         /*  202  CYYMMDD */
    char Time_File_Open[6];         /*  209  HHMMSS */
    char Dev_File_Name[10];         /*  215 */
    char Dev_File_Lib[10];          /*  225 */
    char Pgm_Name[10];              /*  235 */
    char Pgm_Lib[10];               /*  245 */
    char Reserved_255[45];          /*  255 */
    int  Record_Length;             /*  300 */
    char Reserved_304[4];           /*  304 */
    char Dev_Type[10];              /*  308 */
    char Ptr_Dev_Type[10];          /*  318 */
    char Reserved_328[96];          /*  328 */
    int  Page_Length;               /*  424 */
    int  Page_Width;                /*  428 */
    char Reserved_432[4];           /*  432 */
    int  Overflow_Line_Nm;          /*  436 */
    char Reserved_440[54];          /*  440 */
    char Code_Page[10];             /*  494 */
    char Reserved_504[68];          /*  504 */
    char Ctrl_Char[10];             /*  572 */
    char Reserved_582[430];         /*  582 */
    int  CCSID;                     /* 1012 */
    char User_Text[100];            /* 1016 */
    char Reserved_1116[396];        /* 1116 */
    char Job_System_Name[8];        /* 1512 */
    char Reserved_1520[10];         /* 1520 */
    char Splf_Expiration_Date[7];   /* 1530 */
} Qus_SPLA0100_t;                   /* 1537 bytes */

void qshim_QUSRSPLA(int nargs, void *, int, char *, void *, void *, void *, void *, int, ...);
#define QUSRSPLA(...) qshim_QUSRSPLA(QSHIM_NARGS(__VA_ARGS__), __VA_ARGS__)

#ifdef __cplusplus
}
#endif
#endif
