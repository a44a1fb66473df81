/* qsys/base/wild.c - `*` wildcard matching (see wild.h). */
#include "qsys/base/wild.h"

static unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

int qs_wild_match(const char *pattern, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)pattern;
    const unsigned char *star = NULL;   /* just after the last '*' seen */
    size_t i = 0, resume = 0;           /* where that '*' would eat one more byte */
    while (i < n) {
        if (*p == '*') {
            while (*p == '*')
                p++;
            if (!*p)
                return 1;                /* a trailing '*' takes the rest */
            star = p;
            resume = i;
        } else if (*p && fold(*p) == fold((unsigned char)s[i])) {
            p++;
            i++;
        } else if (star) {
            p = star;                    /* let the last '*' take one more byte */
            i = ++resume;
        } else {
            return 0;
        }
    }
    while (*p == '*')
        p++;
    return *p == '\0';
}
