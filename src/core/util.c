#include "util.h"

#include "lectern/stop.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void *check(void *p)
{
	if (!p) {
		fputs("lectern: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *lt_xmalloc(size_t n) { return check(malloc(n ? n : 1)); }
void *lt_xrealloc(void *p, size_t n) { return check(realloc(p, n ? n : 1)); }
void *lt_xcalloc(size_t n, size_t size)
{
	return check(calloc(n ? n : 1, size ? size : 1));
}

char *lt_xstrndup(const char *s, size_t n)
{
	char *r = lt_xmalloc(n + 1);
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

void lt_grow_to(void *arr, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return;
	size_t c = *cap ? *cap : 16;
	while (c < need)
		c *= 2;
	void **a = arr;
	*a = lt_xrealloc(*a, c * sz);
	*cap = c;
}

struct lt_arena_chunk {
	lt_arena_chunk *next;
	char data[];
};

#define LT_ARENA_CHUNK (64u << 10)

char *lt_arena_strndup(lt_arena *a, const char *s, size_t n)
{
	if (!a->head || a->size - a->used < n + 1) {
		size_t size = n + 1 > LT_ARENA_CHUNK ? n + 1 : LT_ARENA_CHUNK;
		lt_arena_chunk *c = lt_xmalloc(sizeof *c + size);
		c->next = a->head;
		a->head = c;
		a->used = 0;
		a->size = size;
	}
	char *r = a->head->data + a->used;
	memcpy(r, s, n);
	r[n] = '\0';
	a->used += n + 1;
	return r;
}

void lt_arena_free(lt_arena *a)
{
	while (a->head) {
		lt_arena_chunk *next = a->head->next;
		free(a->head);
		a->head = next;
	}
	a->used = a->size = 0;
}

bool lt_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return false;
		}
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* ---- stopping ------------------------------------------------------------ */

static volatile sig_atomic_t *stop_flag;

void lt_stop_on(volatile sig_atomic_t *flag) { stop_flag = flag; }

bool lt_stop_asked(void) { return stop_flag && *stop_flag; }

/* mkdir -p dir, mode 0700 for what is made. */
int lt_make_dirs(const char *dir)
{
	char *p = lt_xstrndup(dir, strlen(dir));
	int rc = 0;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}
