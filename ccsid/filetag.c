/*
 * ccsid/filetag.c - file CCSID tags (xattr, sidecar fallback) and
 * converting copies (see filetag.h).
 *
 * Invariant: a file has at most one tag: setting the xattr removes a stale
 * sidecar, and the sidecar is only consulted when the xattr is absent.
 */
#include "ccsid/filetag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "ccsid/ccsid.h"
#include "ccsid/conv.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"

static int sidecar_path(const char *path, struct qs_buf *b)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
    const char *name = path + dirlen;
    if (!*name)
        return -1;
    if (qs_buf_add(b, path, dirlen) || qs_buf_addc(b, '.') || qs_buf_adds(b, name) ||
        qs_buf_adds(b, ".ccsid"))
        return -1;
    return 0;
}

static int parse_tag(const char *s, size_t n, int *r)
{
    long long v;
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\0'))
        n--;
    if (qs_parse_ll(s, n, 0, 65535, &v) != 0)
        return -1;
    *r = (int)v;
    return 0;
}

int qs_file_ccsid_get(const char *path, int *ccsid_r, struct qs_err *err)
{
    char v[16];
    *ccsid_r = 0;
    ssize_t n = getxattr(path, QS_CCSID_XATTR, v, sizeof v);
    if (n >= 0)
        return parse_tag(v, (size_t)n, ccsid_r) == 0 ? 0
               : qs_err_set(err, "CPF9897", "CCSID attribute of the file is damaged", (const char *)NULL);
    if (errno != ENODATA && errno != ENOTSUP)
        return qs_err_sys(err, errno);
    struct qs_buf p, c;
    qs_buf_init(&p, QS_MAX_PATH);
    qs_buf_init(&c, 64);
    int rc = 0;
    if (sidecar_path(path, &p) != 0) {
        rc = qs_err_sys(err, ENAMETOOLONG);
    } else if (access(path, F_OK) != 0) {
        rc = qs_err_sys(err, errno);
    } else if (qs_file_read(p.data, 64, &c, NULL) == 0) {
        if (parse_tag(c.data, c.len, ccsid_r) != 0)
            rc = qs_err_set(err, "CPF9897", "CCSID attribute of the file is damaged", (const char *)NULL);
    }
    qs_buf_free(&p);
    qs_buf_free(&c);
    return rc;
}

int qs_file_ccsid_set(const char *path, int ccsid, struct qs_err *err)
{
    char v[16];
    if (ccsid < 0 || ccsid > 65535 || (ccsid && qs_ccsid_info(ccsid, NULL) != 0)) {
        char msg[48];
        snprintf(msg, sizeof msg, "CCSID %d not supported", ccsid);
        return qs_err_set(err, "CPF9897", msg, (const char *)NULL);
    }
    struct qs_buf p;
    qs_buf_init(&p, QS_MAX_PATH);
    if (sidecar_path(path, &p) != 0) {
        qs_buf_free(&p);
        return qs_err_sys(err, ENAMETOOLONG);
    }
    int n = snprintf(v, sizeof v, "%d", ccsid);
    int rc = 0;
    int xr = ccsid ? setxattr(path, QS_CCSID_XATTR, v, (size_t)n, 0)
                   : removexattr(path, QS_CCSID_XATTR);
    if (xr == 0 || (!ccsid && errno == ENODATA)) {
        if (unlink(p.data) != 0 && errno != ENOENT)
            rc = qs_err_sys(err, errno);
    } else if (errno == ENOTSUP || (!ccsid && errno == ENODATA)) {
        if (access(path, F_OK) != 0)
            rc = qs_err_sys(err, errno);
        else if (ccsid)
            rc = qs_file_write_atomic(p.data, v, (size_t)n, 0644, err);
        else if (unlink(p.data) != 0 && errno != ENOENT)
            rc = qs_err_sys(err, errno);
    } else {
        rc = qs_err_sys(err, errno);
    }
    qs_buf_free(&p);
    return rc;
}

int qs_file_copy_conv(const char *src, int src_ccsid, const char *dst, int dst_ccsid,
                      unsigned flags, struct qs_err *err)
{
    if (src_ccsid == 0) {
        if (qs_file_ccsid_get(src, &src_ccsid, err) != 0)
            return -1;
        if (src_ccsid == 0)
            src_ccsid = QS_CCSID_UTF8;
    }
    if (dst_ccsid == 0)
        dst_ccsid = src_ccsid;
    struct qs_buf in, out;
    qs_buf_init(&in, QS_MAX_TEXT_FILE);
    qs_buf_init(&out, QS_MAX_TEXT_FILE);
    int rc = -1;
    struct stat st;
    size_t bad;
    if (stat(src, &st) != 0) {
        qs_err_sys(err, errno);
        goto done;
    }
    if (qs_file_read(src, QS_MAX_TEXT_FILE, &in, err) != 0)
        goto done;
    if (qs_conv_buf(dst_ccsid, src_ccsid, flags, in.data ? in.data : "", in.len, &out, &bad,
                    err) != 0) {
        if (errno == EILSEQ || errno == EINVAL) {
            char msg[160];
            snprintf(msg, sizeof msg, "Data in CCSID %d cannot be converted to CCSID %d at byte offset %zu",
                     src_ccsid, dst_ccsid, bad);
            qs_err_set(err, "CPF9897", msg, (const char *)NULL);
        }
        goto done;
    }
    if (qs_file_write_atomic(dst, out.data ? out.data : "", out.len, st.st_mode & 0777, err) != 0)
        goto done;
    rc = qs_file_ccsid_set(dst, dst_ccsid, err);
done:
    qs_buf_free(&in);
    qs_buf_free(&out);
    return rc;
}
