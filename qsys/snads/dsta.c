/*
 * qsys/snads/dsta.c - distribution attributes (CHGDSTA): KEEPRCP, USEMSFLCL,
 * SMTPRTE, kept in $QSYS_ROOT/snads/attrs.  Absent file = IBM's defaults
 * (KEEPRCP(*BCC) USEMSFLCL(*NO) SMTPRTE(*NONE)).
 */
#include "qsys/snads/store.h"
#include "qsys/sdd/sdd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/kvrec.h"
#include "qsys/base/str.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static int attr_cb(void *arg, const char *k, const char *v, size_t vlen)
{
    struct qs_dsta *a = arg;
    if (!k)
        return 0;
    if (!strcmp(k, "keeprcp"))
        return qs_keeprcp_parse(v, &a->keeprcp) < 0;
    if (!strcmp(k, "usemsflcl"))
        a->usemsflcl = !strcmp(v, "*YES");
    else if (!strcmp(k, "smtprteuser"))
        return qs_strlcpy(a->smtprte_user, v, sizeof a->smtprte_user) >= sizeof a->smtprte_user;
    else if (!strcmp(k, "smtprteaddr"))
        return qs_strlcpy(a->smtprte_addr, v, sizeof a->smtprte_addr) >= sizeof a->smtprte_addr;
    return 0;
}

int qs_dsta_get(struct qs_dsta *r, struct qs_err *err)
{
    memset(r, 0, sizeof *r);
    r->keeprcp = QS_KEEP_BCC;
    struct qs_buf p, b;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    qs_buf_init(&b, 4096);
    int rc = qs_snads_path(&p, err, "attrs");
    if (rc == 0 && access(p.data, F_OK) == 0) {
        rc = qs_file_read(p.data, 4096, &b, err);
        if (rc == 0 && b.len && qs_kv_parse(b.data, b.len, attr_cb, r, NULL) != 0)
            rc = qs_err_set(err, "CPF9898", "Distribution attributes damaged", (const char *)NULL);
    }
    qs_buf_free(&p);
    qs_buf_free(&b);
    return rc;
}

int qs_dsta_set(const struct qs_dsta *a, struct qs_err *err)
{
    struct qs_dsta n = *a;
    if ((unsigned)n.keeprcp > QS_KEEP_NONE)
        return qs_err_set(err, "CPF9083", "KEEPRCP", "?", (const char *)NULL);
    if (n.smtprte_user[0] || n.smtprte_addr[0]) {
        struct qs_sdd_entry e;
        if (qs_sdd_find(n.smtprte_user, n.smtprte_addr, &e, err) < 0)
            return -1;
        memcpy(n.smtprte_user, e.user, sizeof n.smtprte_user);
        memcpy(n.smtprte_addr, e.addr, sizeof n.smtprte_addr);
    }
    struct qs_buf p, b;
    qs_buf_init(&p, QS_SNADS_PATH_MAX);
    qs_buf_init(&b, 4096);
    int fd = qs_snads_lock(err);
    int rc = fd < 0 ? -1 : qs_snads_path(&p, err, "attrs");
    if (rc == 0 && (qs_kv_adds(&b, "keeprcp", qs_keeprcp_name(n.keeprcp)) < 0 ||
                    qs_kv_adds(&b, "usemsflcl", n.usemsflcl ? "*YES" : "*NO") < 0 ||
                    qs_kv_adds(&b, "smtprteuser", n.smtprte_user) < 0 ||
                    qs_kv_adds(&b, "smtprteaddr", n.smtprte_addr) < 0))
        rc = qs_err_sys(err, errno);
    if (rc == 0)
        rc = qs_file_write_atomic(p.data, b.data, b.len, 0600, err);
    if (fd >= 0)
        close(fd);
    qs_buf_free(&p);
    qs_buf_free(&b);
    return rc;
}
