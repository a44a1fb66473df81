/* cl/cmd/prtfcmd.c - printer file attribute parameters (see prtfcmd.h). */
#include "prtfcmd.h"

#include "qsys/base/str.h"

#include <string.h>

void prtfcmd_attrs(struct qs_cl_call *c, struct qs_prtf *p)
{
    const struct qs_cl_args *a = c->args;
    if (qs_cl_given(a, "PAGESIZE")) {
        const struct qs_cl_val *v = qs_cl_arg(a, "PAGESIZE");
        p->page_len = (unsigned)qs_cl_val_int(qs_cl_val_item(v, 0));
        p->page_width = (unsigned)qs_cl_val_int(qs_cl_val_item(v, 1));
        p->set |= QS_PRTF_PAGESIZE;
    }
    if (qs_cl_given(a, "LPI")) {
        p->lpi10 = (unsigned)qs_cl_dec_scaled(a, "LPI");
        p->set |= QS_PRTF_LPI;
    }
    if (qs_cl_given(a, "CPI")) {
        p->cpi10 = (unsigned)qs_cl_dec_scaled(a, "CPI");
        p->set |= QS_PRTF_CPI;
    }
    if (qs_cl_given(a, "OVRFLW")) {
        p->overflow = (unsigned)qs_cl_int(a, "OVRFLW");
        p->set |= QS_PRTF_OVRFLW;
    }
    if (qs_cl_given(a, "CTLCHAR")) {
        p->ctlchar = qs_cl_is(a, "CTLCHAR", "*FCFC") ? QS_CTL_FCFC : QS_CTL_NONE;
        p->set |= QS_PRTF_CTLCHAR;
    }
    if (qs_cl_given(a, "DEVTYPE")) {
        qs_strlcpy(p->devtype, qs_cl_str(a, "DEVTYPE"), sizeof p->devtype);
        p->set |= QS_PRTF_DEVTYPE;
    }
    if (qs_cl_given(a, "OUTQ")) {
        const char *lib = qs_cl_qual(a, "OUTQ", 1);
        qs_strlcpy(p->outq, qs_cl_qual(a, "OUTQ", 0), sizeof p->outq);
        qs_strlcpy(p->outqlib, lib[0] == '*' ? "QGPL" : lib, sizeof p->outqlib);
        p->set |= QS_PRTF_OUTQ;
    }
    if (qs_cl_given(a, "SPLFNAME")) {
        qs_strlcpy(p->splfname, qs_cl_str(a, "SPLFNAME"), sizeof p->splfname);
        p->set |= QS_PRTF_SPLFNAME;
    }
    if (qs_cl_given(a, "USRDTA")) {
        qs_strlcpy(p->usrdta, qs_cl_str(a, "USRDTA"), sizeof p->usrdta);
        p->set |= QS_PRTF_USRDTA;
    }
    if (qs_cl_given(a, "FORMTYPE")) {
        qs_strlcpy(p->formtype, qs_cl_str(a, "FORMTYPE"), sizeof p->formtype);
        p->set |= QS_PRTF_FORMTYPE;
    }
    if (qs_cl_given(a, "HOLD")) {
        p->hold = qs_cl_is(a, "HOLD", "*YES");
        p->set |= QS_PRTF_HOLD;
    }
    if (qs_cl_given(a, "SAVE")) {
        p->save = qs_cl_is(a, "SAVE", "*YES");
        p->set |= QS_PRTF_SAVE;
    }
}
