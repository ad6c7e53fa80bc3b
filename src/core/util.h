/* Internal helpers of the core: allocation that fails in one place. */
#ifndef LECTERN_UTIL_H
#define LECTERN_UTIL_H

#include <stdbool.h>
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
void lt_grow_to(void *arr, size_t *cap, size_t need, size_t sz);
static inline void lt_grow(void *arr, size_t *cap, size_t need, size_t sz)
{
	if (need > *cap) /* rarely: the test is inline, the growing not */
		lt_grow_to(arr, cap, need, sz);
}

/* Write all of p[0..n) to fd, going on after EINTR. False on an error
 * (errno says which; EIO for a write of nothing). */
bool lt_write_all(int fd, const char *p, size_t n);

/* mkdir -p dir, mode 0700 for what is made; -1 (errno set) on failure. */
int lt_make_dirs(const char *dir);

/* A bump allocator for the many small strings a document keeps (titles,
 * headings, names): freed all at once. Zero-initialise. */
typedef struct lt_arena_chunk lt_arena_chunk;
typedef struct {
	lt_arena_chunk *head;
	size_t used, size; /* in head */
} lt_arena;

/* A NUL-terminated copy of s[0..n) that lives as long as the arena. */
char *lt_arena_strndup(lt_arena *a, const char *s, size_t n);
void lt_arena_free(lt_arena *a);

#endif
