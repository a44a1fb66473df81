/*
 * spool/prtf.c - printer files and overrides (see prtf.h).
 */
#include "spool/prtf.h"

#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "qsys/obj/obj.h"
#include "spool/splf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PRTF_ATTR    "PRTF"
#define OVR_PREFIX   "QSHIM_OVRPRTF_"
#define PRTF_TEXT_MAX 2048u

void qs_prtf_default(struct qs_prtf *p)
{
    memset(p, 0, sizeof *p);
    p->set = ~0u;
    p->page_len = 66;
    p->page_width = 132;
    p->lpi10 = 60;
    p->cpi10 = 100;
    p->overflow = 60;
    p->ctlchar = QS_CTL_NONE;
    qs_strlcpy(p->devtype, "*SCS", sizeof p->devtype);
    qs_strlcpy(p->outq, "*JOB", sizeof p->outq);
    qs_strlcpy(p->splfname, "*FILE", sizeof p->splfname);
    qs_strlcpy(p->formtype, "*STD", sizeof p->formtype);
}

void qs_prtf_merge(struct qs_prtf *to, const struct qs_prtf *f)
{
#define IF(bit) if (f->set & (bit))
    IF(QS_PRTF_PAGESIZE) { to->page_len = f->page_len; to->page_width = f->page_width; }
    IF(QS_PRTF_LPI) to->lpi10 = f->lpi10;
    IF(QS_PRTF_CPI) to->cpi10 = f->cpi10;
    IF(QS_PRTF_OVRFLW) to->overflow = f->overflow;
    IF(QS_PRTF_CTLCHAR) to->ctlchar = f->ctlchar;
    IF(QS_PRTF_DEVTYPE) memcpy(to->devtype, f->devtype, sizeof to->devtype);
    IF(QS_PRTF_OUTQ) {
        memcpy(to->outq, f->outq, sizeof to->outq);
        memcpy(to->outqlib, f->outqlib, sizeof to->outqlib);
    }
    IF(QS_PRTF_SPLFNAME) memcpy(to->splfname, f->splfname, sizeof to->splfname);
    IF(QS_PRTF_USRDTA) memcpy(to->usrdta, f->usrdta, sizeof to->usrdta);
    IF(QS_PRTF_FORMTYPE) memcpy(to->formtype, f->formtype, sizeof to->formtype);
    IF(QS_PRTF_HOLD) to->hold = f->hold;
    IF(QS_PRTF_SAVE) to->save = f->save;
#undef IF
    /* a shorter page pulls an overflow line that was not given onto it */
    if ((f->set & QS_PRTF_PAGESIZE) && !(f->set & QS_PRTF_OVRFLW) && (to->set & QS_PRTF_OVRFLW) &&
        to->overflow > to->page_len)
        to->overflow = to->page_len > 6 ? to->page_len - 6 : to->page_len;
    to->set |= f->set;
}

static int bad(struct qs_err *err, const char *kwd, unsigned v)
{
    char b[16];
    snprintf(b, sizeof b, "%u", v);
    return qs_err_set(err, "CPD0084", "0", kwd, b, (const char *)NULL);
}

int qs_prtf_check(const struct qs_prtf *p, struct qs_err *err)
{
    if ((p->set & QS_PRTF_PAGESIZE) && (p->page_len < 1 || p->page_len > QS_SPOOL_MAX_PAGE_LEN))
        return bad(err, "PAGESIZE", p->page_len);
    if ((p->set & QS_PRTF_PAGESIZE) &&
        (p->page_width < 1 || p->page_width > QS_SPOOL_MAX_PAGE_WIDTH))
        return bad(err, "PAGESIZE", p->page_width);
    if ((p->set & QS_PRTF_LPI) && (p->lpi10 < 10 || p->lpi10 > 120))
        return bad(err, "LPI", p->lpi10);
    if ((p->set & QS_PRTF_CPI) && (p->cpi10 < 10 || p->cpi10 > 300))
        return bad(err, "CPI", p->cpi10);
    if ((p->set & QS_PRTF_OVRFLW) &&
        (p->overflow < 1 || p->overflow > QS_SPOOL_MAX_PAGE_LEN ||
         ((p->set & QS_PRTF_PAGESIZE) && p->overflow > p->page_len)))
        return bad(err, "OVRFLW", p->overflow);
    return 0;
}

/* ---- text form: key=value, separated by sep ----------------------------- */

int qs_prtf_encode(const struct qs_prtf *p, char sep, struct qs_buf *out)
{
    qs_buf_addf(out, "set=%u%c", p->set, sep);
    qs_buf_addf(out, "pagesize=%u %u%clpi10=%u%ccpi10=%u%coverflow=%u%c", p->page_len,
                p->page_width, sep, p->lpi10, sep, p->cpi10, sep, p->overflow, sep);
    qs_buf_addf(out, "ctlchar=%s%cdevtype=%s%coutq=%s/%s%csplfname=%s%c",
                p->ctlchar == QS_CTL_FCFC ? "*FCFC" : "*NONE", sep, p->devtype, sep,
                p->outqlib, p->outq, sep, p->splfname, sep);
    /* user data and form type are free text: the separators become blanks */
    char u[sizeof p->usrdta], f[sizeof p->formtype];
    qs_strlcpy(u, p->usrdta, sizeof u);
    qs_strlcpy(f, p->formtype, sizeof f);
    for (char *c = u; *c; c++)
        if (*c == ';' || *c == '\n' || *c == '\r')
            *c = ' ';
    for (char *c = f; *c; c++)
        if (*c == ';' || *c == '\n' || *c == '\r')
            *c = ' ';
    return qs_buf_addf(out, "usrdta=%s%cformtype=%s%chold=%d%csave=%d%c", u, sep, f, sep,
                       p->hold, sep, p->save, sep);
}

static void put(char *dst, size_t cap, const char *v, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, v, n);
    dst[n] = '\0';
}

int qs_prtf_decode(const char *s, size_t n, struct qs_prtf *p_r)
{
    struct qs_prtf p;
    memset(&p, 0, sizeof p);
    size_t i = 0;
    while (i < n) {
        size_t l = 0;
        while (i + l < n && s[i + l] != '\n' && s[i + l] != ';')
            l++;
        const char *k = s + i, *eq = memchr(k, '=', l);
        i += l + 1;
        if (!eq)
            continue;
        size_t kl = (size_t)(eq - k), vl = l - kl - 1;
        const char *v = eq + 1;
        long long x = 0, y = 0;
#define K(lit) (kl == sizeof(lit) - 1 && memcmp(k, lit, kl) == 0)
        if (K("set")) {
            if (qs_parse_ll(v, vl, 0, 0xffffffffLL, &x) < 0)
                return -1;
            p.set = (unsigned)x;
        } else if (K("pagesize")) {
            const char *sp = memchr(v, ' ', vl);
            if (!sp || qs_parse_ll(v, (size_t)(sp - v), 0, 100000, &x) < 0 ||
                qs_parse_ll(sp + 1, vl - (size_t)(sp - v) - 1, 0, 100000, &y) < 0)
                return -1;
            p.page_len = (unsigned)x;
            p.page_width = (unsigned)y;
        } else if (K("lpi10") || K("cpi10") || K("overflow") || K("hold") || K("save")) {
            if (qs_parse_ll(v, vl, 0, 100000, &x) < 0)
                return -1;
            if (K("lpi10")) p.lpi10 = (unsigned)x;
            else if (K("cpi10")) p.cpi10 = (unsigned)x;
            else if (K("overflow")) p.overflow = (unsigned)x;
            else if (K("hold")) p.hold = x != 0;
            else p.save = x != 0;
        } else if (K("ctlchar")) {
            p.ctlchar = vl == 5 && memcmp(v, "*FCFC", 5) == 0 ? QS_CTL_FCFC : QS_CTL_NONE;
        } else if (K("devtype")) {
            put(p.devtype, sizeof p.devtype, v, vl);
        } else if (K("outq")) {
            const char *sl = memchr(v, '/', vl);
            if (!sl)
                return -1;
            put(p.outqlib, sizeof p.outqlib, v, (size_t)(sl - v));
            put(p.outq, sizeof p.outq, sl + 1, vl - (size_t)(sl - v) - 1);
        } else if (K("splfname")) {
            put(p.splfname, sizeof p.splfname, v, vl);
        } else if (K("usrdta")) {
            put(p.usrdta, sizeof p.usrdta, v, vl);
        } else if (K("formtype")) {
            put(p.formtype, sizeof p.formtype, v, vl);
        }
#undef K
    }
    *p_r = p;
    return 0;
}

/* ---- printer file objects ------------------------------------------------ */

static int find(struct qs_job *j, const char *lib, const char *name, char *lib_r,
                struct qs_err *err)
{
    struct qs_err e2 = QS_ERR_INIT;
    const char *l = !lib || !*lib || strcmp(lib, "*CURLIB") == 0 ? "*LIBL" : lib;
    if (qs_obj_resolve(j ? &j->libl : NULL, l, name, "*FILE", lib_r, &e2) < 0) {
        qs_err_clear(&e2);
        return qs_err_set(err, "CPF9812", name, l, (const char *)NULL);
    }
    return 0;
}

int qs_prtf_get(struct qs_job *j, const char *lib, const char *name_in, struct qs_prtf *p_r,
                char *found_lib, struct qs_err *err)
{
    char name[QS_NAME_LEN + 1], l[QS_NAME_LEN + 1];
    if (qs_name_check(name_in, name, "FILE", err) < 0 || find(j, lib, name, l, err) < 0)
        return -1;
    struct qs_objdesc d;
    struct qs_buf pl;
    qs_buf_init(&pl, PRTF_TEXT_MAX);
    int rc = qs_obj_read(l, name, "*FILE", &d, &pl, err);
    if (rc == 0 && strcmp(d.attr, PRTF_ATTR) != 0)
        rc = qs_err_set(err, "CPF9812", name, l, (const char *)NULL);   /* not a printer file */
    if (rc == 0 && qs_prtf_decode(qs_buf_str(&pl), pl.len, p_r) < 0)
        rc = qs_err_set(err, "CPF8105", "*FILE", name, l, (const char *)NULL);
    qs_buf_free(&pl);
    if (rc == 0 && found_lib)
        qs_strlcpy(found_lib, l, QS_NAME_LEN + 1);
    return rc;
}

static int store(struct qs_objdesc *d, const struct qs_prtf *p, int create, struct qs_err *err)
{
    struct qs_buf t;
    qs_buf_init(&t, PRTF_TEXT_MAX);
    int rc = qs_prtf_encode(p, '\n', &t) < 0 ? qs_err_sys(err, ENOMEM)
           : create ? qs_obj_create(d, t.data, t.len, err) : qs_obj_update(d, t.data, t.len, err);
    qs_buf_free(&t);
    return rc;
}

int qs_prtf_create(struct qs_job *j, const char *lib_in, const char *name_in,
                   const struct qs_prtf *p, const char *text, int replace, struct qs_err *err)
{
    char name[QS_NAME_LEN + 1], lib[QS_NAME_LEN + 1];
    if (qs_name_check(name_in, name, "FILE", err) < 0 || qs_prtf_check(p, err) < 0)
        return -1;
    if (!lib_in || !*lib_in || lib_in[0] == '*')
        qs_strlcpy(lib, "QGPL", sizeof lib);        /* *CURLIB: QGPL here */
    else if (qs_name_check(lib_in, lib, "LIB", err) < 0)
        return -1;
    if (qs_obj_exists(lib, name, "*FILE")) {
        struct qs_objdesc old;
        if (!replace || qs_obj_read(lib, name, "*FILE", &old, NULL, err) < 0 ||
            strcmp(old.attr, PRTF_ATTR) != 0 || qs_obj_delete(lib, name, "*FILE", err) < 0)
            return qs_err_set(err, "CPF7302", name, lib, (const char *)NULL);
    }
    struct qs_objdesc d;
    qs_objdesc_init(&d, lib, name, "*FILE", j ? j->user : "QSYS");
    qs_strlcpy(d.attr, PRTF_ATTR, sizeof d.attr);
    qs_strlcpy(d.text, text ? text : "", sizeof d.text);
    return store(&d, p, 1, err);
}

int qs_prtf_change(struct qs_job *j, const char *lib, const char *name_in,
                   const struct qs_prtf *chg, struct qs_err *err)
{
    char name[QS_NAME_LEN + 1], l[QS_NAME_LEN + 1];
    struct qs_prtf p;
    if (qs_name_check(name_in, name, "FILE", err) < 0 ||
        qs_prtf_get(j, lib, name, &p, l, err) < 0)
        return -1;
    qs_prtf_merge(&p, chg);
    if (qs_prtf_check(&p, err) < 0)
        return -1;
    struct qs_objdesc d;
    if (qs_obj_read(l, name, "*FILE", &d, NULL, err) < 0)
        return -1;
    return store(&d, &p, 0, err);
}

/* ---- overrides ----------------------------------------------------------- */

static void ovr_var(const char *name, char *v, size_t cap)
{
    snprintf(v, cap, OVR_PREFIX "%s", strcmp(name, "*PRTF") == 0 ? "_PRTF" : name);
}

int qs_prtf_override_get(const char *name, struct qs_prtf *p_r)
{
    char var[64];
    ovr_var(name, var, sizeof var);
    const char *v = getenv(var);
    return v && qs_prtf_decode(v, strlen(v), p_r) == 0 ? 1 : 0;
}

int qs_prtf_override(const char *name_in, const struct qs_prtf *p, struct qs_err *err)
{
    char name[QS_NAME_LEN + 1], var[64];
    if (strcmp(name_in, "*PRTF") == 0)
        qs_strlcpy(name, "*PRTF", sizeof name);
    else if (qs_name_check(name_in, name, "FILE", err) < 0)
        return -1;
    if (qs_prtf_check(p, err) < 0)
        return -1;
    struct qs_prtf cur;
    if (!qs_prtf_override_get(name, &cur))
        memset(&cur, 0, sizeof cur);
    qs_prtf_merge(&cur, p);
    struct qs_buf t;
    qs_buf_init(&t, PRTF_TEXT_MAX);
    ovr_var(name, var, sizeof var);
    int rc = qs_prtf_encode(&cur, ';', &t) < 0 ? qs_err_sys(err, ENOMEM)
           : setenv(var, t.data, 1) < 0 ? qs_err_sys(err, errno) : 0;
    qs_buf_free(&t);
    return rc;
}

extern char **environ;

int qs_prtf_override_delete(const char *name, struct qs_err *err)
{
    char var[64];
    if (strcmp(name, "*ALL") != 0) {
        char n[QS_NAME_LEN + 1];
        if (strcmp(name, "*PRTF") == 0)
            qs_strlcpy(n, "*PRTF", sizeof n);
        else if (qs_name_check(name, n, "FILE", err) < 0)
            return -1;
        ovr_var(n, var, sizeof var);
        if (!getenv(var))
            return qs_err_set(err, "CPF9841", n, (const char *)NULL);
        unsetenv(var);
        return 0;
    }
    for (;;) {                                  /* unsetenv changes environ: restart */
        char **e = environ;
        while (e && *e && strncmp(*e, OVR_PREFIX, sizeof OVR_PREFIX - 1) != 0)
            e++;
        if (!e || !*e)
            return 0;
        size_t l = strcspn(*e, "=");
        if (l >= sizeof var)
            return 0;
        memcpy(var, *e, l);
        var[l] = '\0';
        unsetenv(var);
    }
}

/* ---- what a spooled file takes ------------------------------------------- */

void qs_prtf_apply(const struct qs_prtf *p, const char *file, struct qs_splf_attr *a)
{
    if (p->set & QS_PRTF_PAGESIZE) {
        a->ro.page_len = p->page_len;
        a->ro.page_width = p->page_width;
        if (a->ro.overflow > a->ro.page_len)   /* keep it on the page */
            a->ro.overflow = a->ro.page_len > 6 ? a->ro.page_len - 6 : a->ro.page_len;
        for (unsigned c = 1; c <= QS_SPOOL_CHANNELS; c++)
            if (a->ro.chlval[c] > a->ro.page_len)
                a->ro.chlval[c] = 0;
    }
    if (p->set & QS_PRTF_OVRFLW)
        a->ro.overflow = p->overflow <= a->ro.page_len ? p->overflow : a->ro.page_len;
    if (p->set & QS_PRTF_LPI)
        a->ro.lpi10 = p->lpi10;
    if (p->set & QS_PRTF_CPI)
        a->ro.cpi10 = p->cpi10;
    if (p->set & QS_PRTF_CTLCHAR)
        a->ro.ctlchar = p->ctlchar;
    if (p->set & QS_PRTF_DEVTYPE)
        qs_strlcpy(a->devtype, p->devtype, sizeof a->devtype);
    if ((p->set & QS_PRTF_OUTQ) && p->outq[0] && strcmp(p->outq, "*JOB") != 0 &&
        strcmp(p->outq, "*DEV") != 0) {
        qs_strlcpy(a->outq, p->outq, sizeof a->outq);
        qs_strlcpy(a->outqlib, p->outqlib[0] && p->outqlib[0] != '*' ? p->outqlib : "QGPL",
                   sizeof a->outqlib);
    }
    if ((p->set & QS_PRTF_SPLFNAME) && p->splfname[0])
        qs_strlcpy(a->file, strcmp(p->splfname, "*FILE") == 0 ? file : p->splfname,
                   sizeof a->file);
    if (p->set & QS_PRTF_USRDTA)
        qs_strlcpy(a->usrdta, p->usrdta, sizeof a->usrdta);
    if (p->set & QS_PRTF_FORMTYPE)
        qs_strlcpy(a->formtype, strcmp(p->formtype, "*STD") == 0 ? "" : p->formtype,
                   sizeof a->formtype);
    if (p->set & QS_PRTF_HOLD)
        a->opn_hold = p->hold;
    if (p->set & QS_PRTF_SAVE)
        a->save = p->save;
}

int qs_prtf_open_attr(struct qs_job *j, const char *lib, const char *name_in,
                      struct qs_splf_attr *a, struct qs_err *err)
{
    char name[QS_NAME_LEN + 1], l[QS_NAME_LEN + 1];
    if (qs_name_check(name_in, name, "FILE", err) < 0)
        return -1;
    qs_splf_attr_default(a);
    qs_strlcpy(a->file, name, sizeof a->file);
    qs_strlcpy(a->prtf, name, sizeof a->prtf);
    qs_strlcpy(a->prtflib, "QSYS", sizeof a->prtflib);
    struct qs_prtf p;
    struct qs_err e2 = QS_ERR_INIT;
    int rc = qs_prtf_get(j, lib, name, &p, l, &e2);
    qs_err_clear(&e2);
    if (rc == 0) {
        qs_prtf_apply(&p, name, a);
        qs_strlcpy(a->prtflib, l, sizeof a->prtflib);
    }
    /* No printer file of that name: IBM's QSYSPRT and QPRINT are what the
     * defaults describe; another name is opened with them too. */
    return 0;
}

void qs_prtf_apply_overrides(const char *name, struct qs_splf_attr *a)
{
    struct qs_prtf p;
    if (qs_prtf_override_get("*PRTF", &p))
        qs_prtf_apply(&p, a->prtf[0] ? a->prtf : name, a);
    if (qs_prtf_override_get(name, &p))
        qs_prtf_apply(&p, a->prtf[0] ? a->prtf : name, a);
}
