/*
 * sendmime.c - send a MIME note with QtmmSendMail, written the way IBM i
 * programs do it (IBM's own C example works the same way): create the note
 * as a tagged ASCII stream file with CRLF line ends, then hand the file and
 * the envelope to the API.  Errors come back as escape messages
 * (Bytes_Provided = 0).
 *
 * Build:  cc -Wall -Werror sendmime.c $(pkg-config --cflags --libs qshim)
 * Run:    ./a.out [file originator to cc bcc]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qusec.h>
#include <qtmmsndm.h>

typedef _Packed struct {
    Qtmm_ADDT0100_t Info;
    char            Addr[QTMM_MAX_SMTP_ADDR_LENGTH];
} Addr_t;

static void set_recipient(Addr_t *r, char *addr, int type)
{
    memset(r, 0, sizeof(Addr_t));
    r->Info.Next_Addr_Structure_Offset = sizeof(Addr_t);
    r->Info.Addr_Length = strlen(addr);
    memcpy(r->Info.Format_Name, QTMM_ADDRESS_FMT, QTMM_FMT_LENGTH);
    r->Info.Dist_Type = type;
    r->Info.Reserved = 0;
    memcpy(r->Addr, addr, strlen(addr));
}

int main(int argc, char *argv[])
{
    char     *FileName   = argc > 1 ? argv[1] : "/tmp/sendmime.txt";
    char     *Originator = argc > 2 ? argv[2] : "sender@example.com";
    char     *To         = argc > 3 ? argv[3] : "to@example.com";
    char     *Cc         = argc > 4 ? argv[4] : "cc@example.com";
    char     *Bcc        = argc > 5 ? argv[5] : "bcc@example.com";
    long int  FileNameLength, OriginatorLength, NumberOfRecipients;
    Addr_t    Recipients[3];
    Qus_EC_t  ErrorCode;
    FILE     *fp;

    /* Create the file tagged ASCII 819, then write it as text with CRLF. */
    fp = fopen(FileName, "w,ccsid=819,crln=Y");
    if (fp == NULL) {
        perror("fopen");
        return 1;
    }
    fclose(fp);
    fp = fopen(FileName, "w+,ccsid=37,crln=Y");
    if (fp == NULL) {
        perror("fopen");
        return 1;
    }
    fprintf(fp, "From: Accounts <%s>\n", Originator);
    fprintf(fp, "To: %s\n", To);
    fprintf(fp, "Cc: %s\n", Cc);
    fprintf(fp, "Bcc: %s\n", Bcc);
    fprintf(fp, "Subject: Month-end report\n");
    fprintf(fp, "MIME-Version: 1.0\n");
    fprintf(fp, "Content-Type: text/plain; charset=us-ascii\n");
    fprintf(fp, "\n");
    fprintf(fp, "The month-end jobs ended normally.\n");
    fprintf(fp, ".\n");
    fprintf(fp, "Regards, the night shift\n");
    fclose(fp);

    set_recipient(&Recipients[0], To, QTMM_DIST_TYPE_NORMAL);
    set_recipient(&Recipients[1], Cc, QTMM_DIST_TYPE_CC);
    set_recipient(&Recipients[2], Bcc, QTMM_DIST_TYPE_BCC);

    FileNameLength     = strlen(FileName);
    OriginatorLength   = strlen(Originator);
    NumberOfRecipients = 3;
    ErrorCode.Bytes_Provided = 0;        /* errors as exceptions */

    QtmmSendMail(FileName, &FileNameLength, Originator, &OriginatorLength,
                 (Qtmm_ADDT0100_t *)Recipients, &NumberOfRecipients, &ErrorCode);

    printf("QtmmSendMail: mail queued\n");
    return 0;
}
