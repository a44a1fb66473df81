/* libFuzzer: SMTP command-line parsing (verb table, paths, parameters,
 * xtext, base64 AUTH responses) on arbitrary lines.  An accepted path is
 * clean UTF-8 without controls, flagged utf8 when it holds non-ASCII
 * (RFC 6531). */
#include "qsys/smtp/smtpd_parse.h"
#include "qsys/base/buf.h"
#include "qsys/base/idna.h"
#include "qsys/base/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    const char *s = (const char *)data;
    const char *arg;
    size_t an;
    int v = qs_smtp_verb(s, size, &arg, &an);
    if (arg < s || arg + an != s + size)
        abort();
    static const char *const prefixes[] = { "FROM:", "TO:" };
    for (int i = 0; i < 2; i++) {
        struct qs_smtp_addr a;
        const char *rest;
        size_t rl;
        if (qs_smtp_path(arg, an, prefixes[i], i == 0, &a, &rest, &rl) == 0) {
            size_t l = strlen(a.addr);
            /* utf8 may also come from a dropped source route */
            int cls = qs_utf8_addr_class(a.addr, l);
            if (l > 256 || a.local_len > l || rest + rl != arg + an || cls < 0 ||
                (cls == 1 && !a.utf8))
                abort();
            /* the A-label form of the domain is ASCII, or there is none */
            const char *at = a.addr + a.local_len;
            if (*at == '@') {
                struct qs_buf d;
                qs_buf_init(&d, 512);
                if (qs_idna_to_ascii(at + 1, strlen(at + 1), &d) == 0 &&
                    qs_utf8_class(d.data ? d.data : "", d.len) != 0)
                    abort();
                qs_buf_free(&d);
            }
            const char *p = rest, *k, *val;
            size_t kl, vl;
            while (qs_smtp_param(&p, rest + rl, &k, &kl, &val, &vl) == 1)
                if (k < rest || k + kl > rest + rl || (val && val + vl > rest + rl))
                    abort();
            qs_smtp_addr_free(&a);
        }
    }
    qs_smtp_xtext_ok(arg, an);
    qs_smtp_domain_ok(arg, an);
    unsigned char *out = malloc(an + 4);
    if (out) {
        long n = qs_b64_decode(arg, an, out);
        if (n > (long)(an / 4 * 3))
            abort();
        free(out);
    }
    (void)v;
    return 0;
}
