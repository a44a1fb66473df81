/*
 * api/uslist.h - writing the result of a list API into a user space, behind
 * the generic header of qusgen.h (format 0100).
 *
 * The caller collects the input parameter section, the header section and
 * fixed-size entries; qs_api_list_write lays them out (header at 0, then
 * input, header section and list, each on a 4-byte boundary) and writes
 * them with one QUSCHGUS-style write.  When the space is too small and not
 * auto-extendable, as many entries as fit are written and the list is
 * marked partial ('P'), as IBM does.
 */
#ifndef QS_API_USLIST_H
#define QS_API_USLIST_H

#include <stddef.h>
#include <time.h>

#include "qsys/base/buf.h"

struct qs_err;
struct qs_job;

struct qs_api_list {
    const char   *api;            /* "QUSLSPL" */
    const char   *format;         /* "SPLF0300" */
    struct qs_buf input;          /* input parameter section */
    struct qs_buf header;         /* header section */
    struct qs_buf entries;        /* n entries of entry_size bytes */
    size_t        n, entry_size;
};

void qs_api_list_init(struct qs_api_list *l, const char *api, const char *format);
void qs_api_list_free(struct qs_api_list *l);
/* Room for one more entry of l->entry_size zero bytes; NULL when the list
 * would pass the largest user space (the caller stops: the list is partial). */
void *qs_api_list_add(struct qs_api_list *l);
int  qs_api_list_write(struct qs_job *j, const char *lib, const char *name,
                       const struct qs_api_list *l, struct qs_err *err);

/* Append n zero bytes to b. 0 or -1. */
int  qs_api_buf_zeros(struct qs_buf *b, size_t n);

/* IBM's CYYMMDD and HHMMSS for t in local time (d: 8 bytes, h: 7). */
void qs_api_cyymmdd(time_t t, char *d, char *h);

#endif
