/*
 * cl/cmd/dspcmd.c - DSPCMD: show a command's parameters, or list commands.
 *
 * DSPCMD CMD(name) prints the prompt of one command (as `name ?` does);
 * DSPCMD CMD(*ALL) lists every command with its text.
 */
#include <string.h>

#include "cl/cmd.h"
#include "qsys/base/err.h"

static const struct qs_cl_parm cmd_q[] = {
    { .type = QS_CL_NAME, .len = 10, .spcval = QS_CL_VALUES("*ALL"), .prompt = "Command" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "CMD", .type = QS_CL_NAME, QS_CL_QUAL(cmd_q), .dft = "*ALL", .prompt = "Command" },
};

static int dspcmd_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *name = qs_cl_qual(c->args, "CMD", 0);
    if (qs_cl_is(c->args, "CMD", "*ALL")) {
        for (size_t i = 0; i < qs_cl_cmd_count(); i++) {
            const struct qs_cl_cmd *cmd = qs_cl_cmd_at(i);
            fprintf(c->out, "%-10s %s\n", cmd->name, cmd->text ? cmd->text : "");
        }
        return 0;
    }
    const struct qs_cl_cmd *cmd = qs_cl_cmd_find(name, strlen(name));
    if (!cmd)
        return qs_err_set(err, "CPD0030", name, qs_cl_qual(c->args, "CMD", 1), (const char *)NULL);
    qs_cl_prompt_print(cmd, c->out);
    return 0;
}

QS_CL_COMMAND(dspcmd) = { .name = "DSPCMD", .text = "Display Command", QS_CL_PARMS(parms),
                          .run = dspcmd_run };
