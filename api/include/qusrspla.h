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
 * (60 = 6 LPI) — UNCONFIRMED.
 *
 * Format SPLA0200 (the detailed one QSPCRTSP takes) is complete here: every
 * field at IBM's byte offset, taken from the from/to positions of IBM's RPG
 * copy member QSYSINC/QRPGLESRC QUSRSPLA (fixed part, 3841 bytes).  Packed
 * _Decimal(15,5) fields are char[8] here (packed decimal bytes; see
 * qshim_decimal.h).  qshim fills what it knows (identity, queue, status,
 * pages, LPI/CPI, page size, overflow, CHLVAL channels, CTLCHAR, CCSID, user
 * text, printer file, sizes, dates) and returns the rest blank or zero.
 *
 * Internal identifiers (both formats, also QUSLSPL): Int_Job_ID is the job
 * number (6) then the user (10); Int_Splf_ID is the file name (10) then the
 * number as 6 digits.  Give job name "*INT" to QUSRSPLA to find a file by
 * them.  Other formats: CPF3C21.
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

typedef struct QS_PACKED Qus_SPLA0200 {
    int  Bytes_Return;                  /*    0 */
    int  Bytes_Avail;                   /*    4 */
    char Format_Name[8];                /*    8 */
    char Int_Job_ID[16];                /*   16 */
    char Int_Splf_ID[16];               /*   32 */
    char Job_Name[10];                  /*   48 */
    char Usr_Name[10];                  /*   58 */
    char Job_Number[6];                 /*   68 */
    char Splf_Name[10];                 /*   74 */
    int  Splf_Number;                   /*   84 */
    char Form_Type[10];                 /*   88 */
    char Usr_Data[10];                  /*   98 */
    char Status[10];                    /*  108 */
    char File_Avail[10];                /*  118 */
    char Hold_File[10];                 /*  128 */
    char Save_File[10];                 /*  138 */
    int  Total_Pages;                   /*  148 */
    int  Curr_Page;                     /*  152 */
    int  Start_Page;                    /*  156 */
    int  End_Page;                      /*  160 */
    int  Last_Page_Print;               /*  164 */
    int  Rest_Page;                     /*  168 */
    int  Total_Copies;                  /*  172 */
    int  Copies_Rem;                    /*  176 */
    int  Lines_Per_Inch;                /*  180 */
    int  Char_Per_Inch;                 /*  184 */
    char Output_Priority[2];            /*  188 */
    char Outq_Name[10];                 /*  190 */
    char Outq_Lib[10];                  /*  200 */
    char Date_File_Open[7];             /*  210 */
    char Time_File_Open[6];             /*  217 */
    char Dev_File_Name[10];             /*  223 */
    char Dev_File_Lib[10];              /*  233 */
    char Pgm_Name[10];                  /*  243 */
    char Pgm_Lib[10];                   /*  253 */
    char Count_Code[15];                /*  263 */
    char Print_Text[30];                /*  278 */
    int  Record_Length;                 /*  308 */
    int  Max_Records;                   /*  312 */
    char Dev_Type[10];                  /*  316 */
    char Ptr_Dev_Type[10];              /*  326 */
    char Doc_Name[12];                  /*  336 */
    char Folder_Name[64];               /*  348 */
    char S36_Proc_Name[8];              /*  412 */
    char Print_Fidel[10];               /*  420 */
    char Repl_Unprint[1];               /*  430 */
    char Repl_Char[1];                  /*  431 */
    int  Page_Length;                   /*  432 */
    int  Page_Width;                    /*  436 */
    int  Number_Separate;               /*  440 */
    int  Overflow_Line_Nm;              /*  444 */
    char DBCS_Data[10];                 /*  448 */
    char DBCS_Ext_Chars[10];            /*  458 */
    char DBCS_SOSI[10];                 /*  468 */
    char DBCS_Char_Rotate[10];          /*  478 */
    int  DBCS_Cpi;                      /*  488 */
    char Grph_Char_Set[10];             /*  492 */
    char Code_Page[10];                 /*  502 */
    char Form_Def_Name[10];             /*  512 */
    char Form_Def_Lib[10];              /*  522 */
    int  Source_Drawer;                 /*  532 */
    char Print_Font[10];                /*  536 */
    char S36_Spl_ID[6];                 /*  546 */
    int  Page_Rotate;                   /*  552 */
    int  Justification;                 /*  556 */
    char Duplex[10];                    /*  560 */
    char Fold[10];                      /*  570 */
    char Ctrl_Char[10];                 /*  580 */
    char Align_Forms[10];               /*  590 */
    char Print_Quality[10];             /*  600 */
    char Form_Feed[10];                 /*  610 */
    char Disk_Volume[71];               /*  620 */
    char Disk_Label[17];                /*  691 */
    char Exch_Type[10];                 /*  708 */
    char Char_Code[10];                 /*  718 */
    int  Nmbr_Disk_Rcrds;               /*  728 */
    int  Multiup;                       /*  732 */
    char Frnt_Ovrly_Name[10];           /*  736 */
    char Frnt_Ovrly_Lib_Name[10];       /*  746 */
    char Frnt_Ovrly_Off_Dn[8];          /*  756 packed _Decimal(15,5) */
    char Frnt_Ovrly_Off_Across[8];      /*  764 packed _Decimal(15,5) */
    char Bck_Ovrly_Name[10];            /*  772 */
    char Bck_Ovrly_Lib_Name[10];        /*  782 */
    char Bck_Ovrly_Off_Dn[8];           /*  792 packed _Decimal(15,5) */
    char Bck_Ovrly_Off_Across[8];       /*  800 packed _Decimal(15,5) */
    char Unit_Measure[10];              /*  808 */
    char Page_Definition[10];           /*  818 */
    char Page_Definition_Lib[10];       /*  828 */
    char Line_Spacing[10];              /*  838 */
    char Point_Size[8];                 /*  848 packed _Decimal(15,5) */
    int  Max_Data_Record_Size;          /*  856 */
    int  File_Buffer_Size;              /*  860 */
    char File_Level[6];                 /*  864 */
    char Coded_Font_Array[16];          /*  870 */
    char Channel_Mode[10];              /*  886 */
    int  Channel_Code1;                 /*  896 */
    int  Channel_Code2;                 /*  900 */
    int  Channel_Code3;                 /*  904 */
    int  Channel_Code4;                 /*  908 */
    int  Channel_Code5;                 /*  912 */
    int  Channel_Code6;                 /*  916 */
    int  Channel_Code7;                 /*  920 */
    int  Channel_Code8;                 /*  924 */
    int  Channel_Code9;                 /*  928 */
    int  Channel_Code10;                /*  932 */
    int  Channel_Code11;                /*  936 */
    int  Channel_Code12;                /*  940 */
    char Graphics_Tokenl[8];            /*  944 */
    char Record_Format[10];             /*  952 */
    char Reserved1[2];                  /*  962 */
    char Height_Drawer1[8];             /*  964 packed _Decimal(15,5) */
    char Width_Drawer1[8];              /*  972 packed _Decimal(15,5) */
    char Height_Drawer2[8];             /*  980 packed _Decimal(15,5) */
    char Width_Drawer2[8];              /*  988 packed _Decimal(15,5) */
    int  Number_Buffers;                /*  996 */
    int  Max_Form_Width;                /* 1000 */
    int  Alternate_Form_Width;          /* 1004 */
    int  Alternate_Form_Length;         /* 1008 */
    int  Alternate_Lpi;                 /* 1012 */
    char Text_Flags[2];                 /* 1016 */
    char Flg_File_Open[1];              /* 1018 */
    char Flg_Est_Pge_Cnt[1];            /* 1019 */
    char Flg_Pge_Boundary[1];           /* 1020 */
    char Flg_Trc[1];                    /* 1021 */
    char Flg_Def_Char[1];               /* 1022 */
    char Flg_Cpi[1];                    /* 1023 */
    char Flg_Transparency[1];           /* 1024 */
    char Flg_Dbl_Wide_Char[1];          /* 1025 */
    char Flg_Char_Rotate[1];            /* 1026 */
    char Flg_Code_Page[1];              /* 1027 */
    char Flg_Fft_Emphasis[1];           /* 1028 */
    char Flg_Scs3812[1];                /* 1029 */
    char Flg_Sld[1];                    /* 1030 */
    char Flg_Gea[1];                    /* 1031 */
    char Flg_Cmd5219[1];                /* 1032 */
    char Flg_Cmd3812[1];                /* 1033 */
    char Flg_Fld_Outline[1];            /* 1034 */
    char Flg_Final_Frm_Txt[1];          /* 1035 */
    char Flg_Barcode[1];                /* 1036 */
    char Flg_Color[1];                  /* 1037 */
    char Flg_Drawer_Chg[1];             /* 1038 */
    char Flg_Charid[1];                 /* 1039 */
    char Flg_Lpi[1];                    /* 1040 */
    char Flg_Font[1];                   /* 1041 */
    char Flg_Highlight[1];              /* 1042 */
    char Flg_Pge_Rotate[1];             /* 1043 */
    char Flg_Subscript[1];              /* 1044 */
    char Flg_Superscript[1];            /* 1045 */
    char Flg_Dds[1];                    /* 1046 */
    char Flg_Form_Feed[1];              /* 1047 */
    char Flg_Scs_Data[1];               /* 1048 */
    char Flg_User_Gen_Data[1];          /* 1049 */
    char Flg_Graphics[1];               /* 1050 */
    char Flg_Unrecogn_Data[1];          /* 1051 */
    char Flg_ASCII_Trans[1];            /* 1052 */
    char Flg_Ipds_Trans[1];             /* 1053 */
    char Flg_Office_Vis[1];             /* 1054 */
    char Flg_No_Lpi[1];                 /* 1055 */
    char Flg_Cpa3353[1];                /* 1056 */
    char Flg_Set_Excp[1];               /* 1057 */
    char Flg_Carriage_Control[1];       /* 1058 */
    char Flg_Pge_Pos[1];                /* 1059 */
    char Flg_Invalid_Char[1];           /* 1060 */
    char Flg_Lengths[1];                /* 1061 */
    char Flg_Pres5a[1];                 /* 1062 */
    char Flg_Resrvd[1];                 /* 1063 */
    int  Nbr_Font_Entries;              /* 1064 */
    int  Nbr_Lib_Entries;               /* 1068 */
    char Font_Entries[1153];            /* 1072 */
    char Lib_Entries[631];              /* 2225 */
    char Native_AFPDS[1];               /* 2856 */
    char JOBCCSID_For_CHRID[1];         /* 2857 */
    char S36_Continue_Yes[1];           /* 2858 */
    char Decimal_Format_Used[10];       /* 2859 */
    char Date_File_Last_Accessed[7];    /* 2869 */
    char Page_Groups[1];                /* 2876 */
    char Group_Level_Index[1];          /* 2877 */
    char Page_Level_Index[1];           /* 2878 */
    char IPDS_Pass_Through[1];          /* 2879 */
    int  Off_Usr_Rsc_Libl;              /* 2880 */
    int  Nbr_Usr_Rsc_Libl;              /* 2884 */
    int  Len_Usr_Rsc_Libl_Entry;        /* 2888 */
    char Reserved8[2];                  /* 2892 */
    char Corner_Stapling[1];            /* 2894 */
    char Edge_Stitch_Edge_Ref[1];       /* 2895 */
    char Offset_From_Edge_Ref[8];       /* 2896 packed _Decimal(15,5) */
    int  Edge_Stitch_Nbr_Staples;       /* 2904 */
    int  Offset_Staple_Positions;       /* 2908 */
    int  Nbr_of_Staple_Positions;       /* 2912 */
    int  Len_Staple_Position_Entry;     /* 2916 */
    char Font_Resolution[10];           /* 2920 */
    char Rcd_Fmt_Name_Present[1];       /* 2930 */
    char Saddle_Stitch_Edge_Ref[1];     /* 2931 */
    int  Saddle_Stitch_Nbr_Staples;     /* 2932 */
    int  Off_Saddle_Staple_Off;         /* 2936 */
    int  Nbr_of_Saddle_Stpl_Off;        /* 2940 */
    int  Len_Saddle_Staple_Off_Entry;   /* 2944 */
    char Data_Stream_Size[8];           /* 2948 packed _Decimal(15,5) */
    int  Off_Splf_Libl;                 /* 2956 */
    int  Nbr_of_Libraries;              /* 2960 */
    int  Len_Splf_Libl_Entry;           /* 2964 */
    int  Off_IPP_Attrs;                 /* 2968 */
    int  Off_SR_Attrs;                  /* 2972 */
    int  CCSID_of_Job;                  /* 2976 */
    char Reserved2[172];                /* 2980 */
    char Frnt_Margin_Off_Dn[8];         /* 3152 packed _Decimal(15,5) */
    char Frnt_Margin_Off_Acr[8];        /* 3160 packed _Decimal(15,5) */
    char Back_Margin_Off_Dn[8];         /* 3168 packed _Decimal(15,5) */
    char Back_Margin_Off_Acr[8];        /* 3176 packed _Decimal(15,5) */
    char Length_Of_Page[8];             /* 3184 packed _Decimal(15,5) */
    char Width_Of_Page[8];              /* 3192 packed _Decimal(15,5) */
    char Measure_Method[10];            /* 3200 */
    char Afp_Resource[1];               /* 3210 */
    char Font_Char_Set[10];             /* 3211 */
    char Font_Char_Set_Lib[10];         /* 3221 */
    char Code_Page_Name[10];            /* 3231 */
    char Code_Page_Lib[10];             /* 3241 */
    char Coded_Font_Name[10];           /* 3251 */
    char Coded_Font_Lib[10];            /* 3261 */
    char DBCS_Coded_Font_Name[10];      /* 3271 */
    char DBCS_Coded_Font_Lib[10];       /* 3281 */
    char User_Defined_File[10];         /* 3291 */
    char Reduce_Output[10];             /* 3301 */
    char Constant_Back_Overlay[1];      /* 3311 */
    int  Output_Bin;                    /* 3312 */
    int  CCSID;                         /* 3316 */
    char User_Text[100];                /* 3320 */
    char Original_System[8];            /* 3420 */
    char Original_Net_ID[8];            /* 3428 */
    char Splf_Creator[10];              /* 3436 */
    char Reserved5[2];                  /* 3446 */
    int  Usr_Def_Options_Offset;        /* 3448 */
    int  Usr_Def_Options_Number;        /* 3452 */
    int  Usr_Def_Options_Entry_Length;  /* 3456 */
    char Usr_Defined_Data[255];         /* 3460 */
    char Usr_Def_Object_Name[10];       /* 3715 */
    char Usr_Def_Object_Lib[10];        /* 3725 */
    char Usr_Def_Object_Type[10];       /* 3735 */
    char Reserved6[3];                  /* 3745 */
    char Character_Set_Point_Size[8];   /* 3748 packed _Decimal(15,5) */
    char Coded_Font_Point_Size[8];      /* 3756 packed _Decimal(15,5) */
    char DBCS_Coded_Font_Point_Size[8]; /* 3764 packed _Decimal(15,5) */
    int  Spooled_File_ASP;              /* 3772 */
    int  Spooled_File_Size;             /* 3776 */
    int  Splf_Size_Multiplier;          /* 3780 */
    int  IPP_JobId;                     /* 3784 */
    char Splf_Crt_Security_Method[1];   /* 3788 */
    char Splf_Authentication_Method[1]; /* 3789 */
    char Wtr_Begin_Process_Date[7];     /* 3790 */
    char Wtr_Begin_Process_Time[6];     /* 3797 */
    char Wtr_Complete_Proc_Date[7];     /* 3803 */
    char Wtr_Complete_Proc_Time[6];     /* 3810 */
    char Job_System_Name[8];            /* 3816 */
    char Splf_ASP_Device_Name[10];      /* 3824 */
    char Splf_Expiration_Date[7];       /* 3834 */
} Qus_SPLA0200_t;                   /* 3841 bytes (fixed part) */

void qshim_QUSRSPLA(int nargs, void *, int, char *, void *, void *, void *, void *, int, ...);
#define QUSRSPLA(...) qshim_QUSRSPLA(QSHIM_NARGS(__VA_ARGS__), __VA_ARGS__)

#ifdef __cplusplus
}
#endif
#endif
