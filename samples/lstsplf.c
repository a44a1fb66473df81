/*
 * lstsplf.c - list spooled files the way IBM i programs do: QUSLSPL into a
 * user space, then walk the list through the generic header with QUSRTVUS.
 *
 *   lstsplf FORMAT USER OUTQ FORMTYPE USRDTA [SPACESIZE [OPENNAME]]
 *
 * FORMAT is SPLF0100, SPLF0200 (keys 201 name, 205 number, 210 status,
 * 211 pages, 216 date) or SPLF0300.  OUTQ is *ALL or a queue in QGPL.  With
 * OPENNAME, a spooled file of that name is created with QSPCRTSP (attributes
 * from QUSRSPLA SPLA0200 of nothing: all defaults) and left open while the
 * list is made, so it shows as *OPN.  With SPLF0100 every entry is looked
 * up again with QUSRSPLA by its internal identifiers (job "*INT") and
 * opened with QSPOPNSP the same way.
 * Prints one line per entry, then "status C|P entries N".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qspclosp.h>
#include <qspcrtsp.h>
#include <qspopnsp.h>
#include <quscrtus.h>
#include <qusec.h>
#include <qusgen.h>
#include <quslspl.h>
#include <qusrspla.h>
#include <qusrtvus.h>

#define SPACE "SPLFLIST  QTEMP     "

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

static const char *status_name(int code)
{
    static const char *names[] = { "?", "RDY", "OPN", "CLO", "SAV", "WTR", "HLD",
                                   "MSGW", "PND", "PRT", "FIN", "SND", "DFR" };
    return code >= 1 && code <= 12 ? names[code] : "?";
}

int main(int argc, char **argv)
{
    Error_Code_t e;
    Qus_Generic_Header_0100_t hdr;
    char user[10], outq[20], formtype[10], usrdta[10], fmt[8];
    int size = argc > 6 ? atoi(argv[6]) : 65536;
    int handle = 0;

    if (argc < 6) {
        fprintf(stderr, "usage: lstsplf FORMAT USER OUTQ FORMTYPE USRDTA [SIZE [OPENNAME]]\n");
        return 2;
    }
    memset(&e, 0, sizeof e);
    e.ec.Bytes_Provided = sizeof e;
    QUSCRTUS(SPACE, "LIST      ", size, "\0", "*ALL      ",
             "spooled file list                                 ", "*YES      ", &e);
    if (failed(&e, "QUSCRTUS"))
        return 1;

    if (argc > 7) {                      /* a file left open: *OPN */
        Qus_SPLA0200_t attr;
        memset(&attr, ' ', sizeof attr);
        memcpy(attr.Format_Name, "SPLA0200", 8);
        attr.Lines_Per_Inch = attr.Char_Per_Inch = 0;
        attr.Page_Length = attr.Page_Width = attr.Overflow_Line_Nm = attr.CCSID = 0;
        memset(&attr.Channel_Code1, 0, 12 * sizeof(int));
        blank_name(attr.Splf_Name, sizeof attr.Splf_Name, argv[7]);
        QSPCRTSP(&handle, &attr, &e);
        if (failed(&e, "QSPCRTSP"))
            return 1;
    }

    blank_name(fmt, sizeof fmt, argv[1]);
    blank_name(user, sizeof user, argv[2]);
    blank_name(outq, 10, argv[3]);
    blank_name(outq + 10, 10, strcmp(argv[3], "*ALL") == 0 ? "" : "QGPL");
    blank_name(formtype, sizeof formtype, argv[4]);
    blank_name(usrdta, sizeof usrdta, argv[5]);
    if (memcmp(fmt, "SPLF0200", 8) == 0) {
        int keys[5] = { 201, 205, 210, 211, 216 };
        int nkeys = 5;
        char job[26];
        blank_name(job, sizeof job, "");
        QUSLSPL(SPACE, fmt, user, outq, formtype, usrdta, &e, job, keys, &nkeys);
    } else {
        QUSLSPL(SPACE, fmt, user, outq, formtype, usrdta, &e);
    }
    if (failed(&e, "QUSLSPL"))
        return 1;

    QUSRTVUS(SPACE, 1, (int)sizeof hdr, &hdr, &e);
    if (failed(&e, "QUSRTVUS"))
        return 1;
    char *entry = malloc((size_t)hdr.Size_Each_Entry + 1);
    if (!entry)
        return 1;
    for (int i = 0; i < hdr.Number_List_Entries; i++) {
        QUSRTVUS(SPACE, hdr.Offset_List_Data + i * hdr.Size_Each_Entry + 1,
                 hdr.Size_Each_Entry, entry, &e);
        if (failed(&e, "QUSRTVUS"))
            return 1;
        if (memcmp(fmt, "SPLF0300", 8) == 0) {
            Qus_SPLF0300_t *s = (Qus_SPLF0300_t *)entry;
            printf("%.10s %d %s pages %d usrdta %.10s outq %.10s/%.10s job %.6s/%.10s/%.10s\n",
                   s->Splf_Name, s->Splf_Number, status_name(s->Splf_Status), s->Total_Pages,
                   s->User_Data, s->Output_Queue_Lib, s->Output_Queue_Name, s->Job_Number,
                   s->User_Name, s->Job_Name);
        } else if (memcmp(fmt, "SPLF0100", 8) == 0) {
            Qus_SPLF0100_t *s = (Qus_SPLF0100_t *)entry;
            Qus_SPLA0100_t a;
            char job[26];
            blank_name(job, sizeof job, "*INT");
            QUSRSPLA(&a, (int)sizeof a, "SPLA0100", job, s->Int_Job_ID, s->Int_Splf_ID,
                     "          ", 0, &e);
            if (failed(&e, "QUSRSPLA"))
                return 1;
            int h2;
            QSPOPNSP(&h2, job, s->Int_Job_ID, s->Int_Splf_ID, "          ", 0, 8, &e);
            if (failed(&e, "QSPOPNSP"))
                return 1;
            QSPCLOSP(h2, &e);
            if (failed(&e, "QSPCLOSP"))
                return 1;
            printf("%.10s %d usrdta %.10s outq %.10s formtype %.10s\n", a.Splf_Name,
                   a.Splf_Number, s->User_Data, s->Output_Queue, s->Form_Type);
        } else {
            Qus_SPLF0200_t *s = (Qus_SPLF0200_t *)entry;
            char *p = entry + sizeof *s;
            for (int k = 0; k < s->Num_Fields_Retd; k++) {
                Qus_LSPL_Key_Info_t ki;
                int bin;
                memcpy(&ki, p, sizeof ki);
                if (ki.Type_of_Data[0] == 'B') {
                    memcpy(&bin, p + sizeof ki, sizeof bin);
                    printf("%s%d=%d", k ? " " : "", ki.Key_Field_for_Field_Retd, bin);
                } else {
                    printf("%s%d=%.*s", k ? " " : "", ki.Key_Field_for_Field_Retd,
                           ki.Data_Length, p + sizeof ki);
                }
                p += ki.Len_Field_Info_Retd;
            }
            printf("\n");
        }
    }
    printf("status %c entries %d\n", hdr.Information_Status, hdr.Number_List_Entries);
    free(entry);
    if (handle) {
        QSPCLOSP(handle, &e);
        if (failed(&e, "QSPCLOSP"))
            return 1;
    }
    return 0;
}
