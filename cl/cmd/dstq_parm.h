/* cl/cmd/dstq_parm.h - DSTQ and PTY of HLDDSTQ, RLSDSTQ and SNDDSTQ. */
#ifndef QS_CL_DSTQ_PARM_H
#define QS_CL_DSTQ_PARM_H

#include "cl/cmd.h"

#define QS_DSTQ_PARMS                                                                       \
    { .kwd = "DSTQ", .type = QS_CL_CHAR, .len = 10, .flags = QS_CL_REQUIRED,               \
      .prompt = "Distribution queue" },                                                    \
    { .kwd = "PTY", .type = QS_CL_CHAR, .len = 7, .dft = "*NORMAL",                        \
      .rstd = QS_CL_VALUES("*NORMAL", "*HIGH"), .prompt = "Priority" }

#endif
