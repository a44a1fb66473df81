/*
 * ccsid/sbcs.c - build and cache the from-Unicode side of SBCS tables.
 *
 * Invariant: a built table is immutable and published with a release store,
 * so lookups need no lock; a table is built at most once per process (a
 * losing concurrent builder frees its copy).
 */
#include "ccsid/sbcs.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ccsid/ignorable.h"

static _Atomic(struct qs_sbcs *) cache[512];

int qs_sbcs_supp(const struct qs_sbcs *s, uint32_t cp, uint8_t *b)
{
    if (qs_ccsid_ignorable(cp)) {
        *b = 0;
        return QS_FU_DROP;
    }
    *b = s->def->subchar;
    return QS_FU_SUB;
}

static struct qs_sbcs *build(const struct qs_sbcs_def *d)
{
    /* which pages are needed: those holding a round-trip byte's code point,
     * an exception, or an ignorable code point; the rest share one page. */
    uint8_t need[256] = { 0 };
    for (unsigned b = 0; b < 256; b++)
        if (!qs_sbcs_bad(d, b))
            need[d->tou[b] >> 8] = 1;
    for (unsigned i = 0; i < d->nfx; i++)
        need[d->fx[i].cp >> 8] = 1;
    static const uint8_t ign_pages[] = { 0x00, 0x03, 0x06, 0x11, 0x17, 0x18, 0x20, 0x31, 0xFE, 0xFF };
    for (size_t i = 0; i < sizeof ign_pages; i++)
        need[ign_pages[i]] = 1;
    size_t npages = 1;
    for (unsigned i = 0; i < 256; i++)
        npages += need[i];

    struct qs_sbcs *s = calloc(1, sizeof *s + npages * 512);
    if (!s)
        return NULL;
    s->def = d;
    uint8_t *pool = (uint8_t *)(s + 1);
    /* page 0 of the pool: shared, everything substitutes */
    memset(pool, d->subchar, 256);
    memset(pool + 256, QS_FU_SUB, 256);
    size_t next = 1;
    for (unsigned hi = 0; hi < 256; hi++) {
        if (!need[hi]) {
            s->page[hi] = pool;
            s->stat[hi] = pool + 256;
            continue;
        }
        uint8_t *pg = pool + next * 512, *st = pg + 256;
        next++;
        for (unsigned lo = 0; lo < 256; lo++) {
            uint32_t cp = hi << 8 | lo;
            int drop = qs_ccsid_ignorable(cp);
            pg[lo] = drop ? 0 : d->subchar;
            st[lo] = drop ? QS_FU_DROP : QS_FU_SUB;
        }
        s->page[hi] = pg;
        s->stat[hi] = st;
    }
    /* inversion: first valid byte wins (the generator assumes the same) */
    for (unsigned b = 0; b < 256; b++) {
        if (qs_sbcs_bad(d, b))
            continue;
        uint16_t cp = d->tou[b];
        uint8_t *st = (uint8_t *)s->stat[cp >> 8];
        if (st[cp & 0xFF] != QS_FU_OK) {
            ((uint8_t *)s->page[cp >> 8])[cp & 0xFF] = (uint8_t)b;
            st[cp & 0xFF] = QS_FU_OK;
        }
    }
    for (unsigned i = 0; i < d->nfx; i++) {
        const struct qs_sbcs_fx *f = &d->fx[i];
        ((uint8_t *)s->page[f->cp >> 8])[f->cp & 0xFF] = f->byte;
        ((uint8_t *)s->stat[f->cp >> 8])[f->cp & 0xFF] = f->unmapped;
    }
    return s;
}

const struct qs_sbcs *qs_sbcs_get(unsigned idx)
{
    if (idx >= qs_sbcs_ndefs || idx >= sizeof cache / sizeof cache[0])
        return NULL;
    struct qs_sbcs *s = atomic_load_explicit(&cache[idx], memory_order_acquire);
    if (s)
        return s;
    struct qs_sbcs *mine = build(&qs_sbcs_defs[idx]);
    if (!mine)
        return NULL;
    struct qs_sbcs *expect = NULL;
    if (!atomic_compare_exchange_strong_explicit(&cache[idx], &expect, mine,
                                                 memory_order_acq_rel, memory_order_acquire)) {
        free(mine);
        return expect;
    }
    return mine;
}
