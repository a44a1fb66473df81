/*
 * qsys/smtp/smtpd_parse.h - SMTP command-line parsing (no I/O, no state).
 *
 * Parsers work on (pointer, length) spans of the client's line and never
 * write into it.  Addresses follow RFC 5321 §4.1.2 strictly: a path is
 * "<" [source-route ":"] local-part "@" domain ">"; the source route is
 * dropped (§C); local parts are dot-strings or quoted strings; domains are
 * LDH labels or address literals; limits 64/255/256 octets (§4.5.3.1).
 * RFC 6531 (SMTPUTF8): local parts and domain labels may also hold UTF-8,
 * which must be well-formed (no overlongs, surrogates or code points above
 * U+10FFFF) and free of C1 controls; such an address is flagged (utf8) and
 * the session decides whether SMTPUTF8 was declared.  Any other 8-bit byte
 * is a bad address.
 */
#ifndef QS_SMTP_SMTPD_PARSE_H
#define QS_SMTP_SMTPD_PARSE_H

#include <stddef.h>

enum qs_smtp_verb {
    QS_V_UNKNOWN = 0, QS_V_HELO, QS_V_EHLO, QS_V_MAIL, QS_V_RCPT, QS_V_DATA, QS_V_RSET,
    QS_V_NOOP, QS_V_QUIT, QS_V_HELP, QS_V_VRFY, QS_V_EXPN, QS_V_STARTTLS, QS_V_AUTH,
    QS_V_SAML, QS_V_SEND, QS_V_SOML, QS_V_TURN, QS_V_BDAT, QS_V_ETRN
};

/* The verb of line[0..n) (no CRLF); *arg and *argn = what follows the blank. */
int qs_smtp_verb(const char *line, size_t n, const char **arg, size_t *argn);

struct qs_smtp_addr {
    char  *addr;      /* "local@domain" (quotes kept), "" for <> ; heap */
    size_t local_len; /* bytes of the local part */
    int    ip_literal;
    int    utf8;      /* the path held non-ASCII, maybe only in a dropped
                         source route (needs SMTPUTF8 all the same) */
};

/*
 * Parse `prefix` ("FROM:" or "TO:", case-insensitive, blanks allowed after
 * the colon) and the path in s[0..n).  allow_null: "<>" is valid (MAIL).
 * On success *rest and *restn are the parameters after the path.
 * Returns 0, or a reply code hint: 501 syntax, 553 bad address.
 */
int qs_smtp_path(const char *s, size_t n, const char *prefix, int allow_null,
                 struct qs_smtp_addr *a, const char **rest, size_t *restn);
void qs_smtp_addr_free(struct qs_smtp_addr *a);

/* Next "KEY[=VALUE]" parameter; 1 found, 0 end, -1 malformed. */
int qs_smtp_param(const char **p, const char *end, const char **k, size_t *kl,
                  const char **v, size_t *vl);
/* RFC 3461 xtext: printable ASCII 33-126 except '+' and '=', or +HH. */
int qs_smtp_xtext_ok(const char *v, size_t n);
/* RFC 6533: an ORCPT value "utf-8;" utf-8-addr-unitext (UTF-8 allowed, as
 * under SMTPUTF8): well-formed, no controls, blanks, "+" or "=". */
int qs_smtp_orcpt_unitext_ok(const char *v, size_t n);
/* A HELO/EHLO argument: a domain or an address literal. */
int qs_smtp_domain_ok(const char *s, size_t n);

/* Strict base64 decode into out (size >= n*3/4+1, NUL-terminated); -1 if
 * the input is not canonical base64. */
long qs_b64_decode(const char *in, size_t n, unsigned char *out);

#endif
