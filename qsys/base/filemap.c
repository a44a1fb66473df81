/*
 * qsys/base/filemap.c - a whole file mapped read-only (see filemap.h).
 */
#include "qsys/base/filemap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qsys/base/err.h"

int qs_file_map(const char *path, size_t max, int regular_only, const unsigned char **p_r,
                size_t *n_r, struct qs_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    *p_r = NULL;
    *n_r = 0;
    if (fd < 0)
        return qs_err_sys(err, errno);
    if (fstat(fd, &st) < 0) {
        int e = errno;
        close(fd);
        return qs_err_sys(err, e);
    }
    if (regular_only && !S_ISREG(st.st_mode)) {
        close(fd);
        return 1;
    }
    if (max && (unsigned long long)st.st_size > max) {
        close(fd);
        return qs_err_sys(err, EFBIG);
    }
    if (st.st_size > 0) {
        void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED) {
            int e = errno;
            close(fd);
            return qs_err_sys(err, e);
        }
        *p_r = m;
        *n_r = (size_t)st.st_size;
    }
    close(fd);
    return 0;
}

void qs_file_unmap(const unsigned char *p, size_t n)
{
    if (p)
        munmap((void *)(uintptr_t)p, n);
}
