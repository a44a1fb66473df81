/*
 * qsys/dkim/dkim.h - DKIM signing of outgoing mail (RFC 6376, RFC 8463).
 *
 * Keys live in the system root, one directory per signing domain:
 *
 *   $QSYS_ROOT/dkim/<domain>/<selector>.key   0600, PEM private key
 *                                             (RSA >= 1024 bits or Ed25519)
 *
 * A message whose From domain has keys is signed once per key (rsa-sha256
 * and ed25519-sha256 side by side is the usual deployment), with
 * relaxed/relaxed canonicalization and From over-signed so that a second
 * From cannot be added in transit.
 *
 * Always holds: the message is signed as it will be sent (CRLF lines,
 * after every transfer encoding and S/MIME step); a message whose header
 * section is not strictly valid (qs_mime_validate) is not signed.
 */
#ifndef QS_DKIM_DKIM_H
#define QS_DKIM_DKIM_H

#include <stddef.h>
#include <time.h>

struct qs_buf;
struct qs_err;

enum qs_dkim_alg { QS_DKIM_RSA_SHA256, QS_DKIM_ED25519_SHA256 };

/* Create a key for domain/selector (RSA 2048 or Ed25519), store it, and
 * append the DNS TXT record to publish ("v=DKIM1; k=rsa; p=...") to txt_r. */
int qs_dkim_keygen(const char *domain, const char *selector, enum qs_dkim_alg alg,
                   struct qs_buf *txt_r, struct qs_err *err);
/* Store a PEM private key supplied by the caller (TCP5371 if unusable). */
int qs_dkim_import_key(const char *domain, const char *selector, const void *pem, size_t len,
                       struct qs_err *err);

/*
 * Append to out one "DKIM-Signature: ...\r\n" field for msg[0..len) (to be
 * placed before the message's first header), signed with the key
 * domain/selector.  t= is `now` (0 = time()).
 */
int qs_dkim_sign(const char *msg, size_t len, const char *domain, const char *selector,
                 time_t now, struct qs_buf *out, struct qs_err *err);

/*
 * Sign with every key of the From domain: appends 0..n fields to out and
 * returns how many (0 when the domain has no keys), or -1.
 */
int qs_dkim_sign_auto(const char *msg, size_t len, struct qs_buf *out, struct qs_err *err);

/* The relaxed canonical forms (exposed for tests). */
int qs_dkim_canon_body(const char *body, size_t len, struct qs_buf *out);
int qs_dkim_canon_header(const char *field, size_t len, struct qs_buf *out);

#endif
