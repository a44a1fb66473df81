/*
 * qusgen.h - the generic header of list APIs (QSYSINC/H QUSGEN).
 *
 * A list API (QUSLSPL …) fills a user space: this header at offset 0, then
 * the input parameter section, the header section and the list entries, each
 * found through the offsets here.  Layout: 192 bytes (0100); 0300 adds the
 * entry point name.  Offsets confirmed by an RPG copy of the structure (user
 * area 64, then int size, char 4 level, char 8 format, char 10 API, char 13
 * CYYMMDDHHMMSS, char 1 status, nine ints, int CCSID, char 2, char 3,
 * char 1, 42 reserved).  The C member names follow IBM's QUSGEN.h as used by
 * real programs (Offset_List_Data, Number_List_Entries, Size_Each_Entry,
 * Offset_Header_Section); the others are UNCONFIRMED.
 *
 * Information_Status: 'C' complete, 'P' partial (the space was too small
 * and is not auto-extendable), 'I' incomplete.
 */
#ifndef QUSGEN_h
#define QUSGEN_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif

typedef struct QS_PACKED Qus_Generic_Header_0100 {
    char User_Area[64];             /*   0 */
    int  Size_Generic_Header;       /*  64 */
    char Structure_Release_Level[4];/*  68 "0100" */
    char Format_Name[8];            /*  72 */
    char Api_Used[10];              /*  80 */
    char Date_Time_Created[13];     /*  90 CYYMMDDHHMMSS */
    char Information_Status;        /* 103 */
    int  Size_User_Space;           /* 104 bytes used */
    int  Offset_Input_Parameter;    /* 108 */
    int  Size_Input_Parameter;      /* 112 */
    int  Offset_Header_Section;     /* 116 */
    int  Size_Header_Section;       /* 120 */
    int  Offset_List_Data;          /* 124 */
    int  Size_List_Data;            /* 128 */
    int  Number_List_Entries;       /* 132 */
    int  Size_Each_Entry;           /* 136 */
    int  CCSID_List_Ent;            /* 140 */
    char Country_ID[2];             /* 144 */
    char Language_ID[3];            /* 146 */
    char Subset_List_Indicator;     /* 149 */
    char Reserved[42];              /* 150 */
} Qus_Generic_Header_0100_t;        /* 192 bytes */

typedef struct QS_PACKED Qus_Generic_Header_0300 {
    char User_Area[64];
    int  Size_Generic_Header;
    char Structure_Release_Level[4];
    char Format_Name[8];
    char Api_Used[10];
    char Date_Time_Created[13];
    char Information_Status;
    int  Size_User_Space;
    int  Offset_Input_Parameter;
    int  Size_Input_Parameter;
    int  Offset_Header_Section;
    int  Size_Header_Section;
    int  Offset_List_Data;
    int  Size_List_Data;
    int  Number_List_Entries;
    int  Size_Each_Entry;
    int  CCSID_List_Ent;
    char Country_ID[2];
    char Language_ID[3];
    char Subset_List_Indicator;
    char Reserved[42];
    char Entry_Point_Name[256];     /* 192 */
    char Reserved2[128];            /* 448 */
} Qus_Generic_Header_0300_t;        /* 576 bytes */

#endif
