/*
 * spool/pdf_writer.c - streaming PDF writer (see pdf_writer.h).
 *
 * File layout: objects 1 Catalog, 2 Pages, 3 Resources, 4 Info, 5 Outlines;
 * then per page its content stream and its page object, written as the page
 * arrives; at the end the fonts that were used, the outline items, the page
 * tree, the xref table and the trailer.  Output goes through one buffer that
 * is flushed to the fd in large writes; `off` is the file offset of
 * buf[0], so every object's offset is off + buf.len when it starts.
 */
#include "spool/pdf_writer.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <openssl/crypto.h>

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "spool/pdf_crypt.h"
#include "spool/pdf_ttf.h"

#define OBJ_CATALOG   1
#define OBJ_PAGES     2
#define OBJ_RES       3
#define OBJ_INFO      4
#define OBJ_OUTLINES  5
#define OBJ_FIRST     6
#define NFONTS        2          /* embedded: monospace, CJK fallback */
#define FLUSH_AT      (1u << 20)
#define MARGIN        18.0       /* points */

struct emb_font {
    const char    *path;
    int            tried, ok;
    struct qs_ttf  ttf;
    unsigned char *used;        /* bit per glyph */
    uint32_t      *uni;         /* glyph → code point (first seen) */
    unsigned char *wide;        /* glyph → 1 when two print positions */
    unsigned       nused;
};

/* A page handed from the builder (caller's thread) to the writer thread,
 * which compresses its content and appends both objects to the output. */
struct page_job {
    struct qs_buf content;
    size_t        cobj, pobj;
    double        mw, mh;
};

struct group {
    char    *title;
    unsigned page;               /* index of first page */
};

struct qs_pdf {
    int               fd;
    struct qs_pdf_opts o;
    struct qs_buf     out;
    size_t            off;       /* file offset of out.data[0] */
    size_t           *xref;      /* object → offset */
    size_t            nobj, xref_cap;
    unsigned         *page_obj;  /* page index → page object */
    size_t            npages, pages_cap;
    struct group     *groups;
    size_t            ngroups, groups_cap;
    char             *pending_group;
    struct emb_font   font[NFONTS];
    uint32_t         *cache;     /* BMP code point → (font+1)<<16 | gid, 0 = unknown */
    int               used_courier;
    struct page_job   job[2];
    int               cur;       /* job the builder fills next */
    int               pending;   /* job waiting for the writer, -1 none */
    int               busy;      /* job the writer is on, -1 none */
    int               stop, thr_started, werr;
    pthread_t         thr;
    pthread_mutex_t   mu;
    pthread_cond_t    cv;
    unsigned char    *zbuf;
    size_t            zcap;
    z_stream          zs;        /* one deflate state, reset per stream */
    int               encrypt;
    struct qs_pdf_crypt crypt;
    struct qs_buf     ebuf;      /* a stream's ciphertext */
    int               zs_ready;
    int               failed;
};

/* ---- small output helpers --------------------------------------------- */

static int flush_out(struct qs_pdf *p)
{
    if (p->out.len == 0)
        return 0;
    if (qs_write_all(p->fd, p->out.data, p->out.len) < 0)
        return -1;
    p->off += p->out.len;
    qs_buf_reset(&p->out);
    return 0;
}

static int maybe_flush(struct qs_pdf *p)
{
    return p->out.len >= FLUSH_AT ? flush_out(p) : 0;
}

static size_t new_obj(struct qs_pdf *p)
{
    if (p->nobj + 1 >= p->xref_cap) {
        size_t c = p->xref_cap ? p->xref_cap * 2 : 1024;
        size_t *x = realloc(p->xref, c * sizeof *x);
        if (!x)
            return 0;
        memset(x + p->xref_cap, 0, (c - p->xref_cap) * sizeof *x);
        p->xref = x;
        p->xref_cap = c;
    }
    return ++p->nobj;
}

static int begin_obj(struct qs_pdf *p, size_t n)
{
    p->xref[n] = p->off + p->out.len;
    return qs_buf_addf(&p->out, "%zu 0 obj\n", n);
}

/* Append a non-negative number with two decimals, trailing zeros cut. */
static void num(struct qs_buf *b, double v)
{
    char tmp[32];
    int neg = v < 0;
    if (neg)
        v = -v;
    unsigned long long h = (unsigned long long)(v * 100.0 + 0.5);
    unsigned long long ip = h / 100;
    unsigned fr = (unsigned)(h % 100);
    size_t k = sizeof tmp;
    if (fr) {
        if (fr % 10) {
            tmp[--k] = (char)('0' + fr % 10);
            tmp[--k] = (char)('0' + fr / 10);
        } else {
            tmp[--k] = (char)('0' + fr / 10);
        }
        tmp[--k] = '.';
    }
    do {
        tmp[--k] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (neg)
        tmp[--k] = '-';
    qs_buf_add(b, tmp + k, sizeof tmp - k);
}

/* A string object holding raw bytes: a literal, or when encrypting the
 * AES ciphertext in hex. */
static void pdf_bytes(struct qs_pdf *p, struct qs_buf *b, const char *raw, size_t n)
{
    if (p->encrypt) {
        struct qs_buf e;
        qs_buf_init(&e, 1u << 20);
        if (qs_pdf_crypt_data(&p->crypt, raw, n, &e) == 0)
            qs_pdf_hex_string(b, (const unsigned char *)e.data, e.len);
        else
            p->failed = 1;
        qs_buf_free(&e);
        return;
    }
    qs_buf_addc(b, '(');
    for (size_t i = 0; i < n; i++) {
        char ch = raw[i];
        if (ch == '(' || ch == ')' || ch == '\\')
            qs_buf_addc(b, '\\');
        if (ch == '\r')
            qs_buf_adds(b, "\\r");
        else
            qs_buf_addc(b, ch);
    }
    qs_buf_addc(b, ')');
}

/* A PDF text string: PDFDocEncoding when printable ASCII, else UTF-16BE
 * with a byte order mark. */
static void text_string(struct qs_pdf *p, struct qs_buf *b, const char *s)
{
    int ascii = 1;
    for (const unsigned char *q = (const unsigned char *)s; *q; q++)
        if (*q < 0x20 || *q > 0x7E)
            ascii = 0;
    if (ascii) {
        pdf_bytes(p, b, s, strlen(s));
        return;
    }
    struct qs_textdec d;
    struct qs_buf u;
    qs_buf_init(&u, 1u << 20);
    qs_textdec_init(&d, 1208, NULL);
    qs_buf_add(&u, "\xFE\xFF", 2);
    size_t n = strlen(s), i = 0;
    while (i < n) {
        uint32_t cp;
        i += qs_textdec_next(&d, (const unsigned char *)s + i, n - i, &cp);
        unsigned char w[4];
        size_t k = 2;
        if (cp >= 0x10000) {
            uint32_t hi = 0xD800 + ((cp - 0x10000) >> 10), lo = 0xDC00 + ((cp - 0x10000) & 0x3FF);
            w[0] = (unsigned char)(hi >> 8); w[1] = (unsigned char)hi;
            w[2] = (unsigned char)(lo >> 8); w[3] = (unsigned char)lo;
            k = 4;
        } else {
            w[0] = (unsigned char)(cp >> 8); w[1] = (unsigned char)cp;
        }
        qs_buf_add(&u, w, k);
    }
    if (p->encrypt)
        pdf_bytes(p, b, u.data, u.len);
    else
        qs_pdf_hex_string(b, (const unsigned char *)u.data, u.len);
    qs_buf_free(&u);
}

/* ---- fonts -------------------------------------------------------------- */

static int winansi(uint32_t cp)
{
    static const uint16_t hi[][2] = {
        {0x0152, 0x8C}, {0x0153, 0x9C}, {0x0160, 0x8A}, {0x0161, 0x9A}, {0x0178, 0x9F},
        {0x017D, 0x8E}, {0x017E, 0x9E}, {0x0192, 0x83}, {0x02C6, 0x88}, {0x02DC, 0x98},
        {0x2013, 0x96}, {0x2014, 0x97}, {0x2018, 0x91}, {0x2019, 0x92}, {0x201A, 0x82},
        {0x201C, 0x93}, {0x201D, 0x94}, {0x201E, 0x84}, {0x2020, 0x86}, {0x2021, 0x87},
        {0x2022, 0x95}, {0x2026, 0x85}, {0x2030, 0x89}, {0x2039, 0x8B}, {0x203A, 0x9B},
        {0x20AC, 0x80}, {0x2122, 0x99},
    };
    if ((cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA1 && cp <= 0xFF && cp != 0xAD))
        return (int)cp;
    if (cp == 0xA0)
        return ' ';
    for (size_t i = 0; i < sizeof hi / sizeof hi[0]; i++)
        if (hi[i][0] == cp)
            return hi[i][1];
    return -1;
}

static int font_open(struct emb_font *f)
{
    if (f->tried)
        return f->ok;
    f->tried = 1;
    if (!f->path || !*f->path)
        return 0;
    struct qs_err e = QS_ERR_INIT;
    if (qs_ttf_load(&f->ttf, f->path, &e) < 0) {
        qs_err_clear(&e);
        return 0;
    }
    size_t ng = f->ttf.nglyphs;
    f->used = calloc(ng / 8 + 1, 1);
    f->uni = calloc(ng + 1, sizeof *f->uni);
    f->wide = calloc(ng + 1, 1);
    if (!f->used || !f->uni || !f->wide)
        return 0;
    f->ok = 1;
    return 1;
}

/* Which embedded font and glyph draw cp: returns font index, gid in *gid_r. */
static int pick_glyph(struct qs_pdf *p, uint32_t cp, unsigned *gid_r)
{
    if (cp <= 0xFFFF && p->cache && p->cache[cp]) {
        *gid_r = p->cache[cp] & 0xFFFF;
        return (int)(p->cache[cp] >> 16) - 1;
    }
    int fi = -1;
    unsigned gid = 0;
    for (int k = 0; k < NFONTS && fi < 0; k++) {
        if (!font_open(&p->font[k]))
            continue;
        unsigned g = qs_ttf_gid(&p->font[k].ttf, cp);
        if (g) {
            fi = k;
            gid = g;
        }
    }
    if (fi < 0) {                         /* no font has it: .notdef of the first usable */
        for (int k = 0; k < NFONTS && fi < 0; k++)
            if (font_open(&p->font[k]))
                fi = k;
        if (fi < 0)
            return -1;
    }
    struct emb_font *f = &p->font[fi];
    if (!(f->used[gid >> 3] & (1u << (gid & 7)))) {
        f->used[gid >> 3] |= (unsigned char)(1u << (gid & 7));
        f->nused++;
        if (gid)
            f->uni[gid] = cp;
        f->wide[gid] = qs_cp_width(cp) == 2;
    }
    if (cp <= 0xFFFF && p->cache)
        p->cache[cp] = (uint32_t)(fi + 1) << 16 | gid;
    *gid_r = gid;
    return fi;
}

/* ---- pages -------------------------------------------------------------- */

static void media_size(const struct qs_pdf *p, const struct qs_page *pg, double *w, double *h)
{
    double a, b;                          /* portrait short, long side */
    switch (p->o.media) {
    case QS_PDF_LETTER: a = 612; b = 792; break;
    case QS_PDF_SPOOL:
        *w = pg->width * 720.0 / pg->cpi10 + 2 * MARGIN;
        *h = pg->length * 720.0 / pg->lpi10 + 2 * MARGIN;
        return;
    default: a = 595.28; b = 841.89; break;
    }
    int land = p->o.orient == QS_PDF_LANDSCAPE ||
               (p->o.orient == QS_PDF_AUTO && pg->width > 85);
    *w = land ? b : a;
    *h = land ? a : b;
}

static int select_font(struct qs_buf *c, int *cur, int want, double fs)
{
    if (*cur == want)
        return 0;
    *cur = want;
    qs_buf_addf(c, "/F%d ", want + 1);
    num(c, fs);
    return qs_buf_adds(c, " Tf\n");
}

/* Append v/100 (v may be negative) without printf. */
static void num100(struct qs_buf *b, long v)
{
    num(b, v / 100.0);
}

/* Text positioning in exact hundredths of a point: the next run starts at
 * (x, y); (lx, ly) is the start of the current text line.  The next line
 * straight below uses T* (TL is the line height), anything else Td. */
struct pen {
    long lx, ly, lh;
    int  started;
};

static void move_to(struct qs_buf *c, struct pen *pn, long x, long y)
{
    if (pn->started && x == pn->lx && y == pn->ly - pn->lh) {
        qs_buf_add(c, "T*\n", 3);
    } else {
        num100(c, pn->started ? x - pn->lx : x);
        qs_buf_addc(c, ' ');
        num100(c, pn->started ? y - pn->ly : y);
        qs_buf_add(c, " Td\n", 4);
    }
    pn->lx = x;
    pn->ly = y;
    pn->started = 1;
}

/* Build the content stream of pg into c. */
static int build_content(struct qs_pdf *p, struct qs_buf *c, const struct qs_page *pg,
                         double mw, double mh)
{
    unsigned width = pg->width ? pg->width : 1, length = pg->length ? pg->length : 1;
    double cw = (mw - 2 * MARGIN) / width, lh = (mh - 2 * MARGIN) / length;
    double fs = cw / 0.6 < lh ? cw / 0.6 : lh;
    double tz = 100.0 * cw / (0.6 * fs);
    long cw100 = (long)(cw * 100 + 0.5), lh100 = (long)(lh * 100 + 0.5);
    long left100 = (long)(MARGIN * 100 + 0.5);
    long top100 = (long)((mh - MARGIN - fs * 0.8) * 100 + 0.5);
    struct pen pn = { 0, 0, lh100, 0 };
    int cur = -1;
    qs_buf_reset(c);
    qs_buf_adds(c, "BT\n");
    num100(c, lh100);
    qs_buf_adds(c, " TL\n");
    if (tz > 100.5) {
        num(c, tz);
        qs_buf_adds(c, " Tz\n");
    }
    for (size_t r = 0; r < pg->nruns; r++) {
        const struct qs_page_run *run = &pg->runs[r];
        if (run->line < 1 || run->line > length)
            continue;                     /* SVF shrank the page under it */
        long y = top100 - (long)(run->line - 1) * lh100;
        unsigned col = run->col;
        const uint32_t *t = pg->text + run->off;
        size_t i = 0;
        while (i < run->len) {
            uint32_t cp = t[i];
            long x = left100 + (long)(col - 1) * cw100;
            int wa = cp >= 0x20 && cp < 0x7F ? (int)cp : winansi(cp);
            if (wa >= 0) {
                /* a stretch of WinAnsi text in Courier */
                select_font(c, &cur, 0, fs);
                move_to(c, &pn, x, y);
                if (qs_buf_reserve(c, 2 * (run->len - i) + 8) < 0)
                    return -1;
                char *o = c->data + c->len;
                *o++ = '(';
                for (; i < run->len; i++) {
                    cp = t[i];
                    wa = cp >= 0x20 && cp < 0x7F ? (int)cp : winansi(cp);
                    if (wa < 0)
                        break;
                    if (wa == '(' || wa == ')' || wa == '\\')
                        *o++ = '\\';
                    *o++ = (char)wa;
                    col++;
                }
                memcpy(o, ") Tj\n", 5);
                o += 5;
                c->len = (size_t)(o - c->data);
                c->data[c->len] = '\0';
                p->used_courier = 1;
                continue;
            }
            unsigned gid;
            int fi = pick_glyph(p, cp, &gid);
            if (fi < 0) {                 /* no TrueType font at all: show '?' */
                select_font(c, &cur, 0, fs);
                move_to(c, &pn, x, y);
                qs_buf_add(c, "(?) Tj\n", 7);
                p->used_courier = 1;
                col += qs_cp_width(cp);
                i++;
                continue;
            }
            select_font(c, &cur, fi + 1, fs);
            move_to(c, &pn, x, y);
            qs_buf_addc(c, '<');
            while (i < run->len) {
                uint32_t q = t[i];
                if (winansi(q) >= 0)
                    break;
                int fk = pick_glyph(p, q, &gid);
                if (fk != fi)
                    break;
                qs_buf_addf(c, "%04X", gid);
                col += qs_cp_width(q);
                i++;
            }
            qs_buf_add(c, "> Tj\n", 5);
        }
    }
    if (qs_buf_adds(c, "ET\n") < 0)
        return -1;
    return 0;
}

static int write_stream(struct qs_pdf *p, size_t obj, const char *extra,
                        const void *data, size_t len, int compress)
{
    const void *body = data;
    size_t blen = len;
    if (compress) {
        uLongf need = compressBound((uLong)len);
        if (need > p->zcap) {
            unsigned char *z = realloc(p->zbuf, need);
            if (!z)
                return -1;
            p->zbuf = z;
            p->zcap = need;
        }
        if (!p->zs_ready) {
            if (deflateInit(&p->zs, p->o.zlevel) != Z_OK)
                return -1;
            p->zs_ready = 1;
        } else if (deflateReset(&p->zs) != Z_OK) {
            return -1;
        }
        p->zs.next_in = (Bytef *)(uintptr_t)data;
        p->zs.avail_in = (uInt)len;
        p->zs.next_out = p->zbuf;
        p->zs.avail_out = (uInt)need;
        if (deflate(&p->zs, Z_FINISH) != Z_STREAM_END)
            return -1;
        body = p->zbuf;
        blen = need - p->zs.avail_out;
    }
    if (p->encrypt) {
        qs_buf_reset(&p->ebuf);
        if (qs_pdf_crypt_data(&p->crypt, body, blen, &p->ebuf) < 0)
            return -1;
        body = p->ebuf.data;
        blen = p->ebuf.len;
    }
    begin_obj(p, obj);
    qs_buf_addf(&p->out, "<< /Length %zu%s%s >>\nstream\n", blen,
                compress ? " /Filter /FlateDecode" : "", extra ? extra : "");
    qs_buf_add(&p->out, body, blen);
    if (qs_buf_adds(&p->out, "\nendstream\nendobj\n") < 0)
        return -1;
    return maybe_flush(p);
}

/* The writer's half of a page: compress, append, flush.  Runs on the writer
 * thread (or inline when no thread could be started). */
static int write_page(struct qs_pdf *p, struct page_job *j)
{
    if (write_stream(p, j->cobj, NULL, j->content.data, j->content.len, p->o.zlevel > 0) < 0)
        return -1;
    begin_obj(p, j->pobj);
    qs_buf_addf(&p->out, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 ", OBJ_PAGES);
    num(&p->out, j->mw);
    qs_buf_addc(&p->out, ' ');
    num(&p->out, j->mh);
    if (qs_buf_addf(&p->out, "] /Resources %d 0 R /Contents %zu 0 R >>\nendobj\n",
                    OBJ_RES, j->cobj) < 0)
        return -1;
    return maybe_flush(p);
}

static void *writer_main(void *arg)
{
    struct qs_pdf *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->pending == -1 && !p->stop)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->pending == -1)
            break;
        int k = p->pending;
        p->pending = -1;
        p->busy = k;
        pthread_cond_broadcast(&p->cv);
        int failed = p->werr != 0;
        pthread_mutex_unlock(&p->mu);
        int rc = failed ? 0 : write_page(p, &p->job[k]);
        int e = errno ? errno : EIO;
        pthread_mutex_lock(&p->mu);
        if (rc < 0 && !p->werr)
            p->werr = e;
        p->busy = -1;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Wait until the writer has nothing queued or in hand; returns its error. */
static int wait_idle(struct qs_pdf *p)
{
    if (!p->thr_started)
        return 0;
    pthread_mutex_lock(&p->mu);
    while (p->pending != -1 || p->busy != -1)
        pthread_cond_wait(&p->cv, &p->mu);
    int e = p->werr;
    pthread_mutex_unlock(&p->mu);
    return e;
}

/* Wait for the writer, stop it; 0 or its errno. */
static int stop_writer(struct qs_pdf *p)
{
    if (!p->thr_started)
        return 0;
    int e = wait_idle(p);
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thr, NULL);
    p->thr_started = 0;
    return e;
}

static int add_group(struct qs_pdf *p, const char *title, unsigned page)
{
    if (p->ngroups == p->groups_cap) {
        size_t c = p->groups_cap ? p->groups_cap * 2 : 64;
        struct group *g = realloc(p->groups, c * sizeof *g);
        if (!g)
            return -1;
        p->groups = g;
        p->groups_cap = c;
    }
    char *t = strdup(title);
    if (!t)
        return -1;
    p->groups[p->ngroups].title = t;
    p->groups[p->ngroups].page = page;
    p->ngroups++;
    return 0;
}

int qs_pdf_page(void *ctx, const struct qs_page *pg, struct qs_err *err)
{
    struct qs_pdf *p = ctx;
    double mw, mh;
    if (p->failed)
        return qs_err_set(err, "CPF9897", "PDF writer failed earlier", (const char *)NULL);
    if (p->thr_started) {
        pthread_mutex_lock(&p->mu);
        while (p->pending == p->cur || p->busy == p->cur)
            pthread_cond_wait(&p->cv, &p->mu);
        int e = p->werr;
        pthread_mutex_unlock(&p->mu);
        if (e) {
            p->failed = 1;
            return qs_err_sys(err, e);
        }
    }
    media_size(p, pg, &mw, &mh);
    if (p->npages == p->pages_cap) {
        size_t c = p->pages_cap ? p->pages_cap * 2 : 256;
        unsigned *q = realloc(p->page_obj, c * sizeof *q);
        if (!q)
            goto nomem;
        p->page_obj = q;
        p->pages_cap = c;
    }
    unsigned idx = (unsigned)p->npages;
    if (p->pending_group) {
        if (add_group(p, p->pending_group, idx) < 0)
            goto nomem;
        free(p->pending_group);
        p->pending_group = NULL;
    } else if (p->o.group_pages && idx % p->o.group_pages == 0) {
        char t[64];
        if (p->o.group_pages == 1)
            snprintf(t, sizeof t, "Page %u", idx + 1);
        else
            snprintf(t, sizeof t, "Pages %u-%u", idx + 1, idx + p->o.group_pages);
        if (add_group(p, t, idx) < 0)
            goto nomem;
    }
    struct page_job *j = &p->job[p->cur];
    if (build_content(p, &j->content, pg, mw, mh) < 0)
        goto nomem;
    if (p->nobj + 3 >= p->xref_cap)
        wait_idle(p);                     /* new_obj may move xref */
    j->cobj = new_obj(p);
    j->pobj = new_obj(p);
    if (!j->cobj || !j->pobj)
        goto nomem;
    j->mw = mw;
    j->mh = mh;
    p->page_obj[p->npages++] = (unsigned)j->pobj;
    if (!p->thr_started) {
        if (pthread_create(&p->thr, NULL, writer_main, p) == 0)
            p->thr_started = 1;
    }
    if (!p->thr_started) {
        if (write_page(p, j) < 0)
            goto io;
        return 0;
    }
    pthread_mutex_lock(&p->mu);
    while (p->pending != -1)
        pthread_cond_wait(&p->cv, &p->mu);
    p->pending = p->cur;
    pthread_cond_broadcast(&p->cv);
    p->cur ^= 1;
    pthread_mutex_unlock(&p->mu);
    return 0;
nomem:
    p->failed = 1;
    return qs_err_sys(err, ENOMEM);
io:
    p->failed = 1;
    return qs_err_sys(err, errno ? errno : EIO);
}

int qs_pdf_group(struct qs_pdf *p, const char *title, struct qs_err *err)
{
    free(p->pending_group);
    p->pending_group = strdup(title ? title : "");
    if (!p->pending_group)
        return qs_err_sys(err, ENOMEM);
    return 0;
}

unsigned qs_pdf_pages(const struct qs_pdf *p)
{
    return (unsigned)p->npages;
}

void qs_pdf_opts_default(struct qs_pdf_opts *o)
{
    memset(o, 0, sizeof *o);
    o->media = QS_PDF_A4;
    o->orient = QS_PDF_AUTO;
    o->creator = "qshim";
    o->zlevel = 1;
    o->group_pages = 0;
    o->font_path = QS_PDF_DEFAULT_FONT;
    o->cjk_font_path = QS_PDF_DEFAULT_CJK_FONT;
}

struct qs_pdf *qs_pdf_new(int fd, const struct qs_pdf_opts *o, struct qs_err *err)
{
    struct qs_pdf *p = calloc(1, sizeof *p);
    if (!p) {
        qs_err_sys(err, ENOMEM);
        return NULL;
    }
    p->fd = fd;
    p->o = *o;
    if (p->o.zlevel < 0 || p->o.zlevel > 9)
        p->o.zlevel = 1;
    p->font[0].path = p->o.font_path;
    p->font[1].path = p->o.cjk_font_path;
    qs_buf_init(&p->out, 64u * 1024 * 1024);
    for (int k = 0; k < 2; k++)
        qs_buf_init(&p->job[k].content, 256u * 1024 * 1024);
    p->pending = p->busy = -1;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->cache = calloc(0x10000, sizeof *p->cache);
    p->xref_cap = 1024;
    p->xref = calloc(p->xref_cap, sizeof *p->xref);
    p->nobj = OBJ_FIRST - 1;
    if (!p->cache || !p->xref) {
        qs_pdf_free(&p);
        qs_err_sys(err, ENOMEM);
        return NULL;
    }
    qs_buf_init(&p->ebuf, 512u * 1024 * 1024);
    if (o->user_password) {
        if (qs_pdf_crypt_init(&p->crypt, o->user_password, o->owner_password, err) < 0) {
            qs_pdf_free(&p);
            return NULL;
        }
        p->encrypt = 1;
    }
    qs_buf_add(&p->out, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", 15);
    return p;
}

/* ---- the end of the file ------------------------------------------------ */

static void subset_tag(const struct emb_font *f, char tag[7])
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < f->ttf.nglyphs / 8 + 1; i++)
        h = (h ^ f->used[i]) * 16777619u;
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = '\0';
}

static void base_name(const char *path, char *dst, size_t n)
{
    const char *s = strrchr(path, '/');
    s = s ? s + 1 : path;
    size_t k = 0;
    for (; *s && *s != '.' && k + 1 < n; s++)
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')
            dst[k++] = *s;
    dst[k] = '\0';
    if (!k && n > 4)
        memcpy(dst, "Font", 5);
}

static int write_font(struct qs_pdf *p, struct emb_font *f, size_t *type0_r, struct qs_err *err)
{
    char tag[7], name[64];
    subset_tag(f, tag);
    base_name(f->path, name, sizeof name);
    double k = 1000.0 / f->ttf.upem;
    size_t t0 = new_obj(p), cid = new_obj(p), fd = new_obj(p), ff = new_obj(p), tu = new_obj(p);
    if (!t0 || !cid || !fd || !ff || !tu)
        return qs_err_sys(err, ENOMEM);
    begin_obj(p, t0);
    qs_buf_addf(&p->out, "<< /Type /Font /Subtype /Type0 /BaseFont /%s+%s /Encoding /Identity-H "
                "/DescendantFonts [%zu 0 R] /ToUnicode %zu 0 R >>\nendobj\n", tag, name, cid, tu);
    begin_obj(p, cid);
    qs_buf_addf(&p->out, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s+%s "
                "/CIDSystemInfo << /Registry ", tag, name);
    pdf_bytes(p, &p->out, "Adobe", 5);
    qs_buf_adds(&p->out, " /Ordering ");
    pdf_bytes(p, &p->out, "Identity", 8);
    qs_buf_addf(&p->out, " /Supplement 0 >> /FontDescriptor %zu 0 R /DW 600 "
                "/CIDToGIDMap /Identity /W [", fd);
    for (unsigned g = 0; g < f->ttf.nglyphs; g++)
        if ((f->used[g >> 3] & (1u << (g & 7))) && f->wide[g])
            qs_buf_addf(&p->out, " %u [1200]", g);
    qs_buf_adds(&p->out, " ] >>\nendobj\n");
    begin_obj(p, fd);
    qs_buf_addf(&p->out, "<< /Type /FontDescriptor /FontName /%s+%s /Flags 5 /FontBBox [%d %d %d %d] "
                "/ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 %zu 0 R >>\nendobj\n",
                tag, name, (int)(f->ttf.bbox[0] * k), (int)(f->ttf.bbox[1] * k),
                (int)(f->ttf.bbox[2] * k), (int)(f->ttf.bbox[3] * k),
                (int)(f->ttf.ascent * k), (int)(f->ttf.descent * k), (int)(f->ttf.cap_height * k), ff);
    struct qs_buf prog;
    qs_buf_init(&prog, QS_TTF_MAX_FILE);
    if (qs_ttf_subset(&f->ttf, f->used, &prog, err) < 0) {
        qs_buf_free(&prog);
        return -1;
    }
    char extra[48];
    snprintf(extra, sizeof extra, " /Length1 %zu", prog.len);
    int rc = write_stream(p, ff, extra, prog.data, prog.len, 1);
    qs_buf_free(&prog);
    if (rc < 0)
        return qs_err_sys(err, errno ? errno : ENOMEM);
    /* ToUnicode: glyph id → UTF-16BE */
    struct qs_buf cm;
    qs_buf_init(&cm, 64u * 1024 * 1024);
    qs_buf_adds(&cm, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    unsigned batch = 0;
    size_t mark = 0;
    for (unsigned g = 1; g < f->ttf.nglyphs; g++) {
        uint32_t u = f->uni[g];
        if (!u)
            continue;
        if (batch == 0) {
            mark = cm.len;
            qs_buf_adds(&cm, "000 beginbfchar\n");
        }
        if (u >= 0x10000) {
            u -= 0x10000;
            qs_buf_addf(&cm, "<%04X> <%04X%04X>\n", g, 0xD800 + (unsigned)(u >> 10),
                        0xDC00 + (unsigned)(u & 0x3FF));
        } else {
            qs_buf_addf(&cm, "<%04X> <%04X>\n", g, (unsigned)u);
        }
        if (++batch == 100) {
            memcpy(cm.data + mark, "100", 3);
            qs_buf_adds(&cm, "endbfchar\n");
            batch = 0;
        }
    }
    if (batch) {
        char nb[12];
        snprintf(nb, sizeof nb, "%03u", batch);
        memcpy(cm.data + mark, nb, 3);
        qs_buf_adds(&cm, "endbfchar\n");
    }
    qs_buf_adds(&cm, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    rc = write_stream(p, tu, NULL, cm.data, cm.len, 1);
    qs_buf_free(&cm);
    if (rc < 0)
        return qs_err_sys(err, errno ? errno : ENOMEM);
    *type0_r = t0;
    return 0;
}

static void pdf_date(char *d, size_t n)
{
    time_t t = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (*end == '\0' && v >= 0)
            t = (time_t)v;
    }
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(d, n, "D:%Y%m%d%H%M%SZ", &tm);
}

int qs_pdf_finish(struct qs_pdf *p, struct qs_err *err)
{
    if (p->failed)
        return qs_err_set(err, "CPF9897", "PDF writer failed earlier", (const char *)NULL);
    if (p->npages == 0) {
        /* a file without pages still opens: one blank page (poppler refuses
         * a page tree with /Count 0) */
        struct qs_page blank;
        memset(&blank, 0, sizeof blank);
        blank.number = 1;
        blank.length = 66;
        blank.width = 132;
        blank.lpi10 = 60;
        blank.cpi10 = 100;
        if (qs_pdf_page(p, &blank, err) < 0)
            return -1;
    }
    int we = stop_writer(p);
    if (we) {
        p->failed = 1;
        return qs_err_sys(err, we);
    }
    size_t fobj[NFONTS] = { 0 };
    for (int k = 0; k < NFONTS; k++)
        if (p->font[k].ok && p->font[k].nused && write_font(p, &p->font[k], &fobj[k], err) < 0)
            goto fail;
    size_t courier = 0;
    if (p->used_courier || p->npages) {
        courier = new_obj(p);
        begin_obj(p, courier);
        qs_buf_adds(&p->out, "<< /Type /Font /Subtype /Type1 /BaseFont /Courier "
                    "/Encoding /WinAnsiEncoding >>\nendobj\n");
    }
    begin_obj(p, OBJ_RES);
    qs_buf_adds(&p->out, "<< /ProcSet [/PDF /Text] /Font <<");
    if (courier)
        qs_buf_addf(&p->out, " /F1 %zu 0 R", courier);
    for (int k = 0; k < NFONTS; k++)
        if (fobj[k])
            qs_buf_addf(&p->out, " /F%d %zu 0 R", k + 2, fobj[k]);
    qs_buf_adds(&p->out, " >> >>\nendobj\n");

    /* outline: one item per group */
    size_t first_item = p->nobj + 1;
    for (size_t g = 0; g < p->ngroups; g++) {
        size_t o = new_obj(p);
        if (!o)
            goto nomem;
        begin_obj(p, o);
        qs_buf_adds(&p->out, "<< /Title ");
        text_string(p, &p->out, p->groups[g].title);
        qs_buf_addf(&p->out, " /Parent %d 0 R", OBJ_OUTLINES);
        if (g > 0)
            qs_buf_addf(&p->out, " /Prev %zu 0 R", o - 1);
        if (g + 1 < p->ngroups)
            qs_buf_addf(&p->out, " /Next %zu 0 R", o + 1);
        unsigned pg = p->groups[g].page < p->npages ? p->groups[g].page : 0;
        if (p->npages)
            qs_buf_addf(&p->out, " /Dest [%u 0 R /XYZ null null null]", p->page_obj[pg]);
        qs_buf_adds(&p->out, " >>\nendobj\n");
        if (maybe_flush(p) < 0)
            goto io;
    }
    begin_obj(p, OBJ_OUTLINES);
    if (p->ngroups)
        qs_buf_addf(&p->out, "<< /Type /Outlines /First %zu 0 R /Last %zu 0 R /Count %zu >>\nendobj\n",
                    first_item, first_item + p->ngroups - 1, p->ngroups);
    else
        qs_buf_adds(&p->out, "<< /Type /Outlines /Count 0 >>\nendobj\n");

    begin_obj(p, OBJ_PAGES);
    qs_buf_adds(&p->out, "<< /Type /Pages /Kids [");
    for (size_t i = 0; i < p->npages; i++) {
        qs_buf_addf(&p->out, "%u 0 R%c", p->page_obj[i], (i % 16 == 15) ? '\n' : ' ');
        if (maybe_flush(p) < 0)
            goto io;
    }
    qs_buf_addf(&p->out, "] /Count %zu >>\nendobj\n", p->npages);

    begin_obj(p, OBJ_CATALOG);
    qs_buf_addf(&p->out, "<< /Type /Catalog /Pages %d 0 R", OBJ_PAGES);
    if (p->ngroups)
        qs_buf_addf(&p->out, " /Outlines %d 0 R /PageMode /UseOutlines", OBJ_OUTLINES);
    if (p->encrypt)          /* AES-256 (R6) in a 1.7 file: Adobe extension level 8 */
        qs_buf_adds(&p->out, " /Extensions << /ADBE << /BaseVersion /1.7 /ExtensionLevel 8 >> >>");
    qs_buf_adds(&p->out, " >>\nendobj\n");
    size_t enc_obj = 0;
    if (p->encrypt) {
        enc_obj = new_obj(p);
        if (!enc_obj)
            goto nomem;
        begin_obj(p, enc_obj);
        qs_pdf_crypt_dict(&p->crypt, &p->out);
        qs_buf_adds(&p->out, "\nendobj\n");
    }

    char date[32];
    pdf_date(date, sizeof date);
    begin_obj(p, OBJ_INFO);
    qs_buf_adds(&p->out, "<<");
    if (p->o.title) {
        qs_buf_adds(&p->out, " /Title ");
        text_string(p, &p->out, p->o.title);
    }
    if (p->o.author) {
        qs_buf_adds(&p->out, " /Author ");
        text_string(p, &p->out, p->o.author);
    }
    if (p->o.subject) {
        qs_buf_adds(&p->out, " /Subject ");
        text_string(p, &p->out, p->o.subject);
    }
    qs_buf_adds(&p->out, " /Creator ");
    text_string(p, &p->out, p->o.creator ? p->o.creator : "qshim");
    qs_buf_adds(&p->out, " /Producer ");
    text_string(p, &p->out, "qshim spool PDF writer");
    qs_buf_adds(&p->out, " /CreationDate ");
    text_string(p, &p->out, date);
    qs_buf_adds(&p->out, " >>\nendobj\n");

    size_t xref_at = p->off + p->out.len;
    qs_buf_addf(&p->out, "xref\n0 %zu\n0000000000 65535 f \n", p->nobj + 1);
    for (size_t i = 1; i <= p->nobj; i++) {
        qs_buf_addf(&p->out, "%010zu 00000 n \n", p->xref[i]);
        if (maybe_flush(p) < 0)
            goto io;
    }
    uint32_t h = 2166136261u;
    for (const char *q = date; *q; q++)
        h = (h ^ (unsigned char)*q) * 16777619u;
    h ^= (uint32_t)p->npages * 2654435761u ^ (uint32_t)xref_at;
    qs_buf_addf(&p->out, "trailer\n<< /Size %zu /Root %d 0 R /Info %d 0 R "
                "/ID [<%08X%08X> <%08X%08X>]", p->nobj + 1, OBJ_CATALOG, OBJ_INFO, h, ~h, h, ~h);
    if (enc_obj)
        qs_buf_addf(&p->out, " /Encrypt %zu 0 R", enc_obj);
    qs_buf_addf(&p->out, " >>\nstartxref\n%zu\n%%%%EOF\n", xref_at);
    if (p->out.len == 0 || flush_out(p) < 0)
        goto io;
    return 0;
nomem:
    p->failed = 1;
    return qs_err_sys(err, ENOMEM);
io:
    p->failed = 1;
    return qs_err_sys(err, errno ? errno : EIO);
fail:
    p->failed = 1;
    return -1;
}

void qs_pdf_free(struct qs_pdf **pp)
{
    struct qs_pdf *p = *pp;
    if (!p)
        return;
    for (int k = 0; k < NFONTS; k++) {
        if (p->font[k].ok || p->font[k].ttf.data)
            qs_ttf_free(&p->font[k].ttf);
        free(p->font[k].used);
        free(p->font[k].uni);
        free(p->font[k].wide);
    }
    for (size_t g = 0; g < p->ngroups; g++)
        free(p->groups[g].title);
    free(p->groups);
    free(p->pending_group);
    free(p->cache);
    free(p->xref);
    free(p->page_obj);
    free(p->zbuf);
    if (p->zs_ready)
        deflateEnd(&p->zs);
    qs_buf_free(&p->out);
    qs_buf_free(&p->ebuf);
    OPENSSL_cleanse(&p->crypt, sizeof p->crypt);
    stop_writer(p);
    for (int k = 0; k < 2; k++)
        qs_buf_free(&p->job[k].content);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p);
    *pp = NULL;
}
