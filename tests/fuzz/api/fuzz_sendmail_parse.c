/* Fuzz the readers of the mail APIs' caller structures: the first byte picks
 * ADDT0100, RCPT0100, NOTE0100 or ATCH0100, the second the entry count, the
 * rest is the structure.  `avail` is the real size, so any read outside the
 * input is caught by ASan; results must satisfy the documented bounds. */
#include "api/sendmail_parse.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* CCSID 0 looks up the job, which lives under the system root: keep it in /tmp */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("QSYS_ROOT", "/tmp/qshim-fuzz-root", 0);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int which = data[0] & 3, count = data[1] % 8;
    const uint8_t *p = data + 2;
    size_t n = size - 2;
    /* a copy exactly n bytes long, so ASan sees any over-read */
    uint8_t *buf = malloc(n ? n : 1);
    if (!buf)
        return 0;
    memcpy(buf, p, n);
    struct qs_err err = QS_ERR_INIT;
    struct qs_sm_rcpt *r = NULL;
    if (which == 0 && qs_sm_parse_addt0100(buf, n, count, &r, &err) == 0) {
        for (int i = 0; i < count; i++)
            if (strlen(r[i].addr) == 0 || strlen(r[i].addr) > 256 || r[i].dist < 0 || r[i].dist > 2)
                abort();
    } else if (which == 1 && qs_sm_parse_rcpt0100(buf, n, count, &r, &err) == 0) {
        for (int i = 0; i < count; i++)
            if (strlen(r[i].addr) == 0 || strlen(r[i].addr) > 256 || !strchr(r[i].addr, '@'))
                abort();
    } else if (which == 2) {
        struct qs_buf pw, subj, body;
        qs_buf_init(&pw, 1 << 16);
        qs_buf_init(&subj, 1 << 16);
        qs_buf_init(&body, 1 << 20);
        struct qs_sm_note note = { &pw, &subj, &body, 0, 0 };
        if (qs_sm_parse_note0100(buf, n, &note, &err) == 0 &&
            (note.security < 0 || note.security > 3 || note.content < 0 || note.content > 2 ||
             body.len > 4 * n))   /* UTF-8 from any CCSID: at most 4 bytes a byte */
            abort();
        qs_buf_free(&pw);
        qs_buf_free(&subj);
        qs_buf_free(&body);
    } else if (which == 3) {
        struct qs_sm_attach *a = NULL;
        if (qs_sm_parse_atch0100(buf, n, count, &a, &err) == 0) {
            for (int i = 0; i < count; i++)
                if (!a[i].path || !qs_sm_content_type(a[i].content))
                    abort();
            qs_sm_attach_free(a, (size_t)count);
        }
    }
    free(r);
    free(buf);
    qs_err_clear(&err);
    return 0;
}
