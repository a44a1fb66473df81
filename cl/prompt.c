/*
 * cl/prompt.c - `CMD ?`: the command's prompt printed from its definition.
 *
 * Lists each parameter in positional order with its keyword, type, length,
 * default, single/special/restricted values and the structure of qualified
 * names and (mixed) lists, in the spirit of IBM's command help.
 */
#include <stdio.h>
#include <string.h>

#include "cl/cmd.h"

static const char *type_name(enum qs_cl_type t)
{
    switch (t) {
    case QS_CL_CHAR:    return "*CHAR";
    case QS_CL_NAME:    return "*NAME";
    case QS_CL_GENERIC: return "*GENERIC";
    case QS_CL_PNAME:   return "*PNAME";
    case QS_CL_DEC:     return "*DEC";
    case QS_CL_INT2:    return "*INT2";
    case QS_CL_INT4:    return "*INT4";
    case QS_CL_LGL:     return "*LGL";
    case QS_CL_DATE:    return "*DATE";
    case QS_CL_TIME:    return "*TIME";
    case QS_CL_CMDSTR:  return "*CMDSTR";
    case QS_CL_EXPR:    return "*EXPR";
    case QS_CL_VARNAME: return "*VARNAME";
    }
    return "?";
}

static void print_values(FILE *out, int indent, const char *what, const char *const *v)
{
    if (!v || !*v)
        return;
    fprintf(out, "%*s%s:", indent, "", what);
    for (; *v; v++)
        fprintf(out, " %s", *v);
    fputc('\n', out);
}

static void print_parm(FILE *out, const struct qs_cl_parm *d, int indent, const char *label)
{
    char ty[32];
    if (d->type == QS_CL_DEC)
        snprintf(ty, sizeof ty, "%s(%u %u)", type_name(d->type), d->len, d->dec);
    else if (d->len)
        snprintf(ty, sizeof ty, "%s(%u)", type_name(d->type), d->len);
    else
        snprintf(ty, sizeof ty, "%s", type_name(d->type));
    fprintf(out, "%*s%-10s %-14s %s", indent, "", label, d->nelem ? "element list" : ty,
            d->prompt ? d->prompt : "");
    if (d->flags & QS_CL_REQUIRED)
        fputs("  (required)", out);
    else if (d->dft)
        fprintf(out, "  default %s", d->dft);
    if (d->max_rep > 1)
        fprintf(out, "  (up to %u values)", d->max_rep);
    if (d->min < d->max)
        fprintf(out, "  range %lld-%lld", d->min, d->max);
    fputc('\n', out);
    print_values(out, indent + 11, "single values", d->sngval);
    print_values(out, indent + 11, "special values", d->spcval);
    print_values(out, indent + 11, "values", d->rstd);
    for (unsigned i = 0; i < d->nqual; i++) {
        char l[24];
        snprintf(l, sizeof l, "qual %u", i + 1);
        print_parm(out, &d->qual[i], indent + 2, l);
    }
    for (unsigned i = 0; i < d->nelem; i++) {
        char l[24];
        snprintf(l, sizeof l, "elem %u", i + 1);
        print_parm(out, &d->elem[i], indent + 2, l);
    }
}

void qs_cl_prompt_print(const struct qs_cl_cmd *cmd, FILE *out)
{
    fprintf(out, "%s (%s)\n", cmd->text ? cmd->text : cmd->name, cmd->name);
    if (cmd->flags & QS_CL_PGMONLY)
        fputs("  Valid only in a CL program.\n", out);
    if (cmd->nparms == 0) {
        fputs("  No parameters.\n", out);
        return;
    }
    fprintf(out, "  %-10s %-14s %s\n", "Keyword", "Type", "Description");
    for (unsigned i = 0; i < cmd->nparms; i++) {
        const struct qs_cl_parm *d = &cmd->parms[i];
        print_parm(out, d, 2, d->kwd);
        if ((cmd->maxpos && i + 1 == cmd->maxpos) ||
            ((d->flags & QS_CL_KEYWORD) == 0 && i + 1 < cmd->nparms &&
             (cmd->parms[i + 1].flags & QS_CL_KEYWORD)))
            fputs("  -- positional limit --\n", out);
    }
}
