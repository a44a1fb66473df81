/*
 * qcapcmd.h - Process Commands API (QSYSINC/H QCAPCMD).
 *
 *   QCAPCMD(cmd, cmd_len, options, options_len, "CPOP0100",
 *           changed, changed_avail, &changed_len, &errcode)
 *
 * Command_Process_Type 0 (command running) and 2 (command line running)
 * run the command; 1 (syntax check) and 3/4 (CL program statement check)
 * only check it.  The changed command string returned is the command as
 * given (qshim does not prompt).  Errors go through the error code
 * parameter: CPF0006 when the command is not valid (its CPD diagnostic is
 * in the job log), the command's own escape when it fails, CPF3C21 for a
 * bad format name, CPF3C1D for a bad length, CPF3C3C for a bad option.
 */
#ifndef QCAPCMD_h
#define QCAPCMD_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct QS_PACKED Qca_PCMD_CPOP0100 {
    int  Command_Process_Type;
    char DBCS_Data_Handling;
    char Prompter_Action;
    char Cmd_String_Syntax;
    char Message_Key[4];
    char Reserved[9];
} Qca_PCMD_CPOP0100_t;

void QCAPCMD(void *Source_Cmd, int Source_Cmd_Len, void *Options_Ctl_Blk,
             int Options_Ctl_Blk_Len, void *Options_Ctl_Blk_Format, void *Changed_Cmd,
             int Changed_Cmd_Len_Avail, int *Changed_Cmd_Len, void *Error_Code);

#ifdef __cplusplus
}
#endif
#endif
