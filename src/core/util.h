/* Internal helpers of the core: allocation that fails in one place. */
#ifndef LECTERN_UTIL_H
#define LECTERN_UTIL_H

#include <stddef.h>
#include <stdlib.h>

/* These abort with a message on stderr when memory runs out: the one
 * place the core writes to a stream, since there is nothing to return. */
void *lt_xmalloc(size_t n);
void *lt_xrealloc(void *p, size_t n);
void *lt_xcalloc(size_t n, size_t size);
char *lt_xstrndup(const char *s, size_t n);

/* Grow *arr (of element size sz) so that it holds at least need elements;
 * *cap is updated. */
void lt_grow(void *arr, size_t *cap, size_t need, size_t sz);

#endif
