/*
 * burstinv.c - burst an invoice spooled file from C with QshBurstSplf:
 * split by the customer number at line 2, position 11; mail each invoice
 * to the address at line 3, position 8; parts without an address go to the
 * error output queue.
 *
 * Build:  cc -Wall -Werror burstinv.c $(pkg-config --cflags --libs qshim)
 * Run:    ./a.out FILE JOBNBR USER JOB SPLNBR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <qusec.h>
#include <qshburst.h>

typedef struct {
    Qus_EC_t ec;
    char     data[512];
} ErrCode_t;

static void progress(void *arg, const Qsh_Burst_Progress_t *p)
{
    (void)arg;
    fprintf(stderr, "\rpart %u of %u (%s)   ", p->part, p->parts, p->key);
    if (p->part == p->parts)
        fputc('\n', stderr);
}

int main(int argc, char *argv[])
{
    Qsh_Burst_Opts_t   o;
    Qsh_Burst_Result_t r;
    ErrCode_t          err;

    if (argc < 6) {
        fprintf(stderr, "usage: %s FILE JOBNBR USER JOB SPLNBR\n", argv[0]);
        return 2;
    }
    memset(&o, 0, sizeof o);
    o.file = argv[1];
    o.jobnbr = argv[2];
    o.user = argv[3];
    o.job = argv[4];
    o.splnbr = atoi(argv[5]);
    o.split = QSH_BURST_KEYPOS;
    o.key_line = 2;
    o.key_col = 11;
    o.key_len = 8;
    o.addr_from = QSH_BURST_ADDR_DATA;
    o.addr_line = 3;
    o.addr_col = 8;
    o.subject = "Your invoice &KEY";
    o.note = "Dear customer &KEY,\n\nyour invoice (&PAGES pages) is attached.\n";
    o.pdf_name = "Invoice-&KEY.pdf";
    if (isatty(2))
        o.progress = progress;

    memset(&err, 0, sizeof err);
    err.ec.Bytes_Provided = sizeof err;
    QshBurstSplf(&o, &r, &err);
    if (err.ec.Bytes_Available > 0) {
        fprintf(stderr, "QshBurstSplf failed: %.7s\n", err.ec.Exception_Id);
        return 1;
    }
    printf("%u pages, %u parts: %u mailed, %u mailed earlier, %u to the error queue\n",
           r.pages, r.parts, r.mailed, r.already, r.errors);
    return 0;
}
