/* cl/cmd/pfrec.c - member records of a program-described file (pfrec.h). */
#include "cl/cmd/pfrec.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/dbf/dbf.h"
#include "qsys/dbf/pf.h"
#include "qsys/obj/obj.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define QS_PFRECS_MAX 10000000u     /* records read from one member */

static int row(void *arg, const char *const *vals, struct qs_err *err)
{
    struct qs_pfrecs *r = arg;
    if (!vals[0] || strcmp(vals[0], r->mbr))
        return 0;
    if (r->n >= QS_PFRECS_MAX)
        return qs_err_set(err, "CPF9897", "member has too many records", (const char *)NULL);
    char **nv = realloc(r->rec, (r->n + 1) * sizeof *nv);
    if (!nv)
        return qs_err_sys(err, ENOMEM);
    r->rec = nv;
    if (!(r->rec[r->n] = strdup(vals[1] ? vals[1] : "")))
        return qs_err_sys(err, ENOMEM);
    r->n++;
    return 0;
}

int qs_pfrecs_read(struct qs_job *j, const char *lib, const char *file_in, const char *mbr,
                   struct qs_pfrecs *r, struct qs_err *err)
{
    memset(r, 0, sizeof *r);
    if (qs_name_check(file_in, r->file, "FILE", err) < 0 ||
        qs_pf_find(j, lib, r->file, r->lib, &r->rcdlen, err) < 0)
        return -1;
    if (!mbr || !*mbr || !strcmp(mbr, "*FIRST"))
        memcpy(r->mbr, r->file, sizeof r->mbr);
    else if (qs_name_check(mbr, r->mbr, "MBR", err) < 0)
        return -1;
    struct qs_buf db;
    qs_buf_init(&db, 4096);
    const char *cols[2] = { "MBR", r->file };
    int rc = qs_dbf_lib_path(r->lib, &db, err);
    if (rc == 0)
        rc = qs_dbf_select(db.data, r->file, cols, 2, row, r, err);
    qs_buf_free(&db);
    if (rc < 0)
        qs_pfrecs_free(r);
    return rc < 0 ? -1 : 0;
}

void qs_pfrecs_free(struct qs_pfrecs *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->rec[i]);
    free(r->rec);
    r->rec = NULL;
    r->n = 0;
}
