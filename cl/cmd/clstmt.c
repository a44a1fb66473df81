/*
 * cl/cmd/clstmt.c - the CL program statements: PGM, DCL, CHGVAR, IF/ELSE,
 * SELECT/WHEN/OTHERWISE, DO loops, LEAVE/ITERATE, GOTO, MONMSG, RETURN,
 * ENDPGM.
 *
 * Their definitions live here so that `qcl 'CHGVAR ?'` prompts them and the
 * parser checks them like any command; they have no handler, because the
 * CL program compiler (cl/pgm_compile.c) turns them into control flow.
 * Outside a CL program they are refused with CPD0031.
 */
#include "cl/cmd.h"

static const struct qs_cl_parm pgm_p[] = {
    { .kwd = "PARM", .type = QS_CL_VARNAME, .max_rep = 255, .prompt = "Parameter CL variable names" },
};
QS_CL_COMMAND(pgm) = { .name = "PGM", .text = "Program", QS_CL_PARMS(pgm_p), .flags = QS_CL_PGMONLY };
QS_CL_COMMAND(endpgm) = { .name = "ENDPGM", .text = "End Program", .flags = QS_CL_PGMONLY };
QS_CL_COMMAND(return) = { .name = "RETURN", .text = "Return", .flags = QS_CL_PGMONLY };

static const struct qs_cl_parm dcl_len[] = {
    { .type = QS_CL_INT4, .min = 1, .max = 32767, .prompt = "Length" },
    { .type = QS_CL_INT4, .min = 0, .max = 31, .dft = "0", .prompt = "Decimal positions" },
};
static const struct qs_cl_parm dcl_p[] = {
    { .kwd = "VAR", .type = QS_CL_VARNAME, .flags = QS_CL_REQUIRED, .prompt = "CL variable name" },
    { .kwd = "TYPE", .type = QS_CL_CHAR, .len = 5, .flags = QS_CL_REQUIRED,
      .rstd = QS_CL_VALUES("*DEC", "*CHAR", "*LGL", "*INT", "*UINT"), .prompt = "Type" },
    { .kwd = "LEN", .type = QS_CL_INT4, QS_CL_ELEMS(dcl_len), .prompt = "Length of variable" },
    { .kwd = "VALUE", .type = QS_CL_EXPR, .prompt = "Initial value" },
};
QS_CL_COMMAND(dcl) = { .name = "DCL", .text = "Declare CL Variable", QS_CL_PARMS(dcl_p),
                       .flags = QS_CL_PGMONLY };

static const struct qs_cl_parm chgvar_p[] = {
    { .kwd = "VAR", .type = QS_CL_EXPR, .flags = QS_CL_REQUIRED, .prompt = "CL variable name" },
    { .kwd = "VALUE", .type = QS_CL_EXPR, .flags = QS_CL_REQUIRED, .prompt = "New value" },
};
QS_CL_COMMAND(chgvar) = { .name = "CHGVAR", .text = "Change Variable", QS_CL_PARMS(chgvar_p),
                          .flags = QS_CL_PGMONLY };

static const struct qs_cl_parm if_p[] = {
    { .kwd = "COND", .type = QS_CL_EXPR, .flags = QS_CL_REQUIRED, .prompt = "Condition" },
    { .kwd = "THEN", .type = QS_CL_CMDSTR, .prompt = "Command" },
};
QS_CL_COMMAND(if) = { .name = "IF", .text = "If", QS_CL_PARMS(if_p), .flags = QS_CL_PGMONLY };
QS_CL_COMMAND(when) = { .name = "WHEN", .text = "When", QS_CL_PARMS(if_p), .flags = QS_CL_PGMONLY };

static const struct qs_cl_parm else_p[] = {
    { .kwd = "CMD", .type = QS_CL_CMDSTR, .prompt = "Command" },
};
QS_CL_COMMAND(else) = { .name = "ELSE", .text = "Else", QS_CL_PARMS(else_p), .flags = QS_CL_PGMONLY };
QS_CL_COMMAND(otherwise) = { .name = "OTHERWISE", .text = "Otherwise", QS_CL_PARMS(else_p),
                             .flags = QS_CL_PGMONLY };
QS_CL_COMMAND(select) = { .name = "SELECT", .text = "Select", .flags = QS_CL_PGMONLY };
QS_CL_COMMAND(endselect) = { .name = "ENDSELECT", .text = "End Select", .flags = QS_CL_PGMONLY };
QS_CL_COMMAND(do) = { .name = "DO", .text = "Do Group", .flags = QS_CL_PGMONLY };
QS_CL_COMMAND(enddo) = { .name = "ENDDO", .text = "End Do", .flags = QS_CL_PGMONLY };

static const struct qs_cl_parm cond_p[] = {
    { .kwd = "COND", .type = QS_CL_EXPR, .flags = QS_CL_REQUIRED, .prompt = "Condition" },
};
QS_CL_COMMAND(dowhile) = { .name = "DOWHILE", .text = "Do While", QS_CL_PARMS(cond_p),
                           .flags = QS_CL_PGMONLY };
QS_CL_COMMAND(dountil) = { .name = "DOUNTIL", .text = "Do Until", QS_CL_PARMS(cond_p),
                           .flags = QS_CL_PGMONLY };

static const struct qs_cl_parm dofor_p[] = {
    { .kwd = "VAR", .type = QS_CL_VARNAME, .flags = QS_CL_REQUIRED, .prompt = "Control variable" },
    { .kwd = "FROM", .type = QS_CL_EXPR, .flags = QS_CL_REQUIRED, .prompt = "Initial value" },
    { .kwd = "TO", .type = QS_CL_EXPR, .flags = QS_CL_REQUIRED, .prompt = "Limit value" },
    { .kwd = "BY", .type = QS_CL_INT4, .dft = "1", .prompt = "Modification value" },
};
QS_CL_COMMAND(dofor) = { .name = "DOFOR", .text = "Do For", QS_CL_PARMS(dofor_p),
                         .flags = QS_CL_PGMONLY };

static const struct qs_cl_parm lbl_p[] = {
    { .kwd = "CMDLBL", .type = QS_CL_NAME, .len = 10, .dft = "*CURRENT",
      .spcval = QS_CL_VALUES("*CURRENT"), .prompt = "Command label" },
};
QS_CL_COMMAND(leave) = { .name = "LEAVE", .text = "Leave Do Group", QS_CL_PARMS(lbl_p),
                         .flags = QS_CL_PGMONLY };
QS_CL_COMMAND(iterate) = { .name = "ITERATE", .text = "Iterate", QS_CL_PARMS(lbl_p),
                           .flags = QS_CL_PGMONLY };

static const struct qs_cl_parm goto_p[] = {
    { .kwd = "CMDLBL", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED,
      .prompt = "Command label" },
};
QS_CL_COMMAND(goto) = { .name = "GOTO", .text = "Go To", QS_CL_PARMS(goto_p), .flags = QS_CL_PGMONLY };

static const struct qs_cl_parm monmsg_p[] = {
    { .kwd = "MSGID", .type = QS_CL_NAME, .len = 7, .max_rep = 50, .flags = QS_CL_REQUIRED,
      .prompt = "Message identifier" },
    { .kwd = "CMPDTA", .type = QS_CL_CHAR, .len = 28, .dft = "*NONE",
      .spcval = QS_CL_VALUES("*NONE"), .flags = QS_CL_MIXED_CASE, .prompt = "Comparison data" },
    { .kwd = "EXEC", .type = QS_CL_CMDSTR, .prompt = "Command to be executed" },
};
QS_CL_COMMAND(monmsg) = { .name = "MONMSG", .text = "Monitor Message", QS_CL_PARMS(monmsg_p),
                          .flags = QS_CL_PGMONLY };

/* Compile-time options and copyright text: accepted and ignored (there is
 * no activation group or bound program here). */
static const struct qs_cl_parm dclprcopt_p[] = {
    { .kwd = "LOG", .type = QS_CL_CHAR, .len = 6, .flags = QS_CL_KEYWORD, .prompt = "Log commands" },
    { .kwd = "ALWRTVSRC", .type = QS_CL_CHAR, .len = 4, .flags = QS_CL_KEYWORD,
      .prompt = "Allow RTVCLSRC" },
    { .kwd = "USRPRF", .type = QS_CL_CHAR, .len = 6, .flags = QS_CL_KEYWORD, .prompt = "User profile" },
    { .kwd = "DFTACTGRP", .type = QS_CL_CHAR, .len = 4, .flags = QS_CL_KEYWORD,
      .prompt = "Default activation group" },
    { .kwd = "ACTGRP", .type = QS_CL_CHAR, .len = 10, .flags = QS_CL_KEYWORD | QS_CL_MIXED_CASE,
      .prompt = "Activation group" },
    { .kwd = "BNDDIR", .type = QS_CL_CHAR, .len = 21, .max_rep = 50, .flags = QS_CL_KEYWORD,
      .prompt = "Binding directory" },
    { .kwd = "BNDSRVPGM", .type = QS_CL_CHAR, .len = 21, .max_rep = 50, .flags = QS_CL_KEYWORD,
      .prompt = "Bind service program" },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .flags = QS_CL_KEYWORD | QS_CL_MIXED_CASE,
      .prompt = "Text 'description'" },
    { .kwd = "AUT", .type = QS_CL_CHAR, .len = 10, .flags = QS_CL_KEYWORD, .prompt = "Authority" },
    { .kwd = "TGTRLS", .type = QS_CL_CHAR, .len = 10, .flags = QS_CL_KEYWORD, .prompt = "Target release" },
    { .kwd = "OPTIMIZE", .type = QS_CL_CHAR, .len = 10, .flags = QS_CL_KEYWORD, .prompt = "Optimization" },
    { .kwd = "DBGVIEW", .type = QS_CL_CHAR, .len = 10, .flags = QS_CL_KEYWORD, .prompt = "Debugging view" },
    { .kwd = "ALWUPD", .type = QS_CL_CHAR, .len = 4, .flags = QS_CL_KEYWORD, .prompt = "Allow update" },
};
QS_CL_COMMAND(dclprcopt) = { .name = "DCLPRCOPT", .text = "Declare Processing Options",
                             QS_CL_PARMS(dclprcopt_p), .flags = QS_CL_PGMONLY };
static const struct qs_cl_parm copyright_p[] = {
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 256, .flags = QS_CL_REQUIRED | QS_CL_MIXED_CASE,
      .prompt = "Copyright text" },
};
QS_CL_COMMAND(copyright) = { .name = "COPYRIGHT", .text = "Copyright", QS_CL_PARMS(copyright_p),
                             .flags = QS_CL_PGMONLY };

/* Subroutines: SUBR ... ENDSUBR at the end of the program, CALLSUBR to run
 * one, RTNSUBR to leave it early; RTNVAL passes a *INT 4 back. */
static const struct qs_cl_parm subr_p[] = {
    { .kwd = "SUBR", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED, .prompt = "Subroutine" },
};
QS_CL_COMMAND(subr) = { .name = "SUBR", .text = "Subroutine", QS_CL_PARMS(subr_p),
                        .flags = QS_CL_PGMONLY };
static const struct qs_cl_parm rtn_p[] = {
    { .kwd = "RTNVAL", .type = QS_CL_EXPR, .prompt = "Return value" },
};
QS_CL_COMMAND(endsubr) = { .name = "ENDSUBR", .text = "End Subroutine", QS_CL_PARMS(rtn_p),
                           .flags = QS_CL_PGMONLY };
QS_CL_COMMAND(rtnsubr) = { .name = "RTNSUBR", .text = "Return from Subroutine",
                           QS_CL_PARMS(rtn_p), .flags = QS_CL_PGMONLY };
static const struct qs_cl_parm callsubr_p[] = {
    { .kwd = "SUBR", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED, .prompt = "Subroutine" },
    { .kwd = "RTNVAL", .type = QS_CL_VARNAME, .prompt = "CL variable for returned value" },
};
QS_CL_COMMAND(callsubr) = { .name = "CALLSUBR", .text = "Call Subroutine", QS_CL_PARMS(callsubr_p),
                            .flags = QS_CL_PGMONLY };
