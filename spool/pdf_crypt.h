/*
 * spool/pdf_crypt.h - PDF encryption, AES-256 (ISO 32000-2 standard
 * security handler, V5 R6, crypt filter AESV3), with OpenSSL.
 *
 * One random 256-bit file key encrypts every string and stream (each with
 * its own random IV, PKCS#7 padding).  The user password opens the document;
 * the owner password (random when not given) holds the permissions.
 */
#ifndef QS_SPOOL_PDF_CRYPT_H
#define QS_SPOOL_PDF_CRYPT_H

#include <stddef.h>
#include <stdint.h>

struct qs_err;
struct qs_buf;

#define QS_PDF_PW_MAX 127   /* bytes of a password that count (ISO 32000-2 7.6.4.3.2) */

struct qs_pdf_crypt {
    unsigned char key[32];                      /* file encryption key */
    unsigned char u[48], ue[32], o[48], oe[32], perms[16];
    int32_t       p;                            /* permission flags */
};

/* Set up keys for user (and optional owner) password.  0 or -1. */
int qs_pdf_crypt_init(struct qs_pdf_crypt *c, const char *user_pw, const char *owner_pw,
                      struct qs_err *err);
/* Append IV + AES-256-CBC(data) to out.  0 or -1 (errno). */
int qs_pdf_crypt_data(const struct qs_pdf_crypt *c, const void *data, size_t n, struct qs_buf *out);
/* Append the /Encrypt dictionary's body ("<< … >>") to out. */
int qs_pdf_crypt_dict(const struct qs_pdf_crypt *c, struct qs_buf *out);
/* Append n bytes as a PDF hexadecimal string "<0A1B…>". */
void qs_pdf_hex_string(struct qs_buf *b, const unsigned char *p, size_t n);
/* For tests: does pw open a document with these values (user password)? */
int qs_pdf_crypt_check_user(const struct qs_pdf_crypt *c, const char *pw);

#endif
