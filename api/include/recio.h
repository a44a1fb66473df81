/*
 * recio.h - ILE C record I/O (QSYSINC/H RECIO), for printer files.
 *
 *   _RFILE *fp = _Ropen("QSYSPRT", "wr");
 *   _Rwrite(fp, line, 132);          one print record (one line)
 *   _Rclose(fp);                     the spooled file becomes *RDY
 *
 * What qshim supports: writing to a printer file, which creates a spooled
 * file in the current job (spool/splf.h) with the printer file's name.
 * Each _Rwrite is one record. Records are print lines spaced one apart, or
 * with "ctlchar=*fcfc" the first byte is an ANSI carriage control. Page
 * overflow follows the page length (66 unless "pagesize=L W").
 * Mode keywords after "wr", comma-separated:
 *   lrecl=N                          (IBM) record length; longer writes are cut
 *   ctlchar=*fcfc, pagesize=66 132,  (qshim, standing in for CRTPRTF/OVRPRTF)
 *   usrdta=X, outq=LIB/Q, splfname=X, hold=Y
 * Database files are not supported by this implementation: _Ropen returns
 * NULL with errno ENOTSUP.  On error _Ropen returns NULL with errno set and
 * _Rwrite returns its feedback with num_bytes 0; the IBM message id goes to
 * the job log.
 *
 * _RIOFB_T carries the fields programs read (num_bytes, rrn, key, blk_count,
 * blk_filled_by); the layout of IBM's structure is not reproduced
 * (UNCONFIRMED), so programs must use the names, not offsets.
 */
#ifndef RECIO_h
#define RECIO_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    unsigned char *key;
    void          *sysparm;
    unsigned long  rrn;
    long           num_bytes;
    short          blk_count;
    char           blk_filled_by;
    char           reserved[5];
} _RIOFB_T;

typedef struct _RFILE {
    _RIOFB_T riofb;          /* feedback of the last operation */
    void    *qshim_impl;
} _RFILE;

_RFILE   *_Ropen(const char *filename, const char *mode, ...);
_RIOFB_T *_Rwrite(_RFILE *fp, void *buf, size_t size);
int       _Rclose(_RFILE *fp);

#ifdef __cplusplus
}
#endif
#endif
