/*
 * sendmail_errors.c - calls QtmmSendMail and QtmsCreateSendEmail with one
 * kind of bad input each and prints the exception id they return (or OK).
 * Used by tests/integration/47x; built with the public headers only.
 *
 *   sendmail_errors CASE FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qusec.h>
#include <qtmmsndm.h>
#include <qtmscrtsnm.h>

typedef struct {
    Qus_EC_t ec;
    char     data[512];
} Err_t;

typedef _Packed struct {
    Qtmm_ADDT0100_t Info;
    char            Addr[300];
} Addr_t;

static void rcpt(Addr_t *r, const char *a, int len, int type, const char *fmt, int next)
{
    memset(r, 0, sizeof *r);
    r->Info.Next_Addr_Structure_Offset = next;
    r->Info.Addr_Length = len;
    memcpy(r->Info.Format_Name, fmt, 8);
    r->Info.Dist_Type = type;
    memcpy(r->Addr, a, strlen(a) < 300 ? strlen(a) : 300);
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    const char *c = argv[1];
    char *file = argv[2];
    char from[300] = "sender@example.com";
    int flen = (int)strlen(file), olen = (int)strlen(from), n = 2;
    Addr_t r[2];
    Err_t e;
    memset(&e, 0, sizeof e);
    e.ec.Bytes_Provided = sizeof e;
    rcpt(&r[0], "to@example.com", 14, 0, "ADDR0100", sizeof(Addr_t));
    rcpt(&r[1], "bcc@example.com", 15, 2, "ADDT0100", 0);

    if (!strcmp(c, "count0")) n = 0;
    else if (!strcmp(c, "addrlong")) { char big[300]; memset(big, 'a', 299); big[299] = 0; rcpt(&r[1], big, 290, 0, "ADDR0100", 0); }
    else if (!strcmp(c, "addrneg")) r[1].Info.Addr_Length = -5;
    else if (!strcmp(c, "nextneg")) r[0].Info.Next_Addr_Structure_Offset = -280;
    else if (!strcmp(c, "nextshort")) r[0].Info.Next_Addr_Structure_Offset = 20;
    else if (!strcmp(c, "badfmt")) memcpy(r[1].Info.Format_Name, "ADDX0100", 8);
    else if (!strcmp(c, "badtype")) r[1].Info.Dist_Type = 3;
    else if (!strcmp(c, "badaddr")) rcpt(&r[1], "no-at-sign", 10, 0, "ADDR0100", 0);
    else if (!strcmp(c, "orig0")) olen = 0;
    else if (!strcmp(c, "origlong")) { memset(from, 'a', 280); from[280] = 0; olen = 280; }
    else if (!strcmp(c, "fnlong")) flen = 256;
    else if (!strcmp(c, "escape")) e.ec.Bytes_Provided = 0;
    else if (!strcmp(c, "ec5")) e.ec.Bytes_Provided = 5;

    if (!strcmp(c, "ebcdic-write")) {
        /* a note created as an EBCDIC (37) text file, as on IBM i */
        FILE *f = fopen(file, "w,ccsid=37,crln=Y");
        if (!f)
            return 1;
        fprintf(f, "From: sender@example.com\nTo: to@example.com\nSubject: EBCDIC note\n\nHello.\n");
        fclose(f);
        printf("OK\n");
        return 0;
    }
    if (!strncmp(c, "crt", 3)) {
        /* QtmsCreateSendEmail cases: interleaved RCPT0100, unknown CCSID, bad format */
        char arr[256], note[128];
        int *p = (int *)arr;
        memset(arr, 0, sizeof arr);
        memset(note, 0, sizeof note);
        int *np = (int *)note;
        np[0] = 1208; np[3] = 36; np[4] = 2; memcpy(note + 36, "hi", 2);
        if (!strcmp(c, "crt-interleaved")) {
            /* entry, its address, entry, its address: the common mistake */
            p[0] = 0; p[1] = 0; p[2] = 16; p[3] = 15; memcpy(arr + 16, "one@example.com", 15);
            int *q = (int *)(arr + 32);
            q[0] = 0; q[1] = 0; q[2] = 48; q[3] = 15; memcpy(arr + 48, "two@example.com", 15);
        } else {
            p[0] = !strcmp(c, "crt-ccsid") ? 4242 : 0; p[1] = 0; p[2] = 16; p[3] = 15;
            memcpy(arr + 16, "one@example.com", 15);
        }
        const char *rf = !strcmp(c, "crt-fmt") ? "RCPT0200" : "RCPT0100";
        QtmsCreateSendEmail(arr, !strcmp(c, "crt-interleaved") ? 2 : 1, (char *)rf, note, "NOTE0100",
                            NULL, 0, "ATCH0000", &e);
    } else {
        QtmmSendMail(file, &flen, from, &olen, (Qtmm_ADDT0100_t *)r, &n, &e);
    }
    if (e.ec.Bytes_Available > 0)
        printf("%.7s\n", e.ec.Exception_Id);
    else
        printf("OK\n");
    return 0;
}
