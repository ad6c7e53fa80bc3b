#define _GNU_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#include "folder.h"
#include "folder_impl.h"
#include "plan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc_impl.h"
#include "lectern/front.h"
#include "lectern/layout.h"
#include "lectern/stop.h"

/* ---- the slots ---------------------------------------------------------- */

static uint64_t page_up(uint64_t n)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	return (n + page - 1) & ~(page - 1);
}

/* Open file i (the next without a slot), map it into the slot after the
 * last one, and close it; or skip it, telling why, with an empty slot. */
static void open_file(lt_doc *doc, size_t i)
{
	struct lt_folder *fo = folder(doc);
	ffile *f = &fo->f[i];
	f->base = i ? fo->f[i - 1].base + page_up(fo->f[i - 1].size) : 0;
	f->size = 0;
	f->state = F_SKIPPED;
	fo->nsized = i + 1;
	doc->size = f->base;
	const char *path = fo_path(fo, i);
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		fo_skip(fo, path, strerror(errno));
		return;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		fo_skip(fo, path, "not a regular file");
		return;
	}
	if (st.st_size == 0) {
		close(fd);
		return; /* empty: nothing to read, nothing to tell */
	}
	if ((uint64_t)st.st_size > doc->maplen - f->base) {
		close(fd);
		fo_skip(fo, path, "past what lectern maps of a collection");
		return;
	}
	void *m = mmap((char *)doc->map + f->base, (size_t)st.st_size,
	               PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
	int e = errno;
	close(fd);
	if (m == MAP_FAILED) {
		fo_skip(fo, path, strerror(e));
		return;
	}
	f->size = (uint64_t)st.st_size;
	doc->size = f->base + f->size;
	const char *p = m;
	size_t head = f->size < 4096 ? (size_t)f->size : 4096;
	if (memchr(p, '\0', head) ||
	    (f->size >= 2 && ((p[0] == '\xFF' && p[1] == '\xFE') ||
	                      (p[0] == '\xFE' && p[1] == '\xFF')))) {
		/* no slot: its bytes are no part of the text */
		mmap(m, (size_t)f->size, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
		     -1, 0);
		f->size = 0;
		doc->size = f->base;
		fo_skip(fo, path, "not text");
		return;
	}
	f->state = F_MAPPED;
	madvise(m, (size_t)f->size, MADV_SEQUENTIAL);
	if (!f->fronted) {
		f->fronted = true;
		lt_front_parse(p, (size_t)f->size, &f->front);
	}
	f->text = f->front.end <= f->size ? f->front.end : 0;
	f->block = f->text > 0;
	f->line0 = 1;
	for (uint64_t k = 0; k < f->text; k++)
		f->line0 += p[k] == '\n';
}

/* Open the files up to file i, in order. */
static void open_upto(lt_doc *doc, size_t i)
{
	struct lt_folder *fo = folder(doc);
	while (fo->nsized <= i && fo->nsized < fo->n)
		open_file(doc, fo->nsized);
}

uint64_t fo_size(const lt_doc *doc)
{
	open_upto((lt_doc *)doc, folder(doc)->n - 1);
	return doc->size;
}

/* A file named as Markdown is read as Markdown. */
static bool markdown_name(const char *path)
{
	static const char *const ext[] = {".md", ".markdown", ".mdown", ".mkd",
	                                  ".mkdn"};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof ext / sizeof *ext; i++)
		if (strcasecmp(dot, ext[i]) == 0)
			return true;
	return false;
}

static void let_go(struct lt_folder *fo, size_t i)
{
	lt_doc_free(fo->f[i].child);
	fo->f[i].child = NULL;
}

/* Make file i's child: its text (after its front matter) as a document of
 * its own, scanned whole. */
static void make_child(lt_doc *doc, size_t i)
{
	struct lt_folder *fo = folder(doc);
	ffile *f = &fo->f[i];
	f->child = lt_doc_over((const char *)doc->map + f->base + f->text,
	                       f->size - f->text);
	if (fo->rules != LT_STRUCT_AUTO)
		lt_doc_set_structure(f->child, fo->rules);
	else if (markdown_name(fo_path(fo, i)))
		lt_doc_set_structure(f->child, LT_STRUCT_MARKDOWN);
	if (fo->essay_re || fo->section_re) {
		char err[8]; /* they compiled for the collection */
		lt_doc_set_starts(f->child, fo->essay_re, fo->section_re, err,
		                  sizeof err);
	}
	/* whole, a stop asked for or not: its numbers are the file's */
	while (!lt_doc_scan(f->child, 0))
		;
}

/* The child of file i (mapped), made and scanned anew when let go; a few
 * are kept, the oldest let go. */
lt_doc *fo_child(const lt_doc *cdoc, size_t i)
{
	lt_doc *doc = (lt_doc *)cdoc;
	struct lt_folder *fo = folder(doc);
	ffile *f = &fo->f[i];
	if (f->child)
		return f->child;
	if (fo->nlive == LIVE_MAX) {
		let_go(fo, fo->live[fo->evict]);
		fo->live[fo->evict] = i;
		fo->evict = (fo->evict + 1) % LIVE_MAX;
	} else {
		fo->live[fo->nlive++] = i;
	}
	make_child(doc, i);
	if (f->merged && (lt_doc_npara(f->child) != f->cnpara ||
	                  lt_doc_nessays(f->child) != f->cnessays ||
	                  lt_doc_nsections(f->child) != f->cnsections)) {
		f->stale = true;
		doc->changed = 1;
	}
	return f->child;
}

/* The child of file i, or NULL when it no longer holds what was merged
 * (the file changed since): its numbers are not the collection's. */
lt_doc *fo_fresh_child(const lt_doc *doc, size_t i)
{
	lt_doc *c = fo_child(doc, i);
	return folder(doc)->f[i].stale ? NULL : c;
}

/* Where file f's child's paragraphs start in the collection's. */

/* ---- opening ------------------------------------------------------------ */

lt_doc *lt_doc_open_paths(const char *const *paths, size_t n,
                          const lt_open_opts *opts, lt_error *err)
{
	lt_open_opts none = {0};
	if (!opts)
		opts = &none;
	struct lt_folder *fo = lt_xcalloc(1, sizeof *fo);
	fo->rules = opts->rules;
	fo->skipped = opts->skipped;
	fo->ctx = opts->ctx;
	fo->cache_dir = opts->cache_dir;
	fo_list(fo, paths, n);
	fo->cache_dir = NULL; /* the caller's */
	if (fo->n == 0) {
		free(fo->names);
		free(fo->ent);
		free(fo);
		if (err)
			*err = (lt_error){LT_NOFILES, 0, NULL};
		return NULL;
	}
	fo_order(fo, opts->sort, opts->reverse);
	if (fo->n > FILES_MAX) {
		fo_skip(fo, fo_path(fo, FILES_MAX),
		        "left out with the files after it (60,000 are read at "
		        "most)");
		for (size_t i = FILES_MAX; i < fo->n; i++)
			lt_front_free(&fo->f[i].front);
		fo->n = FILES_MAX;
	}
	/* address space for the files one after the other, their sizes not
	 * known yet: as much as can be had, up to REGION_MAX */
	size_t total = REGION_MAX;
	void *region = MAP_FAILED;
	while (region == MAP_FAILED && total >= REGION_MIN) {
		region =
		    mmap(NULL, total, PROT_NONE,
		         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (region == MAP_FAILED)
			total /= 2;
	}
	if (region == MAP_FAILED) {
		int e = errno;
		for (size_t i = 0; i < fo->n; i++)
			lt_front_free(&fo->f[i].front);
		free(fo->f);
		free(fo->names);
		free(fo->ent);
		free(fo);
		if (err)
			*err = (lt_error){LT_SYS, e, NULL};
		return NULL;
	}
	lt_doc *doc = lt_doc_unread(region, 0);
	doc->map = region;
	doc->maplen = total;
	doc->folder = fo;
	doc->rules =
	    opts->rules != LT_STRUCT_AUTO ? opts->rules : LT_STRUCT_BLOG;
	doc->rules_guessed = opts->rules == LT_STRUCT_AUTO;
	/* the collection's essays are settled file by file */
	doc->any_body = doc->open_body = true;
	lt_doc_watch(doc);
	/* the first file with text in it: none, and there is nothing */
	while (fo->nsized < fo->n &&
	       (fo->nsized == 0 || fo->f[fo->nsized - 1].state != F_MAPPED))
		open_file(doc, fo->nsized);
	if (fo->f[fo->nsized - 1].state != F_MAPPED) {
		lt_doc_free(doc);
		if (err)
			*err = (lt_error){LT_NOFILES, 0, NULL};
		return NULL;
	}
	return doc;
}

static char *dup_or_null(const char *s)
{
	return s ? lt_xstrndup(s, strlen(s)) : NULL;
}

void fo_set_starts(lt_doc *doc, const char *essay_re, const char *section_re)
{
	struct lt_folder *fo = folder(doc);
	free(fo->essay_re);
	free(fo->section_re);
	fo->essay_re = dup_or_null(essay_re);
	fo->section_re = dup_or_null(section_re);
}

void fo_free(lt_doc *doc)
{
	struct lt_folder *fo = folder(doc);
	free(fo->essay_re);
	free(fo->section_re);
	for (size_t i = 0; i < fo->n; i++) {
		lt_doc_free(fo->f[i].child);
		free(fo->f[i].secs);
		lt_front_free(&fo->f[i].front);
	}
	free(fo->f);
	free(fo->names);
	free(fo->ent);
	free(fo);
	doc->folder = NULL;
}

/* ---- finding a file ----------------------------------------------------- */

/* The last of the first n files whose field at offset off is <= x. */
static size_t last_at_or_before(const struct lt_folder *fo, size_t n,
                                size_t off, uint64_t x, bool wide)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *field = (const char *)&fo->f[mid] + off;
		uint64_t v = wide ? *(const uint64_t *)field
		                  : (uint64_t) * (const size_t *)field;
		if (v <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? lo - 1 : 0;
}

/* The scanned file whose count field (para0, essay0, section0) is the
 * last at or before x: the file holding paragraph, essay or section x
 * (files with none of them share their count with the next). */
size_t fo_scanned_file(const lt_doc *doc, size_t field, size_t x)
{
	const struct lt_folder *fo = folder(doc);
	return last_at_or_before(fo, fo->next, field, x, false);
}

size_t fo_file_of_para(const lt_doc *doc, size_t i)
{
	return fo_scanned_file(doc, offsetof(ffile, para0), i);
}

static size_t file_of_off(const lt_doc *doc, uint64_t off)
{
	const struct lt_folder *fo = folder(doc);
	return last_at_or_before(fo, fo->nsized, offsetof(ffile, base), off,
	                         true);
}

size_t lt_doc_nfiles(const lt_doc *doc)
{
	return doc->folder ? folder(doc)->n : 1;
}

size_t lt_doc_file_at(const lt_doc *doc, uint64_t off)
{
	return doc->folder ? file_of_off(doc, off) : 0;
}

lt_file lt_doc_file(const lt_doc *doc, size_t i)
{
	lt_file r = {0};
	if (!doc->folder) {
		r.bytes = (lt_range){0, doc->size};
		return r;
	}
	const ffile *f = &folder(doc)->f[i];
	r.path = fo_path(folder(doc), i);
	r.title = f->front.title;
	r.author = f->front.author;
	r.date = f->front.date;
	r.bytes = (lt_range){f->base, f->base + f->size};
	r.front = (lt_range){f->base, f->base + f->text};
	return r;
}

double lt_doc_fraction(const lt_doc *doc, uint64_t off)
{
	if (!doc->folder)
		return doc->size ? (double)(off < doc->size ? off : doc->size) /
		                       (double)doc->size
		                 : 1;
	const struct lt_folder *fo = folder(doc);
	if (fo->nsized == 0)
		return 0;
	size_t i = file_of_off(doc, off);
	const ffile *f = &fo->f[i];
	double in = off <= f->base ? 0
	            : f->size == 0 || off >= f->base + f->size
	                ? 1
	                : (double)(off - f->base) / (double)f->size;
	return ((double)i + in) / (double)fo->n;
}

unsigned lt_doc_percent(const lt_doc *doc, uint64_t off)
{
	if (!doc->folder)
		return doc->size
		           ? (unsigned)((off < doc->size ? off : doc->size) *
		                        100 / doc->size)
		           : 100;
	return (unsigned)(100 * lt_doc_fraction(doc, off));
}

uint64_t lt_doc_fraction_offset(const lt_doc *doc, double x)
{
	x = x < 0 ? 0 : x > 1 ? 1 : x;
	if (!doc->folder)
		return (uint64_t)(x * (double)doc->size);
	struct lt_folder *fo = folder(doc);
	double at = x * (double)fo->n;
	size_t i = at >= (double)fo->n ? fo->n - 1 : (size_t)at;
	open_upto((lt_doc *)doc, i);
	const ffile *f = &fo->f[i];
	double in = at - (double)i;
	return f->base + (uint64_t)((in > 1 ? 1 : in) * (double)f->size);
}

uint64_t fo_slot_end(const lt_doc *doc, uint64_t off)
{
	const ffile *f = &folder(doc)->f[file_of_off(doc, off)];
	return f->base + page_up(f->size);
}

/* ---- scanning ----------------------------------------------------------- */

static uint32_t front_author(lt_doc *doc, const ffile *f)
{
	return f->front.author ? lt_spelling_of(doc, f->front.author)
	                       : LT_NO_SPELLING;
}

static void add_essay(lt_doc *doc, size_t title_para, uint32_t spelling)
{
	lt_grow(&doc->essays, &doc->essaycap, doc->nessays + 1,
	        sizeof *doc->essays);
	doc->essays[doc->nessays++] =
	    (lt_essay_rec){.title_para = title_para, .spelling = spelling};
}

/* A whole file's sections: the headings its child found, essays' titles
 * and sections alike, in order. */
static void whole_sections(ffile *f, lt_doc *c)
{
	size_t ne = lt_doc_nessays(c), ns = lt_doc_nsections(c);
	bool titled = ne > 1 || (ne == 1 && c->essays[0].why != LT_WHY_WHOLE);
	f->secs = lt_xcalloc(ne + ns + 1, sizeof *f->secs);
	size_t k = titled ? 0 : ne, s = 0;
	while (k < ne || s < ns) {
		lt_essay e = k < ne ? lt_doc_essay(c, k) : (lt_essay){0};
		lt_section x = s < ns ? lt_doc_section(c, s) : (lt_section){0};
		if (k < ne && (s >= ns || e.title_para < x.para)) {
			f->secs[f->nsections++] =
			    (fsec){e.title_para, e.line, k++, true};
		} else {
			f->secs[f->nsections++] =
			    (fsec){x.para, x.line, s++, false};
		}
	}
}

/* Does the text after a file's front matter (c) hold more posts, each
 * opened by a front matter block with a title or a header block like
 * it: a blog archive kept as one file, a series of RFC-style documents? */
static bool archive(const lt_doc *c)
{
	if (c->plan && c->plan->mode == PL_STYLE &&
	    c->plan->style.kind == PL_KV)
		return lt_doc_nessays(c) >= 2; /* (one is a quotation) */
	for (size_t k = 0; k < c->nessays; k++)
		if (c->essays[k].why == LT_WHY_YAML)
			return true;
	return false;
}

/* Scan file i whole and add what it holds to the collection. */
static void merge_file(lt_doc *doc, size_t i)
{
	struct lt_folder *fo = folder(doc);
	ffile *f = &fo->f[i];
	open_upto(doc, i);
	f->para0 = doc->npara;
	f->essay0 = doc->nessays;
	f->section0 = doc->nsections;
	if (f->state != F_MAPPED)
		return;
	lt_doc *c = fo_child(doc, i);
	if (f->block && archive(c)) {
		/* its front matter is its first post's: read it whole, as
		 * alone */
		lt_doc_free(c);
		f->text = 0;
		f->block = false;
		f->line0 = 1;
		make_child(doc, i);
		c = f->child;
	}
	size_t np = lt_doc_npara(c);
	if (np == 0 && !f->front.title)
		return; /* front matter and nothing else */
	if (i == 0 || doc->npara == 0) {
		/* its rules, guessed unless the user chose them (a file
		 * named as Markdown is read as Markdown: not their choice) */
		doc->rules = c->rules;
		doc->rules_guessed = fo->rules == LT_STRUCT_AUTO;
	}
	if (f->block)
		lt_doc_add_para(doc, f->base, 1);
	for (size_t j = 0; j < np; j++)
		lt_doc_add_para(doc, gbase(f) + lt_para_start(c, j), 0);
	f->npara = doc->npara - f->para0;
	size_t ne = lt_doc_nessays(c);
	f->whole = (f->block && f->front.title) || ne == 0 ||
	           (ne == 1 && c->essays[0].why == LT_WHY_WHOLE);
	if (f->whole) {
		uint32_t sp = front_author(doc, f);
		if (sp == LT_NO_SPELLING && ne == 1 &&
		    c->essays[0].spelling != LT_NO_SPELLING)
			sp = lt_spelling_of(
			    doc, c->spellings[c->essays[0].spelling].raw);
		add_essay(doc, f->para0, sp);
		whole_sections(f, c);
	} else {
		for (size_t k = 0; k < ne; k++) {
			lt_essay e = lt_doc_essay(c, k);
			add_essay(doc, pbase(f) + e.title_para,
			          e.byline_name
			              ? lt_spelling_of(doc, e.byline_name)
			              : front_author(doc, f));
		}
		f->nsections = lt_doc_nsections(c);
	}
	f->nessays = doc->nessays - f->essay0;
	doc->nsections += f->nsections;
	doc->nclosed = doc->nessays;
	f->cnpara = np;
	f->cnessays = ne;
	f->cnsections = lt_doc_nsections(c);
	f->merged = true;
}

bool fo_scan(lt_doc *doc, uint64_t budget)
{
	struct lt_folder *fo = folder(doc);
	uint64_t spent = 0;
	while (fo->next < fo->n && !(budget && spent >= budget)) {
		merge_file(doc, fo->next);
		spent += fo->f[fo->next].size + 1;
		fo->next++;
		const ffile *last = &fo->f[fo->next - 1]; /* scanned */
		doc->pos = last->base + last->size;
		if (lt_stop_asked())
			break;
	}
	if (fo->next == fo->n && !doc->done) {
		doc->done = true;
		doc->back_start = doc->npara;
		lt_structure_authors(doc);
		doc->finished = true;
	}
	return doc->done;
}

/* ---- paragraphs --------------------------------------------------------- */

uint64_t fo_para_limit(const lt_doc *doc, size_t i, uint64_t limit)
{
	const ffile *f = &folder(doc)->f[fo_file_of_para(doc, i)];
	uint64_t end = f->base + f->size;
	return limit < end ? limit : end;
}

static bool is_space(char c) { return c == ' ' || c == '\t'; }

/* The raw value of the title in the block p[0..n): after "title:" or
 * "title =" on a line of its own, quotes dropped; empty when none. */
static lt_range block_title(const char *p, size_t n)
{
	for (size_t ls = 0; ls < n;) {
		const char *nl = memchr(p + ls, '\n', n - ls);
		size_t le = nl ? (size_t)(nl - p) : n;
		size_t k = ls;
		if (le - k > 5 && strncasecmp(p + k, "title", 5) == 0) {
			k += 5;
			while (k < le && is_space(p[k]))
				k++;
			if (k < le && (p[k] == ':' || p[k] == '=')) {
				k++;
				size_t e = le;
				while (k < e && is_space(p[k]))
					k++;
				while (e > k &&
				       (is_space(p[e - 1]) || p[e - 1] == '\r'))
					e--;
				if (e - k >= 2 &&
				    (p[k] == '"' || p[k] == '\'') &&
				    p[e - 1] == p[k])
					k++, e--;
				return (lt_range){k, e};
			}
		}
		ls = le + 1;
	}
	return (lt_range){0, 0};
}

const char *lt_doc_para_title(const lt_doc *doc, size_t i)
{
	if (!doc->folder || i >= doc->npara)
		return NULL;
	const ffile *f = &folder(doc)->f[fo_file_of_para(doc, i)];
	return f->block && i == f->para0 ? f->front.title : NULL;
}

/* Is paragraph i of one file a front matter block with a title that
 * opens an essay (a post of a blog archive kept as one file)? */
static bool titled_block(const lt_doc *doc, size_t i)
{
	size_t k = lt_doc_para_essay(doc, i);
	return k != LT_NONE && k < doc->nessays &&
	       doc->essays[k].title_para == i &&
	       doc->essays[k].why == LT_WHY_YAML;
}

/* Is paragraph i of the collection, in file fi, a front matter block its
 * file holds (not the file's own) that opens an essay? */
static bool child_block(const lt_doc *doc, size_t fi, size_t i)
{
	const ffile *f = &folder(doc)->f[fi];
	if (f->whole || i < pbase(f) || i >= f->para0 + f->npara)
		return false;
	lt_doc *c = fo_fresh_child(doc, fi);
	return c && titled_block(c, i - pbase(f));
}

bool fo_block_text(const lt_doc *doc, uint64_t off, const char *p, size_t n,
                   lt_range *title)
{
	if (!doc->folder) {
		size_t i = lt_doc_para_at(doc, off);
		if (i >= doc->npara || lt_doc_para(doc, i).start != off ||
		    !titled_block(doc, i))
			return false;
		*title = block_title(p, n);
		return true;
	}
	size_t fi = file_of_off(doc, off);
	const ffile *f = &folder(doc)->f[fi];
	if (f->block ? off != f->base
	             : !child_block(doc, fi, lt_doc_para_at(doc, off)))
		return false;
	*title = block_title(p, n);
	return true;
}

lt_range lt_doc_para_text(const lt_doc *doc, size_t i)
{
	lt_range r = lt_doc_para(doc, i);
	if (!doc->folder) {
		if (i >= doc->npara || !titled_block(doc, i))
			return r;
		lt_range t =
		    block_title(doc->data + r.start, (size_t)(r.end - r.start));
		return (lt_range){r.start + t.start, r.start + t.end};
	}
	size_t fi = fo_file_of_para(doc, i);
	const ffile *f = &folder(doc)->f[fi];
	if (f->block ? i != f->para0 : !child_block(doc, fi, i))
		return r;
	lt_range t =
	    block_title(doc->data + r.start, (size_t)(r.end - r.start));
	return (lt_range){r.start + t.start, r.start + t.end};
}

lt_range fo_para_around(const lt_doc *doc, uint64_t off)
{
	/* (offsets past the files opened come from the size, which opened
	 * them all; this is for the rest) */
	while (folder(doc)->nsized < folder(doc)->n && off >= doc->size)
		open_file((lt_doc *)doc, folder(doc)->nsized);
	size_t i = file_of_off(doc, off);
	ffile *f = &folder(doc)->f[i];
	if (f->state != F_MAPPED || off >= f->base + f->size)
		return (lt_range){off, off};
	if (off < gbase(f)) {
		uint64_t end = gbase(f);
		while (end > f->base && (doc->data[end - 1] == '\n' ||
		                         doc->data[end - 1] == '\r' ||
		                         is_space(doc->data[end - 1])))
			end--;
		return (lt_range){f->base, end};
	}
	lt_range r = lt_doc_para_around(fo_child(doc, i), off - gbase(f));
	return (lt_range){r.start + gbase(f), r.end + gbase(f)};
}

uint64_t fo_line_at(const lt_doc *doc, uint64_t off)
{
	size_t i = file_of_off(doc, off);
	const ffile *f = &folder(doc)->f[i];
	if (f->state != F_MAPPED)
		return 1;
	if (off >= f->base + f->size)
		off = f->base + f->size;
	if (off < gbase(f)) {
		uint64_t line = 1;
		for (uint64_t k = f->base; k < off; k++)
			line += doc->data[k] == '\n';
		return line;
	}
	return lt_doc_line_at(fo_child(doc, i), off - gbase(f)) + f->line0 - 1;
}

unsigned fo_shape_flags(const lt_doc *doc, uint64_t off)
{
	size_t i = file_of_off(doc, off);
	const ffile *f = &folder(doc)->f[i];
	if (f->state != F_MAPPED || off < gbase(f))
		return 0;
	return lt_shape_flags(fo_child(doc, i));
}

/* The folder's identity: the paths of its files, in order. */
uint64_t fo_fingerprint(const lt_doc *doc)
{
	const struct lt_folder *fo = folder(doc);
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < fo->n; i++)
		for (const char *s = fo_path(fo, i);; s++) {
			h = (h ^ (unsigned char)*s) * 0x100000001b3u;
			if (!*s)
				break;
		}
	return h;
}
