/*
 * qsdkim - manage DKIM signing keys in the system root.
 *
 *   qsdkim keygen DOMAIN SELECTOR rsa|ed25519   create a key, print the DNS TXT record
 *   qsdkim import DOMAIN SELECTOR KEY.pem       store an existing private key
 *
 * The TXT record goes to stdout; publish it as SELECTOR._domainkey.DOMAIN.
 */
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/dkim/dkim.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    struct qs_err err = QS_ERR_INIT;
    struct qs_buf b;
    qs_buf_init(&b, 64 * 1024);
    int rc = -1;
    if (argc == 5 && strcmp(argv[1], "keygen") == 0 &&
        (strcmp(argv[4], "rsa") == 0 || strcmp(argv[4], "ed25519") == 0)) {
        enum qs_dkim_alg alg = argv[4][0] == 'r' ? QS_DKIM_RSA_SHA256 : QS_DKIM_ED25519_SHA256;
        rc = qs_dkim_keygen(argv[2], argv[3], alg, &b, &err);
        if (rc == 0)
            printf("%s\n", b.data);
    } else if (argc == 5 && strcmp(argv[1], "import") == 0) {
        rc = qs_file_read(argv[4], 64 * 1024, &b, &err);
        if (rc == 0)
            rc = qs_dkim_import_key(argv[2], argv[3], b.data, b.len, &err);
    } else {
        fputs("usage: qsdkim keygen DOMAIN SELECTOR rsa|ed25519\n"
              "       qsdkim import DOMAIN SELECTOR KEY.pem\n", stderr);
        qs_buf_free(&b);
        return 2;
    }
    if (rc < 0)
        fprintf(stderr, "%s: %s\n", err.msgid, err.text);
    qs_err_clear(&err);
    qs_buf_free(&b);
    return rc < 0 ? 1 : 0;
}
