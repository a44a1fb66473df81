/*
 * spoolapi.c - a report spooled through the spool APIs, as an IBM i C
 * program does it: QSPCRTSP with attributes in a QUSRSPLA layout, the print
 * data placed in a user space in SPFR0200 form for QSPPUTSP, QSPCLOSP; then
 * QUSRSPLA names the spooled file (job and number) for CL.
 *
 * Build:  cc -Wall -Werror spoolapi.c $(pkg-config --cflags --libs qshim)
 * Run:    ./a.out NAME < report.txt
 *         prints "NAME <number> <jobnbr>/<user>/<job>"
 */
#include <stdio.h>
#include <string.h>

#include <qspclosp.h>
#include <qspcrtsp.h>
#include <qspputsp.h>
#include <quscrtus.h>
#include <qusec.h>
#include <qusptrus.h>
#include <qusrspla.h>

#define SPACE "SPOOLDATA QTEMP     "
#define CHUNK 4000                       /* print data per QSPPUTSP */

typedef struct {
    Qus_EC_t ec;
    char     data[256];
} Error_Code_t;

static int failed(const Error_Code_t *e, const char *api)
{
    if (e->ec.Bytes_Available == 0)
        return 0;
    fprintf(stderr, "%s failed: %.7s\n", api, e->ec.Exception_Id);
    return 1;
}

static void blank_name(char *field, size_t n, const char *s)
{
    memset(field, ' ', n);
    memcpy(field, s, strlen(s) < n ? strlen(s) : n);
}

/* Put len bytes of print data through the user space as one SPFR0200 buffer. */
static int put(int handle, char *space, const char *data, int len, Error_Code_t *e)
{
    Qsp_SPFRH_t hdr;
    Qsp_SPFRB_t buf;

    memset(&hdr, 0, sizeof hdr);
    memcpy(hdr.Format_Name, "SPFR0200", 8);
    hdr.Header_Size = sizeof hdr;
    hdr.Offset_First_Buffer = sizeof hdr;
    hdr.Buffers_Returned = 1;
    memset(&buf, 0, sizeof buf);
    buf.Length_Buffer_Info = (int)sizeof buf + len;
    buf.Buffer_Number = 1;
    buf.Offset_Print_Data = (int)(sizeof hdr + sizeof buf);
    buf.Size_Print_Data = len;
    memcpy(space, &hdr, sizeof hdr);
    memcpy(space + sizeof hdr, &buf, sizeof buf);
    memcpy(space + sizeof hdr + sizeof buf, data, (size_t)len);
    QSPPUTSP(handle, SPACE, e);
    return failed(e, "QSPPUTSP");
}

int main(int argc, char **argv)
{
    Error_Code_t   e;
    Qus_SPLA0100_t attr;
    char           data[CHUNK];
    char          *space = NULL;
    int            handle = 0, len = 0, c;
    const char    *name = argc > 1 ? argv[1] : "APIREPORT";

    memset(&e, 0, sizeof e);
    e.ec.Bytes_Provided = sizeof e;
    QUSCRTUS(SPACE, "SPOOL     ", 8192, "\0", "*ALL      ",
             "spool API sample                                  ", "*YES      ", &e);
    if (failed(&e, "QUSCRTUS"))
        return 1;
    QUSPTRUS(SPACE, &space, &e);
    if (failed(&e, "QUSPTRUS"))
        return 1;

    memset(&attr, 0, sizeof attr);       /* zero and blank: defaults */
    blank_name(attr.Splf_Name, sizeof attr.Splf_Name, name);
    blank_name(attr.Usr_Data, sizeof attr.Usr_Data, "SPOOLAPI");
    blank_name(attr.Ctrl_Char, sizeof attr.Ctrl_Char, "*NONE");
    attr.Page_Length = 66;
    attr.Page_Width = 80;
    attr.CCSID = 819;                    /* the data is ISO 8859-1 text */
    QSPCRTSP(&handle, &attr, &e);
    if (failed(&e, "QSPCRTSP"))
        return 1;

    while ((c = getchar()) != EOF) {
        data[len++] = (char)c;
        if (len == CHUNK) {
            if (put(handle, space, data, len, &e))
                return 1;
            len = 0;
        }
    }
    if (len > 0 && put(handle, space, data, len, &e))
        return 1;
    QSPCLOSP(handle, &e);
    if (failed(&e, "QSPCLOSP"))
        return 1;

    char qjob[26], fname[10];
    unsigned char rcv[sizeof(Qus_SPLA0100_t)];
    Qus_SPLA0100_t *a = (Qus_SPLA0100_t *)rcv;
    blank_name(qjob, sizeof qjob, "*");
    blank_name(fname, sizeof fname, name);
    QUSRSPLA(rcv, (int)sizeof rcv, "SPLA0100", qjob, "", "", fname, -1, &e);
    if (failed(&e, "QUSRSPLA"))
        return 1;
    printf("%s %d %.6s/%.*s/%.*s\n", name, a->Splf_Number, a->Job_Number,
           (int)strcspn(a->Usr_Name, " "), a->Usr_Name,
           (int)strcspn(a->Job_Name, " "), a->Job_Name);
    return 0;
}
