/*
 * ccsid/ccsid.c - the CCSID registry (see ccsid.h).
 *
 * Built once, on first use, from the generated SBCS and MBCS tables plus the
 * fixed list of Unicode forms and aliases; sorted by CCSID so lookups are a
 * binary search.  Read-only after construction, so it is threadsafe.
 */
#include "ccsid/ccsid.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ccsid/tables/tables.h"

struct uni_form {
    int ccsid;
    enum qs_ccsid_kind kind;
    int esid;
    const char *name;
    const char *label;
};

/* ESID 7200 (UCS-2) and 7808 (UTF-8) are from IBM's table; UTF-32 has no
 * documented ESID, 7200 is used as for the UTF-16 forms. */
static const struct uni_form uni_forms[] = {
    { 1200, QS_CK_UTF16BE, 7200, "UTF-16BE", "UTF-16 big-endian" },
    { 1202, QS_CK_UTF16LE, 7200, "UTF-16LE", "UTF-16 little-endian" },
    { 1208, QS_CK_UTF8, 7808, "UTF-8", "UTF-8" },
    { 1232, QS_CK_UTF32BE, 7200, "UTF-32BE", "UTF-32 big-endian" },
    { 1234, QS_CK_UTF32LE, 7200, "UTF-32LE", "UTF-32 little-endian" },
    { 13488, QS_CK_UTF16BE, 7200, "UTF-16BE", "UCS-2 (UTF-16 big-endian)" },
    { 17584, QS_CK_UTF16BE, 7200, "UTF-16BE", "UTF-16 big-endian" },
};

/* CCSIDs ICU resolves to another CCSID's table. */
static const struct { int ccsid, same_as; } aliases[] = {
    { 942, 932 }, { 5026, 930 }, { 5035, 939 },
};

static struct qs_ccsid_info *reg;
static size_t nreg;
static pthread_once_t reg_once = PTHREAD_ONCE_INIT;

static int cmp_info(const void *a, const void *b)
{
    const struct qs_ccsid_info *x = a, *y = b;
    return (x->ccsid > y->ccsid) - (x->ccsid < y->ccsid);
}

static void build(void)
{
    size_t cap = qs_sbcs_ndefs + qs_mbcs_ndefs + sizeof uni_forms / sizeof uni_forms[0] +
                 sizeof aliases / sizeof aliases[0] + 1;
    struct qs_ccsid_info *r = calloc(cap, sizeof *r);
    if (!r)
        return;
    size_t n = 0;
    for (unsigned i = 0; i < qs_sbcs_ndefs; i++) {
        const struct qs_sbcs_def *d = &qs_sbcs_defs[i];
        r[n++] = (struct qs_ccsid_info){ d->ccsid, d->esid, QS_CK_SBCS, 1, 1, 0,
                                         d->esid == 1100, d->name, "", (int)i };
    }
    for (unsigned i = 0; i < qs_mbcs_ndefs; i++) {
        const struct qs_mbcs_def *d = &qs_mbcs_defs[i];
        r[n++] = (struct qs_ccsid_info){ d->ccsid, d->esid, d->stateful ? QS_CK_MIXED : QS_CK_MBCS,
                                         d->stateful ? 2 : d->maxlen, 1, 1, d->stateful,
                                         d->name, d->label, (int)i };
    }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        for (size_t j = 0; j < n; j++) {
            if (r[j].ccsid == aliases[i].same_as) {
                r[n] = r[j];
                r[n].ccsid = aliases[i].ccsid;
                n++;
                break;
            }
        }
    }
    for (size_t i = 0; i < sizeof uni_forms / sizeof uni_forms[0]; i++) {
        const struct uni_form *u = &uni_forms[i];
        int mx = 4;   /* UTF-8 4, UTF-16 a surrogate pair, UTF-32 */
        int mn = u->kind == QS_CK_UTF8 ? 1 : u->kind >= QS_CK_UTF32BE ? 4 : 2;
        r[n++] = (struct qs_ccsid_info){ u->ccsid, u->esid, u->kind, mx, mn, 0, 0,
                                         u->name, u->label, -1 };
    }
    r[n++] = (struct qs_ccsid_info){ QS_CCSID_HEX, 0, QS_CK_NONE, 1, 1, 0, 0, "*HEX",
                                     "no conversion", -1 };
    qsort(r, n, sizeof *r, cmp_info);
    reg = r;
    nreg = n;
}

static void ensure(void)
{
    pthread_once(&reg_once, build);
}

int qs_ccsid_info(int ccsid, struct qs_ccsid_info *out)
{
    ensure();
    size_t lo = 0, hi = nreg;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (reg[mid].ccsid == ccsid) {
            if (out)
                *out = reg[mid];
            return 0;
        }
        if (reg[mid].ccsid < ccsid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

int qs_ccsid_at(size_t i, struct qs_ccsid_info *out)
{
    ensure();
    if (i >= nreg)
        return -1;
    *out = reg[i];
    return 0;
}

size_t qs_ccsid_count(void)
{
    ensure();
    return nreg;
}
