/*
 * api/cdrcvrt.c - CDRCVRT and QTQCVRT: convert a graphic character string
 * between CCSIDs (twelve parameters, see cdrcvrt.h).
 *
 * The output is truncated in an orderly way (never inside a character;
 * a mixed EBCDIC result is closed with SI).  Feedback code, 12 bytes, all
 * zero on success; otherwise bytes 0-1 a severity (1 truncated, 3 error),
 * 2-3 a reason (1 CCSID not supported, 2 bad length or string type,
 * 3 output truncated, 4 input cannot be converted), 5-7 "CDR".
 */
#include <cdrcvrt.h>
#include <qtqcvrt.h>

#include <errno.h>
#include <string.h>

#include "ccsid/ccsid.h"
#include "ccsid/conv.h"
#include "qsys/job/job.h"

static int rd(const void *p)
{
    int v;
    memcpy(&v, p, sizeof v);
    return v;
}

static void wr(void *p, int v)
{
    if (p)
        memcpy(p, &v, sizeof v);
}

static void feedback(void *fb, int sev, int reason)
{
    unsigned char f[12] = { 0 };
    if (sev) {
        f[0] = (unsigned char)(sev >> 8); f[1] = (unsigned char)sev;
        f[2] = (unsigned char)(reason >> 8); f[3] = (unsigned char)reason;
        f[4] = 0; memcpy(f + 5, "CDR", 3);
    }
    if (fb)
        memcpy(fb, f, sizeof f);
}

static int job_ccsid(void)
{
    struct qs_job *j = qs_job_current(NULL);
    return j && j->ccsid != QS_JOB_CCSID_NATIVE && j->ccsid != 65535 ? j->ccsid : 1208;
}

/* bytes of the space character in `ccsid` */
static size_t space_of(int ccsid, char sp[4])
{
    struct qs_buf b;
    qs_buf_init(&b, 256);
    size_t n = 0;
    if (qs_conv_buf(ccsid, 1208, QS_CONV_SUBST, " ", 1, &b, NULL, NULL) == 0 && b.len <= 4) {
        memcpy(sp, b.data, b.len);
        n = b.len;
    }
    qs_buf_free(&b);
    return n;
}

static void cvrt(void *ccsid1, void *st1, void *s1, void *l1, void *ccsid2, void *st2,
                 void *gccasn, void *l2, void *s2, void *l3, void *l4, void *fb)
{
    wr(l3, 0);
    wr(l4, 0);
    if (!ccsid1 || !st1 || !s1 || !l1 || !ccsid2 || !st2 || !l2 || !s2) {
        feedback(fb, 3, 2);
        return;
    }
    int from = rd(ccsid1), to = rd(ccsid2), t1 = rd(st1), t2 = rd(st2);
    int inlen = rd(l1), outlen = rd(l2);
    (void)gccasn;
    if (from == 0) from = job_ccsid();
    if (to == 0) to = job_ccsid();
    if (inlen < 1 || inlen > 32767 || outlen < 0 || t1 < 0 || t1 > 1 || t2 < 0 || t2 > 2) {
        feedback(fb, 3, 2);
        return;
    }
    size_t n = (size_t)inlen;
    struct qs_ccsid_info ci;
    if (t1 == 1 && qs_ccsid_info(from, &ci) == 0) {
        /* NUL-terminated: the NUL character of the CCSID's width */
        size_t w = ci.kind == QS_CK_UTF16BE || ci.kind == QS_CK_UTF16LE ? 2
                 : ci.kind == QS_CK_UTF32BE || ci.kind == QS_CK_UTF32LE ? 4 : 1;
        const unsigned char *p = s1;
        size_t i = 0;
        for (; i + w <= n; i += w) {
            size_t z = 0;
            while (z < w && p[i + z] == 0)
                z++;
            if (z == w)
                break;
        }
        n = i;
    }
    struct qs_conv *cd;
    if (qs_conv_open(&cd, to, from, QS_CONV_SUBST, NULL) != 0) {
        feedback(fb, 3, 1);
        return;
    }
    size_t room = (size_t)outlen;
    size_t reserve = t2 == 1 ? (qs_ccsid_info(to, &ci) == 0 && ci.min_char > 1 ? (size_t)ci.min_char : 1) : 0;
    int truncated = 0, bad = 0;
    if (reserve > room) {
        reserve = room;
        truncated = 1;
    }
    size_t avail = room - reserve;
    const char *ip = s1;
    size_t il = n;
    char *op = s2;
    /* keep one byte for SI so a mixed result can always be closed */
    int mixed = qs_ccsid_info(to, &ci) == 0 && ci.kind == QS_CK_MIXED;
    size_t work = mixed && avail > 0 ? avail - 1 : avail;
    size_t left = work;
    if (il && qs_conv(cd, &ip, &il, &op, &left) == (size_t)-1) {
        if (errno == E2BIG)
            truncated = 1;
        else
            bad = 1;
    }
    left += avail - work;
    (void)qs_conv(cd, NULL, NULL, &op, &left);
    qs_conv_free(&cd);
    size_t done = avail - left;
    size_t pad = 0;
    if (t2 == 1 && reserve) {
        memset(op, 0, reserve);
    } else if (t2 == 2) {
        char sp[4];
        size_t w = space_of(to, sp);
        while (w && left >= w) {
            memcpy(op + pad, sp, w);
            pad += w;
            left -= w;
        }
    }
    wr(l3, (int)done);
    wr(l4, (int)pad);
    feedback(fb, bad ? 3 : truncated ? 1 : 0, bad ? 4 : truncated ? 3 : 0);
}

void CDRCVRT(void *ccsid1, void *st1, void *s1, void *l1, void *ccsid2, void *st2,
             void *gccasn, void *l2, void *s2, void *l3, void *l4, void *fb)
{
    cvrt(ccsid1, st1, s1, l1, ccsid2, st2, gccasn, l2, s2, l3, l4, fb);
}

void QTQCVRT(void *ccsid1, void *st1, void *s1, void *l1, void *ccsid2, void *st2,
             void *gccasn, void *l2, void *s2, void *l3, void *l4, void *fb)
{
    cvrt(ccsid1, st1, s1, l1, ccsid2, st2, gccasn, l2, s2, l3, l4, fb);
}
