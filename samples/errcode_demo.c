/*
 * samples/errcode_demo.c - the error code parameter, written as an IBM i C
 * program would be.  It asks QWCRDTAA for a data area that does not exist
 * and shows what each Bytes_Provided value gives back.
 *
 *   errcode_demo 0        the error is an escape message: the program ends
 *                         (message on stderr and in the job log, exit 1)
 *   errcode_demo 8        only Bytes_Available is returned
 *   errcode_demo 16       the message id too
 *   errcode_demo 64       the message id and the replacement data
 *   errcode_demo 5        an invalid error code: CPF3CF1 escape
 *   errcode_demo monitor  Bytes_Provided 0 inside QS_MONITOR: caught
 *
 * Build: cc -Wall -Werror errcode_demo.c $(pkg-config --cflags --libs qshim)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qusec.h>
#include <qwcrdtaa.h>
#include <qshim_monitor.h>

typedef struct {
    Qus_EC_t ec;
    char     Exception_Data[48];
} error_code_t;

static void show(const error_code_t *err)
{
    int data_len = err->ec.Bytes_Available - 16;
    int have = err->ec.Bytes_Provided - 16;
    if (data_len < 0)
        data_len = 0;
    if (have < 0)
        have = 0;
    printf("available=%d id=%.7s data=[%.*s]\n", (int)err->ec.Bytes_Available,
           err->ec.Exception_Id, data_len < have ? data_len : have, err->Exception_Data);
}

int main(int argc, char *argv[])
{
    char rcv[100];
    error_code_t err;

    if (argc != 2) {
        fprintf(stderr, "usage: errcode_demo 0|8|16|64|5|monitor\n");
        return 2;
    }
    memset(&err, '-', sizeof err);
    if (strcmp(argv[1], "monitor") == 0) {
        err.ec.Bytes_Provided = 0;
        QS_MONITOR {
            QWCRDTAA(rcv, sizeof rcv, "NOSUCH    QGPL      ", -1, 100, &err);
            printf("not reached\n");
        } QS_ON_ERROR {
            printf("monitored %s: %s\n", QS_MSGID, QS_MSGTEXT);
        } QS_END_MONITOR;
        return 0;
    }
    err.ec.Bytes_Provided = (int)strtol(argv[1], NULL, 10);
    QWCRDTAA(rcv, sizeof rcv, "NOSUCH    QGPL      ", -1, 100, &err);
    show(&err);
    return 0;
}
