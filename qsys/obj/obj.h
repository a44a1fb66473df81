/*
 * qsys/obj/obj.h - the object store: libraries and objects under the root.
 *
 * Layout (see docs/objects.md):
 *
 *   $QSYS_ROOT/QSYS.LIB/<LIB>.LIB/<OBJ>.<TYPE>   one file per object
 *   $QSYS_ROOT/tmp/QTEMP/<job number>.LIB/        QTEMP of a job
 *   $QSYS_ROOT/run/lock/<LIB>/<OBJ>.<TYPE>        lock files (flock)
 *
 * An object file is a small text header (type, attribute, text, owner,
 * authorities, timestamps, payload size and CRC-32) followed by the payload
 * bytes.  What must always hold:
 *   - every write is atomic and durable (temp file, fsync, rename or link,
 *     fsync dir): after kill -9 an object is either the old or the new one;
 *   - a file that does not parse, or whose payload length or CRC does not
 *     match, is reported as damaged (CPF8105), never half-used;
 *   - names are validated (*NAME rules) before they touch a path.
 */
#ifndef QS_OBJ_OBJ_H
#define QS_OBJ_OBJ_H

#include <stddef.h>
#include <time.h>

struct qs_err;
struct qs_buf;

#define QS_NAME_LEN       10
#define QS_OBJ_TEXT_LEN   50
#define QS_OBJ_MAX_PRVAUT 64
#define QS_LIBL_MAX       25

/* Authority levels, ordered: a higher one includes the lower ones. */
enum qs_aut { QS_AUT_EXCLUDE = 0, QS_AUT_USE = 1, QS_AUT_CHANGE = 2, QS_AUT_ALL = 3 };

struct qs_prvaut {
    char        user[QS_NAME_LEN + 1];
    enum qs_aut aut;
};

struct qs_objdesc {
    char        lib[QS_NAME_LEN + 1];
    char        name[QS_NAME_LEN + 1];
    char        type[QS_NAME_LEN + 1];     /* with the star: "*DTAARA" */
    char        attr[QS_NAME_LEN + 1];     /* e.g. "*CHAR", "PF", "" */
    char        text[QS_OBJ_TEXT_LEN + 1];
    char        owner[QS_NAME_LEN + 1];
    enum qs_aut pubaut;
    size_t      nprv;
    struct qs_prvaut prv[QS_OBJ_MAX_PRVAUT];
    time_t      created;
    time_t      changed;
    size_t      size;                      /* payload bytes */
};

/* A job's library list, searched in order for *LIBL. */
struct qs_libl {
    size_t n;
    char   lib[QS_LIBL_MAX][QS_NAME_LEN + 1];
};

/* Validate a *NAME (1-10 chars of A-Z 0-9 $ # @ _, first not a digit or _)
 * after upper-casing it into out[11].  `what` names the thing for the
 * message (CPD0078-style "Value '&1' for parameter &2 not a valid name"). */
int qs_name_check(const char *in, char out[QS_NAME_LEN + 1], const char *what,
                  struct qs_err *err);
/* Object type: "*DTAARA" etc., one of the known ones (qs_objtype_known). */
int qs_objtype_check(const char *in, char out[QS_NAME_LEN + 1], struct qs_err *err);
int qs_objtype_known(const char *type);

const char *qs_aut_name(enum qs_aut a);        /* "*ALL", … */
int qs_aut_parse(const char *s, enum qs_aut *a_r);

/* Create the system libraries (QSYS, QGPL, QUSRSYS) if missing. */
int qs_obj_init_system(struct qs_err *err);
/* QTEMP of this process: set by the job module at job start (a directory
 * path, owned by the job and removed at job end).  Until set, QTEMP is not
 * available (CPF9810). */
void qs_obj_set_qtemp(const char *dir);
const char *qs_obj_qtemp(void);
/* The default library list: QSYS, QUSRSYS, QGPL, QTEMP. */
void qs_libl_default(struct qs_libl *l);

/* Libraries. */
int qs_lib_create(const char *lib, const char *text, const char *owner, struct qs_err *err);
int qs_lib_exists(const char *lib);
/* Delete a library and all its objects (not QSYS/QGPL/QUSRSYS). */
int qs_lib_delete(const char *lib, struct qs_err *err);
/* Owner recorded when the library was created (QSYS for system ones). */
int qs_lib_owner(const char *lib, char owner_r[QS_NAME_LEN + 1], struct qs_err *err);
/* Host directory of a library (appended to out). */
int qs_lib_path(struct qs_buf *out, const char *lib, struct qs_err *err);

/*
 * Resolve `lib` (a name, "*LIBL" or "*CURLIB"/empty = *LIBL) for object
 * name/type: the library holding it is written to lib_r.  Not found →
 * CPF9801 (object) or CPF9810 (library).
 */
int qs_obj_resolve(const struct qs_libl *libl, const char *lib, const char *name,
                   const char *type, char lib_r[QS_NAME_LEN + 1], struct qs_err *err);

/* Fill d with sane defaults for a new object (owner, *CHANGE public…). */
void qs_objdesc_init(struct qs_objdesc *d, const char *lib, const char *name,
                     const char *type, const char *owner);

/* Create a new object; fails with CPF9870 if it exists, CPF9810 if the
 * library does not.  d->created/changed/size are set here. */
int qs_obj_create(struct qs_objdesc *d, const void *payload, size_t len, struct qs_err *err);
/* Replace description and payload of an existing object (CPF9801 if gone).
 * d->changed is set here. */
int qs_obj_update(struct qs_objdesc *d, const void *payload, size_t len, struct qs_err *err);
/* Read description and (when payload != NULL) append the payload to it. */
int qs_obj_read(const char *lib, const char *name, const char *type,
                struct qs_objdesc *d_r, struct qs_buf *payload, struct qs_err *err);
int qs_obj_exists(const char *lib, const char *name, const char *type);
int qs_obj_delete(const char *lib, const char *name, const char *type, struct qs_err *err);

/* Call fn for each object of `type` (NULL = all) in lib, in name order.
 * Damaged objects are skipped.  fn returning nonzero stops the walk. */
int qs_obj_list(const char *lib, const char *type,
                int (*fn)(const struct qs_objdesc *d, void *arg), void *arg,
                struct qs_err *err);

/* Authority: effective authority of `user` on the object (owner → *ALL,
 * then a private authority, then public); allobj → *ALL. */
enum qs_aut qs_obj_authority(const struct qs_objdesc *d, const char *user, int allobj);
/* 0 if user has at least `need`; else CPF9802 "Not authorized to object". */
int qs_obj_check_aut(const struct qs_objdesc *d, const char *user, int allobj,
                     enum qs_aut need, struct qs_err *err);
/* Set (or with QS_AUT_EXCLUDE+remove=1, drop) a private authority in d. */
int qs_objdesc_set_prvaut(struct qs_objdesc *d, const char *user, enum qs_aut a,
                          struct qs_err *err);

/* Object locks: *SHRRD and *SHRUPD map to shared, *EXCL to exclusive. */
enum qs_lockmode { QS_LOCK_SHARED, QS_LOCK_EXCL };
struct qs_objlock {
    int fd;
};
#define QS_OBJLOCK_INIT { -1 }
/* Wait up to timeout_ms (0 = try once, <0 = forever); CPF9803 "Cannot
 * allocate object" when the wait expires. */
int qs_obj_lock(const char *lib, const char *name, const char *type, enum qs_lockmode m,
                int timeout_ms, struct qs_objlock *lk, struct qs_err *err);
void qs_obj_unlock(struct qs_objlock *lk);

/* Serialize / parse the on-disk form (exposed for tests and fuzzing). */
int qs_obj_encode(const struct qs_objdesc *d, const void *payload, size_t len,
                  struct qs_buf *out, struct qs_err *err);
int qs_obj_decode(const char *data, size_t len, struct qs_objdesc *d_r,
                  size_t *payload_off_r, struct qs_err *err);

#endif
