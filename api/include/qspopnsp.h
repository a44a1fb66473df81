/*
 * qspopnsp.h - Open Spooled File (QSYSINC/H QSPOPNSP).
 *
 *   QSPOPNSP(spool handle (output), qualified job CHAR(26) ("*" = this job),
 *            internal job id CHAR(16), internal spooled file id CHAR(16),
 *            spooled file name CHAR(10), spooled file number (-1 = *LAST,
 *            0 = *ONLY), number of buffers per QSPGETSP (1-8, 16, 24, 32,
 *            above 32 a multiple of 32; -1 = all), error code
 *            [, job system name CHAR(8), create date CHAR(7),
 *            create time CHAR(6)])
 *
 * With job name "*INT" the internal ids (from QUSLSPL or QUSRSPLA) name
 * the file; otherwise they are ignored, as are the optional parameters.  A
 * file still being written (*OPN) is read as far as it has been written.
 */
#ifndef QSPOPNSP_h
#define QSPOPNSP_h

#ifndef QSHIM_ILE_H
#include <qshim_ile.h>
#endif
#include <qshim_nargs.h>

#ifdef __cplusplus
extern "C" {
#endif

void qshim_QSPOPNSP(int nargs, int *handle, void *qual_job, void *int_job_id,
                    void *int_splf_id, char *splf_name, int splf_number,
                    int nbr_buffers, void *errcode, ...);
#define QSPOPNSP(...) qshim_QSPOPNSP(QSHIM_NARGS(__VA_ARGS__), __VA_ARGS__)

#ifdef __cplusplus
}
#endif
#endif
