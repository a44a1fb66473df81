/*
 * crtsndemail.c - send a note with an attachment through QtmsCreateSendEmail,
 * written as an IBM i program would be.  The originator is the SMTP address
 * of the user running the program (ADDUSRSMTP / WRKNAMSMTP); with a security
 * level of 1-3 the note is signed and/or encrypted with the user's S/MIME
 * certificates.
 *
 * Build:  cc -Wall -Werror crtsndemail.c $(pkg-config --cflags --libs qshim)
 * Run:    ./a.out TO CC ATTACHMENT [SECURITY-LEVEL [PASSWORD]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qusec.h>
#include <qtmscrtsnm.h>

typedef struct {
    Qus_EC_t ec;
    char     data[256];
} ErrCode_t;

int main(int argc, char *argv[])
{
    char       *to       = argc > 1 ? argv[1] : "to@example.com";
    char       *cc       = argc > 2 ? argv[2] : "cc@example.com";
    char       *attpath  = argc > 3 ? argv[3] : "/tmp/report.pdf";
    int         security = argc > 4 ? atoi(argv[4]) : QTMS_SECURITY_NONE;
    char       *password = argc > 5 ? argv[5] : "";
    char       *subject  = "Invoice 2026-11 \xe2\x80\x94 M\xc3\xbcller GmbH";
    char       *text     = "Dear customer,\n\nplease find the invoice attached.\n";
    char        rcpt[2 * sizeof(Qtms_RCPT0100_t) + 512];
    char        note[sizeof(Qtms_NOTE0100_t) + 1024];
    char        atch[sizeof(Qtms_ATCH0100_t) + 512];
    Qtms_RCPT0100_t *r = (Qtms_RCPT0100_t *)rcpt;
    Qtms_NOTE0100_t *n = (Qtms_NOTE0100_t *)note;
    Qtms_ATCH0100_t *a = (Qtms_ATCH0100_t *)atch;
    ErrCode_t   err;
    int         off;

    /* RCPT0100: both entries first, then all the addresses */
    off = 2 * sizeof(Qtms_RCPT0100_t);
    r[0].CCSID = 1208;
    r[0].Recipient_Type = QTMS_RCPT_TO;
    r[0].Offset_To_Address = off;
    r[0].Length_Of_Address = strlen(to);
    memcpy(rcpt + off, to, strlen(to));
    off += strlen(to);
    r[1].CCSID = 1208;
    r[1].Recipient_Type = QTMS_RCPT_CC;
    r[1].Offset_To_Address = off;
    r[1].Length_Of_Address = strlen(cc);
    memcpy(rcpt + off, cc, strlen(cc));

    /* NOTE0100: fixed part, then password, subject and text */
    off = sizeof(Qtms_NOTE0100_t);
    n->CCSID = 1208;
    n->Offset_To_Password = off;
    n->Length_Of_Password = strlen(password);
    memcpy(note + off, password, strlen(password));
    off += strlen(password);
    n->Offset_To_Subject = off;
    n->Length_Of_Subject = strlen(subject);
    memcpy(note + off, subject, strlen(subject));
    off += strlen(subject);
    n->Offset_To_Note = off;
    n->Length_Of_Note = strlen(text);
    memcpy(note + off, text, strlen(text));
    n->Note_Security_Level = security;
    n->Note_Content_Type = QTMS_CONTENT_PLAIN;

    /* ATCH0100: one PDF */
    a->CCSID = 1208;
    a->Offset_To_File_Name = sizeof(Qtms_ATCH0100_t);
    a->Length_Of_File_Name = strlen(attpath);
    a->Content_Type = QTMS_CONTENT_PDF;
    memcpy(atch + sizeof(Qtms_ATCH0100_t), attpath, strlen(attpath));

    memset(&err, 0, sizeof err);
    err.ec.Bytes_Provided = sizeof err;
    QtmsCreateSendEmail(rcpt, 2, QTMS_RECIPIENT_FMT, note, QTMS_NOTE_FMT,
                        atch, 1, QTMS_ATTACHMENT_FMT, &err);
    if (err.ec.Bytes_Available > 0) {
        printf("QtmsCreateSendEmail failed: %.7s\n", err.ec.Exception_Id);
        return 1;
    }
    printf("QtmsCreateSendEmail: mail queued\n");
    return 0;
}
