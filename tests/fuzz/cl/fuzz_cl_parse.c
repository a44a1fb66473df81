/* tests/fuzz/cl/fuzz_cl_parse.c - the CL command parser and binder on
 * arbitrary text: the source reader splits it into statements, each is
 * parsed and bound against its command's definition (handlers never run).
 * Any error must come back as a message id; nothing may crash or leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cl/parse.h"
#include "cl/src.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"

static int fake_get(void *arg, const char *name, struct qs_buf *out, struct qs_err *err)
{
    (void)arg;
    if (name[0] == 'X')
        return qs_err_set(err, "CPD0727", name, (const char *)NULL);
    return qs_buf_adds(out, name[0] == 'N' ? "123.45" : "Value  ") < 0 ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct qs_cl_src r;
    struct qs_buf st;
    unsigned line = 0;
    struct qs_cl_resolver rv = { fake_get, NULL, NULL };

    qs_buf_init(&st, 65536);
    qs_cl_src_init(&r, (const char *)data, size);
    for (int k = 0; k < 64; k++) {
        struct qs_err err = QS_ERR_INIT;
        int got = qs_cl_src_next(&r, &st, &line, &err);
        if (got <= 0) {
            if (got < 0 && !err.msgid[0])
                abort();
            qs_err_clear(&err);
            break;
        }
        struct qs_cl_stmt *s = NULL;
        struct qs_cl_pos pos;
        if (qs_cl_stmt_parse(st.data, st.len, &s, &pos, &err) < 0) {
            if (!err.msgid[0] || pos.col > st.len + 1)
                abort();
        } else if (s->name) {
            const struct qs_cl_cmd *cmd = qs_cl_cmd_find(s->name, s->namelen);
            if (cmd) {
                struct qs_cl_args *a = NULL;
                if (qs_cl_bind(cmd, s, (k & 1) ? &rv : NULL, &a, &pos, &err) == 0) {
                    for (unsigned i = 0; i < cmd->nparms; i++) {
                        const struct qs_cl_val *v = qs_cl_arg(a, cmd->parms[i].kwd);
                        if (!v)
                            abort();
                        (void)qs_cl_val_str(v);
                        for (unsigned j = 0; j < qs_cl_val_count(v); j++)
                            (void)qs_cl_val_str(qs_cl_val_item(v, j));
                    }
                    qs_cl_args_free(&a);
                } else if (!err.msgid[0] || a) {
                    abort();
                }
            }
        }
        qs_cl_stmt_free(&s);
        qs_err_clear(&err);
    }
    qs_buf_free(&st);
    return 0;
}
