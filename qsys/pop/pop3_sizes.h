/*
 * qsys/pop/pop3_sizes.h - the wire size of every message of a mailbox.
 *
 * LIST and STAT must give the exact octets RETR sends, which for a file
 * with LF line ends is more than its stored size (pop3_wire.h), so every
 * file would have to be read at each login.  Instead the sizes are kept in
 * <Maildir>/qshim-pop.sizes, one line per message: name, inode, stored
 * size, mtime and ctime (ns), wire size.  An entry counts only while the
 * file still has that inode, size and both times (Maildir files never
 * change in place; ctime cannot be set back), so a stale entry is never
 * used: the file is read again.
 *
 * The file is a cache: written (temp file + rename, no fsync) by the
 * session that holds the mailbox lock when it changed, and ignored whole
 * when its header, entry count or checksum is wrong (a torn write after a
 * crash).
 */
#ifndef QS_POP_POP3_SIZES_H
#define QS_POP_POP3_SIZES_H

#include <stdint.h>

struct qs_mbox;

/* Fill wire_r[0..mb->n) with each message's wire size.  A file that cannot
 * be read gets its stored size.  0, or -1 (out of memory). */
int qs_pop_sizes(const struct qs_mbox *mb, uint64_t *wire_r);

#endif
