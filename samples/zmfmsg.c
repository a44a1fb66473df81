/*
 * zmfmsg.c - the QZMF message APIs as an IBM i C program uses them.
 *
 * As a program it creates a mail message in the Mail Server Framework the
 * careful way: reserve an identifier (QzmfRsvMailMsgId), create the message
 * from descriptors with it (QzmfCrtMailMsg CRTM0100: ORGL0100 originator,
 * RCPL0100 recipient, ENVL0100 "MIME" holding the message), complete the
 * creation sequence (QzmfCrtCmpMailMsg) and query the id (QzmfQryMailMsgId).
 *
 * As a shared object it is an exit program, AUDIT, for
 * QIBM_QZMFMSF_ADR_RSL: it retrieves the recipients of the message it is
 * called for (QzmfRtvMailMsg RTVM0100 into an RCPL0100 receiver), prints
 * them, and adds a blind copy to the audit mailbox (QzmfChgMailMsg CHGM0100,
 * Unique_Id QZMF_UNIQUE_ID_ADD_ENTRY).  IBM allows both APIs only inside an
 * exit program.
 *
 * Build:  cc -o zmfmsg zmfmsg.c $(pkg-config --cflags --libs qshim)
 *         cc -shared -fPIC -o zmfmsg.so zmfmsg.c $(pkg-config --cflags --libs qshim)
 * Use:    ADDEXITPGM EXITPNT(QIBM_QZMFMSF_ADR_RSL) FORMAT(MSFF0100) PGMNBR(*LOW)
 *           PGM(QGPL/AUDIT) PGMPATH('/path/zmfmsg.so')
 *         ./zmfmsg bob@qshim.test            create a message to bob
 *         ./zmfmsg -r <message id>           QzmfRtvMailMsg outside an exit: refused
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qusec.h>
#include <qzmf.h>

#define SENDER "ana@qshim.test"
#define AUDIT  "audit@qshim.test"

typedef struct {
    Qus_EC_t ec;
    char     data[256];
} errcode_t;

static void ec_init(errcode_t *e)
{
    memset(e, 0, sizeof *e);
    e->ec.Bytes_Provided = sizeof *e;
}

static int failed(const char *api, errcode_t *e)
{
    if (e->ec.Bytes_Available == 0)
        return 0;
    fprintf(stderr, "%s: %.7s %.*s\n", api, e->ec.Exception_Id,
            e->ec.Bytes_Available - 16 > 0 ? e->ec.Bytes_Available - 16 : 0, e->data);
    return 1;
}

/* One descriptor with one entry: header, fixed part, then the data. */
static char *descriptor(const char *fmt, const void *fixed, int fixed_len,
                        const char *data, int *len_r)
{
    int len = (int)sizeof(Qzmf_Msg_Desc_Hdr0100_t) + fixed_len + (int)strlen(data);
    len = (len + 3) & ~3;
    char *d = calloc(1, (size_t)len);
    if (!d)
        return NULL;
    Qzmf_Msg_Desc_Hdr0100_t h = { 0 };
    h.Msg_Desc_Total_Length = len;
    h.Bytes_Available = len;
    memcpy(h.Msg_Desc_Format_Name, fmt, 8);
    h.First_Entry_Offset = sizeof h;
    h.Total_Num_Of_Entries = 1;
    memcpy(d, &h, sizeof h);
    memcpy(d + sizeof h, fixed, (size_t)fixed_len);
    memcpy(d + sizeof h + fixed_len, data, strlen(data));
    *len_r = len;
    return d;
}

static void attr(Qzmf_Msg_Desc_Attr_t *a, void *desc, int len, const char *fmt)
{
    memset(a, 0, sizeof *a);
    a->Msg_Desc_Ptr = desc;
    a->Msg_Desc_Length = len;
    memcpy(a->Msg_Desc_Format_Name, fmt, 8);
}

/* An RCPL0100 entry's fixed part for address to. */
static Qzmf_RCPL0100_t recipient(const char *to, int dist, int unique_id)
{
    Qzmf_RCPL0100_t rcp;
    memset(&rcp, 0, sizeof rcp);
    rcp.Entry_Length = (int)(sizeof rcp + strlen(to) + 3) & ~3;
    rcp.Recipient_Displacement = sizeof rcp;
    rcp.Addr_Length = (int)strlen(to);
    memcpy(rcp.Addr_Type, "SMTP", 4);
    memcpy(rcp.Msg_Type, "    ", 4);
    rcp.CCSID = 819;
    rcp.Dist_Type = dist;
    rcp.Unique_Id = unique_id;
    return rcp;
}

static int create(const char *to)
{
    errcode_t ec;
    ec_init(&ec);
    char rsv[32], id[32], status;
    QzmfRsvMailMsgId(rsv, "RSVF0100", &ec);
    if (failed("QzmfRsvMailMsgId", &ec))
        return 1;

    Qzmf_ORGL0100_t org = { 0 };
    org.Entry_Length = (int)(sizeof org + strlen(SENDER) + 3) & ~3;
    org.Displacement = sizeof org;
    org.Addr_Length = (int)strlen(SENDER);
    memcpy(org.Addr_Type, "SMTP", 4);
    org.CCSID = 819;
    Qzmf_RCPL0100_t rcp = recipient(to, QZMF_DIST_NORMAL, 0);
    static const char mime[] = "From: " SENDER "\r\nSubject: Created with QzmfCrtMailMsg\r\n"
                               "\r\nThis message was made from QZMF descriptors.\r\n";
    Qzmf_ENVL0100_t env = { 0 };
    env.Entry_Length = (int)(sizeof env + strlen(mime) + 3) & ~3;
    env.Displacement = sizeof env;
    env.Envelope_Length = (int)strlen(mime);
    memcpy(env.Envelope_Type, "MIME", 4);

    int l1, l2, l3;
    char *d1 = descriptor("ORGL0100", &org, sizeof org, SENDER, &l1);
    char *d2 = descriptor("RCPL0100", &rcp, sizeof rcp, to, &l2);
    char *d3 = descriptor("ENVL0100", &env, sizeof env, mime, &l3);
    if (!d1 || !d2 || !d3)
        return 1;
    Qzmf_Msg_Desc_Attr_t attrs[3];
    attr(&attrs[0], d1, l1, "ORGL0100");
    attr(&attrs[1], d2, l2, "RCPL0100");
    attr(&attrs[2], d3, l3, "ENVL0100");
    int n = 3;
    QzmfCrtMailMsg(id, rsv, "MIME", attrs, &n, "CRTM0100", &ec);
    free(d1);
    free(d2);
    free(d3);
    if (failed("QzmfCrtMailMsg", &ec))
        return 1;
    QzmfQryMailMsgId(id, "QRYF0100", &status, &ec);
    if (failed("QzmfQryMailMsgId", &ec))
        return 1;
    printf("created %.32s status %c\n", id, status);
    QzmfCrtCmpMailMsg(rsv, "CCMP0100", &ec);          /* the sequence is complete */
    if (failed("QzmfCrtCmpMailMsg", &ec))
        return 1;
    QzmfQryMailMsgId(id, "QRYF0100", &status, &ec);
    if (failed("QzmfQryMailMsgId", &ec))
        return 1;
    printf("completed %.32s status %c\n", id, status);
    return 0;
}

/* Print the recipients of msg_id (RCPL0100); 0, or 1 when the API failed. */
static int show_recipients(char msg_id[32])
{
    errcode_t ec;
    ec_init(&ec);
    static char rcv[8192];
    Qzmf_Msg_Desc_Attr_t a;
    attr(&a, rcv, sizeof rcv, "RCPL0100");
    int n = 1;
    QzmfRtvMailMsg(msg_id, &a, &n, "RTVM0100", &ec);
    if (failed("QzmfRtvMailMsg", &ec))
        return 1;
    Qzmf_Msg_Desc_Hdr0100_t h;
    memcpy(&h, rcv, sizeof h);
    char *e = rcv + h.First_Entry_Offset;
    for (int i = 0; i < h.Total_Num_Of_Entries; i++) {
        Qzmf_RCPL0100_t r;
        memcpy(&r, e, sizeof r);
        printf("AUDIT: recipient %d %.*s status %d\n", r.Unique_Id, r.Addr_Length,
               e + r.Recipient_Displacement, r.Status);
        e += r.Entry_Length;
    }
    fflush(stdout);
    return 0;
}

void audit(char exit_point[20], char msg_id[32], void *attrs, int *nattrs,
           char format[8], int *return_code);

void audit(char exit_point[20], char msg_id[32], void *attrs, int *nattrs,
           char format[8], int *return_code)
{
    (void)exit_point;
    (void)attrs;
    (void)nattrs;
    (void)format;
    *return_code = QZMF_CONTINUE;
    if (show_recipients(msg_id))
        return;
    /* add a blind copy for the audit mailbox */
    Qzmf_RCPL0100_t rcp = recipient(AUDIT, QZMF_DIST_BCC, QZMF_UNIQUE_ID_ADD_ENTRY);
    int len;
    char *d = descriptor("RCPL0100", &rcp, sizeof rcp, AUDIT, &len);
    if (!d)
        return;
    Qzmf_Msg_Desc_Attr_t a;
    attr(&a, d, len, "RCPL0100");
    int n = 1;
    errcode_t ec;
    ec_init(&ec);
    QzmfChgMailMsg(msg_id, &a, &n, "CHGM0100", &ec);
    if (!failed("QzmfChgMailMsg", &ec))
        printf("AUDIT: blind copy to " AUDIT " added\n");
    fflush(stdout);                      /* the framework ends the call with _exit */
    free(d);
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "-r")) {
        char id[32];
        memset(id, ' ', sizeof id);
        memcpy(id, argv[2], strlen(argv[2]) < 32 ? strlen(argv[2]) : 32);
        return show_recipients(id) ? 2 : 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: zmfmsg recipient | zmfmsg -r message-id\n");
        return 2;
    }
    return create(argv[1]);
}
