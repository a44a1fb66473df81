/*
 * invprint.c - an invoice run that prints, as an IBM i C program does, to
 * the printer file QSYSPRT with record I/O: one _Rwrite per print line,
 * the first byte of each an ANSI (*FCFC) carriage control.  The report
 * lines come from stdin (e.g. tests/integration/lib/mkinvoices.py).
 *
 * Build:  cc -Wall -Werror invprint.c $(pkg-config --cflags --libs qshim)
 * Run:    python3 mkinvoices.py 5 | ./a.out      (spooled file INVOICES)
 */
#include <stdio.h>
#include <string.h>
#include <recio.h>

int main(void)
{
    char    line[256];
    long    n = 0;
    _RFILE *prt = _Ropen("QSYSPRT", "wr,ctlchar=*fcfc,splfname=INVOICES");

    if (prt == NULL) {
        perror("_Ropen QSYSPRT");
        return 1;
    }
    while (fgets(line, sizeof line, stdin) != NULL) {
        size_t len = strcspn(line, "\r\n");
        _RIOFB_T *fb = _Rwrite(prt, line, len);
        if (fb == NULL || (len > 0 && fb->num_bytes == 0)) {
            fprintf(stderr, "_Rwrite failed at record %ld\n", n + 1);
            _Rclose(prt);
            return 1;
        }
        n++;
    }
    _Rclose(prt);
    printf("%ld records printed to QSYSPRT (spooled file INVOICES)\n", n);
    return 0;
}
