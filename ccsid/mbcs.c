/*
 * ccsid/mbcs.c - DBCS / mixed / multibyte tables: inflating the generated
 * blobs, and the decoder and encoder halves used by the pivot (codec.h).
 *
 * Exactness: for every byte sequence ICU maps, the decoder gives ICU's code
 * points, and for every code point the encoder gives ICU's bytes (SO/SI
 * placed where ICU places them: SO before the first DBCS character of a
 * run, SI before the next SBCS character and at the end of a conversion).
 * Ill-formed input is handled like ICU in the common cases (a bad single
 * byte is U+001A, a well-formed unmapped pair U+FFFD), not in every corner.
 *
 * Invariant: a built table is immutable and shared; see sbcs.c.
 */
#include "ccsid/mbcs.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ccsid/codec.h"
#include "ccsid/ignorable.h"

static _Atomic(struct qs_mbcs *) cache[64];

/* ------------------------------------------------------------- building */

struct rd {
    const uint8_t *p, *end;
    int bad;
};

static uint32_t rd_var(struct rd *r)
{
    uint32_t v = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
        if (r->p >= r->end) {
            r->bad = 1;
            return 0;
        }
        uint8_t c = *r->p++;
        v |= (uint32_t)(c & 0x7F) << shift;
        if (!(c & 0x80))
            return v;
    }
    r->bad = 1;
    return 0;
}

static int32_t unzz(uint32_t v)
{
    return (int32_t)(v >> 1) ^ -(int32_t)(v & 1);
}

static void mbcs_free(struct qs_mbcs *m)
{
    if (!m)
        return;
    for (unsigned p = 0; p < QS_MB_MAXPLANES; p++)
        for (unsigned b = 0; b < 256; b++)
            free(m->dbl[p][b]);
    free(m->spec);
    free(m->seq);
    free(m->fu);
    free(m);
}

static uint16_t *page_for(struct qs_mbcs *m, unsigned plane, unsigned hi)
{
    if (!m->dbl[plane][hi]) {
        uint16_t *pg = malloc(256 * sizeof *pg);
        if (!pg)
            return NULL;
        for (unsigned i = 0; i < 256; i++)
            pg[i] = QS_MB_ILLEGAL;
        m->dbl[plane][hi] = pg;
    }
    return m->dbl[plane][hi];
}

static uint32_t *fu_slot(struct qs_mbcs *m, uint32_t cp, unsigned *npages, unsigned *cap)
{
    unsigned hi = cp >> 8;
    if (!m->fu_idx[hi]) {
        if (*npages == *cap) {
            unsigned ncap = *cap * 2;
            uint32_t *nf = realloc(m->fu, (size_t)ncap * 256 * sizeof *nf);
            if (!nf)
                return NULL;
            m->fu = nf;
            *cap = ncap;
        }
        memset(m->fu + (size_t)*npages * 256, 0, 256 * sizeof *m->fu);
        m->fu_idx[hi] = (uint16_t)(*npages)++;
    }
    return &m->fu[(size_t)m->fu_idx[hi] * 256 + (cp & 0xFF)];
}

static int seq_cmp(const void *a, const void *b)
{
    const struct qs_mbcs_seq *x = a, *y = b;
    if (x->cp[0] != y->cp[0])
        return x->cp[0] < y->cp[0] ? -1 : 1;
    return (int)y->n - (int)x->n;   /* longest first */
}

/* a sequence starting at cps[i] (all of it inside cps[0..ncp)); 0 if none */
static const struct qs_mbcs_seq *seq_at(const struct qs_mbcs *m, const uint32_t *cps, size_t i,
                                        size_t ncp)
{
    uint32_t c = cps[i];
    if (c < m->seq_min || c > m->seq_max)
        return NULL;
    for (unsigned k = 0; k < m->nseq; k++) {
        const struct qs_mbcs_seq *q = &m->seq[k];
        if (q->cp[0] != c || i + q->n > ncp)
            continue;
        unsigned j = 1;
        while (j < q->n && cps[i + j] == q->cp[j])
            j++;
        if (j == q->n)
            return q;
    }
    return NULL;
}

static struct qs_mbcs *build(const struct qs_mbcs_def *d)
{
    struct qs_mbcs *m = calloc(1, sizeof *m);
    uint8_t *raw = malloc(d->blob->rawlen ? d->blob->rawlen : 1);
    unsigned spec_cap = 0, seq_cap = 0, npages = 1, cap = 64;
    if (!m || !raw)
        goto fail;
    m->def = d;
    uLongf rl = d->blob->rawlen;
    if (uncompress(raw, &rl, d->blob->z, d->blob->zlen) != Z_OK || rl != d->blob->rawlen)
        goto fail;
    m->fu = malloc((size_t)cap * 256 * sizeof *m->fu);
    if (!m->fu)
        goto fail;

    struct rd r = { raw, raw + rl, 0 };
    m->np = rd_var(&r);
    if (m->np < 2 || m->np > QS_MB_MAXPLANES)
        goto fail;
    for (unsigned p = 0; p < m->np; p++) {
        m->pl[p].pfxlen = (uint8_t)rd_var(&r);
        if (m->pl[p].pfxlen > 2)
            goto fail;
        for (unsigned j = 0; j < m->pl[p].pfxlen; j++)
            m->pl[p].pfx[j] = (uint8_t)rd_var(&r);
        m->pl[p].codelen = (uint8_t)rd_var(&r);
        if (m->pl[p].codelen < 1 || m->pl[p].codelen > 2 || (p == 0) != (m->pl[p].codelen == 1))
            goto fail;
    }
    for (unsigned i = 0; i < 256; i++)
        m->sb[i] = QS_MB_ILLEGAL;

    for (unsigned p = 0; p < m->np && !r.bad; p++) {
        uint32_t space = m->pl[p].codelen == 1 ? 256 : 65536, code = 0;
        int32_t prev = 0;
        for (;;) {
            uint32_t status = rd_var(&r);
            if (r.bad)
                goto fail;
            if (status == 9)
                break;
            uint32_t count = rd_var(&r);
            if (status > 2 || count > space - code)
                goto fail;
            for (uint32_t k = 0; k < count; k++, code++) {
                uint16_t val = QS_MB_UNASSIGNED;
                uint32_t cps[4];
                unsigned ncp = 0;
                int rt = 0;
                if (status == 0)
                    continue;
                if (status == 2) {
                    uint32_t tag = rd_var(&r);
                    prev += unzz(tag >> 2);
                    if (prev < 0 || prev > 0x10FFFF)
                        goto fail;
                    cps[ncp++] = (uint32_t)prev;
                    rt = !(tag & 1);
                    if (tag & 2) {
                        uint32_t more = rd_var(&r);
                        if (more < 1 || more > 3)
                            goto fail;
                        for (uint32_t j = 0; j < more; j++)
                            cps[ncp++] = rd_var(&r);
                        if (rt) {
                            /* the sequence maps back to this code */
                            if (m->nseq == seq_cap) {
                                seq_cap = seq_cap ? seq_cap * 2 : 16;
                                struct qs_mbcs_seq *ns = realloc(m->seq, seq_cap * sizeof *ns);
                                if (!ns)
                                    goto fail;
                                m->seq = ns;
                            }
                            struct qs_mbcs_seq *q = &m->seq[m->nseq++];
                            q->n = (uint8_t)ncp;
                            memcpy(q->cp, cps, ncp * sizeof cps[0]);
                            q->val = QS_MBF_CODE + (p << 16 | code);
                        }
                        rt = 0;
                    }
                    if (ncp == 1 && cps[0] < 0xD800)
                        val = (uint16_t)cps[0];
                    else if (ncp == 1 && cps[0] >= 0xE000 && cps[0] < 0xFFFE)
                        val = (uint16_t)cps[0];
                    else {
                        if (m->nspec >= 0x800)
                            goto fail;
                        if (m->nspec == spec_cap) {
                            spec_cap = spec_cap ? spec_cap * 2 : 64;
                            struct qs_mbcs_spec *ns = realloc(m->spec, spec_cap * sizeof *ns);
                            if (!ns)
                                goto fail;
                            m->spec = ns;
                        }
                        m->spec[m->nspec].n = (uint8_t)ncp;
                        memcpy(m->spec[m->nspec].cp, cps, ncp * sizeof cps[0]);
                        val = (uint16_t)(0xD800 + m->nspec++);
                    }
                    if (rt) {
                        uint32_t *slot = fu_slot(m, cps[0], &npages, &cap);
                        if (!slot)
                            goto fail;
                        if (*slot == QS_MBF_DEFAULT)
                            *slot = QS_MBF_CODE + (p << 16 | code);
                    }
                }
                if (p == 0) {
                    m->sb[code] = val;
                } else {
                    uint16_t *pg = page_for(m, p, code >> 8);
                    if (!pg)
                        goto fail;
                    pg[code & 0xFF] = val;
                }
            }
        }
    }
    /* from-Unicode exceptions */
    uint32_t nfx = rd_var(&r);
    int32_t cp = 0;
    for (uint32_t i = 0; i < nfx && !r.bad; i++) {
        cp += unzz(rd_var(&r));
        uint32_t v = rd_var(&r);
        if (cp < 0 || cp > 0x10FFFF)
            goto fail;
        uint32_t *slot = fu_slot(m, (uint32_t)cp, &npages, &cap);
        if (!slot)
            goto fail;
        *slot = v + 1;   /* blob: 0 sub, 1 sub1, 2 drop, 3+ code -> QS_MBF_* */
    }
    if (r.bad)
        goto fail;
    if (m->nseq) {
        qsort(m->seq, m->nseq, sizeof *m->seq, seq_cmp);
        m->seq_min = m->seq[0].cp[0];
        m->seq_max = m->seq[m->nseq - 1].cp[0];
    }
    /* lead bytes of stateless encodings */
    if (!d->stateful) {
        for (unsigned b = 0; b < 256; b++)
            if (m->dbl[1][b])
                m->lead[b] = 1;
        for (unsigned p = 2; p < m->np; p++)
            m->lead[m->pl[p].pfx[0]] = 2;
    }
    free(raw);
    return m;
fail:
    free(raw);
    mbcs_free(m);
    return NULL;
}

const struct qs_mbcs *qs_mbcs_get(unsigned idx)
{
    if (idx >= qs_mbcs_ndefs || idx >= sizeof cache / sizeof cache[0])
        return NULL;
    struct qs_mbcs *m = atomic_load_explicit(&cache[idx], memory_order_acquire);
    if (m)
        return m;
    struct qs_mbcs *mine = build(&qs_mbcs_defs[idx]);
    if (!mine)
        return NULL;
    struct qs_mbcs *expect = NULL;
    if (!atomic_compare_exchange_strong_explicit(&cache[idx], &expect, mine,
                                                 memory_order_acq_rel, memory_order_acquire)) {
        mbcs_free(mine);
        return expect;
    }
    return mine;
}

/* ------------------------------------------------------------- decoding */

static inline uint16_t dbl_get(const struct qs_mbcs *m, unsigned p, unsigned hi, unsigned lo)
{
    const uint16_t *pg = m->dbl[p][hi];
    return pg ? pg[lo] : QS_MB_ILLEGAL;
}

size_t qs_mbcs_dec(struct qs_side *s, const uint8_t *in, size_t n, uint32_t *cps,
                   uint32_t *ends, size_t max, size_t *ncp_r, int *st)
{
    const struct qs_mbcs *m = s->mb;
    const int stateful = m->def->stateful;
    size_t i = 0, k = 0;
    *st = QS_ST_OK;
    while (i < n && k + 4 <= max) {
        unsigned b = in[i];
        size_t len = 1;
        uint16_t v;
        if (stateful) {
            if (b == 0x0E || b == 0x0F) {
                s->shift = b == 0x0E;
                i++;
                continue;
            }
            if (!s->shift) {
                v = m->sb[b];
            } else {
                if (i + 1 >= n) {
                    *st = QS_ST_INCOMPLETE;
                    break;
                }
                v = dbl_get(m, 1, b, in[i + 1]);
                if (v != QS_MB_ILLEGAL)
                    len = 2;
            }
        } else if (m->lead[b] == 0) {
            v = m->sb[b];
        } else if (m->lead[b] == 1) {
            if (i + 1 >= n) {
                *st = QS_ST_INCOMPLETE;
                break;
            }
            v = dbl_get(m, 1, b, in[i + 1]);
            if (v != QS_MB_ILLEGAL)
                len = 2;
        } else {
            /* prefixed EUC code: 8F xx xx, or 8E An xx xx */
            v = QS_MB_ILLEGAL;
            int need_more = 0;
            for (unsigned p = 2; p < m->np; p++) {
                const struct qs_mbcs_plane *pl = &m->pl[p];
                if (pl->pfx[0] != b)
                    continue;
                size_t tot = (size_t)pl->pfxlen + 2;
                if (pl->pfxlen == 2) {
                    if (i + 1 >= n) { need_more = 1; break; }
                    if (in[i + 1] != pl->pfx[1])
                        continue;
                }
                if (i + tot > n) { need_more = 1; break; }
                v = dbl_get(m, p, in[i + pl->pfxlen], in[i + pl->pfxlen + 1]);
                if (v != QS_MB_ILLEGAL)
                    len = tot;
                break;
            }
            if (need_more) {
                *st = QS_ST_INCOMPLETE;
                break;
            }
        }
        uint32_t endv = (uint32_t)(i + len) | (s->shift ? QS_END_DBCS : 0);
        if (v < 0xD800 || (v >= 0xE000 && v < QS_MB_UNASSIGNED)) {
            cps[k] = v;
            ends[k++] = endv;
            if (v == 0 && s->nul_stop) {
                i += len;
                *st = QS_ST_NUL;
                break;
            }
        } else if (v < 0xE000) {
            const struct qs_mbcs_spec *sp = &m->spec[v - 0xD800];
            for (unsigned j = 0; j < sp->n; j++) {
                cps[k] = sp->cp[j];
                ends[k++] = j + 1 == sp->n ? endv : QS_NB;
            }
        } else {
            if (s->em == QS_EM_STRICT) {
                *st = QS_ST_ILLEGAL;
                break;
            }
            s->irrev++;
            if (s->em == QS_EM_SUBST) {
                cps[k] = len == 1 ? 0x1A : 0xFFFD;
                ends[k++] = endv;
            }
        }
        i += len;
    }
    *ncp_r = k;
    return i;
}

/* ------------------------------------------------------------- encoding */

size_t qs_mbcs_enc(struct qs_side *s, const uint32_t *cps, const uint32_t *ends, size_t ncp,
                   uint8_t *out, size_t room, size_t *nout_r, int *st)
{
    const struct qs_mbcs *m = s->mb;
    const struct qs_mbcs_def *d = m->def;
    const int stateful = d->stateful;
    size_t o = 0, commit_o = 0, commit_i = 0;
    int commit_shift = s->shift;
    *st = QS_ST_OK;
    for (size_t i = 0; i < ncp; i++) {
        uint32_t cp = cps[i];
        uint32_t v;
        const struct qs_mbcs_seq *q = m->nseq ? seq_at(m, cps, i, ncp) : NULL;
        size_t adv = 1;
        if (q) {
            v = q->val;
            adv = q->n;
        } else {
            v = qs_mbcs_fromu(m, cp);
        }
        if (v == QS_MBF_DEFAULT)
            v = qs_ccsid_ignorable(cp) ? QS_MBF_DROP : QS_MBF_SUB;
        uint8_t buf[6];
        size_t len = 0;
        int dbcs = 0;
        if (v < QS_MBF_CODE) {
            if (s->em == QS_EM_STRICT) {
                *st = QS_ST_ILLEGAL;
                goto stop;
            }
            s->irrev++;
            if (v == QS_MBF_DROP || s->em == QS_EM_DROP)
                goto next;
            if (v == QS_MBF_SUB1 && d->sub1 >= 0) {
                buf[len++] = (uint8_t)d->sub1;
            } else {
                memcpy(buf, d->sub, d->sublen);
                len = d->sublen;
                dbcs = stateful && d->sublen == 2;
            }
        } else {
            uint32_t pc = v - QS_MBF_CODE;
            unsigned p = pc >> 16, code = pc & 0xFFFF;
            if (stateful) {
                if (p == 0) {
                    buf[len++] = (uint8_t)code;
                } else {
                    buf[len++] = (uint8_t)(code >> 8);
                    buf[len++] = (uint8_t)code;
                    dbcs = 1;
                }
            } else {
                const struct qs_mbcs_plane *pl = &m->pl[p];
                for (unsigned j = 0; j < pl->pfxlen; j++)
                    buf[len++] = pl->pfx[j];
                if (pl->codelen == 2)
                    buf[len++] = (uint8_t)(code >> 8);
                buf[len++] = (uint8_t)code;
            }
        }
        size_t shift_bytes = stateful && dbcs != s->shift ? 1 : 0;
        if (o + shift_bytes + len > room) {
            *st = QS_ST_FULL;
            goto stop;
        }
        if (shift_bytes) {
            out[o++] = dbcs ? 0x0E : 0x0F;
            s->shift = dbcs;
        }
        for (size_t j = 0; j < len; j++)
            out[o + j] = buf[j];
        o += len;
    next:
        i += adv - 1;
        if (ends[i] != QS_NB) {
            commit_i = i + 1;
            commit_o = o;
            commit_shift = s->shift;
        }
    }
stop:
    s->shift = commit_shift;
    *nout_r = commit_o;
    return commit_i;
}
