/*
 * qsys/usrprf/pwcache.c - recently verified passwords (see pwcache.h).
 */
#include "qsys/usrprf/pwcache.h"
#include "qsys/base/limits.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAC_LEN 32
#define NAME_MAX_LEN 10

struct entry {
    char          name[NAME_MAX_LEN + 1];   /* "" = free */
    unsigned char mac[MAC_LEN];
    time_t        when;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct entry tab[QS_PWCACHE_MAX];
static unsigned char key[32];
static int state;            /* 0 not set up, 1 on, -1 off */

static int ready(void)
{
    if (state == 0) {
        const char *e = getenv("QSHIM_PWCACHE");
        state = (e && strcmp(e, "0") == 0) || RAND_bytes(key, sizeof key) != 1 ? -1 : 1;
    }
    return state > 0;
}

static int mac_of(const char *name, const char *hash, const char *pw, unsigned char out[MAC_LEN])
{
    unsigned char msg[3 * 8];
    size_t ln = strlen(name), lh = strlen(hash), lp = strlen(pw);
    /* lengths first, so no two (name, hash, pw) give the same input */
    for (int i = 0; i < 8; i++) {
        msg[i] = (unsigned char)(ln >> (8 * i));
        msg[8 + i] = (unsigned char)(lh >> (8 * i));
        msg[16 + i] = (unsigned char)(lp >> (8 * i));
    }
    EVP_MAC *m = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *c = m ? EVP_MAC_CTX_new(m) : NULL;
    OSSL_PARAM params[] = { OSSL_PARAM_construct_utf8_string("digest", (char *)"SHA256", 0),
                            OSSL_PARAM_construct_end() };
    size_t outl = 0;
    int ok = c && EVP_MAC_init(c, key, sizeof key, params) == 1 &&
             EVP_MAC_update(c, msg, sizeof msg) == 1 &&
             EVP_MAC_update(c, (const unsigned char *)name, ln) == 1 &&
             EVP_MAC_update(c, (const unsigned char *)hash, lh) == 1 &&
             EVP_MAC_update(c, (const unsigned char *)pw, lp) == 1 &&
             EVP_MAC_final(c, out, &outl, MAC_LEN) == 1 && outl == MAC_LEN;
    EVP_MAC_CTX_free(c);
    EVP_MAC_free(m);
    return ok ? 0 : -1;
}

static struct entry *find(const char *name)
{
    for (size_t i = 0; i < QS_PWCACHE_MAX; i++)
        if (tab[i].name[0] && strcmp(tab[i].name, name) == 0)
            return &tab[i];
    return NULL;
}

int qs_pwcache_check(const char *name, const char *hash, const char *pw)
{
    unsigned char m[MAC_LEN];
    if (strlen(name) > NAME_MAX_LEN || !hash || !*hash)
        return 0;
    pthread_mutex_lock(&mu);
    int good = 0;
    if (ready()) {
        struct entry *e = find(name);
        time_t now = time(NULL);
        if (e && now >= e->when && now - e->when < QS_PWCACHE_TTL && mac_of(name, hash, pw, m) == 0)
            good = CRYPTO_memcmp(m, e->mac, MAC_LEN) == 0;
    }
    pthread_mutex_unlock(&mu);
    OPENSSL_cleanse(m, sizeof m);
    return good;
}

void qs_pwcache_note(const char *name, const char *hash, const char *pw)
{
    if (strlen(name) > NAME_MAX_LEN || !hash || !*hash)
        return;
    pthread_mutex_lock(&mu);
    if (ready()) {
        struct entry *e = find(name), *old = &tab[0];
        for (size_t i = 0; !e && i < QS_PWCACHE_MAX; i++) {
            if (!tab[i].name[0]) {
                e = &tab[i];
            } else if (tab[i].when < old->when) {
                old = &tab[i];
            }
        }
        if (!e)
            e = old;                  /* full: replace the oldest */
        if (mac_of(name, hash, pw, e->mac) == 0) {
            memcpy(e->name, name, strlen(name) + 1);
            e->when = time(NULL);
        } else {
            memset(e, 0, sizeof *e);
        }
    }
    pthread_mutex_unlock(&mu);
}

void qs_pwcache_forget(const char *name)
{
    pthread_mutex_lock(&mu);
    struct entry *e = strlen(name) <= NAME_MAX_LEN ? find(name) : NULL;
    if (e)
        OPENSSL_cleanse(e, sizeof *e);
    pthread_mutex_unlock(&mu);
}
