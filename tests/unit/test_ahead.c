/* The scan run ahead in a second thread (lt_doc_set_scan_ahead) finds
 * what the scan in the calling thread finds: the same paragraphs, lines
 * and structure, on every file named on the command line, on copies of
 * each laid end to end over several of the thread's stretches, and on
 * texts written here for its edges (a line longer than a stretch, a
 * paragraph of hundreds of lines, CR and CRLF line ends, blank lines of
 * no-break spaces, no final line end). And the text the thread reads into
 * memory of its own (lt_held) is the text, for as long as the caller may
 * read it, on a text that goes round that memory several times. */
#define _GNU_SOURCE /* usleep */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness.h"

#include "ahead.h"
#include "lectern/doc.h"

static lt_buf a_text, b_text;

static lt_doc *open_doc(const char *path, uint64_t ahead)
{
	lt_error err = {0};
	lt_doc *doc = lt_doc_open(path, &err);
	if (!OK(doc != NULL))
		return NULL;
	lt_doc_set_scan_ahead(doc, ahead);
	return doc;
}

/* a and b hold the same paragraphs and structure. */
static void same(const lt_doc *a, const lt_doc *b)
{
	if (!INT_EQ(lt_doc_npara(b), lt_doc_npara(a)))
		return;
	for (size_t i = 0; i < lt_doc_npara(a); i++) {
		lt_range ra = lt_doc_para(a, i), rb = lt_doc_para(b, i);
		if (!INT_EQ(rb.start, ra.start) || !INT_EQ(rb.end, ra.end) ||
		    !INT_EQ(lt_doc_para_kind(b, i), lt_doc_para_kind(a, i))) {
			fprintf(stderr, "  paragraph %zu\n", i);
			return;
		}
	}
	INT_EQ(lt_doc_line_at(b, lt_doc_size(b)),
	       lt_doc_line_at(a, lt_doc_size(a)));
	INT_EQ(lt_doc_structure(b), lt_doc_structure(a));
	INT_EQ(lt_doc_back_para(b), lt_doc_back_para(a));
	INT_EQ(lt_doc_nauthors(b), lt_doc_nauthors(a));
	if (!INT_EQ(lt_doc_nessays(b), lt_doc_nessays(a)) ||
	    !INT_EQ(lt_doc_nsections(b), lt_doc_nsections(a)))
		return;
	for (size_t k = 0; k < lt_doc_nessays(a); k++) {
		lt_essay ea = lt_doc_essay(a, k), eb = lt_doc_essay(b, k);
		STR_EQ(lt_doc_essay_title(b, k, &b_text),
		       lt_doc_essay_title(a, k, &a_text));
		INT_EQ(eb.title_para, ea.title_para);
		INT_EQ(eb.line, ea.line);
		INT_EQ(eb.author, ea.author);
		INT_EQ(eb.bio_para, ea.bio_para);
		INT_EQ(eb.nsections, ea.nsections);
	}
	for (size_t s = 0; s < lt_doc_nsections(a); s++) {
		STR_EQ(lt_doc_section_heading(b, s, &b_text),
		       lt_doc_section_heading(a, s, &a_text));
		INT_EQ(lt_doc_section(b, s).line, lt_doc_section(a, s).line);
	}
}

/* Scan the text at path in this thread, and again with the thread ahead:
 * all at once, a slice at a time as the reader does, and handed to the
 * thread after the first part was scanned here. */
static void compare(const char *path)
{
	lt_doc *a = open_doc(path, 0);
	if (!a)
		return;
	OK(lt_doc_scan(a, 0));
	lt_doc *b = open_doc(path, 1);
	if (b) {
		OK(lt_doc_scan(b, 0));
		same(a, b);
		lt_doc_free(b);
	}
	b = open_doc(path, 1);
	if (b) {
		while (!lt_doc_scan(b, 100000))
			;
		same(a, b);
		lt_doc_free(b);
	}
	b = open_doc(path, 0);
	if (b) {
		lt_doc_scan(b, 300000);
		lt_doc_set_scan_ahead(b, 1);
		OK(lt_doc_scan(b, 0));
		same(a, b);
		lt_doc_free(b);
	}
	/* freed while the thread is still at work */
	b = open_doc(path, 1);
	if (b) {
		lt_doc_scan(b, 1);
		lt_doc_free(b);
	}
	lt_doc_free(a);
}

/* Copies of data[0..n) laid end to end to at least min bytes. */
static const char *copies(const char *name, const char *data, size_t n,
                          size_t min)
{
	size_t times = n ? min / n + 1 : 1, len = n * times;
	char *big = malloc(len + 1);
	if (!big)
		abort();
	for (size_t k = 0; k < times; k++)
		memcpy(big + k * n, data, n);
	const char *path = harness_file(name, big, len);
	free(big);
	return path;
}

static void edges(void)
{
	harness_test("edges");
	/* a line of 700 KiB inside a paragraph, between short ones */
	size_t n = 700u << 10;
	char *s = malloc(n + 200);
	if (!s)
		abort();
	size_t len = (size_t)sprintf(s, "A Title\n\nWritten by Ann Bee.\n\n");
	memset(s + len, 'x', n);
	len += n;
	len += (size_t)sprintf(s + len, "\nend of it\n\nLast words");
	compare(harness_file("long-line.txt", s, len));
	free(s);

	/* a paragraph of 300 lines, in CR, CRLF and LF text, with blank
	 * lines of no-break spaces and tabs between paragraphs */
	static const char *const ends[] = {"\n", "\r\n", "\r"};
	for (int e = 0; e < 3; e++) {
		lt_buf t = {0};
		char line[64];
		for (int p = 0; p < 40; p++) {
			snprintf(line, sizeof line,
			         "Essay %d%s%sWritten by A%c B.%s", p, ends[e],
			         ends[e], 'a' + p % 26, ends[e]);
			lt_buf_put(&t, line, strlen(line), 0);
			lt_buf_put(&t, ends[e], strlen(ends[e]), 0);
			for (int l = 0; l < (p % 3 ? 4 : 300); l++) {
				snprintf(line, sizeof line, "line %d of %d.%s",
				         l, p, ends[e]);
				lt_buf_put(&t, line, strlen(line), 0);
			}
			const char *gap = p % 2 ? "\xC2\xA0 " : "\t";
			lt_buf_put(&t, gap, strlen(gap), 0);
			lt_buf_put(&t, ends[e], strlen(ends[e]), 0);
		}
		char name[32];
		snprintf(name, sizeof name, "ends-%d.txt", e);
		compare(copies(name, t.s, t.len, 1u << 20));
		lt_buf_free(&t);
	}
}

/* Each stretch's lt_held is the text, and still is once the thread has
 * filled every stretch it may fill while the caller reads it; at least
 * `held` of them are read into the thread's memory. */
static void held_is_text(const char *path, size_t held)
{
	int fd = open(path, O_RDONLY);
	if (!OK(fd >= 0))
		return;
	off_t size = lseek(fd, 0, SEEK_END);
	const char *d = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (!OK(d != MAP_FAILED)) {
		close(fd);
		return;
	}
	lt_ahead *a = lt_ahead_start(d, (uint64_t)size, fd, NULL, 0, 0, 1,
	                             false, (lt_eols){0, 0}, 256u << 10);
	size_t in_ring = 0, bad = 0;
	uint64_t end = 0;
	for (const lt_chunk *c; a && (c = lt_ahead_next(a));) {
		lt_held w = c->window;
		end = c->end; /* c is the thread's again once released */
		lt_ahead_release(a);
		usleep(3000); /* the thread fills the stretches it may */
		if (!w.ring)
			continue;
		in_ring++;
		if (!OK(w.from < w.to && w.to <= (uint64_t)size &&
		        w.from <= end))
			break;
		/* its oldest bytes, the first overwritten, and its last */
		size_t n = (size_t)(w.to - w.from);
		if (n > (1u << 20))
			n = 1u << 20;
		if (memcmp(lt_held_text(&w, d, w.from, w.from + n), d + w.from,
		           n) != 0 ||
		    lt_held_text(&w, d, w.to - 1, w.to)[0] != d[w.to - 1])
			bad++;
	}
	INT_EQ(end, (uint64_t)size);
	INT_EQ(bad, 0);
	OK(in_ring >= held);
	lt_ahead_stop(a);
	munmap((void *)d, (size_t)size);
	close(fd);
}

static void held(void)
{
	harness_test("held");
	/* 20 MB of lines of every length up to 3000 bytes, and some of
	 * 40000 (read a little past a stretch's end, and a little more); in
	 * its middle, a line longer than a stretch reads past its end */
	size_t n = 20u << 20, len = 0;
	char *s = malloc(n);
	if (!s)
		abort();
	for (unsigned k = 0; len < n; k++) {
		size_t l = k % 97 ? (k * 7919u) % 3000 : 40000;
		if (len > n / 2 && len < n / 2 + 4000)
			l = 700u << 10;
		if (l > n - len - 1)
			l = n - len - 1;
		for (size_t j = 0; j < l; j++)
			s[len + j] = (char)('a' + (k + j) % 26);
		len += l;
		s[len++] = k % 5 ? '\n' : '\r';
	}
	const char *path = harness_file("held.txt", s, len);
	held_is_text(path, 70);
	compare(path);
	free(s);
}

/* A budgeted scan (the reader's) that starts the thread returns at once,
 * having indexed nothing of what the thread will hand over; while the
 * thread has handed nothing over, lt_doc_scan_waits says so, then stops
 * saying it once a stretch is ready, and the next budgeted scan takes it
 * without waiting. The result is the same as the calling thread's. */
static void budgeted(const char *path)
{
	harness_test("budgeted");
	lt_doc *a = open_doc(path, 0), *b = open_doc(path, 1);
	if (!a || !b) {
		lt_doc_free(a);
		lt_doc_free(b);
		return;
	}
	OK(lt_doc_scan(a, 0));
	/* the first slice (256 KiB) is the caller's; the second starts the
	 * thread */
	OK(!lt_doc_scan(b, 1u << 20));
	uint64_t started = lt_doc_scanned(b);
	OK(started >= 256u << 10 && started < 512u << 10);
	/* ready within 5 s, however slow the machine */
	int polls = 0;
	while (lt_doc_scan_waits(b) && polls++ < 5000)
		usleep(1000);
	OK(!lt_doc_scan_waits(b));
	lt_doc_scan(b, 64u << 10);
	OK(lt_doc_scanned(b) > started);
	OK(lt_doc_scan(b, 0));
	OK(!lt_doc_scan_waits(b));
	same(a, b);
	lt_doc_free(a);
	lt_doc_free(b);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		harness_test(argv[i]);
		compare(argv[i]);
		size_t n;
		char *data = harness_slurp(argv[i], &n);
		if (!OK(data != NULL))
			continue;
		/* over several of the thread's stretches */
		const char *slash = strrchr(argv[i], '/');
		char name[256];
		snprintf(name, sizeof name, "copies-%s",
		         slash ? slash + 1 : argv[i]);
		compare(copies(name, data, n, 1200u << 10));
		free(data);
	}
	edges();
	held();
	if (argc > 1) {
		size_t n;
		char *data = harness_slurp(argv[argc - 1], &n);
		if (OK(data != NULL))
			budgeted(copies("budgeted.txt", data, n, 4u << 20));
		free(data);
	}
	return harness_done();
}
