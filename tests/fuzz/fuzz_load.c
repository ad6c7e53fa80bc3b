/* libFuzzer (and AFL++) target for loading and parsing: the input is
 * written to a memory file, opened and scanned, and the document is checked
 * against the core's promises. A broken promise aborts with a message, so
 * the fuzzer keeps the input. */
#define _GNU_SOURCE /* memfd_create */
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <unistr.h>

#include "lectern/doc.h"
#include "lectern/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fuzz_load: property violated: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (!(cond))                                                   \
			fail(__VA_ARGS__);                                     \
	} while (0)

/* Scratch for titles and headings, kept across runs. */
static lt_buf names_buf, other_buf;

/* One memory file for the whole run, reached by its /proc path so that
 * lt_doc_open() sees a named regular file. */
static int mem_fd = -1;
static char mem_path[64];

static void put_input(const uint8_t *data, size_t size)
{
	if (mem_fd < 0) {
		mem_fd = memfd_create("fuzz_load", MFD_CLOEXEC);
		if (mem_fd < 0) {
			perror("fuzz_load: memfd_create");
			abort();
		}
		snprintf(mem_path, sizeof mem_path, "/proc/self/fd/%d", mem_fd);
	}
	if (ftruncate(mem_fd, 0) < 0 || ftruncate(mem_fd, (off_t)size) < 0) {
		perror("fuzz_load: ftruncate");
		abort();
	}
	for (size_t done = 0; done < size;) {
		ssize_t w =
		    pwrite(mem_fd, data + done, size - done, (off_t)done);
		if (w <= 0) {
			perror("fuzz_load: pwrite");
			abort();
		}
		done += (size_t)w;
	}
}

static bool is_bidi_control(ucs4_t uc)
{
	return (uc >= 0x202A && uc <= 0x202E) ||
	       (uc >= 0x2066 && uc <= 0x2069) || uc == 0x200E || uc == 0x200F ||
	       uc == 0x061C;
}

static bool is_control(ucs4_t uc)
{
	return uc < 0x20 || (uc >= 0x7F && uc <= 0x9F);
}

/* s[0..n) is valid UTF-8 with no bidi override or isolate and no control
 * character except those in allowed. */
static void check_text(const char *what, size_t index, const char *s, size_t n,
                       const char *allowed)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	const uint8_t *bad = u8_check(p, n);
	CHECK(!bad, "%s %zu: invalid UTF-8 at byte %zu", what, index,
	      (size_t)(bad - p));
	while (p < end) {
		ucs4_t uc;
		int len = u8_mbtouc(&uc, p, (size_t)(end - p));
		CHECK(!is_control(uc) || (uc && strchr(allowed, (int)uc)),
		      "%s %zu: control character U+%04X at byte %zu", what,
		      index, (unsigned)uc, (size_t)(p - (const uint8_t *)s));
		CHECK(!is_bidi_control(uc),
		      "%s %zu: bidi control U+%04X at byte %zu", what, index,
		      (unsigned)uc, (size_t)(p - (const uint8_t *)s));
		p += len;
	}
}

static void check_name(const char *what, size_t index, const char *s)
{
	CHECK(s != NULL, "%s %zu: NULL", what, index);
	check_text(what, index, s, strlen(s), "");
}

/* Line ends in d[from..to), counted the slow way: LF, CRLF and lone CR. */
static uint64_t count_lines(const uint8_t *d, size_t size, uint64_t from,
                            uint64_t to)
{
	uint64_t n = 0;
	for (uint64_t i = from; i < to; i++)
		if (d[i] == '\n' ||
		    (d[i] == '\r' && (i + 1 >= size || d[i + 1] != '\n')))
			n++;
	return n;
}

/* The part holding byte range r: 0 front, 1 + k essay k, 1 + n back;
 * SIZE_MAX when no single part holds it. The essays are found by halving
 * (check_partition has them in order, end to end), so that checking
 * every paragraph stays linear in the input. */
static size_t part_of(const lt_doc *doc, lt_range r)
{
	lt_range f = lt_doc_front(doc), b = lt_doc_back(doc);
	size_t n = lt_doc_nessays(doc), found = SIZE_MAX, count = 0;
	if (r.start >= f.start && r.end <= f.end && f.start < f.end)
		found = 0, count++;
	size_t lo = 0, hi = n; /* the first essay ending after r.start */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (lt_doc_essay(doc, mid).bytes.end <= r.start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = lo; k < n; k++) {
		lt_range e = lt_doc_essay(doc, k).bytes;
		if (e.start >= r.end)
			break;
		if (r.start >= e.start && r.end <= e.end && e.start < e.end)
			found = 1 + k, count++;
	}
	if (r.start >= b.start && r.end <= b.end && b.start < b.end)
		found = 1 + n, count++;
	return count == 1 ? found : SIZE_MAX;
}

static void check_partition(const lt_doc *doc, uint64_t size)
{
	lt_range f = lt_doc_front(doc), b = lt_doc_back(doc);
	CHECK(f.start == 0, "front starts at %llu, not 0",
	      (unsigned long long)f.start);
	uint64_t at = f.end;
	CHECK(f.start <= f.end, "front range reversed");
	for (size_t k = 0; k < lt_doc_nessays(doc); k++) {
		lt_range e = lt_doc_essay(doc, k).bytes;
		CHECK(e.start == at,
		      "essay %zu starts at %llu; the part before ends at %llu",
		      k, (unsigned long long)e.start, (unsigned long long)at);
		CHECK(e.start < e.end,
		      "essay %zu is empty or reversed: "
		      "[%llu, %llu)",
		      k, (unsigned long long)e.start,
		      (unsigned long long)e.end);
		at = e.end;
	}
	CHECK(b.start == at,
	      "back starts at %llu; the part before ends at %llu",
	      (unsigned long long)b.start, (unsigned long long)at);
	CHECK(b.end == size && b.start <= b.end,
	      "back [%llu, %llu) does not end at the size %llu",
	      (unsigned long long)b.start, (unsigned long long)b.end,
	      (unsigned long long)size);
}

static void check_paragraphs(const lt_doc *doc, const uint8_t *data,
                             size_t size)
{
	size_t np = lt_doc_npara(doc);
	lt_buf buf = {0};
	uint64_t prev_line = 0, prev_end = 0, counted = 1, counted_to = 0;
	for (size_t i = 0; i < np; i++) {
		lt_range r = lt_doc_para(doc, i);
		CHECK(r.start < r.end && r.end <= size,
		      "paragraph %zu: bad range [%llu, %llu) in %zu bytes", i,
		      (unsigned long long)r.start, (unsigned long long)r.end,
		      size);
		CHECK(i == 0 || r.start >= prev_end,
		      "paragraph %zu overlaps the one before", i);
		prev_end = r.end;
		CHECK(part_of(doc, r) != SIZE_MAX,
		      "paragraph %zu [%llu, %llu) is not inside exactly one "
		      "part",
		      i, (unsigned long long)r.start,
		      (unsigned long long)r.end);
		CHECK(lt_doc_para_at(doc, r.start) == i,
		      "lt_doc_para_at(start of paragraph %zu) = %zu", i,
		      lt_doc_para_at(doc, r.start));
		uint64_t line = lt_doc_line_at(doc, r.start);
		CHECK(line > prev_line,
		      "lt_doc_line_at not increasing at paragraph %zu: %llu "
		      "after %llu",
		      i, (unsigned long long)line,
		      (unsigned long long)prev_line);
		counted += count_lines(data, size, counted_to, r.start);
		counted_to = r.start;
		CHECK(line == counted,
		      "lt_doc_line_at(paragraph %zu) = %llu, counted %llu", i,
		      (unsigned long long)line, (unsigned long long)counted);
		prev_line = line;
		lt_buf_clear(&buf);
		lt_decode(lt_doc_bytes(doc) + r.start,
		          (size_t)(r.end - r.start), &buf);
		check_text("paragraph", i, buf.s ? buf.s : "", buf.len, "\t\n");
		(void)lt_doc_para_kind(doc, i);
	}
	lt_buf_free(&buf);
}

static void check_structure(const lt_doc *doc)
{
	size_t np = lt_doc_npara(doc), ne = lt_doc_nessays(doc);
	size_t ns = lt_doc_nsections(doc), na = lt_doc_nauthors(doc);
	size_t prev_end = 0, next_section = 0;
	for (size_t k = 0; k < ne; k++) {
		lt_essay e_view = lt_doc_essay(doc, k);
		const lt_essay *e = &e_view;
		check_name("essay title", k,
		           lt_doc_essay_title(doc, k, &names_buf));
		CHECK(e->title_para < e->end_para && e->end_para <= np,
		      "essay %zu: paragraphs [%zu, %zu) of %zu", k,
		      e->title_para, e->end_para, np);
		CHECK(k == 0 || e->title_para == prev_end,
		      "essay %zu starts at paragraph %zu, the one before ends "
		      "at %zu",
		      k, e->title_para, prev_end);
		prev_end = e->end_para;
		CHECK(e->byline_para == LT_NONE ||
		          (e->byline_para > e->title_para &&
		           e->byline_para < e->end_para),
		      "essay %zu: byline %zu outside", k, e->byline_para);
		CHECK(e->bio_para == LT_NONE ||
		          (e->bio_para > e->title_para &&
		           e->bio_para < e->end_para &&
		           (e->byline_para == LT_NONE ||
		            e->bio_para > e->byline_para)),
		      "essay %zu: bio %zu outside", k, e->bio_para);
		CHECK(e->author == LT_NONE || e->author < na,
		      "essay %zu: author %zu of %zu", k, e->author, na);
		CHECK(e->line ==
		          lt_doc_line_at(doc,
		                         lt_doc_para(doc, e->title_para).start),
		      "essay %zu: line %llu is not its title's", k,
		      (unsigned long long)e->line);
		CHECK(e->first_section == next_section &&
		          e->first_section + e->nsections <= ns,
		      "essay %zu: sections [%zu, +%zu) of %zu, expected from "
		      "%zu",
		      k, e->first_section, e->nsections, ns, next_section);
		next_section = e->first_section + e->nsections;
		for (size_t p = e->title_para; p < e->end_para; p++)
			CHECK(lt_doc_para_essay(doc, p) == k,
			      "paragraph %zu: essay %zu, expected %zu", p,
			      lt_doc_para_essay(doc, p), k);
		size_t prev_para = e->title_para;
		for (size_t s = 0; s < e->nsections; s++) {
			lt_section sec_view =
			    lt_doc_section(doc, e->first_section + s);
			const lt_section *sec = &sec_view;
			size_t sec_index = e->first_section + s;
			CHECK(sec->essay == k,
			      "section %zu: essay %zu, not %zu",
			      e->first_section + s, sec->essay, k);
			CHECK(sec->para > prev_para && sec->para < e->end_para,
			      "section %zu: paragraph %zu outside essay %zu "
			      "[%zu, %zu) or out of order",
			      e->first_section + s, sec->para, k, e->title_para,
			      e->end_para);
			CHECK(lt_doc_para_kind(doc, sec->para) ==
			          LT_PARA_HEADING,
			      "section %zu: paragraph %zu is not a heading",
			      e->first_section + s, sec->para);
			prev_para = sec->para;
			check_name(
			    "heading", e->first_section + s,
			    lt_doc_section_heading(doc, sec_index, &names_buf));
		}
	}
	CHECK(next_section == ns, "%zu sections, the essays hold %zu", ns,
	      next_section);
	size_t back = lt_doc_back_para(doc);
	CHECK(ne == 0 || prev_end == back,
	      "the last essay ends at paragraph %zu, back matter starts at %zu",
	      prev_end, back);
	CHECK(back <= np, "back matter starts at paragraph %zu of %zu", back,
	      np);
	CHECK(np == 0 || ne > 0, "%zu paragraphs but no essay", np);
	size_t listed = 0;
	for (size_t a = 0; a < na; a++) {
		const lt_author *au = lt_doc_author(doc, a);
		check_name("author", a, au->name);
		CHECK(au->nessays > 0, "author %zu has no essay", a);
		for (size_t j = 0; j < au->nessays; j++) {
			CHECK(au->essays[j] < ne &&
			          (j == 0 || au->essays[j] > au->essays[j - 1]),
			      "author %zu: essays out of order", a);
			CHECK(lt_doc_essay(doc, au->essays[j]).author == a,
			      "author %zu: essay %zu points elsewhere", a,
			      au->essays[j]);
		}
		listed += au->nessays;
	}
	size_t with_author = 0;
	for (size_t k = 0; k < ne; k++)
		with_author += lt_doc_essay(doc, k).author != LT_NONE;
	CHECK(listed == with_author,
	      "authors list %zu essays, %zu essays have an author", listed,
	      with_author);
}

/* Two scans of the same input must agree, however they were budgeted. */
static void check_same(const lt_doc *a, const lt_doc *b, const char *how)
{
	CHECK(lt_doc_npara(a) == lt_doc_npara(b), "%s: %zu paragraphs, not %zu",
	      how, lt_doc_npara(b), lt_doc_npara(a));
	for (size_t i = 0; i < lt_doc_npara(a); i++) {
		lt_range x = lt_doc_para(a, i), y = lt_doc_para(b, i);
		CHECK(x.start == y.start && x.end == y.end,
		      "%s: paragraph %zu differs", how, i);
	}
	CHECK(lt_doc_nessays(a) == lt_doc_nessays(b) &&
	          lt_doc_nsections(a) == lt_doc_nsections(b) &&
	          lt_doc_nauthors(a) == lt_doc_nauthors(b) &&
	          lt_doc_back_para(a) == lt_doc_back_para(b),
	      "%s: a different structure", how);
	for (size_t k = 0; k < lt_doc_nessays(a); k++) {
		lt_essay x = lt_doc_essay(a, k), y = lt_doc_essay(b, k);
		CHECK(strcmp(lt_doc_essay_title(a, k, &names_buf),
		             lt_doc_essay_title(b, k, &other_buf)) == 0 &&
		          x.line == y.line && x.end_para == y.end_para &&
		          x.bio_para == y.bio_para &&
		          x.nsections == y.nsections,
		      "%s: essay %zu differs", how, k);
	}
}

/* A small deterministic generator, seeded by the input, so a crash
 * replays the same budgets. */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static lt_doc *open_input(size_t size)
{
	lt_error err = {0};
	lt_doc *doc = lt_doc_open(mem_path, &err);
	CHECK(doc || err.code == LT_UTF16,
	      "lt_doc_open failed on %zu bytes: %s", size,
	      lt_error_message(&err));
	return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	put_input(data, size);
	lt_doc *doc = open_input(size);
	if (!doc) {
		CHECK(size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
		                    (data[0] == 0xFE && data[1] == 0xFF)),
		      "refused as UTF-16 without a UTF-16 BOM");
		return 0;
	}
	CHECK(lt_doc_size(doc) == size, "size %llu, not %zu",
	      (unsigned long long)lt_doc_size(doc), size);
	CHECK(lt_doc_scan(doc, 0), "lt_doc_scan(doc, 0) did not finish");
	CHECK(lt_doc_scan_done(doc) && lt_doc_scanned(doc) == size,
	      "scanned %llu of %zu bytes",
	      (unsigned long long)lt_doc_scanned(doc), size);
	check_partition(doc, size);
	check_paragraphs(doc, data, size);
	check_structure(doc);

	/* the incremental path: small budgets, paragraphs only growing */
	uint64_t seed = 0x9E3779B97F4A7C15u ^ size;
	for (size_t i = 0; i < size && i < 64; i++)
		seed = (seed ^ data[i]) * 0x100000001B3u;
	seed |= 1;
	lt_doc *inc = open_input(size);
	size_t calls = 0, seen = 0, checked = 0;
	for (;;) {
		uint64_t budget = 1 + next_rand(&seed) % 48;
		uint64_t before = lt_doc_scanned(inc);
		bool done = lt_doc_scan(inc, budget);
		CHECK(lt_doc_scanned(inc) > before || before == size,
		      "lt_doc_scan(%llu) made no progress at %llu",
		      (unsigned long long)budget, (unsigned long long)before);
		CHECK(lt_doc_npara(inc) >= seen, "paragraphs went away");
		for (size_t i = seen ? seen - 1 : 0; i < lt_doc_npara(inc); i++)
			CHECK(lt_doc_para(inc, i).start ==
			          lt_doc_para(doc, i).start,
			      "incremental paragraph %zu starts elsewhere", i);
		seen = lt_doc_npara(inc);
		if (done)
			break;
		/* the essays found so far are the final ones' first; each
		 * is checked until it is complete, and once more then (all
		 * of them each time made a long input quadratic) */
		CHECK(lt_doc_nessays(inc) <= lt_doc_nessays(doc),
		      "more essays before the scan is done than after");
		for (size_t k = checked; k < lt_doc_nessays(inc); k++) {
			lt_essay a_view = lt_doc_essay(inc, k);
			const lt_essay *a = &a_view;
			lt_essay b_view = lt_doc_essay(doc, k);
			const lt_essay *b = &b_view;
			CHECK(a->title_para == b->title_para &&
			          a->byline_para == b->byline_para &&
			          strcmp(lt_doc_essay_title(inc, k, &names_buf),
			                 lt_doc_essay_title(doc, k,
			                                    &other_buf)) == 0,
			      "essay %zu found while scanning differs", k);
			CHECK(k + 1 == lt_doc_nessays(inc) ||
			          (a->end_para == b->end_para &&
			           a->bio_para == b->bio_para &&
			           a->nsections == b->nsections),
			      "completed essay %zu differs", k);
			if (k + 1 < lt_doc_nessays(inc))
				checked = k + 1;
		}
		CHECK(++calls <= size + 1, "lt_doc_scan never finishes");
	}
	check_same(doc, inc, "incremental scan");
	lt_doc_free(inc);

	/* the same bytes through a file descriptor, as standard input is */
	CHECK(lseek(mem_fd, 0, SEEK_SET) == 0, "lseek");
	lt_error err = {0};
	lt_doc *piped = lt_doc_read_fd(mem_fd, &err);
	if (piped) {
		lt_doc_scan(piped, 0);
		check_same(doc, piped, "lt_doc_read_fd");
		lt_doc_free(piped);
	}
	lt_doc_free(doc);
	return 0;
}
