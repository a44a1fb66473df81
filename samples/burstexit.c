/*
 * burstexit.c - an address exit for BRSSPLF MAILTO(*EXITPGM) / QshBurstSplf
 * QSH_BURST_ADDR_EXIT: customer Cnnnn → cnnnn@<domain>, password "pw-Cnnnn".
 * Keys that do not look like Cnnnn have no address (return 1).
 *
 * Build:  cc -shared -fPIC -o burstexit.so burstexit.c $(pkg-config --cflags qshim)
 * Use:    BRSSPLF ... MAILTO(*EXITPGM) EXITPGM('/path/burstexit.so:addr_of')
 */
#include <stdio.h>
#include <string.h>
#include <qshburst.h>

Qsh_Burst_Exit_t addr_of;

int addr_of(const char *key, char *addr, char *password)
{
    if (key[0] != 'C' || strlen(key) != 5 || strspn(key + 1, "0123456789") != 4)
        return 1;
    snprintf(addr, 257, "c%s@qshim.test", key + 1);
    snprintf(password, 128, "pw-%s", key);
    return 0;
}
