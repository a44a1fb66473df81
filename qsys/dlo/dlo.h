/*
 * qsys/dlo/dlo.h - the document library (QDLS): folders and documents.
 *
 * Folders are directories and documents are files under $QSYS_ROOT/QDLS/,
 * so /QDLS/REPORTS/Q3.TXT of IBM i is $QSYS_ROOT/QDLS/REPORTS/Q3.TXT here.
 * A folder path as CL gives it (FLR('REPORTS/2026')) names nested folders;
 * each name is a document library object (DLO) name: 1-8 characters,
 * optionally '.' and a 1-3 character extension, of A-Z 0-9 $ # @ _ - (stored
 * upper case; IBM's rule), at most 63 characters for the whole folder path.
 * A folder's description lives in its hidden file ".text"; names never start
 * with '.', so no DLO can clash with it.
 *
 * Invariants: a name is validated before it touches a path (no "..", no
 * '/'); a document is written with qs_file_write_atomic (old or new after a
 * crash, never half); creating a folder fails if it exists (no silent reuse).
 */
#ifndef QS_DLO_DLO_H
#define QS_DLO_DLO_H

#include <stddef.h>
#include <time.h>

struct qs_err;
struct qs_buf;

#define QS_DLO_NAME_LEN   12       /* 8 + '.' + 3 */
#define QS_FLR_PATH_LEN   63       /* IBM: folder path */
#define QS_DLO_TEXT_LEN   44       /* TEXT of CRTFLR (IBM: 44) */
#define QS_DLO_MAX_DOC    (64u * 1024 * 1024)

/* Check and upper-case one DLO name into out.  CPF8AA3 naming `what`. */
int qs_dlo_name_check(const char *in, char out[QS_DLO_NAME_LEN + 1], const char *what,
                      struct qs_err *err);
/* Host path of folder flr ("A/B"; NULL or "" = the QDLS root) into out;
 * with must_exist, CPF8A77 if it is not there. */
int qs_flr_path(struct qs_buf *out, const char *flr, int must_exist, struct qs_err *err);

/* CRTFLR FLR(name) INFLR(inflr or NULL) TEXT(text).  CPF8A77 when inflr is
 * missing, CPF8AA1 when the folder exists. */
int qs_flr_create(const char *name, const char *inflr, const char *text, struct qs_err *err);
/* DLTFLR: the folder and everything in it.  CPF8A77 if missing. */
int qs_flr_delete(const char *name, const char *inflr, struct qs_err *err);

struct qs_dlo_info {
    char   name[QS_DLO_NAME_LEN + 1];
    int    is_folder;
    size_t size;                        /* documents: bytes; folders: entries */
    time_t changed;
    char   text[QS_DLO_TEXT_LEN + 1];   /* folders */
};
/* WRKFLR / WRKDOC: the objects directly in folder flr (NULL = first-level
 * folders), sorted by name; free(*v_r). */
int qs_flr_list(const char *flr, struct qs_dlo_info **v_r, size_t *n_r, struct qs_err *err);

/* Documents.  read: CPF8A82 when missing (CPF8A77 for the folder). */
int qs_doc_read(const char *flr, const char *doc, size_t max, struct qs_buf *out,
                struct qs_err *err);
/* write: CPF8AA2 if it exists and !replace. */
int qs_doc_write(const char *flr, const char *doc, const void *data, size_t len, int replace,
                 struct qs_err *err);
/* DLTDLO DLO(doc) FLR(flr): a document, or with flr NULL... a first-level
 * folder is DLTFLR's job.  CPF8A82 when missing. */
int qs_doc_delete(const char *flr, const char *doc, struct qs_err *err);

/* Documents in no folder (RCVDST DOC(name) FLR(*NONE); docid.c), known by a
 * library-assigned document name (DOCID): 24 characters, here
 * YYYYMMDDHHMMSS (UTC) + a 2-digit sequence + "QSHIM000" (IBM's layout of
 * a DOCID is UNCONFIRMED).  The name must not be in use by another such
 * document (CPF8AA2, folder "*NONE"); a missing DOCID is CPF8A82. */
#define QS_DOCID_LEN 24
int qs_doc_file_unfiled(const char *doc, const void *data, size_t len,
                        char docid_r[QS_DOCID_LEN + 1], struct qs_err *err);
int qs_doc_read_docid(const char *docid, size_t max, struct qs_buf *out,
                      char name_r[QS_DLO_NAME_LEN + 1], struct qs_err *err);
int qs_doc_delete_docid(const char *docid, struct qs_err *err);
int qs_doc_unfiled_check_new(const char *doc, struct qs_err *err);
/* Before receiving: CPF8A77/CPF8AA3/CPF8AA2 unless document doc can be
 * filed new in folder flr (NULL: in no folder). */
int qs_doc_check_new(const char *flr, const char *doc, struct qs_err *err);

#endif
