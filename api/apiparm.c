/*
 * api/apiparm.c - fixed-length API parameters (see apiparm.h).
 */
#include "api/apiparm.h"
#include "qsys/job/job.h"

#include <string.h>

/* CCSID 37 for the characters that can appear in names and special values. */
static unsigned char e2a(unsigned char c)
{
    if (c >= 0xC1 && c <= 0xC9) return (unsigned char)('A' + c - 0xC1);
    if (c >= 0xD1 && c <= 0xD9) return (unsigned char)('J' + c - 0xD1);
    if (c >= 0xE2 && c <= 0xE9) return (unsigned char)('S' + c - 0xE2);
    if (c >= 0x81 && c <= 0x89) return (unsigned char)('a' + c - 0x81);
    if (c >= 0x91 && c <= 0x99) return (unsigned char)('j' + c - 0x91);
    if (c >= 0xA2 && c <= 0xA9) return (unsigned char)('s' + c - 0xA2);
    if (c >= 0xF0 && c <= 0xF9) return (unsigned char)('0' + c - 0xF0);
    switch (c) {
    case 0x40: return ' ';
    case 0x5C: return '*';
    case 0x6D: return '_';
    case 0x5B: return '$';
    case 0x7B: return '#';
    case 0x7C: return '@';
    case 0x61: return '/';
    case 0x4B: return '.';
    case 0x00: return 0;
    default:   return '?';
    }
}

static unsigned char a2e(unsigned char c)
{
    for (unsigned v = 0x40; v <= 0xFF; v++)
        if (e2a((unsigned char)v) == c)
            return (unsigned char)v;
    return c == 0 ? 0 : 0x6F;   /* '?' */
}

void qs_api_field_in(const struct qs_job *j, const void *f, size_t n, char *out)
{
    const unsigned char *p = f;
    int ebc = qs_job_is_ebcdic(j);
    size_t k = 0;
    for (size_t i = 0; i < n && p; i++)
        out[k++] = (char)(ebc ? e2a(p[i]) : p[i]);
    while (k > 0 && (out[k - 1] == ' ' || out[k - 1] == '\0'))
        k--;
    out[k] = '\0';
}

void qs_api_field_out(const struct qs_job *j, void *f, size_t n, const char *s)
{
    unsigned char *p = f;
    int ebc = qs_job_is_ebcdic(j);
    size_t sl = strlen(s);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = i < sl ? (unsigned char)s[i] : ' ';
        p[i] = ebc ? a2e(c) : c;
    }
}
