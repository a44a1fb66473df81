/* libFuzzer: POP3 command splitting and message-number parsing. */
#include "qsys/pop/pop3d.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 512)
        return 0;
    char *line = malloc(size + 1);
    if (!line)
        abort();
    memcpy(line, data, size);
    line[size] = '\0';
    char *a1, *a2;
    qs_pop_split(line, &a1, &a2);
    if (a1) {
        unsigned long n = qs_pop_msgno(a1, 1000);
        if (n > 1000)
            abort();
    }
    if (a2)
        qs_pop_msgno(a2, 5);
    free(line);
    return 0;
}
