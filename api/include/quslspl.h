/*
 * quslspl.h - List Spooled Files (QSYSINC/H QUSLSPL).
 *
 *   QUSLSPL(qualified user space CHAR(20), format CHAR(8), user name
 *           CHAR(10), qualified output queue CHAR(20), form type CHAR(10),
 *           user data CHAR(10)
 *           [, error code
 *           [, qualified job CHAR(26), keys Array(*) of Binary(4),
 *              number of keys Binary(4)
 *           [, ASP Binary(4)
 *           [, job system name CHAR(8), starting create date CHAR(7),
 *              starting create time CHAR(6), ending create date CHAR(7),
 *              ending create time CHAR(6)]]]])
 *
 * The list goes into the user space behind the generic header (qusgen.h):
 * input section Qus_SPLF_I_t, header section Qus_SPLF_H_t, then one entry
 * per spooled file, oldest job first, files by number.  Selection: user
 * *CURRENT, *ALL or a name; output queue *ALL or name/library (*LIBL and
 * *CURLIB mean QGPL); form type *ALL, *STD or a value; user data *ALL or a
 * value; qualified job blanks (any), "*" (this job) or name/user/number;
 * create date/time range CYYMMDD/HHMMSS (*FIRST and *LAST, blanks: any).  The
 * ASP and job system name are accepted and ignored (one system, one ASP).
 * Optional group 5 (ASP device) is not accepted: 16 arguments at most.
 *
 * Formats (layouts from IBM's QUSLSPL header and RPG programs reading it):
 *   SPLF0100  88 bytes: queue, form type, user data, internal ids.
 *   SPLF0300 136 bytes: job, file, number, status as an integer
 *             (1 *RDY, 2 *OPN, 3 *CLO, 4 *SAV, 5 *WTR, 6 *HLD …), dates.
 *   SPLF0200  keyed: Num_Fields_Retd, then per requested key a
 *             Qus_LSPL_Key_Info_t and its data, each padded to 4 bytes.
 *             Keys: 201 file name, 202 job name, 203 user, 204 job number,
 *             205 file number (BIN 4), 206 outq name, 207 outq library,
 *             208 device type, 209 user data, 210 status (CHAR 10),
 *             211 total pages (BIN 4), 212 current page (BIN 4), 213 copies
 *             left (BIN 4), 214 form type, 215 priority (CHAR 2), 216 date
 *             opened (CYYMMDD), 217 time opened (HHMMSS), 218 internal job
 *             id, 219 internal spooled file id.  These key numbers are
 *             UNCONFIRMED (not in our reference; 201/211/216 match IBM's
 *             keyed example, which asks for name, pages and date); an
 *             unknown key is CPF3C82.
 */
#ifndef QUSLSPL_h
#define QUSLSPL_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif
#include <qshim_nargs.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct QS_PACKED Qus_SPLF_I {
    char User_Space[10];
    char User_Space_Lib[10];
    char Format_Name[8];
    char User_Name[10];
    char Output_Queue_Name[10];
    char Output_Queue_Lib[10];
    char Form_Type[10];
    char User_Data[10];
    char Qual_Job_Name[26];
    int  Num_Keys_Spec;
  /*int  Keys[];*/
} Qus_SPLF_I_t;                     /* 108 bytes, then the keys */

typedef struct QS_PACKED Qus_SPLF_H {
    char User_Name[10];
    char Output_Queue_Name[10];
    char Output_Queue_Lib[10];
    char UsrSpc_Name[10];
    char UsrSpc_Lib[10];
    char Qualified_Job_Name[26];
} Qus_SPLF_H_t;                     /* 76 bytes */

typedef struct QS_PACKED Qus_SPLF0100 {
    char User_Name[10];             /*  0 */
    char Output_Queue[10];          /* 10 */
    char Output_Queue_Lib[10];      /* 20 */
    char Form_Type[10];             /* 30 */
    char User_Data[10];             /* 40 */
    char Int_Job_ID[16];            /* 50 */
    char Int_Splf_ID[16];           /* 66 */
    char Reserved[2];               /* 82 */
    int  Auxiliary_Storage_Pool;    /* 84 */
} Qus_SPLF0100_t;                   /* 88 bytes */

typedef struct QS_PACKED Qus_LSPL_Key_Info {
    int  Len_Field_Info_Retd;       /* this entry, data and padding included */
    int  Key_Field_for_Field_Retd;
    char Type_of_Data[1];           /* 'C' character, 'B' binary */
    char Reserv3[3];
    int  Data_Length;
  /*char Data[];*/
} Qus_LSPL_Key_Info_t;

typedef struct QS_PACKED Qus_SPLF0200 {
    int  Num_Fields_Retd;
  /*Qus_LSPL_Key_Info_t Key_Info[];*/
} Qus_SPLF0200_t;

typedef struct QS_PACKED Qus_SPLF0300 {
    char Job_Name[10];              /*   0 */
    char User_Name[10];             /*  10 */
    char Job_Number[6];             /*  20 */
    char Splf_Name[10];             /*  26 */
    int  Splf_Number;               /*  36 */
    int  Splf_Status;               /*  40 */
    char Date_Opened[7];            /*  44 CYYMMDD */
    char Time_Opened[6];            /*  51 HHMMSS */
    char Splf_Schedule[1];          /*  57 */
    char Splf_System_Name[10];      /*  58 */
    char User_Data[10];             /*  68 */
    char Form_Type[10];             /*  78 */
    char Output_Queue_Name[10];     /*  88 */
    char Output_Queue_Lib[10];      /*  98 */
    int  Auxiliary_Storage_Pool;    /* 108 */
    int  Splf_Size;                 /* 112 */
    int  Splf_Size_Multiplier;      /* 116 */
    int  Total_Pages;               /* 120 */
    int  Copies_Left_To_Produce;    /* 124 */
    char Priority[1];               /* 128 */
    char Reserved[3];               /* 129 */
    int  Internet_Print_Job_ID;     /* 132 */
} Qus_SPLF0300_t;                   /* 136 bytes */

void qshim_QUSLSPL(int nargs, void *, char *, char *, void *, char *, char *, ...);
#define QUSLSPL(...) qshim_QUSLSPL(QSHIM_NARGS(__VA_ARGS__), __VA_ARGS__)

#ifdef __cplusplus
}
#endif
#endif
