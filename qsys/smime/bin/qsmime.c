/*
 * qsmime - import certificates into a user's S/MIME certificate store.
 *
 *   qsmime own  USER ADDRESS FILE.p12    password read from the first line of stdin
 *   qsmime cert USER ADDRESS FILE.pem    PEM or DER recipient certificate
 *   qsmime trust USER FILE.pem           trusted CA certificates (replaces)
 *   qsmime crl USER FILE.pem             CRLs of those CAs (replaces)
 *
 * The store is described in qsys/smime/smime.h.  Exit status 0 on success,
 * 1 with the IBM-style message on stderr otherwise.
 */
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/smime/smime.h"

#include <stdio.h>
#include <string.h>

static int usage(void)
{
    fputs("usage: qsmime own USER ADDRESS FILE.p12 < password\n"
          "       qsmime cert USER ADDRESS FILE.pem\n"
          "       qsmime trust|crl USER FILE.pem\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    int two = argc == 4 && (strcmp(argv[1], "trust") == 0 || strcmp(argv[1], "crl") == 0);
    if (argc != 5 && !two)
        return usage();
    struct qs_err err = QS_ERR_INIT;
    struct qs_buf data;
    qs_buf_init(&data, 4 * 1024 * 1024);
    int rc = qs_file_read(argv[argc - 1], 4 * 1024 * 1024, &data, &err);
    if (rc == 0 && two && argv[1][0] == 't') {
        rc = qs_smime_import_trust(argv[2], data.data, data.len, &err);
    } else if (rc == 0 && two) {
        rc = qs_smime_import_crl(argv[2], data.data, data.len, &err);
    } else if (rc == 0 && strcmp(argv[1], "own") == 0) {
        char pw[1024] = "";
        if (!fgets(pw, sizeof pw, stdin))
            pw[0] = '\0';
        pw[strcspn(pw, "\r\n")] = '\0';
        rc = qs_smime_import_own(argv[2], argv[3], data.data, data.len, pw, &err);
        memset(pw, 0, sizeof pw);
    } else if (rc == 0 && strcmp(argv[1], "cert") == 0) {
        rc = qs_smime_import_cert(argv[2], argv[3], data.data, data.len, &err);
    } else if (rc == 0) {
        qs_buf_free(&data);
        return usage();
    }
    if (rc < 0)
        fprintf(stderr, "%s: %s\n", err.msgid, err.text);
    qs_err_clear(&err);
    qs_buf_free(&data);
    return rc < 0 ? 1 : 0;
}
