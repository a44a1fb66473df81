/*
 * iconv_demo.c - IBM i character conversion interfaces, as an IBM i C
 * program uses them: iconv with IBMCCSID code strings (iconv_t is a
 * structure), QtqIconvOpen, QDCXLATE and CDRCVRT.  Prints what it got.
 */
#include <cdrcvrt.h>
#include <errno.h>
#include <iconv.h>
#include <qdcxlate.h>
#include <qtqiconv.h>
#include <stdio.h>
#include <string.h>

static void hex(const char *label, const char *p, size_t n)
{
    printf("%s:", label);
    for (size_t i = 0; i < n; i++)
        printf(" %02X", (unsigned char)p[i]);
    printf("\n");
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        /* QDCXLATE with a user table (CRTTBL) named on the command line */
        char tname[11], text[] = "hello, world";
        _Decimal(5, 0) n;
        memcpy(&n, "\x00\x01\x2F", 3);   /* packed 12 */
        snprintf(tname, sizeof tname, "%-10s", argv[1]);
        QDCXLATE(&n, text, tname, "*LIBL     ");
        printf("%s\n", text);
        return 0;
    }
    char to[32], from[32];
    memset(to, 0, sizeof to);
    memset(from, 0, sizeof from);
    memcpy(from, "IBMCCSID012080000000", 20);
    memcpy(to, "IBMCCSID00037", 13);
    iconv_t cd = iconv_open(to, from);
    if (cd.return_value == -1) {
        printf("iconv_open failed: %d\n", errno);
        return 1;
    }
    char in[] = "Hello, Gr\xC3\xBC\xC3\x9F" "e!\n";
    char out[64];
    char *ip = in, *op = out;
    size_t il = strlen(in), ol = sizeof out;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    printf("iconv 1208->37 returned %d, left %d\n", (int)r, (int)il);
    hex("37", out, sizeof out - ol);
    iconv_close(cd);

    /* input length option '1': stop at the NUL */
    memcpy(from, "IBMCCSID000370000000", 20);
    from[18] = '1';
    memcpy(to, "IBMCCSID01208", 13);
    cd = iconv_open(to, from);
    char ebc[] = "\xC8\x89\x00\xC8\x89";
    ip = ebc; op = out; il = 5; ol = sizeof out;
    r = iconv(cd, &ip, &il, &op, &ol);
    printf("nul stop: returned %d, wrote %d\n", (int)r, (int)(sizeof out - ol));
    iconv_close(cd);

    /* unknown CCSID */
    memcpy(from, "IBMCCSID12345", 13);
    cd = iconv_open(to, from);
    printf("bad ccsid: return_value %d errno %s\n", cd.return_value,
           errno == EINVAL ? "EINVAL" : "other");

    /* QtqIconvOpen: UTF-8 to mixed Japanese EBCDIC */
    QtqCode_T qto, qfrom;
    memset(&qto, 0, sizeof qto);
    memset(&qfrom, 0, sizeof qfrom);
    qto.CCSID = 930;
    qfrom.CCSID = 1208;
    cd = QtqIconvOpen(&qto, &qfrom);
    char jp[] = "A\xE6\x97\xA5\xE6\x9C\xAC" "B";
    ip = jp; op = out; il = strlen(jp); ol = sizeof out;
    r = iconv(cd, &ip, &il, &op, &ol);
    hex("930", out, sizeof out - ol);
    iconv_close(cd);

    /* QDCXLATE in place with QTCPASC */
    char data[] = "\xC8\x85\x93\x93\x96";
    _Decimal(5, 0) len;
    memcpy(&len, "\x00\x00\x5F", 3);   /* packed 5 */
    QDCXLATE(&len, data, "QTCPASC   ", "QSYS      ");
    printf("QDCXLATE: %s\n", data);

    /* CDRCVRT: 37 -> 819, space padded */
    int c1 = 37, st1 = 0, l1 = 5, c2 = 819, st2 = 2, gcc = 0, l2 = 8, l3 = -1, l4 = -1;
    char s1[] = "\xC8\x85\x93\x93\x96", s2[9] = { 0 }, fb[12];
    CDRCVRT(&c1, &st1, s1, &l1, &c2, &st2, &gcc, &l2, s2, &l3, &l4, fb);
    printf("CDRCVRT: [%s] L3=%d L4=%d fb0=%d\n", s2, l3, l4, fb[0] | fb[1]);
    return 0;
}
