/*
 * cl/cmd/cpy.c - CPY: copy a stream file, converting its data when asked.
 *
 *   CPY OBJ('/a.txt') TOOBJ('/b.txt') TOCCSID(1208) DTAFMT(*TEXT)
 *
 * FROMCCSID(*OBJ) takes the source's CCSID tag (1208 when untagged);
 * TOCCSID(*OBJ) keeps it.  DTAFMT(*BINARY) copies the bytes and the tag;
 * DTAFMT(*TEXT) converts from FROMCCSID to TOCCSID (ccsid/filetag.c).
 * REPLACE(*NO) refuses an existing target (CPFA0A0).
 */
#include <string.h>
#include <unistd.h>

#include "ccsid/conv.h"
#include "ccsid/filetag.h"
#include "cl/cmd.h"
#include "qsys/base/err.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "OBJ", .type = QS_CL_PNAME, .len = 1024, .flags = QS_CL_REQUIRED,
      .prompt = "Object" },
    { .kwd = "TOOBJ", .type = QS_CL_PNAME, .len = 1024, .flags = QS_CL_REQUIRED,
      .prompt = "To object" },
    { .kwd = "FROMCCSID", .type = QS_CL_INT4, .min = 1, .max = 65535, .dft = "*OBJ",
      .spcval = QS_CL_VALUES("*OBJ"), .prompt = "From CCSID" },
    { .kwd = "TOCCSID", .type = QS_CL_INT4, .min = 1, .max = 65535, .dft = "*OBJ",
      .spcval = QS_CL_VALUES("*OBJ"), .prompt = "To CCSID" },
    { .kwd = "DTAFMT", .type = QS_CL_CHAR, .len = 7, .dft = "*BINARY",
      .rstd = QS_CL_VALUES("*BINARY", "*TEXT"), .prompt = "Data format" },
    { .kwd = "REPLACE", .type = QS_CL_CHAR, .len = 4, .dft = "*NO",
      .rstd = QS_CL_VALUES("*NO", "*YES"), .prompt = "Replace object" },
};

static int cpy_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *src = qs_cl_str(c->args, "OBJ"), *dst = qs_cl_str(c->args, "TOOBJ");
    int from = qs_cl_is(c->args, "FROMCCSID", "*OBJ") ? 0 : (int)qs_cl_int(c->args, "FROMCCSID");
    int to = qs_cl_is(c->args, "TOCCSID", "*OBJ") ? 0 : (int)qs_cl_int(c->args, "TOCCSID");
    if (qs_cl_is(c->args, "REPLACE", "*NO") && access(dst, F_OK) == 0)
        return qs_err_set(err, "CPFA0A0", dst, (const char *)NULL);
    if (qs_cl_is(c->args, "DTAFMT", "*BINARY")) {
        /* bytes unchanged; the tag follows (or is TOCCSID when given) */
        int tag = from;
        if (!tag && qs_file_ccsid_get(src, &tag, err) != 0)
            return -1;
        if (qs_file_copy_conv(src, 65535, dst, 65535, 0, err) != 0)
            return -1;
        return qs_file_ccsid_set(dst, to ? to : tag, err);
    }
    return qs_file_copy_conv(src, from, dst, to, QS_CONV_STRICT, err);
}

QS_CL_COMMAND(cpy) = { .name = "CPY", .text = "Copy Object (stream file)",
                       QS_CL_PARMS(parms), .run = cpy_run };
