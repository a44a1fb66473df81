/*
 * burstexit.c - an address exit for BRSSPLF MAILTO(*EXITPGM) / QshBurstSplf
 * QSH_BURST_ADDR_EXIT: customer Cnnnn → cnnnn@qshim.test, PDF password
 * "pw-Cnnnn".  Keys that do not look like Cnnnn have no address (their
 * parts go to the error queue).  A lookup that cannot be done (here: a
 * key C9999 stands for "the customer database is down") reports an error
 * in the Qus_EC_t: that part is not sent now, and the next run of the
 * same burst asks again for it alone.
 *
 * Build:  cc -shared -fPIC -o burstexit.so burstexit.c $(pkg-config --cflags qshim)
 * Use:    BRSSPLF ... MAILTO(*EXITPGM) EXITPGM('/path/burstexit.so:addr_of')
 */
#include <stdio.h>
#include <string.h>
#include <qshburst.h>
#include <qusec.h>

Qsh_Burst_Exit_t addr_of;

void addr_of(const char *key, const int *key_len, const int *part, char *addr, int *addr_len,
             char *password, int *pw_len, void *errcode)
{
    Qus_EC_t *ec = errcode;
    char k[257];
    (void)part;
    snprintf(k, sizeof k, "%.*s", *key_len, key);
    if (strcmp(k, "C9999") == 0) {
        if (ec->Bytes_Provided >= 16) {
            ec->Bytes_Available = 16;
            memcpy(ec->Exception_Id, "CPF9898", 7);
        }
        return;
    }
    if (k[0] != 'C' || strlen(k) != 5 || strspn(k + 1, "0123456789") != 4) {
        *addr_len = 0;                      /* no address */
        return;
    }
    char a[257], p[128];
    int al = snprintf(a, sizeof a, "c%s@qshim.test", k + 1);
    int pl = snprintf(p, sizeof p, "pw-%s", k);
    memcpy(addr, a, (size_t)al);            /* CHAR(256): no terminator needed */
    *addr_len = al;
    memcpy(password, p, (size_t)pl);
    *pw_len = pl;
}
