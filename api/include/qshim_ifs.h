/*
 * qshim_ifs.h - IBM i integrated-file-system open options for stdio.
 *
 * ILE C's fopen() takes keyword options after the mode:
 *     fopen(name, "w,ccsid=819,crln=Y")
 * ccsid= / o_ccsid= / codepage= tag a new file and make it a text file whose
 * line ends are CRLF (crln=Y, the default for such files; crln=N keeps LF).
 * glibc ignores those options, so this header maps fopen to qs_ifs_fopen,
 * which understands them and otherwise behaves exactly like fopen.
 * Included by the mail API headers; include it yourself for other sources.
 * See docs/sendmail.md for what is converted when.
 */
#ifndef QSHIM_IFS_H
#define QSHIM_IFS_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

FILE *qs_ifs_fopen(const char *path, const char *mode);

#ifdef __cplusplus
}
#endif

#ifndef QSHIM_NO_IFS_FOPEN
#define fopen(path, mode) qs_ifs_fopen((path), (mode))
#endif

#endif
