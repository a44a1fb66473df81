/*
 * prtfile.c - print through a printer file the way IBM i C programs do:
 * CL commands through system() (CRTPRTF, OVRPRTF …), then either record
 * I/O (_Ropen/_Rwrite/_Rclose) or the spool APIs (QSPCRTSP naming the
 * printer file in SPLA0200's Dev_File_Name), then QUSRSPLA SPLA0200 tells
 * what the spooled file got from the printer file and its overrides.
 *
 *   prtfile ropen|api FILE LINES [CL command ...]
 *
 * Prints one line: name, number, status, queue, user data, form type, page
 * length/width, overflow, LPI/CPI (tenths), CTLCHAR, device type, printer
 * file, pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QSHIM_SYSTEM_IS_CL                  /* system() runs CL, as in ILE C */
#include <qcmdexc.h>
#include <qspclosp.h>
#include <qspcrtsp.h>
#include <qusec.h>
#include <qusrspla.h>
#include <recio.h>

typedef struct {
    Qus_EC_t ec;
    char     data[256];
} Error_Code_t;

static void blank_name(char *field, size_t n, const char *s)
{
    memset(field, ' ', n);
    memcpy(field, s, strlen(s) < n ? strlen(s) : n);
}

int main(int argc, char **argv)
{
    Error_Code_t e;
    char line[200], fname[10], job[26];
    int lines;

    if (argc < 4) {
        fprintf(stderr, "usage: prtfile ropen|api FILE LINES [CL command ...]\n");
        return 2;
    }
    lines = atoi(argv[3]);
    for (int i = 4; i < argc; i++)
        if (system(argv[i]) != 0) {
            fprintf(stderr, "%s: %s\n", argv[i], _EXCP_MSGID);
            return 1;
        }
    memset(&e, 0, sizeof e);
    e.ec.Bytes_Provided = sizeof e;

    if (strcmp(argv[1], "ropen") == 0) {
        _RFILE *fp = _Ropen(argv[2], "wr");
        if (!fp) {
            perror("_Ropen");
            return 1;
        }
        for (int i = 1; i <= lines; i++) {
            int n = snprintf(line, sizeof line, "line %d of the report", i);
            _Rwrite(fp, line, (size_t)n);
        }
        if (_Rclose(fp) != 0)
            return 1;
    } else {
        Qus_SPLA0200_t attr;
        int handle;
        memset(&attr, ' ', sizeof attr);
        memcpy(attr.Format_Name, "SPLA0200", 8);
        attr.Lines_Per_Inch = attr.Char_Per_Inch = 0;
        attr.Page_Length = attr.Page_Width = attr.Overflow_Line_Nm = attr.CCSID = 0;
        memset(&attr.Channel_Code1, 0, 12 * sizeof(int));
        blank_name(attr.Dev_File_Name, sizeof attr.Dev_File_Name, argv[2]);
        QSPCRTSP(&handle, &attr, &e);
        if (e.ec.Bytes_Available) {
            fprintf(stderr, "QSPCRTSP: %.7s\n", e.ec.Exception_Id);
            return 1;
        }
        QSPCLOSP(handle, &e);
    }

    Qus_SPLA0200_t a;
    blank_name(job, sizeof job, "*");
    blank_name(fname, sizeof fname, "*");
    /* the newest file of this job: its name is the printer file's SPLFNAME */
    const char *splf = getenv("SPLFNAME") ? getenv("SPLFNAME") : argv[2];
    blank_name(fname, sizeof fname, splf);
    QUSRSPLA(&a, (int)sizeof a, "SPLA0200", job, "", "", fname, -1, &e);
    if (e.ec.Bytes_Available) {
        fprintf(stderr, "QUSRSPLA: %.7s\n", e.ec.Exception_Id);
        return 1;
    }
    printf("%.10s %d %.10s outq %.10s/%.10s usrdta %.10s formtype %.10s page %d x %d "
           "ovrflw %d lpi %d cpi %d ctl %.10s dev %.10s prtf %.10s/%.10s pages %d\n",
           a.Splf_Name, a.Splf_Number, a.Status, a.Outq_Lib, a.Outq_Name, a.Usr_Data,
           a.Form_Type, a.Page_Length, a.Page_Width, a.Overflow_Line_Nm, a.Lines_Per_Inch,
           a.Char_Per_Inch, a.Ctrl_Char, a.Ptr_Dev_Type, a.Dev_File_Lib, a.Dev_File_Name,
           a.Total_Pages);
    return 0;
}
