/*
 * qsys/usrprf/pwcache.h - passwords verified recently, kept in memory only.
 *
 * A mail client polls with the same password every few minutes, and each
 * yescrypt verification costs ~20 ms of CPU.  After a good verification the
 * sign-on remembers HMAC-SHA256(k, name, stored hash, password) with a key k
 * drawn at random once per process; a later sign-on whose password gives
 * the same MAC against the same stored hash, within QS_PWCACHE_TTL seconds,
 * is good without yescrypt (Dovecot's auth_cache does the same).
 *
 * What must hold: nothing is written to disk; a changed password (another
 * stored hash) never matches an old entry; a wrong password always takes
 * the full yescrypt path; QSHIM_PWCACHE=0 in the environment turns the
 * cache off.
 */
#ifndef QS_USRPRF_PWCACHE_H
#define QS_USRPRF_PWCACHE_H

/* 1 when (name, hash, pw) was noted as good within the TTL, else 0. */
int  qs_pwcache_check(const char *name, const char *hash, const char *pw);
/* Remember (name, hash, pw) as good (replaces name's older entry). */
void qs_pwcache_note(const char *name, const char *hash, const char *pw);
/* Drop name's entry. */
void qs_pwcache_forget(const char *name);

#endif
