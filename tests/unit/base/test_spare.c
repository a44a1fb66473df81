/* tests/unit/base/test_spare.c - the pool of used files: reuse keeps the
 * inode, only single-link files small enough are kept, held names are not
 * taken before they are published, races are decided by the rename. */
#include "testlib.h"
#include "qsys/base/spare.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

static char dir[512], pool[600];

static void mkfile(const char *name, const char *data)
{
    char p[700];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, strlen(data)), (ssize_t)strlen(data));
    close(fd);
}

static const char *at(const char *name)
{
    static char p[4][700];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static ino_t ino_of(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return st.st_ino;
}

static int setup(void **st)
{
    (void)st;
    const char *root = qs_test_root();
    snprintf(dir, sizeof dir, "%s/q", root);
    snprintf(pool, sizeof pool, "%s/q/pool", root);
    qs_rm_rf(dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(mkdir(pool, 0700), 0);
    return 0;
}

static void test_reuse_keeps_inode(void **st)
{
    (void)st;
    struct qs_spare *s = qs_spare_new(pool, ".s", 8, 1024);
    assert_non_null(s);
    assert_int_equal(qs_spare_take(s, at("x")), -1);      /* empty pool */
    mkfile("a", "old content");
    ino_t ino = ino_of(at("a"));
    assert_int_equal(qs_spare_give(s, at("a"), -1, NULL), 1);
    assert_int_equal(access(at("a"), F_OK), -1);
    assert_int_equal(qs_spare_count(s), 1);
    int fd = qs_spare_take(s, at("b"));
    assert_true(fd >= 0);
    assert_int_equal(ino_of(at("b")), ino);                /* same inode, new name */
    struct stat sb;                                         /* old data, offset 0: */
    assert_int_equal(fstat(fd, &sb), 0);                    /* the taker overwrites */
    assert_int_equal(sb.st_size, 11);
    assert_int_equal(lseek(fd, 0, SEEK_CUR), 0);
    int other = open(at("b"), O_RDONLY);
    assert_int_equal(flock(other, LOCK_EX | LOCK_NB), -1);  /* locked */
    close(other);
    close(fd);
    assert_int_equal(qs_spare_count(s), 0);
    qs_spare_free(&s);
}

static void test_refuses_linked_and_big(void **st)
{
    (void)st;
    struct qs_spare *s = qs_spare_new(pool, ".s", 8, 4);
    mkfile("big", "more than four bytes");
    assert_int_equal(qs_spare_give(s, at("big"), -1, NULL), 0);     /* unlinked */
    assert_int_equal(access(at("big"), F_OK), -1);
    mkfile("l1", "ab");
    assert_int_equal(link(at("l1"), at("l2")), 0);
    assert_int_equal(qs_spare_give(s, at("l1"), -1, NULL), 0);      /* another name: unlinked */
    assert_int_equal(access(at("l2"), F_OK), 0);                     /* the other name stays */
    assert_int_equal(qs_spare_count(s), 0);
    assert_int_equal(qs_spare_give(s, at("nothere"), -1, NULL), -1);
    assert_int_equal(errno, ENOENT);
    qs_spare_free(&s);
}

static void test_full_pool_unlinks(void **st)
{
    (void)st;
    struct qs_spare *s = qs_spare_new(pool, ".s", 2, 1024);
    mkfile("f1", "1");
    mkfile("f2", "2");
    mkfile("f3", "3");
    assert_int_equal(qs_spare_give(s, at("f1"), -1, NULL), 1);
    assert_int_equal(qs_spare_give(s, at("f2"), -1, NULL), 1);
    assert_int_equal(qs_spare_give(s, at("f3"), -1, NULL), 0);
    assert_int_equal(access(at("f3"), F_OK), -1);
    qs_spare_free(&s);
}

static void test_held_until_published(void **st)
{
    (void)st;
    struct qs_spare *s = qs_spare_new(pool, ".s", 8, 1024);
    char held[QS_SPARE_NAME_MAX];
    mkfile("h", "x");
    assert_int_equal(qs_spare_give(s, at("h"), -1, held), 1);
    assert_true(strncmp(held, ".s", 2) == 0);
    assert_int_equal(qs_spare_take(s, at("t")), -1);       /* not yet */
    qs_spare_publish(s, held);
    int fd = qs_spare_take(s, at("t"));
    assert_true(fd >= 0);
    close(fd);
    qs_spare_free(&s);
}

/* Two pools over one directory stand for two processes: each takes only what
 * it knows of, and a file taken by one is gone for the other. */
static void test_two_pools_race(void **st)
{
    (void)st;
    struct qs_spare *a = qs_spare_new(pool, ".s", 8, 1024);
    struct qs_spare *b = qs_spare_new(pool, ".s", 8, 1024);
    mkfile("r", "race");
    assert_int_equal(qs_spare_give(a, at("r"), -1, NULL), 1);
    /* b has not scanned; a new file is too young for a scan to trust */
    assert_int_equal(qs_spare_take(b, at("rb")), -1);
    int fd = qs_spare_take(a, at("ra"));
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(access(at("rb"), F_OK), -1);
    qs_spare_free(&a);
    qs_spare_free(&b);
}

/* A pool file somebody still holds locked (its former owner) is skipped and
 * left in the pool, not truncated. */
static void test_locked_file_skipped(void **st)
{
    (void)st;
    struct qs_spare *s = qs_spare_new(pool, ".s", 8, 1024);
    mkfile("k", "keep me");
    int holder = open(at("k"), O_RDONLY);
    assert_true(holder >= 0);
    assert_int_equal(flock(holder, LOCK_EX), 0);
    char held[QS_SPARE_NAME_MAX];
    assert_int_equal(qs_spare_give(s, at("k"), -1, held), 1);   /* held: not emptied */
    qs_spare_publish(s, held);
    assert_int_equal(qs_spare_take(s, at("k2")), -1);
    struct stat sb;
    assert_int_equal(fstat(holder, &sb), 0);
    assert_int_equal(sb.st_size, 7);                        /* untouched by the take */
    assert_int_equal(qs_spare_count(s), 1);                 /* still pooled */
    close(holder);
    int fd = qs_spare_take(s, at("k2"));
    assert_true(fd >= 0);
    close(fd);
    qs_spare_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_reuse_keeps_inode, setup),
        cmocka_unit_test_setup(test_refuses_linked_and_big, setup),
        cmocka_unit_test_setup(test_full_pool_unlinks, setup),
        cmocka_unit_test_setup(test_held_until_published, setup),
        cmocka_unit_test_setup(test_two_pools_race, setup),
        cmocka_unit_test_setup(test_locked_file_skipped, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
