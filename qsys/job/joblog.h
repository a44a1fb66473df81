/*
 * qsys/job/joblog.h - job log records (internal to qsys/job).
 *
 * A job log file holds one line per message:
 *
 *   <epoch>.<usec> <msgid|-> <type> <sev> <from> <to> <key> <data hex> <text hex>
 *
 * appended with a single write() (O_APPEND), so concurrent writers and a
 * crash can at worst cut the last line, which the reader skips.
 */
#ifndef QS_JOB_JOBLOG_H
#define QS_JOB_JOBLOG_H

#include "qsys/job/job.h"

/* Append m to the job log of j (errors are dropped: logging never fails a
 * caller). */
void qs_joblog_write(const struct qs_job *j, const struct qs_jobmsg *m);
/* CPF1124 "job started" / CPF1164 "job ended" entries. */
void qs_joblog_started(struct qs_job *j);
void qs_joblog_ended(struct qs_job *j);
/* Parse one record line; 0 or -1.  m_r owns heap data afterwards. */
int qs_joblog_parse(const char *line, size_t len, struct qs_jobmsg *m_r);

#endif
