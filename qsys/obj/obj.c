/*
 * qsys/obj/obj.c - libraries, objects, authorities and locks (see obj.h).
 *
 * Owns the on-disk form of every object.  Invariants: names reaching a path
 * have passed qs_name_check (so no '/', '.', or "..") ; object files are only
 * ever replaced whole (link for create, rename for update), so readers never
 * see a partial object; a damaged file is reported, never trusted.
 */
#include "qsys/obj/obj.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define OBJ_MAGIC      "QSHIMOBJ 1\n"
#define OBJ_MAX_HEADER (64u * 1024)

static char *qtemp_dir;

static const char *const known_types[] = {
    "*CMD", "*DTAARA", "*DTAQ", "*FILE", "*JOBD", "*JRN", "*JRNRCV", "*LIB", "*MSGF",
    "*MSGQ", "*OUTQ", "*PGM", "*SRVPGM", "*TBL", "*USRIDX", "*USRPRF", "*USRQ",
    "*USRSPC", "*SBSD", "*PSFCFG", "*WSCST", "*DEVD", "*CLS",
};

/* --- names -------------------------------------------------------------- */

static int name_char(int c, int first)
{
    if (c >= 'A' && c <= 'Z')
        return 1;
    if (c == '$' || c == '#' || c == '@')
        return 1;
    if (first)
        return 0;
    return (c >= '0' && c <= '9') || c == '_';
}

int qs_name_check(const char *in, char out[QS_NAME_LEN + 1], const char *what,
                  struct qs_err *err)
{
    char show[33];
    qs_sanitize(show, sizeof show, in ? in : "", in ? strlen(in) : 0);
    size_t n = in ? strlen(in) : 0;
    if (n == 0 || n > QS_NAME_LEN)
        return qs_err_set(err, "CPD0078", show, what ? what : "NAME", (const char *)NULL);
    char tmp[QS_NAME_LEN + 1];
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)in[i];
        if (c >= 'a' && c <= 'z')
            c -= 'a' - 'A';
        if (!name_char(c, i == 0))
            return qs_err_set(err, "CPD0078", show, what ? what : "NAME", (const char *)NULL);
        tmp[i] = (char)c;
    }
    tmp[n] = '\0';
    memmove(out, tmp, n + 1);   /* out may be in */
    return 0;
}

int qs_objtype_known(const char *type)
{
    for (size_t i = 0; i < sizeof known_types / sizeof known_types[0]; i++)
        if (strcmp(type, known_types[i]) == 0)
            return 1;
    return 0;
}

int qs_objtype_check(const char *in, char out[QS_NAME_LEN + 1], struct qs_err *err)
{
    char t[QS_NAME_LEN + 1];
    size_t n = in ? strlen(in) : 0;
    if (n < 2 || n > QS_NAME_LEN || in[0] != '*')
        goto bad;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)in[i];
        if (c >= 'a' && c <= 'z')
            c -= 'a' - 'A';
        t[i] = (char)c;
    }
    t[n] = '\0';
    if (!qs_objtype_known(t))
        goto bad;
    memcpy(out, t, n + 1);
    return 0;
bad:;
    char show[QS_NAME_LEN + 1];
    qs_sanitize(show, sizeof show, in ? in : "", n);
    return qs_err_set(err, "CPF2160", show, (const char *)NULL);
}

static const char *const aut_names[] = { "*EXCLUDE", "*USE", "*CHANGE", "*ALL" };

const char *qs_aut_name(enum qs_aut a)
{
    return (unsigned)a < 4 ? aut_names[a] : "*EXCLUDE";
}

int qs_aut_parse(const char *s, enum qs_aut *a_r)
{
    for (int i = 0; i < 4; i++)
        if (qs_strcaseeq(s, aut_names[i])) {
            *a_r = (enum qs_aut)i;
            return 0;
        }
    return -1;
}

/* --- libraries ------------------------------------------------------------ */

void qs_obj_set_qtemp(const char *dir)
{
    free(qtemp_dir);
    qtemp_dir = dir ? strdup(dir) : NULL;
}

const char *qs_obj_qtemp(void)
{
    return qtemp_dir;
}

void qs_libl_default(struct qs_libl *l)
{
    static const char *const def[] = { "QSYS", "QUSRSYS", "QGPL", "QTEMP" };
    l->n = 0;
    for (size_t i = 0; i < 4; i++)
        qs_strlcpy(l->lib[l->n++], def[i], sizeof l->lib[0]);
}

int qs_lib_path(struct qs_buf *out, const char *lib, struct qs_err *err)
{
    if (strcmp(lib, "QTEMP") == 0) {
        if (!qtemp_dir)
            return qs_err_set(err, "CPF9810", lib, (const char *)NULL);
        if (qs_buf_adds(out, qtemp_dir) < 0)
            return qs_err_sys(err, errno);
        return 0;
    }
    return qs_root_path(out, err, "QSYS.LIB/%s.LIB", lib);
}

static int obj_path(struct qs_buf *out, const char *lib, const char *name, const char *type,
                    struct qs_err *err)
{
    if (qs_lib_path(out, lib, err) < 0)
        return -1;
    if (qs_buf_addf(out, "/%s.%s", name, type + 1) < 0)
        return qs_err_sys(err, errno);
    return 0;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int qs_lib_exists(const char *lib)
{
    struct qs_buf b;
    qs_buf_init(&b, QS_MAX_PATH);
    int ok = qs_lib_path(&b, lib, NULL) == 0 && is_dir(qs_buf_str(&b));
    qs_buf_free(&b);
    return ok;
}

int qs_obj_init_system(struct qs_err *err)
{
    static const char *const sys[] = { "QSYS", "QUSRSYS", "QGPL" };
    for (size_t i = 0; i < 3; i++) {
        if (qs_lib_exists(sys[i]))
            continue;
        if (qs_lib_create(sys[i], "System library", "QSYS", err) < 0 &&
            strcmp(err ? err->msgid : "", "CPF2111") != 0)
            return -1;
        qs_err_clear(err);
    }
    return 0;
}

int qs_lib_create(const char *lib_in, const char *text, const char *owner, struct qs_err *err)
{
    char lib[QS_NAME_LEN + 1];
    if (qs_name_check(lib_in, lib, "LIB", err) < 0)
        return -1;
    if (strcmp(lib, "QTEMP") == 0)
        return qs_err_set(err, "CPF2111", lib, (const char *)NULL);
    struct qs_buf b;
    qs_buf_init(&b, QS_MAX_PATH);
    if (qs_root_path(&b, err, "QSYS.LIB") < 0 || qs_mkdir_p(qs_buf_str(&b), 0700, err) < 0)
        goto fail;
    qs_buf_addf(&b, "/%s.LIB", lib);
    if (mkdir(qs_buf_str(&b), 0700) < 0) {
        if (errno == EEXIST)
            qs_err_set(err, "CPF2111", lib, (const char *)NULL);
        else
            qs_err_sys(err, errno);
        goto fail;
    }
    qs_fsync_dir(qs_buf_str(&b));
    /* The library's own description, so DSPOBJD/WRKOBJ see text and owner. */
    qs_buf_addf(&b, "/.LIBDESC");
    struct qs_buf hdr;
    qs_buf_init(&hdr, 256);
    qs_buf_addf(&hdr, "owner=%s\ntext=%s\n", owner ? owner : "QSYS", text ? text : "");
    int rc = qs_file_write_atomic(qs_buf_str(&b), qs_buf_str(&hdr), hdr.len, 0600, err);
    qs_buf_free(&hdr);
    qs_buf_free(&b);
    return rc;
fail:
    qs_buf_free(&b);
    return -1;
}

int qs_lib_owner(const char *lib_in, char owner_r[QS_NAME_LEN + 1], struct qs_err *err)
{
    char lib[QS_NAME_LEN + 1];
    if (qs_name_check(lib_in, lib, "LIB", err) < 0)
        return -1;
    if (!qs_lib_exists(lib))
        return qs_err_set(err, "CPF9810", lib, (const char *)NULL);
    if (!strcmp(lib, "QTEMP")) {
        qs_strlcpy(owner_r, "QSYS", QS_NAME_LEN + 1);
        return 0;
    }
    struct qs_buf p, raw;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&raw, 4096);
    qs_strlcpy(owner_r, "QSYS", QS_NAME_LEN + 1);
    if (qs_lib_path(&p, lib, err) == 0 && qs_buf_addf(&p, "/.LIBDESC") == 0 &&
        qs_file_read(qs_buf_str(&p), 4096, &raw, NULL) == 0 && raw.data &&
        strncmp(raw.data, "owner=", 6) == 0) {
        size_t n = strcspn(raw.data + 6, "\n");
        char o[QS_NAME_LEN + 1];
        if (n <= QS_NAME_LEN) {
            memcpy(o, raw.data + 6, n);
            o[n] = '\0';
            if (qs_name_check(o, o, "OWNER", NULL) == 0)
                qs_strlcpy(owner_r, o, QS_NAME_LEN + 1);
        }
    }
    qs_buf_free(&p);
    qs_buf_free(&raw);
    return 0;
}

int qs_lib_delete(const char *lib_in, struct qs_err *err)
{
    char lib[QS_NAME_LEN + 1];
    if (qs_name_check(lib_in, lib, "LIB", err) < 0)
        return -1;
    if (!strcmp(lib, "QSYS") || !strcmp(lib, "QGPL") || !strcmp(lib, "QUSRSYS") ||
        !strcmp(lib, "QTEMP"))
        return qs_err_set(err, "CPF2182", lib, (const char *)NULL);
    struct qs_buf b;
    qs_buf_init(&b, QS_MAX_PATH);
    int rc = -1;
    if (qs_lib_path(&b, lib, err) < 0)
        goto out;
    if (!is_dir(qs_buf_str(&b))) {
        qs_err_set(err, "CPF9810", lib, (const char *)NULL);
        goto out;
    }
    /* Rename away first so the library vanishes in one step, then remove. */
    struct qs_buf gone;
    qs_buf_init(&gone, QS_MAX_PATH);
    qs_buf_addf(&gone, "%s.deleted.%ld", qs_buf_str(&b), (long)getpid());
    if (rename(qs_buf_str(&b), qs_buf_str(&gone)) < 0) {
        qs_err_sys(err, errno);
        qs_buf_free(&gone);
        goto out;
    }
    qs_fsync_dir(qs_buf_str(&b));
    qs_rm_rf(qs_buf_str(&gone));
    qs_buf_free(&gone);
    rc = 0;
out:
    qs_buf_free(&b);
    return rc;
}

/* --- encoding -------------------------------------------------------------- */

/* Header values are single-line; anything else becomes a blank. */
static void add_clean(struct qs_buf *b, const char *s)
{
    for (; *s; s++)
        qs_buf_addc(b, ((unsigned char)*s < 0x20 || *s == 0x7f) ? ' ' : *s);
}

int qs_obj_encode(const struct qs_objdesc *d, const void *payload, size_t len,
                  struct qs_buf *out, struct qs_err *err)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    if (len)
        crc = crc32(crc, payload, (uInt)len);
    qs_buf_adds(out, OBJ_MAGIC);
    qs_buf_addf(out, "name=%s\ntype=%s\nattr=", d->name, d->type);
    add_clean(out, d->attr);
    qs_buf_adds(out, "\ntext=");
    add_clean(out, d->text);
    qs_buf_addf(out, "\nowner=%s\npubaut=%s\n", d->owner, qs_aut_name(d->pubaut));
    for (size_t i = 0; i < d->nprv && i < QS_OBJ_MAX_PRVAUT; i++)
        qs_buf_addf(out, "prvaut=%s %s\n", d->prv[i].user, qs_aut_name(d->prv[i].aut));
    qs_buf_addf(out, "created=%lld\nchanged=%lld\nsize=%zu\ncrc=%08lx\n\n",
                (long long)d->created, (long long)d->changed, len, (unsigned long)crc);
    if (qs_buf_add(out, payload, len) < 0 || !out->data)
        return qs_err_sys(err, errno ? errno : ENOMEM);
    return 0;
}

static int damaged(struct qs_err *err, const struct qs_objdesc *d)
{
    return qs_err_set(err, "CPF8105", d->type[0] ? d->type : "*N", d->name[0] ? d->name : "*N",
                      d->lib[0] ? d->lib : "*N", (const char *)NULL);
}

static int set_field(char *dst, size_t n, const char *v, size_t vl)
{
    if (vl >= n)
        return -1;
    memcpy(dst, v, vl);
    dst[vl] = '\0';
    return 0;
}

int qs_obj_decode(const char *data, size_t len, struct qs_objdesc *d, size_t *payload_off_r,
                  struct qs_err *err)
{
    size_t ml = sizeof OBJ_MAGIC - 1;
    int have_size = 0, have_crc = 0, have_type = 0;
    unsigned long crc_want = 0;
    long long size = -1;
    d->nprv = 0;
    if (len < ml || memcmp(data, OBJ_MAGIC, ml) != 0)
        return damaged(err, d);
    size_t p = ml;
    for (;;) {
        if (p >= len || p > OBJ_MAX_HEADER)
            return damaged(err, d);
        const char *nl = memchr(data + p, '\n', len - p);
        if (!nl)
            return damaged(err, d);
        size_t ll = (size_t)(nl - (data + p));
        const char *line = data + p;
        p += ll + 1;
        if (ll == 0)
            break;
        const char *eq = memchr(line, '=', ll);
        if (!eq)
            return damaged(err, d);
        size_t kl = (size_t)(eq - line);
        const char *v = eq + 1;
        size_t vl = ll - kl - 1;
        int bad = 0;
        long long x;
        if (qs_memcaseeq(line, kl, "name")) {
            char nm[QS_NAME_LEN + 1];
            bad = set_field(nm, sizeof nm, v, vl);
            if (!bad && d->name[0] && strcmp(nm, d->name) != 0)
                bad = 1;
            if (!bad)
                memcpy(d->name, nm, sizeof nm);
        } else if (qs_memcaseeq(line, kl, "type")) {
            char t[QS_NAME_LEN + 1];
            bad = set_field(t, sizeof t, v, vl);
            if (!bad && d->type[0] && strcmp(t, d->type) != 0)
                bad = 1;
            if (!bad)
                memcpy(d->type, t, sizeof t);
            have_type = 1;
        } else if (qs_memcaseeq(line, kl, "attr")) {
            bad = set_field(d->attr, sizeof d->attr, v, vl);
        } else if (qs_memcaseeq(line, kl, "text")) {
            bad = set_field(d->text, sizeof d->text, v, vl);
        } else if (qs_memcaseeq(line, kl, "owner")) {
            bad = set_field(d->owner, sizeof d->owner, v, vl);
        } else if (qs_memcaseeq(line, kl, "pubaut")) {
            char a[QS_NAME_LEN + 1];
            bad = set_field(a, sizeof a, v, vl) || qs_aut_parse(a, &d->pubaut);
        } else if (qs_memcaseeq(line, kl, "prvaut")) {
            const char *sp = memchr(v, ' ', vl);
            char a[QS_NAME_LEN + 1];
            if (!sp || d->nprv >= QS_OBJ_MAX_PRVAUT)
                bad = 1;
            else {
                struct qs_prvaut *pa = &d->prv[d->nprv];
                bad = set_field(pa->user, sizeof pa->user, v, (size_t)(sp - v)) ||
                      set_field(a, sizeof a, sp + 1, vl - (size_t)(sp - v) - 1) ||
                      qs_aut_parse(a, &pa->aut);
                if (!bad)
                    d->nprv++;
            }
        } else if (qs_memcaseeq(line, kl, "created")) {
            bad = qs_parse_ll(v, vl, 0, 1LL << 40, &x);
            d->created = (time_t)x;
        } else if (qs_memcaseeq(line, kl, "changed")) {
            bad = qs_parse_ll(v, vl, 0, 1LL << 40, &x);
            d->changed = (time_t)x;
        } else if (qs_memcaseeq(line, kl, "size")) {
            bad = qs_parse_ll(v, vl, 0, QS_MAX_OBJECT_SIZE, &size);
            have_size = 1;
        } else if (qs_memcaseeq(line, kl, "crc")) {
            char h[9];
            char *end;
            bad = vl != 8 || set_field(h, sizeof h, v, vl);
            if (!bad) {
                crc_want = strtoul(h, &end, 16);
                bad = *end != '\0';
            }
            have_crc = 1;
        }
        /* unknown keys are kept for newer versions: ignored */
        if (bad)
            return damaged(err, d);
    }
    if (!have_size || !have_crc || !have_type || (size_t)size != len - p)
        return damaged(err, d);
    uLong crc = crc32(0L, Z_NULL, 0);
    if (size)
        crc = crc32(crc, (const Bytef *)data + p, (uInt)size);
    if (crc != crc_want)
        return damaged(err, d);
    d->size = (size_t)size;
    *payload_off_r = p;
    return 0;
}

/* --- objects --------------------------------------------------------------- */

void qs_objdesc_init(struct qs_objdesc *d, const char *lib, const char *name,
                     const char *type, const char *owner)
{
    memset(d, 0, sizeof *d);
    qs_strlcpy(d->lib, lib ? lib : "", sizeof d->lib);
    qs_strlcpy(d->name, name ? name : "", sizeof d->name);
    qs_strlcpy(d->type, type ? type : "", sizeof d->type);
    qs_strlcpy(d->owner, owner && *owner ? owner : "QSYS", sizeof d->owner);
    d->pubaut = QS_AUT_CHANGE;
}

static int check_ident(const char *lib, const char *name, const char *type, char l[11],
                       char n[11], char t[11], struct qs_err *err)
{
    if (qs_name_check(lib, l, "LIB", err) < 0 || qs_name_check(name, n, "OBJ", err) < 0 ||
        qs_objtype_check(type, t, err) < 0)
        return -1;
    return 0;
}

static int lib_must_exist(const char *lib, struct qs_err *err)
{
    if (!qs_lib_exists(lib))
        return qs_err_set(err, "CPF9810", lib, (const char *)NULL);
    return 0;
}

/* Write a temp file beside `path` holding the encoded object; its name in tmp. */
static int write_temp(const char *path, struct qs_buf *enc, struct qs_buf *tmp,
                      struct qs_err *err)
{
    static unsigned seq;
    qs_buf_addf(tmp, "%s.tmp.%ld.%u", path, (long)getpid(), __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED));
    int fd = open(qs_buf_str(tmp), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return qs_err_sys(err, errno);
    if (qs_write_all(fd, enc->data, enc->len) < 0 || fsync(fd) < 0) {
        int e = errno;
        close(fd);
        unlink(qs_buf_str(tmp));
        return qs_err_sys(err, e);
    }
    if (close(fd) < 0) {
        int e = errno;
        unlink(qs_buf_str(tmp));
        return qs_err_sys(err, e);
    }
    return 0;
}

int qs_obj_create(struct qs_objdesc *d, const void *payload, size_t len, struct qs_err *err)
{
    char l[11], n[11], t[11];
    if (check_ident(d->lib, d->name, d->type, l, n, t, err) < 0 || lib_must_exist(l, err) < 0)
        return -1;
    memcpy(d->lib, l, sizeof l);
    memcpy(d->name, n, sizeof n);
    memcpy(d->type, t, sizeof t);
    if (len > QS_MAX_OBJECT_SIZE)
        return qs_err_sys(err, E2BIG);
    d->created = d->changed = time(NULL);
    d->size = len;
    struct qs_buf path, enc, tmp;
    qs_buf_init(&path, QS_MAX_PATH);
    qs_buf_init(&tmp, QS_MAX_PATH);
    qs_buf_init(&enc, QS_MAX_OBJECT_SIZE + OBJ_MAX_HEADER);
    int rc = -1;
    if (obj_path(&path, l, n, t, err) < 0 || qs_obj_encode(d, payload, len, &enc, err) < 0 ||
        write_temp(qs_buf_str(&path), &enc, &tmp, err) < 0)
        goto out;
    /* link() never replaces: exactly one creator wins, atomically. */
    if (link(qs_buf_str(&tmp), qs_buf_str(&path)) < 0) {
        if (errno == EEXIST)
            qs_err_set(err, "CPF9870", t, n, l, (const char *)NULL);
        else
            qs_err_sys(err, errno);
        unlink(qs_buf_str(&tmp));
        goto out;
    }
    unlink(qs_buf_str(&tmp));
    if (qs_fsync_dir(qs_buf_str(&path)) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    rc = 0;
out:
    qs_buf_free(&path);
    qs_buf_free(&tmp);
    qs_buf_free(&enc);
    return rc;
}

int qs_obj_update(struct qs_objdesc *d, const void *payload, size_t len, struct qs_err *err)
{
    char l[11], n[11], t[11];
    if (check_ident(d->lib, d->name, d->type, l, n, t, err) < 0 || lib_must_exist(l, err) < 0)
        return -1;
    if (len > QS_MAX_OBJECT_SIZE)
        return qs_err_sys(err, E2BIG);
    struct qs_buf path, enc, tmp;
    qs_buf_init(&path, QS_MAX_PATH);
    qs_buf_init(&tmp, QS_MAX_PATH);
    qs_buf_init(&enc, QS_MAX_OBJECT_SIZE + OBJ_MAX_HEADER);
    int rc = -1;
    if (obj_path(&path, l, n, t, err) < 0)
        goto out;
    if (access(qs_buf_str(&path), F_OK) < 0) {
        qs_err_set(err, "CPF9801", t, n, l, (const char *)NULL);
        goto out;
    }
    d->changed = time(NULL);
    d->size = len;
    if (qs_obj_encode(d, payload, len, &enc, err) < 0 ||
        write_temp(qs_buf_str(&path), &enc, &tmp, err) < 0)
        goto out;
    if (rename(qs_buf_str(&tmp), qs_buf_str(&path)) < 0) {
        qs_err_sys(err, errno);
        unlink(qs_buf_str(&tmp));
        goto out;
    }
    if (qs_fsync_dir(qs_buf_str(&path)) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    rc = 0;
out:
    qs_buf_free(&path);
    qs_buf_free(&tmp);
    qs_buf_free(&enc);
    return rc;
}

int qs_obj_read(const char *lib, const char *name, const char *type, struct qs_objdesc *d,
                struct qs_buf *payload, struct qs_err *err)
{
    char l[11], n[11], t[11];
    if (check_ident(lib, name, type, l, n, t, err) < 0 || lib_must_exist(l, err) < 0)
        return -1;
    struct qs_buf path, raw;
    qs_buf_init(&path, QS_MAX_PATH);
    qs_buf_init(&raw, QS_MAX_OBJECT_SIZE + OBJ_MAX_HEADER);
    int rc = -1;
    if (obj_path(&path, l, n, t, err) < 0)
        goto out;
    struct qs_err e2 = QS_ERR_INIT;
    if (qs_file_read(qs_buf_str(&path), QS_MAX_OBJECT_SIZE + OBJ_MAX_HEADER, &raw, &e2) < 0) {
        if (e2.sys_errno == ENOENT)
            qs_err_set(err, "CPF9801", t, n, l, (const char *)NULL);
        else
            qs_err_move(err, &e2);
        qs_err_clear(&e2);
        goto out;
    }
    memset(d, 0, sizeof *d);
    memcpy(d->lib, l, sizeof l);
    memcpy(d->name, n, sizeof n);
    memcpy(d->type, t, sizeof t);
    size_t off;
    if (qs_obj_decode(raw.data ? raw.data : "", raw.len, d, &off, err) < 0)
        goto out;
    if (payload && qs_buf_add(payload, raw.data + off, d->size) < 0) {
        qs_err_sys(err, errno);
        goto out;
    }
    rc = 0;
out:
    qs_buf_free(&path);
    qs_buf_free(&raw);
    return rc;
}

int qs_obj_exists(const char *lib, const char *name, const char *type)
{
    char l[11], n[11], t[11];
    if (check_ident(lib, name, type, l, n, t, NULL) < 0)
        return 0;
    struct qs_buf path;
    qs_buf_init(&path, QS_MAX_PATH);
    int ok = obj_path(&path, l, n, t, NULL) == 0 && access(qs_buf_str(&path), F_OK) == 0;
    qs_buf_free(&path);
    return ok;
}

int qs_obj_delete(const char *lib, const char *name, const char *type, struct qs_err *err)
{
    char l[11], n[11], t[11];
    if (check_ident(lib, name, type, l, n, t, err) < 0 || lib_must_exist(l, err) < 0)
        return -1;
    struct qs_buf path;
    qs_buf_init(&path, QS_MAX_PATH);
    int rc = -1;
    if (obj_path(&path, l, n, t, err) < 0)
        goto out;
    if (unlink(qs_buf_str(&path)) < 0) {
        if (errno == ENOENT)
            qs_err_set(err, "CPF9801", t, n, l, (const char *)NULL);
        else
            qs_err_sys(err, errno);
        goto out;
    }
    qs_fsync_dir(qs_buf_str(&path));
    rc = 0;
out:
    qs_buf_free(&path);
    return rc;
}

int qs_obj_resolve(const struct qs_libl *libl, const char *lib, const char *name,
                   const char *type, char lib_r[QS_NAME_LEN + 1], struct qs_err *err)
{
    char n[11], t[11], l[11];
    if (qs_name_check(name, n, "OBJ", err) < 0 || qs_objtype_check(type, t, err) < 0)
        return -1;
    if (lib && *lib && !qs_strcaseeq(lib, "*LIBL") && !qs_strcaseeq(lib, "*CURLIB")) {
        if (qs_name_check(lib, l, "LIB", err) < 0 || lib_must_exist(l, err) < 0)
            return -1;
        if (!qs_obj_exists(l, n, t))
            return qs_err_set(err, "CPF9801", t, n, l, (const char *)NULL);
        memcpy(lib_r, l, sizeof l);
        return 0;
    }
    struct qs_libl def;
    if (!libl) {
        qs_libl_default(&def);
        libl = &def;
    }
    for (size_t i = 0; i < libl->n; i++) {
        if (qs_obj_exists(libl->lib[i], n, t)) {
            qs_strlcpy(lib_r, libl->lib[i], QS_NAME_LEN + 1);
            return 0;
        }
    }
    return qs_err_set(err, "CPF9801", t, n, "*LIBL", (const char *)NULL);
}

/* A writer killed between writing its temp file and renaming it leaves
 * "<OBJ>.<TYPE>.tmp.<pid>.<n>"; remove it once that process is gone. */
static void sweep_temp(int dfd, const char *name)
{
    const char *t = strstr(name, ".tmp.");
    if (!t)
        return;
    char *end;
    long pid = strtol(t + 5, &end, 10);
    if (pid <= 0 || *end != '.' || pid == (long)getpid())
        return;
    if (kill((pid_t)pid, 0) < 0 && errno == ESRCH)
        unlinkat(dfd, name, 0);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int qs_obj_list(const char *lib_in, const char *type_in,
                int (*fn)(const struct qs_objdesc *d, void *arg), void *arg,
                struct qs_err *err)
{
    char lib[11], type[11] = "";
    if (qs_name_check(lib_in, lib, "LIB", err) < 0 || lib_must_exist(lib, err) < 0)
        return -1;
    if (type_in && *type_in && !qs_strcaseeq(type_in, "*ALL") &&
        qs_objtype_check(type_in, type, err) < 0)
        return -1;
    struct qs_buf dir;
    qs_buf_init(&dir, QS_MAX_PATH);
    if (qs_lib_path(&dir, lib, err) < 0) {
        qs_buf_free(&dir);
        return -1;
    }
    DIR *dp = opendir(qs_buf_str(&dir));
    qs_buf_free(&dir);
    if (!dp)
        return qs_err_sys(err, errno);
    char **names = NULL;
    size_t nn = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        const char *dot = strchr(de->d_name, '.');
        if (dot && dot != de->d_name)
            sweep_temp(dirfd(dp), de->d_name);
        if (!dot || dot == de->d_name || strchr(dot + 1, '.'))
            continue;   /* temp files, .LIBDESC, . and .. */
        if (type[0] && strcmp(dot + 1, type + 1) != 0)
            continue;
        if (nn == cap) {
            size_t nc = cap ? cap * 2 : 32;
            char **nv = realloc(names, nc * sizeof *nv);
            if (!nv)
                break;
            names = nv;
            cap = nc;
        }
        if ((names[nn] = strdup(de->d_name)) != NULL)
            nn++;
    }
    closedir(dp);
    if (nn)
        qsort(names, nn, sizeof *names, cmp_str);
    struct qs_objdesc *d = malloc(sizeof *d);
    int stop = 0;
    for (size_t i = 0; i < nn; i++) {
        char *dot = strchr(names[i], '.');
        *dot = '\0';
        char t[12];
        snprintf(t, sizeof t, "*%s", dot + 1);
        if (!stop && d && qs_obj_read(lib, names[i], t, d, NULL, NULL) == 0)
            stop = fn(d, arg);
        free(names[i]);
    }
    free(names);
    free(d);
    return 0;
}

/* --- authority ---------------------------------------------------------------- */

enum qs_aut qs_obj_authority(const struct qs_objdesc *d, const char *user, int allobj)
{
    if (allobj || (user && strcmp(user, d->owner) == 0))
        return QS_AUT_ALL;
    for (size_t i = 0; user && i < d->nprv; i++)
        if (strcmp(d->prv[i].user, user) == 0)
            return d->prv[i].aut;
    return d->pubaut;
}

int qs_obj_check_aut(const struct qs_objdesc *d, const char *user, int allobj,
                     enum qs_aut need, struct qs_err *err)
{
    if (qs_obj_authority(d, user, allobj) >= need)
        return 0;
    return qs_err_set(err, "CPF9802", d->type, d->name, d->lib, (const char *)NULL);
}

int qs_objdesc_set_prvaut(struct qs_objdesc *d, const char *user, enum qs_aut a,
                          struct qs_err *err)
{
    char u[11];
    if (qs_name_check(user, u, "USER", err) < 0)
        return -1;
    for (size_t i = 0; i < d->nprv; i++)
        if (strcmp(d->prv[i].user, u) == 0) {
            d->prv[i].aut = a;
            return 0;
        }
    if (d->nprv >= QS_OBJ_MAX_PRVAUT)
        return qs_err_sys(err, E2BIG);
    memcpy(d->prv[d->nprv].user, u, sizeof u);
    d->prv[d->nprv].aut = a;
    d->nprv++;
    return 0;
}

/* --- locks --------------------------------------------------------------------- */

int qs_obj_lock(const char *lib, const char *name, const char *type, enum qs_lockmode m,
                int timeout_ms, struct qs_objlock *lk, struct qs_err *err)
{
    char l[11], n[11], t[11];
    lk->fd = -1;
    if (check_ident(lib, name, type, l, n, t, err) < 0)
        return -1;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    if (qs_root_path(&p, err, "run/lock/%s", l) < 0 || qs_mkdir_p(qs_buf_str(&p), 0700, err) < 0) {
        qs_buf_free(&p);
        return -1;
    }
    qs_buf_addf(&p, "/%s.%s", n, t + 1);
    int fd = open(qs_buf_str(&p), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    qs_buf_free(&p);
    if (fd < 0)
        return qs_err_sys(err, errno);
    int waited = 0;
    for (;;) {
        if (qs_lock_fd(fd, m == QS_LOCK_EXCL, timeout_ms < 0) == 0)
            break;
        if (errno != EWOULDBLOCK || (timeout_ms >= 0 && waited >= timeout_ms)) {
            int e = errno;
            close(fd);
            if (e == EWOULDBLOCK)
                return qs_err_set(err, "CPF9803", t, n, l, (const char *)NULL);
            return qs_err_sys(err, e);
        }
        struct timespec ts = { 0, 10 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        waited += 10;
    }
    lk->fd = fd;
    return 0;
}

void qs_obj_unlock(struct qs_objlock *lk)
{
    if (lk && lk->fd >= 0) {
        close(lk->fd);
        lk->fd = -1;
    }
}
