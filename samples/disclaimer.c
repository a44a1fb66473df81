/*
 * disclaimer.c - a Mail Server Framework snap-in exit program that adds a
 * legal disclaimer to mail leaving the system.
 *
 * Register it at QIBM_QZMFMSF_MSG_FWD (message forwarding): by then local
 * recipients have had their copy, so only the Internet copy changes.  At
 * QIBM_QZMFMSF_ATT_CNV (attachment conversion) it changes every copy.
 *
 * Build:  cc -shared -fPIC -o disclaimer.so disclaimer.c $(pkg-config --cflags qshim)
 * Use:    ADDEXITPGM EXITPNT(QIBM_QZMFMSF_MSG_FWD) FORMAT(MSFF0100)
 *           PGMNBR(*LOW) PGM(QGPL/DISCLAIM) PGMPATH('/path/disclaimer.so')
 *
 * The program receives IBM's Snap-In Call parameters.  On qshim the message
 * itself is referenced by an ATTL0100 entry of type "PATH" (qshim's stand-in
 * for IBM's file-system object reference): a private copy of the message
 * that this program may change; MSF takes the change only when the program
 * returns QZMF_CONTINUE (QZMF_BACKOUT_CHANGE throws it away).
 *
 * Only single-part text messages are touched (a line appended after a MIME
 * multipart's closing boundary would be invisible); a message that already
 * carries the disclaimer is left alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qzmf.h>

#define DISCLAIMER "This e-mail is confidential and intended solely for its addressees."

void disclaim(char exit_point[20], char msg_id[32], void *attrs, int *nattrs,
              char format[8], int *return_code);

/* The first entry of the descriptor the attribute points at, and its count. */
static char *first_entry(Qzmf_Msg_Desc_Attr_t *a, int *count)
{
    Qzmf_Msg_Desc_Hdr0100_t hdr;
    memcpy(&hdr, a->Msg_Desc_Ptr, sizeof hdr);
    *count = hdr.Total_Num_Of_Entries;
    return (char *)a->Msg_Desc_Ptr + hdr.First_Entry_Offset;
}

/* Is any recipient still waiting (status 0): is there a copy to forward? */
static int has_pending_recipient(Qzmf_Msg_Desc_Attr_t *a)
{
    int count;
    char *e = first_entry(a, &count);
    for (int i = 0; i < count; i++) {
        Qzmf_RCPL0100_t r;
        memcpy(&r, e, sizeof r);
        if (r.Status == 0)
            return 1;
        e += r.Entry_Length;
    }
    return 0;
}

/* Append the disclaimer to the message file if it is plain text. */
static int add_disclaimer(const char *path)
{
    FILE *f = fopen(path, "r+b");
    if (!f)
        return -1;
    char line[1000];
    int in_header = 1, plain = 1, done = 0;
    while (fgets(line, sizeof line, f)) {
        if (in_header && (line[0] == '\r' || line[0] == '\n'))
            in_header = 0;
        else if (in_header && !strncasecmp(line, "Content-Type:", 13) &&
                 !strstr(line, "text/plain") && !strstr(line, "TEXT/PLAIN"))
            plain = 0;
        else if (!in_header && strstr(line, DISCLAIMER))
            done = 1;
    }
    int rc = 0;
    if (plain && !done) {
        fseek(f, 0, SEEK_END);
        rc = fputs("\r\n-- \r\n" DISCLAIMER "\r\n", f) < 0 ? -1 : 0;
    }
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}

void disclaim(char exit_point[20], char msg_id[32], void *attrs, int *nattrs,
              char format[8], int *return_code)
{
    Qzmf_Msg_Desc_Attr_t *a = attrs;
    char path[4096] = "";
    int pending = 0;

    (void)exit_point;
    (void)msg_id;
    (void)format;
    *return_code = QZMF_CONTINUE;
    for (int i = 0; i < *nattrs; i++) {
        if (!memcmp(a[i].Msg_Desc_Format_Name, "RCPL0100", 8)) {
            pending = has_pending_recipient(&a[i]);
        } else if (!memcmp(a[i].Msg_Desc_Format_Name, "ATTL0100", 8)) {
            int count;
            char *e = first_entry(&a[i], &count);
            Qzmf_ATTL0100_t att;
            memcpy(&att, e, sizeof att);
            if (count > 0 && !memcmp(att.Attach_Type, "PATH", 4) &&
                att.Attach_Length > 0 && att.Attach_Length < (int)sizeof path) {
                memcpy(path, e + att.Displacement, (size_t)att.Attach_Length);
                path[att.Attach_Length] = '\0';
            }
        }
    }
    if (!path[0] || !pending)
        return;                                   /* nothing leaves: nothing to do */
    if (add_disclaimer(path) != 0)
        *return_code = QZMF_BACKOUT_CHANGE;       /* keep the message as it was */
}
