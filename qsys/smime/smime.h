/*
 * qsys/smime/smime.h - S/MIME signing and encryption, and the per-user
 * certificate store (QtmsCreateSendEmail security levels 1-3, SNDSMTPEMM
 * SMIME).
 *
 * Store layout, as IBM's DCM-based setup is described (labels are the
 * lower-case e-mail address):
 *
 *   $QSYS_ROOT/smime/<USER>/            0700
 *       own/<address>.p12               0600  the user's PKCS#12 (certificate
 *                                             and private key, encrypted with
 *                                             the user's password; the
 *                                             password is never stored)
 *       certs/<address>.pem             0644  recipients' certificates (the
 *                                             leaf first; more certificates
 *                                             in the file are intermediates)
 *       trust.pem                       0644  trusted CA certificates (PEM);
 *                                             when present, every recipient
 *                                             certificate must chain to one
 *                                             (S/MIME encryption purpose)
 *       crl.pem                         0644  CRLs of those CAs (PEM); when
 *                                             present, revoked recipient
 *                                             certificates are refused and a
 *                                             CA without a CRL here fails
 *
 * Cryptography is OpenSSL's CMS: detached SignedData with SHA-256 in
 * multipart/signed (RFC 8551 §3.5.3); EnvelopedData with AES-256-CBC by
 * default (AES-GCM AuthEnvelopedData cannot be read by common clients);
 * recipients may hold RSA or EC keys.  Signing and encrypting = encrypting
 * the multipart/signed entity.
 *
 * Always holds: an entity is signed exactly as given (the caller hands over
 * canonical CRLF text, see qsys/mime), and nothing is produced when any
 * recipient's certificate is missing or outside its validity period.
 */
#ifndef QS_SMIME_SMIME_H
#define QS_SMIME_SMIME_H

#include <stddef.h>

struct qs_buf;
struct qs_err;

enum {
    QS_SMIME_SIGN = 1,
    QS_SMIME_ENCRYPT = 2,   /* SIGN|ENCRYPT = IBM security level 3 */
};

/* Import the user's own PKCS#12 under the label `addr` (lower-cased); the
 * password must open it (TCP5362), it must hold a key and a certificate that
 * is currently valid (TCP5363).  Replaces an earlier one atomically. */
int qs_smime_import_own(const char *user, const char *addr, const void *p12, size_t len,
                        const char *password, struct qs_err *err);
/* Import a recipient certificate (PEM or DER) under the label `addr`. */
int qs_smime_import_cert(const char *user, const char *addr, const void *cert, size_t len,
                         struct qs_err *err);

/* Replace the user's trusted CA certificates (trust.pem) or CRLs (crl.pem);
 * the PEM data must hold at least one certificate / CRL. */
int qs_smime_import_trust(const char *user, const void *pem, size_t len, struct qs_err *err);
int qs_smime_import_crl(const char *user, const void *pem, size_t len, struct qs_err *err);

/*
 * Protect a MIME entity (Content-Type headers, empty line, body; CRLF lines)
 * for sending: `out` receives the replacement entity, to be placed after the
 * message's outer headers (From, To, Subject, Date, MIME-Version).
 *   SIGN      needs from_addr's PKCS#12 and its password;
 *   ENCRYPT   needs a certificate for every address in rcpt (To, CC and BCC).
 * Errors: TCP5361 (no certificate / key for an address), TCP5362 (password),
 * TCP5363 (certificate expired or not yet valid), TCP5364 (crypto failure),
 * TCP5366 (recipient certificate does not chain to the trust store),
 * TCP5367 (recipient certificate revoked by a CRL in the store).
 */
int qs_smime_protect(const char *user, int flags, const char *from_addr, const char *password,
                     const char *const *rcpt, size_t nrcpt, const char *entity, size_t len,
                     struct qs_buf *out, struct qs_err *err);

#endif
