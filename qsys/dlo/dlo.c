/*
 * qsys/dlo/dlo.c - folders and documents of the document library (dlo.h).
 */
#include "qsys/dlo/dlo.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/root.h"
#include "qsys/base/str.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int dlo_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("$#@_-", c);
}

int qs_dlo_name_check(const char *in, char out[QS_DLO_NAME_LEN + 1], const char *what,
                      struct qs_err *err)
{
    size_t n = in ? strlen(in) : 0, base = 0, ext = 0;
    int dot = 0;
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        if (c == '.' && !dot && i > 0) {
            dot = 1;
        } else if (!dlo_char(c) || (dot ? ++ext > 3 : ++base > 8)) {
            goto bad;
        }
        out[i] = c;
    }
    if (!base || (dot && !ext))
        goto bad;
    out[n] = '\0';
    return 0;
bad:;
    char shown[65];
    qs_sanitize(shown, sizeof shown, in ? in : "", n);
    return qs_err_set(err, "CPF8AA3", what, shown, (const char *)NULL);
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int qs_flr_path(struct qs_buf *out, const char *flr, int must_exist, struct qs_err *err)
{
    if (qs_root_path(out, err, "QDLS") < 0)
        return -1;
    size_t n = flr ? strlen(flr) : 0;
    if (n > QS_FLR_PATH_LEN)
        return qs_err_set(err, "CPF8AA3", "FLR", "(longer than 63)", (const char *)NULL);
    const char *p = flr;
    while (p && *p) {
        const char *sl = strchr(p, '/');
        size_t len = sl ? (size_t)(sl - p) : strlen(p);
        char part[QS_DLO_NAME_LEN + 2], name[QS_DLO_NAME_LEN + 1];
        if (len == 0 || len > QS_DLO_NAME_LEN) {
            char shown[65];
            qs_sanitize(shown, sizeof shown, flr, n);
            return qs_err_set(err, "CPF8AA3", "FLR", shown, (const char *)NULL);
        }
        memcpy(part, p, len);
        part[len] = '\0';
        if (qs_dlo_name_check(part, name, "FLR", err) < 0)
            return -1;
        if (qs_buf_addf(out, "/%s", name) < 0)
            return qs_err_sys(err, errno);
        p = sl ? sl + 1 : NULL;
    }
    if (must_exist && !is_dir(out->data)) {
        char shown[QS_FLR_PATH_LEN + 1];
        qs_sanitize(shown, sizeof shown, flr ? flr : "", n);
        return qs_err_set(err, "CPF8A77", shown, (const char *)NULL);
    }
    return 0;
}

/* "inflr/name" as one folder path into out[64]. */
static int join(char out[QS_FLR_PATH_LEN + 2], const char *inflr, const char *name,
                struct qs_err *err)
{
    int k = inflr && *inflr ? snprintf(out, QS_FLR_PATH_LEN + 2, "%s/%s", inflr, name)
                            : snprintf(out, QS_FLR_PATH_LEN + 2, "%s", name);
    if (k < 0 || k > QS_FLR_PATH_LEN)
        return qs_err_set(err, "CPF8AA3", "FLR", "(longer than 63)", (const char *)NULL);
    return 0;
}

int qs_flr_create(const char *name, const char *inflr, const char *text, struct qs_err *err)
{
    char nm[QS_DLO_NAME_LEN + 1], full[QS_FLR_PATH_LEN + 2];
    struct qs_buf parent, p;
    qs_buf_init(&parent, QS_MAX_PATH);
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = qs_dlo_name_check(name, nm, "FLR", err);
    if (rc == 0)
        rc = join(full, inflr, nm, err);
    if (rc == 0 && (!inflr || !*inflr)) {   /* the QDLS root itself is made on demand */
        rc = qs_flr_path(&parent, NULL, 0, err);
        if (rc == 0)
            rc = qs_mkdir_p(parent.data, 0700, err);
    } else if (rc == 0) {
        rc = qs_flr_path(&parent, inflr, 1, err);
    }
    if (rc == 0)
        rc = qs_flr_path(&p, full, 0, err);
    if (rc == 0 && mkdir(p.data, 0700) < 0)
        rc = errno == EEXIST ? qs_err_set(err, "CPF8AA1", full, (const char *)NULL)
                             : qs_err_sys(err, errno);
    if (rc == 0) {
        qs_fsync_dir(p.data);
        if (text && *text && qs_buf_adds(&p, "/.text") == 0)
            rc = qs_file_write_atomic(p.data, text, strlen(text), 0600, err);
    }
    qs_buf_free(&parent);
    qs_buf_free(&p);
    return rc;
}

int qs_flr_delete(const char *name, const char *inflr, struct qs_err *err)
{
    char nm[QS_DLO_NAME_LEN + 1], full[QS_FLR_PATH_LEN + 2];
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = qs_dlo_name_check(name, nm, "FLR", err);
    if (rc == 0)
        rc = join(full, inflr, nm, err);
    if (rc == 0)
        rc = qs_flr_path(&p, full, 1, err);
    if (rc == 0) {
        /* rename first, so a crash leaves either the folder or nothing
         * visible; then remove the renamed tree */
        struct qs_buf gone;
        qs_buf_init(&gone, QS_MAX_PATH);
        char *sl = strrchr(p.data, '/');
        if (qs_buf_add(&gone, p.data, (size_t)(sl - p.data)) < 0 ||
            qs_buf_addf(&gone, "/.deleted.%s.%ld", nm, (long)getpid()) < 0)
            rc = qs_err_sys(err, errno);
        if (rc == 0 && rename(p.data, gone.data) < 0)
            rc = qs_err_sys(err, errno);
        if (rc == 0) {
            qs_fsync_dir(p.data);
            qs_rm_rf(gone.data);
        }
        qs_buf_free(&gone);
    }
    qs_buf_free(&p);
    return rc;
}

static int cmp_info(const void *a, const void *b)
{
    return strcmp(((const struct qs_dlo_info *)a)->name, ((const struct qs_dlo_info *)b)->name);
}

static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)))
        n += de->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

int qs_flr_list(const char *flr, struct qs_dlo_info **v_r, size_t *n_r, struct qs_err *err)
{
    *v_r = NULL;
    *n_r = 0;
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = qs_flr_path(&p, flr, flr && *flr, err);
    DIR *d = rc == 0 ? opendir(p.data) : NULL;
    if (rc == 0 && !d && errno != ENOENT)
        rc = qs_err_sys(err, errno);
    struct qs_dlo_info *v = NULL;
    size_t n = 0, base = p.len;
    struct dirent *de;
    while (rc == 0 && d && (de = readdir(d))) {
        char nm[QS_DLO_NAME_LEN + 1];
        if (de->d_name[0] == '.' || qs_dlo_name_check(de->d_name, nm, "", NULL) < 0 ||
            strcmp(nm, de->d_name))
            continue;                       /* not a DLO (hidden, temp, foreign) */
        qs_buf_truncate(&p, base);
        struct stat st;
        if (qs_buf_addf(&p, "/%s", de->d_name) < 0 || stat(p.data, &st) < 0)
            continue;
        int folder = S_ISDIR(st.st_mode);
        if ((!flr || !*flr) && !folder)
            continue;
        struct qs_dlo_info *nv = realloc(v, (n + 1) * sizeof *v);
        if (!nv) {
            rc = qs_err_sys(err, ENOMEM);
            break;
        }
        v = nv;
        memset(&v[n], 0, sizeof v[n]);
        memcpy(v[n].name, nm, sizeof nm);
        v[n].is_folder = folder;
        v[n].changed = st.st_mtime;
        v[n].size = folder ? entries(p.data) : (size_t)st.st_size;
        if (folder) {
            struct qs_buf t;
            qs_buf_init(&t, QS_DLO_TEXT_LEN * 4);
            if (qs_buf_adds(&p, "/.text") == 0 && access(p.data, F_OK) == 0 &&
                qs_file_read(p.data, QS_DLO_TEXT_LEN * 4, &t, NULL) == 0 && t.len)
                qs_sanitize(v[n].text, sizeof v[n].text, t.data, t.len);
            qs_buf_free(&t);
        }
        n++;
    }
    if (d)
        closedir(d);
    qs_buf_free(&p);
    if (rc < 0) {
        free(v);
        return -1;
    }
    if (n)
        qsort(v, n, sizeof *v, cmp_info);
    *v_r = v;
    *n_r = n;
    return 0;
}

static int doc_path(struct qs_buf *p, const char *flr, const char *doc, char nm[QS_DLO_NAME_LEN + 1],
                    struct qs_err *err)
{
    if (qs_dlo_name_check(doc, nm, "DOC", err) < 0 || qs_flr_path(p, flr, 1, err) < 0)
        return -1;
    return qs_buf_addf(p, "/%s", nm) < 0 ? qs_err_sys(err, errno) : 0;
}

static int no_doc(struct qs_err *err, const char *flr, const char *nm);

/* The path of an existing regular document into p; CPF8A82 otherwise. */
static int existing_doc(struct qs_buf *p, const char *flr, const char *doc, struct qs_err *err)
{
    char nm[QS_DLO_NAME_LEN + 1];
    struct stat st;
    if (doc_path(p, flr, doc, nm, err) < 0)
        return -1;
    return lstat(p->data, &st) == 0 && S_ISREG(st.st_mode) ? 0 : no_doc(err, flr, nm);
}

static int no_doc(struct qs_err *err, const char *flr, const char *nm)
{
    char shown[QS_FLR_PATH_LEN + 1];
    qs_sanitize(shown, sizeof shown, flr ? flr : "", flr ? strlen(flr) : 0);
    return qs_err_set(err, "CPF8A82", shown, nm, (const char *)NULL);
}

int qs_doc_read(const char *flr, const char *doc, size_t max, struct qs_buf *out,
                struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = existing_doc(&p, flr, doc, err);
    if (rc == 0)
        rc = qs_file_read(p.data, max, out, err);
    qs_buf_free(&p);
    return rc;
}

int qs_doc_write(const char *flr, const char *doc, const void *data, size_t len, int replace,
                 struct qs_err *err)
{
    char nm[QS_DLO_NAME_LEN + 1];
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = doc_path(&p, flr, doc, nm, err);
    struct stat st;
    if (rc == 0 && lstat(p.data, &st) == 0 && (!replace || !S_ISREG(st.st_mode))) {
        char shown[QS_FLR_PATH_LEN + 1];
        qs_sanitize(shown, sizeof shown, flr, strlen(flr));
        rc = qs_err_set(err, "CPF8AA2", shown, nm, (const char *)NULL);
    }
    if (rc == 0)
        rc = qs_file_write_atomic(p.data, data ? data : "", len, 0600, err);
    qs_buf_free(&p);
    return rc;
}

int qs_doc_delete(const char *flr, const char *doc, struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = existing_doc(&p, flr, doc, err);
    if (rc == 0 && unlink(p.data) < 0)
        rc = qs_err_sys(err, errno);
    if (rc == 0)
        qs_fsync_dir(p.data);
    qs_buf_free(&p);
    return rc;
}

int qs_doc_check_new(const char *flr, const char *doc, struct qs_err *err)
{
    if (!flr)
        return qs_doc_unfiled_check_new(doc, err);
    char nm[QS_DLO_NAME_LEN + 1];
    struct qs_buf p;
    struct stat st;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = doc_path(&p, flr, doc, nm, err);
    if (rc == 0 && lstat(p.data, &st) == 0) {
        char shown[QS_FLR_PATH_LEN + 1];
        qs_sanitize(shown, sizeof shown, flr, strlen(flr));
        rc = qs_err_set(err, "CPF8AA2", shown, nm, (const char *)NULL);
    }
    qs_buf_free(&p);
    return rc;
}
