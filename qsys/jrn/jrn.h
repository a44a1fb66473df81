/*
 * qsys/jrn/jrn.h - journals: append-only receivers of checksummed entries.
 *
 * A journal JRN lives at $QSYS_ROOT/jrn/<JRN>/ as a chain of receivers,
 * <RCV>.rcv files named as IBM's CHGJRN JRNRCV(*GEN) names them: the
 * journal name (4 characters at most) and a 6-digit number, QZMF000001,
 * QZMF000002, ...  The file `receivers` lists the chain, oldest first, one
 * "NAME attach-time detach-time" line each (detach-time 0 = the attached
 * receiver, always the last line); without it the chain is <JRN>000001
 * alone, attached.  Exactly one receiver is attached and takes new entries;
 * CHGJRN (qs_jrn_change) detaches it and attaches the next, DLTJRNRCV
 * (qs_jrn_delete_receiver) deletes the oldest detached one.  Each entry is
 *
 *   "QJE1" | u32 total length | u64 sequence | i64 time (µs) | char code |
 *   char type[2] | char job[10] | char user[10] | char pgm[10] | u32 pid |
 *   u32 esd length | entry-specific data | u32 crc32 (of all before) |
 *   u64 sequence again
 *
 * (integers little-endian).  Writers append under an flock of the attached
 * receiver (re-checking, once locked, that it is still the attached one), so
 * sequence numbers are dense and ordered, and continue across receivers: a
 * change of receiver ends the old one with a J NR entry (next receiver) and
 * starts the new one with a J PR entry (previous receiver), as IBM does.
 * Readers verify every crc and stop at the first torn entry (a crash
 * mid-append).  The receiver switch is durable: the NR entry is fsynced, the
 * new receiver and then the chain file are written atomically (temp, fsync,
 * rename, fsync dir); a crash between the two leaves the old receiver
 * attached and the next CHGJRN rewrites the new one.  Entries are not fsynced one by one:
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

typedef int qs_jrn_entry_fn(const struct qs_jrn_entry *e, void *arg);

/* DSPJRN RCVRNG: the attached receiver only, or the whole chain. */
enum qs_jrn_range { QS_JRN_CURRENT = 0, QS_JRN_CURCHAIN = 1 };

/* One receiver of the chain (WRKJRNA). */
struct qs_jrn_rcv {
    char     name[11];
    int64_t  attached, detached;   /* seconds since the epoch; detached 0 = attached */
    uint64_t first_seq, last_seq;  /* 0 when the receiver holds no entry */
    uint64_t size;                 /* bytes */
};

int qs_jrn_append(const char *jrn, char code, const char *type, const void *esd,
                  size_t len, struct qs_err *err);
/* Call fn for each valid entry of the whole chain, in order; fn returns
 * nonzero to stop.  Returns the number of entries read, or -1. */
long qs_jrn_read(const char *jrn, qs_jrn_entry_fn *fn, void *arg, struct qs_err *err);
/* Same for RCVRNG(*CURRENT) (the attached receiver) or *CURCHAIN. */
long qs_jrn_read_range(const char *jrn, enum qs_jrn_range range, qs_jrn_entry_fn *fn,
                       void *arg, struct qs_err *err);

/* The chain, oldest first (the last is attached), into a malloc'd array. */
int qs_jrn_receivers(const char *jrn, struct qs_jrn_rcv **v_r, size_t *n_r,
                     struct qs_err *err);
/* CHGJRN JRNRCV(*GEN): detach the attached receiver and attach the next
 * (its name into name_r). */
int qs_jrn_change(const char *jrn, char name_r[11], struct qs_err *err);
/* DLTJRNRCV: delete detached receiver rcv of whichever journal has it (its
 * name into jrn_r).  CPF7022 if it is attached; CPF9898 unless it is the
 * oldest of its chain (IBM: receivers are deleted in the order they were
 * detached); CPF9801 if no journal has it. */
int qs_jrn_delete_receiver(const char *rcv, char jrn_r[11], struct qs_err *err);

/* The program name written into JOPGM for entries of this process. */
void qs_jrn_set_program(const char *pgm);

/* A QZMF mail entry (code L): fields blank-separated "key=value" in JOESD. */
int qs_jrn_mail(const char *type, const char *msgid, const char *from, const char *rcpt,
                const char *client, const char *text);

/* DSPJRN OUTPUT(*OUTFILE): write the entries of `range` as rows of table
 * `table` in the SQLite database `dbpath` (QJORDJE *TYPE2 column names). */
int qs_jrn_outfile(const char *jrn, enum qs_jrn_range range, const char *dbpath,
                   const char *table, struct qs_err *err);

#endif
