/* libFuzzer target: searching random patterns in random text. The first
 * byte picks the options (case, whole word, regex), the bytes up to the
 * first newline are the pattern, the rest is the text. Properties, not
 * just "no crash": hits lie inside the text, in order, never overlap and
 * start and end on character boundaries; the fast path finds exactly what
 * folding the whole text finds; counting a document finds what searching
 * it paragraph by paragraph finds. */
#define _GNU_SOURCE /* memfd_create */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <unistr.h>

#include "lectern/doc.h"
#include "lectern/search.h"

static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fuzz_search: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

/* Where characters start in t[0..n) (invalid bytes are characters of
 * one), and n: one flag a byte, so that checking every hit stays linear
 * in the text (the inputs are up to 64 KiB, each a hit). */
static uint8_t *boundaries(const uint8_t *t, size_t n)
{
	uint8_t *b = calloc(n + 1, 1);
	for (size_t at = 0; at < n;) {
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, t + at, n - at);
		b[at] = 1;
		at += len > 0 ? (size_t)len : 1;
	}
	b[n] = 1;
	return b;
}

static void check_spans(const lt_spans *sp, const uint8_t *t, size_t n,
                        const char *how)
{
	uint8_t *starts = boundaries(t, n);
	uint64_t last = 0;
	for (size_t k = 0; k < sp->n; k++) {
		lt_range r = sp->v[k];
		if (r.start >= r.end || r.end > n)
			fail("%s: hit %zu is %llu-%llu in %zu bytes", how, k,
			     (unsigned long long)r.start,
			     (unsigned long long)r.end, n);
		if (r.start < last)
			fail("%s: hit %zu overlaps the one before", how, k);
		if (!starts[r.start] || !starts[r.end])
			fail("%s: hit %zu splits a character", how, k);
		last = r.end;
	}
	free(starts);
}

static lt_doc *doc_of(const uint8_t *t, size_t n)
{
	int fd = memfd_create("fuzz_search", 0);
	if (fd < 0)
		return NULL;
	if (write(fd, t, n) != (ssize_t)n || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return NULL;
	}
	lt_error err;
	lt_doc *doc = lt_doc_read_fd(fd, &err);
	close(fd);
	return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	uint8_t mode = data[0];
	const uint8_t *p = data + 1, *nl = memchr(p, '\n', size - 1);
	if (!nl || nl - p > 64)
		return 0;
	char pattern[65];
	memcpy(pattern, p, (size_t)(nl - p));
	pattern[nl - p] = '\0';
	const uint8_t *text = nl + 1;
	size_t n = size - (size_t)(text - data);

	lt_search_opts o = {(lt_case_mode)(mode % 3), (mode >> 2) & 1,
	                    (mode >> 3) & 1, false};
	char err[256];
	lt_search *s = lt_search_new(pattern, &o, err, sizeof err);
	if (!s)
		return 0;
	lt_spans fast = {0};
	lt_search_text(s, (const char *)text, n, &fast);
	check_spans(&fast, text, n, "search");
	if (!o.regex) {
		lt_search_opts e = o;
		e.exhaustive = true;
		lt_search *x = lt_search_new(pattern, &e, err, sizeof err);
		lt_spans slow = {0};
		lt_search_text(x, (const char *)text, n, &slow);
		bool same = fast.n == slow.n;
		for (size_t k = 0; same && k < fast.n; k++)
			same = fast.v[k].start == slow.v[k].start &&
			       fast.v[k].end == slow.v[k].end;
		if (!same)
			fail("fast path: %zu hits, exhaustive: %zu", fast.n,
			     slow.n);
		lt_spans_free(&slow);
		lt_search_free(x);
	}
	lt_spans_free(&fast);

	lt_doc *doc = doc_of(text, n);
	if (doc) {
		size_t counted = lt_search_count(s, doc);
		lt_doc_scan(doc, 0);
		lt_hits *h = lt_hits_new(s, doc);
		lt_hits_run(h, 0);
		if (counted != lt_hits_count(h))
			fail("count: %zu, paragraph by paragraph: %zu", counted,
			     lt_hits_count(h));
		lt_hits_free(h);
		lt_doc_free(doc);
	}
	lt_search_free(s);
	return 0;
}
