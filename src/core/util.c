#include "util.h"

#include <stdio.h>
#include <string.h>

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

void lt_grow(void *arr, size_t *cap, size_t need, size_t sz)
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
