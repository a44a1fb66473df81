/*
 * qsys/dlo/docid.c - documents filed in no folder, known by their
 * library-assigned document name (DOCID; dlo.h).
 *
 * They live in $QSYS_ROOT/QDLS/.docid/, one file "<DOCID>-<NAME>" each:
 * the 24-character DOCID, a '-', and the document name given when it was
 * filed.  Folder and document names never start with '.', so the
 * directory is invisible to WRKFLR and cannot clash with a folder.  A
 * name is unique among these documents (IBM: "the document object name
 * that is specified must not exist"); filing is serialized by a lock on
 * .docid/.lock so two receivers cannot both take a name or a DOCID.
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
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define UNFILED "*NONE"                 /* the folder named in messages */

/* $QSYS_ROOT/QDLS/.docid (created) into p. */
static int docid_dir(struct qs_buf *p, struct qs_err *err)
{
    if (qs_root_path(p, err, "QDLS/.docid") < 0)
        return -1;
    return qs_mkdir_p(p->data, 0700, err);
}

/* The entry of the document whose DOCID is id (name NULL) or whose name is
 * name (id NULL): its file name into ent, 1; 0 when there is none. */
static int find(const char *dir, const char *id, const char *name, char *ent, size_t entsz)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int found = 0;
    while (d && !found && (de = readdir(d))) {
        const char *n = de->d_name;
        if (strlen(n) <= QS_DOCID_LEN + 1 || n[QS_DOCID_LEN] != '-')
            continue;
        found = id ? strncmp(n, id, QS_DOCID_LEN) == 0 : strcmp(n + QS_DOCID_LEN + 1, name) == 0;
        if (found)
            qs_strlcpy(ent, n, entsz);
    }
    if (d)
        closedir(d);
    return found;
}

static int check_docid(const char *in, char id[QS_DOCID_LEN + 1], struct qs_err *err)
{
    size_t n = in ? strlen(in) : 0;
    for (size_t i = 0; i < n && n == QS_DOCID_LEN; i++)
        if (!(in[i] >= '0' && in[i] <= '9') && !(in[i] >= 'A' && in[i] <= 'Z'))
            n = 0;
    if (n != QS_DOCID_LEN) {
        char shown[65];
        qs_sanitize(shown, sizeof shown, in ? in : "", in ? strlen(in) : 0);
        return qs_err_set(err, "CPF8AA3", "DOCID", shown, (const char *)NULL);
    }
    memcpy(id, in, QS_DOCID_LEN + 1);
    return 0;
}

int qs_doc_file_unfiled(const char *doc, const void *data, size_t len,
                        char docid_r[QS_DOCID_LEN + 1], struct qs_err *err)
{
    char nm[QS_DLO_NAME_LEN + 1], ent[QS_DOCID_LEN + QS_DLO_NAME_LEN + 2];
    struct qs_buf dir, p;
    int lk = -1, rc = -1;
    if (qs_dlo_name_check(doc, nm, "DOC", err) < 0)
        return -1;
    qs_buf_init(&dir, QS_MAX_PATH);
    qs_buf_init(&p, QS_MAX_PATH);
    if (docid_dir(&dir, err) < 0 || qs_buf_addf(&p, "%s/.lock", dir.data) < 0 ||
        (lk = qs_lock_path(p.data, 1, 1, err)) < 0)
        goto out;
    if (find(dir.data, NULL, nm, ent, sizeof ent)) {
        qs_err_set(err, "CPF8AA2", UNFILED, nm, (const char *)NULL);
        goto out;
    }
    /* YYYYMMDDHHMMSS, a 2-digit sequence within the second, "QSHIM000" */
    time_t now = time(NULL);
    struct tm tm;
    char stamp[16];
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
    for (int seq = 0; seq < 100 && rc < 0; seq++) {
        snprintf(docid_r, QS_DOCID_LEN + 1, "%.14s%02uQSHIM000", stamp, (unsigned)seq % 100u);
        if (find(dir.data, docid_r, NULL, ent, sizeof ent))
            continue;
        qs_buf_reset(&p);
        if (qs_buf_addf(&p, "%s/%s-%s", dir.data, docid_r, nm) < 0) {
            qs_err_sys(err, ENAMETOOLONG);
            goto out;
        }
        if (qs_file_write_atomic(p.data, data ? data : "", len, 0600, err) < 0)
            goto out;
        rc = 0;
    }
    if (rc < 0)                              /* 100 documents in one second */
        qs_err_sys(err, EAGAIN);
out:
    if (lk >= 0)
        close(lk);
    qs_buf_free(&p);
    qs_buf_free(&dir);
    return rc;
}

int qs_doc_unfiled_check_new(const char *doc, struct qs_err *err)
{
    char nm[QS_DLO_NAME_LEN + 1], ent[QS_DOCID_LEN + QS_DLO_NAME_LEN + 2];
    struct qs_buf dir;
    qs_buf_init(&dir, QS_MAX_PATH);
    int rc = qs_dlo_name_check(doc, nm, "DOC", err) < 0 || docid_dir(&dir, err) < 0 ? -1 : 0;
    if (rc == 0 && find(dir.data, NULL, nm, ent, sizeof ent))
        rc = qs_err_set(err, "CPF8AA2", UNFILED, nm, (const char *)NULL);
    qs_buf_free(&dir);
    return rc;
}

/* Path of the document with DOCID docid into p, its name into name_r. */
static int docid_path(const char *docid, struct qs_buf *p, char name_r[QS_DLO_NAME_LEN + 1],
                      struct qs_err *err)
{
    char id[QS_DOCID_LEN + 1], ent[QS_DOCID_LEN + QS_DLO_NAME_LEN + 2];
    if (check_docid(docid, id, err) < 0 || docid_dir(p, err) < 0)
        return -1;
    if (!find(p->data, id, NULL, ent, sizeof ent))
        return qs_err_set(err, "CPF8A82", UNFILED, id, (const char *)NULL);
    if (name_r)
        qs_strlcpy(name_r, ent + QS_DOCID_LEN + 1, QS_DLO_NAME_LEN + 1);
    return qs_buf_addf(p, "/%s", ent) < 0 ? qs_err_sys(err, ENAMETOOLONG) : 0;
}

int qs_doc_read_docid(const char *docid, size_t max, struct qs_buf *out,
                      char name_r[QS_DLO_NAME_LEN + 1], struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = docid_path(docid, &p, name_r, err);
    if (rc == 0)
        rc = qs_file_read(p.data, max, out, err);
    qs_buf_free(&p);
    return rc;
}

int qs_doc_delete_docid(const char *docid, struct qs_err *err)
{
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    int rc = docid_path(docid, &p, NULL, err);
    if (rc == 0 && unlink(p.data) < 0)
        rc = qs_err_sys(err, errno);
    if (rc == 0)
        qs_fsync_dir(p.data);
    qs_buf_free(&p);
    return rc;
}
