/*
 * ccsid/filetag.h - a stream file's CCSID, and copying with conversion.
 *
 * The CCSID of a file is an attribute (CHGATR ATR(*CCSID), DSPLNK): it is
 * kept as the extended attribute "user.ccsid" (decimal text).  Where the
 * file system has no user xattrs (ENOTSUP), it is kept in a sidecar file
 * ".<name>.ccsid" beside the file, written atomically.
 */
#ifndef QS_CCSID_FILETAG_H
#define QS_CCSID_FILETAG_H

struct qs_err;

#define QS_CCSID_XATTR "user.ccsid"

/* *ccsid_r = the file's CCSID, or 0 when it has none. */
int qs_file_ccsid_get(const char *path, int *ccsid_r, struct qs_err *err);
/* Tag (ccsid 1..65535) or untag (0). */
int qs_file_ccsid_set(const char *path, int ccsid, struct qs_err *err);

/*
 * Copy src to dst converting from src_ccsid to dst_ccsid (0 = the file's
 * tag, 1208 when untagged; dst 0 = same as the source), with QS_CONV_* flags;
 * dst is written atomically and tagged with its CCSID.  A conversion error
 * names the byte offset in src (CPF9897) and leaves dst untouched.
 */
int qs_file_copy_conv(const char *src, int src_ccsid, const char *dst, int dst_ccsid,
                      unsigned flags, struct qs_err *err);

#endif
