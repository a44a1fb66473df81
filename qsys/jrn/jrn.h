/*
 * qsys/jrn/jrn.h - journals: append-only receivers of checksummed entries.
 *
 * A journal JRN lives at $QSYS_ROOT/jrn/<JRN>/ with one receiver file
 * <JRN>000001.rcv.  Each entry is
 *
 *   "QJE1" | u32 total length | u64 sequence | i64 time (µs) | char code |
 *   char type[2] | char job[10] | char user[10] | char pgm[10] | u32 pid |
 *   u32 esd length | entry-specific data | u32 crc32 (of all before) |
 *   u64 sequence again
 *
 * (integers little-endian).  Writers append under an flock, so sequence
 * numbers are dense and ordered; readers verify every crc and stop at the
 * first torn entry (a crash mid-append).  Entries are not fsynced one by one:
 * the journal records what happened, the queue's own fsyncs carry durability.
 *
 * Mail uses journal QZMF, code 'L' (LG), entry types from IBM's SMTP tables
 * (ibmi-reference §6.8, anchors §F): 94/91/92 received, 9S connection
 * refused, 9V relay refused, 82 local delivery, 83 undeliverable, 7O passed
 * on (our outbound hand-off), 8B/88 client.
 */
#ifndef QS_JRN_JRN_H
#define QS_JRN_JRN_H

#include <stddef.h>
#include <stdint.h>

struct qs_err;

struct qs_jrn_entry {
    uint64_t seq;
    int64_t  time_us;
    char     code;          /* JOCODE */
    char     type[3];       /* JOENTT, NUL-terminated */
    char     job[11], user[11], pgm[11];
    uint32_t pid;
    const unsigned char *esd;   /* JOESD */
    size_t   esd_len;
};

int qs_jrn_append(const char *jrn, char code, const char *type, const void *esd,
                  size_t len, struct qs_err *err);
/* Call fn for each valid entry in order; fn returns nonzero to stop.
 * Returns the number of entries read, or -1. */
long qs_jrn_read(const char *jrn, int (*fn)(const struct qs_jrn_entry *e, void *arg),
                 void *arg, struct qs_err *err);

/* The program name written into JOPGM for entries of this process. */
void qs_jrn_set_program(const char *pgm);

/* A QZMF mail entry (code L): fields blank-separated "key=value" in JOESD. */
int qs_jrn_mail(const char *type, const char *msgid, const char *from, const char *rcpt,
                const char *client, const char *text);

/* DSPJRN OUTPUT(*OUTFILE): write the entries as rows of table `table` in the
 * SQLite database `dbpath` (QJORDJE *TYPE2 column names). */
int qs_jrn_outfile(const char *jrn, const char *dbpath, const char *table,
                   struct qs_err *err);

#endif
