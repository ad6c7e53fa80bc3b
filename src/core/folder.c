#define _GNU_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#include "folder.h"

#include <dirent.h>
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

/* Children kept made at once: the files on the screen and around it. */
#define LIVE_MAX 8
/* The address space a collection's files are mapped into, at most and
 * at least (a limit on it, ulimit -v, is met halfway). */
#define REGION_MAX ((size_t)1 << 40)
#define REGION_MIN ((size_t)1 << 30)
/* How deep folders are followed. */
#define DEPTH_MAX 64
/* Files read at most: each is a mapping of its own, and a process may
 * have some 65,000 (vm.max_map_count). */
#define FILES_MAX 60000

enum { F_LISTED, F_MAPPED, F_SKIPPED };

/* A heading of a file that is one essay: a child essay's title, or a
 * child section's heading. */
typedef struct {
	size_t para;   /* the file's paragraph */
	uint64_t line; /* in the file */
	size_t from;   /* the child's essay or section */
	bool essay;
} fsec;

typedef struct {
	char *path;
	uint64_t base, size; /* its slot: [base, base + size), once it is
	                      * opened: the files are opened in order, each
	                      * slot after the last */
	uint64_t text;       /* bytes of front matter before its text */
	uint64_t line0;      /* the line its text starts on */
	lt_front front;
	int64_t date; /* date_of(), when the files are ordered by date */
	bool fronted; /* front is read */
	uint8_t state;
	bool whole; /* one essay, made here */
	bool block; /* its first paragraph is the front matter block */
	size_t para0, npara, essay0, nessays, section0, nsections;
	fsec *secs; /* whole: its sections */
	lt_doc *child;
	/* what its child held when it was merged: one made anew that holds
	 * something else read a file changed since (stale) */
	size_t cnpara, cnessays, cnsections;
	bool merged, stale;
} ffile;

struct lt_folder {
	ffile *f;
	size_t n, cap;
	size_t next;   /* the next file to scan */
	size_t nsized; /* files [0, nsized) have their slots (base, size) */
	size_t live[LIVE_MAX], nlive, evict;
	lt_structure rules;
	char *essay_re, *section_re; /* the user's delimiters, or NULL */
	void (*skipped)(void *ctx, const char *path, const char *why);
	void *ctx;
	/* the folders walked: a symbolic link back to one ends there */
	struct fid {
		dev_t dev;
		ino_t ino;
	} * seen;
	size_t nseen, seencap;
};

int lt_sort_parse(const char *s)
{
	static const char *const names[] = {"auto", "name", "date"};
	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static void skip(struct lt_folder *fo, const char *path, const char *why)
{
	if (fo->skipped)
		fo->skipped(fo->ctx, path, why);
}

/* ---- listing ------------------------------------------------------------ */

static void add_file(struct lt_folder *fo, const char *path)
{
	lt_grow(&fo->f, &fo->cap, fo->n + 1, sizeof *fo->f);
	ffile *f = &fo->f[fo->n++];
	*f = (ffile){0};
	f->path = lt_xstrndup(path, strlen(path));
	f->front.when = -1;
}

static bool seen_before(struct lt_folder *fo, const struct stat *st)
{
	for (size_t i = 0; i < fo->nseen; i++)
		if (fo->seen[i].dev == st->st_dev &&
		    fo->seen[i].ino == st->st_ino)
			return true;
	lt_grow(&fo->seen, &fo->seencap, fo->nseen + 1, sizeof *fo->seen);
	fo->seen[fo->nseen++] = (struct fid){st->st_dev, st->st_ino};
	return false;
}

static void walk(struct lt_folder *fo, const char *path, int depth);

static void walk_dir(struct lt_folder *fo, const char *path, int depth)
{
	DIR *d = opendir(path);
	if (!d) {
		skip(fo, path, strerror(errno));
		return;
	}
	struct stat st; /* a folder met again, through a link: a loop */
	if (fstat(dirfd(d), &st) < 0 || seen_before(fo, &st)) {
		closedir(d);
		return;
	}
	/* each entry's path, in one buffer: the folder's path, then the
	 * entry's name */
	size_t plen = strlen(path), cap = plen + 64;
	char *sub = lt_xmalloc(cap);
	memcpy(sub, path, plen);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* hidden, and . and .. */
		size_t n = strlen(e->d_name);
		lt_grow(&sub, &cap, plen + n + 2, 1);
		size_t k = plen;
		if (k > 0 && sub[k - 1] != '/')
			sub[k++] = '/';
		memcpy(sub + k, e->d_name, n + 1);
		/* the type the folder gives spares a stat of each file: only
		 * links (and unknown types) are followed to what they name */
		if (e->d_type == DT_REG)
			add_file(fo, sub);
		else if (e->d_type == DT_DIR && depth + 1 < DEPTH_MAX)
			walk_dir(fo, sub,
			         depth + 1); /* no loop without a link */
		else if (e->d_type != DT_DIR)
			walk(fo, sub, depth + 1);
	}
	free(sub);
	closedir(d);
}

static void walk(struct lt_folder *fo, const char *path, int depth)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		skip(fo, path, strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (depth < DEPTH_MAX)
			walk_dir(fo, path, depth);
	} else if (S_ISREG(st.st_mode)) {
		add_file(fo, path);
	} else {
		skip(fo, path, "not a regular file");
	}
}

/* ---- order -------------------------------------------------------------- */

static bool digit(char c) { return c >= '0' && c <= '9'; }

/* Paths in natural order: byte by byte, but a run of digits against a
 * run of digits by the number it writes ("2" before "10"; of two that
 * write the same number, the shorter first: "7" before "007"). */
static int natural(const char *x, const char *y)
{
	for (;;) {
		while (*x && *x == *y && !digit(*x))
			x++, y++;
		if (!digit(*x) || !digit(*y))
			return (unsigned char)*x - (unsigned char)*y;
		const char *a = x, *b = y;
		while (*a == '0')
			a++;
		while (*b == '0')
			b++;
		const char *ea = a, *eb = b;
		while (digit(*ea))
			ea++;
		while (digit(*eb))
			eb++;
		if (ea - a != eb - b)
			return ea - a < eb - b ? -1 : 1;
		int c = memcmp(a, b, (size_t)(ea - a));
		if (c)
			return c;
		if (ea - x != eb - y)
			return ea - x < eb - y ? -1 : 1;
		x = ea;
		y = eb;
	}
}

static int by_name(const void *a, const void *b)
{
	return natural(((const ffile *)a)->path, ((const ffile *)b)->path);
}

/* A file's date: its front matter's, else its name's. */
static int64_t date_of(const ffile *f)
{
	if (f->front.when >= 0)
		return f->front.when;
	const char *base = strrchr(f->path, '/');
	return lt_front_name_date(base ? base + 1 : f->path);
}

static int by_date(const void *a, const void *b)
{
	int64_t x = ((const ffile *)a)->date, y = ((const ffile *)b)->date;
	if ((x < 0) != (y < 0))
		return x < 0 ? 1 : -1; /* undated last */
	if (x != y)
		return x < y ? -1 : 1;
	return by_name(a, b);
}

/* Read the front matter of f from the head of the file. */
static void read_head(ffile *f)
{
	if (f->fronted)
		return;
	f->fronted = true;
	int fd = open(f->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return;
	char *buf = lt_xmalloc(LT_FRONT_SCAN);
	ssize_t r = pread(fd, buf, LT_FRONT_SCAN, 0);
	close(fd);
	if (r > 0)
		lt_front_parse(buf, (size_t)r, &f->front);
	free(buf);
}

static void sort_by_date(struct lt_folder *fo)
{
	for (size_t i = 0; i < fo->n; i++)
		fo->f[i].date = date_of(&fo->f[i]);
	qsort(fo->f, fo->n, sizeof *fo->f, by_date);
}

static void reverse(ffile *v, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		ffile t = v[i];
		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
}

/* Do all the files' names start with a date (Jekyll's posts)? */
static bool names_dated(const struct lt_folder *fo)
{
	for (size_t i = 0; i < fo->n; i++) {
		const char *base = strrchr(fo->f[i].path, '/');
		if (lt_front_name_date(base ? base + 1 : fo->f[i].path) < 0)
			return false;
	}
	return true;
}

static void order(struct lt_folder *fo, lt_sort sort, bool rev)
{
	if (sort == LT_SORT_AUTO && names_dated(fo)) {
		/* their names' dates order them, no file read (a front
		 * matter date is read with the post, too late to order it) */
		sort_by_date(fo);
		sort = LT_SORT_NAME; /* (done) */
	} else {
		qsort(fo->f, fo->n, sizeof *fo->f, by_name);
	}
	if (sort != LT_SORT_NAME) {
		/* by date when every file has one: the first without one
		 * settles it */
		bool dated = true;
		for (size_t i = 0; i < fo->n && (dated || sort == LT_SORT_DATE);
		     i++) {
			read_head(&fo->f[i]);
			dated = dated && date_of(&fo->f[i]) >= 0;
		}
		if (dated || sort == LT_SORT_DATE)
			sort_by_date(fo);
	}
	if (rev)
		reverse(fo->f, fo->n);
}

/* ---- the slots ---------------------------------------------------------- */

static uint64_t page_up(uint64_t n)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	return (n + page - 1) & ~(page - 1);
}

static struct lt_folder *folder(const lt_doc *doc) { return doc->folder; }

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
	int fd = open(f->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		skip(fo, f->path, strerror(errno));
		return;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		skip(fo, f->path, "not a regular file");
		return;
	}
	if (st.st_size == 0) {
		close(fd);
		return; /* empty: nothing to read, nothing to tell */
	}
	if ((uint64_t)st.st_size > doc->maplen - f->base) {
		close(fd);
		skip(fo, f->path, "past what lectern maps of a collection");
		return;
	}
	void *m = mmap((char *)doc->map + f->base, (size_t)st.st_size,
	               PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
	int e = errno;
	close(fd);
	if (m == MAP_FAILED) {
		skip(fo, f->path, strerror(e));
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
		skip(fo, f->path, "not text");
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

/* The child of file i (mapped), made and scanned anew when let go; a few
 * are kept, the oldest let go. */
static lt_doc *child(const lt_doc *cdoc, size_t i)
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
	f->child = lt_doc_over((const char *)doc->map + f->base + f->text,
	                       f->size - f->text);
	if (fo->rules != LT_STRUCT_AUTO)
		lt_doc_set_structure(f->child, fo->rules);
	else if (markdown_name(f->path))
		lt_doc_set_structure(f->child, LT_STRUCT_MARKDOWN);
	if (fo->essay_re || fo->section_re) {
		char err[8]; /* they compiled for the collection */
		lt_doc_set_starts(f->child, fo->essay_re, fo->section_re, err,
		                  sizeof err);
	}
	/* whole, a stop asked for or not: its numbers are the file's */
	while (!lt_doc_scan(f->child, 0))
		;
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
static lt_doc *fresh_child(const lt_doc *doc, size_t i)
{
	lt_doc *c = child(doc, i);
	return folder(doc)->f[i].stale ? NULL : c;
}

/* Where file f's child's paragraphs start in the collection's. */
static size_t pbase(const ffile *f) { return f->para0 + f->block; }
static uint64_t gbase(const ffile *f) { return f->base + f->text; }

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
	for (size_t i = 0; i < n; i++)
		walk(fo, paths[i], 0);
	free(fo->seen);
	fo->seen = NULL;
	if (fo->n == 0) {
		free(fo->f);
		free(fo);
		if (err)
			*err = (lt_error){LT_NOFILES, 0, NULL};
		return NULL;
	}
	order(fo, opts->sort, opts->reverse);
	if (fo->n > FILES_MAX) {
		skip(fo, fo->f[FILES_MAX].path,
		     "left out with the files after it (60,000 are read at "
		     "most)");
		for (size_t i = FILES_MAX; i < fo->n; i++) {
			free(fo->f[i].path);
			lt_front_free(&fo->f[i].front);
		}
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
		for (size_t i = 0; i < fo->n; i++) {
			free(fo->f[i].path);
			lt_front_free(&fo->f[i].front);
		}
		free(fo->f);
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
		free(fo->f[i].path);
		free(fo->f[i].secs);
		lt_front_free(&fo->f[i].front);
	}
	free(fo->f);
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
static size_t scanned_file(const lt_doc *doc, size_t field, size_t x)
{
	const struct lt_folder *fo = folder(doc);
	return last_at_or_before(fo, fo->next, field, x, false);
}

static size_t file_of_para(const lt_doc *doc, size_t i)
{
	return scanned_file(doc, offsetof(ffile, para0), i);
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
	r.path = f->path;
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
	lt_doc *c = child(doc, i);
	size_t np = lt_doc_npara(c);
	if (np == 0 && !f->front.title)
		return; /* front matter and nothing else */
	if (i == 0 || doc->npara == 0) {
		doc->rules = c->rules;
		doc->rules_guessed = lt_doc_structure_guessed(c);
	}
	if (f->block)
		lt_doc_add_para(doc, f->base, 1);
	for (size_t j = 0; j < np; j++)
		lt_doc_add_para(doc, gbase(f) + lt_para_start(c, j), 0);
	f->npara = doc->npara - f->para0;
	size_t ne = lt_doc_nessays(c);
	f->whole = f->front.title || ne == 0 ||
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
	const ffile *f = &folder(doc)->f[file_of_para(doc, i)];
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
	const ffile *f = &folder(doc)->f[file_of_para(doc, i)];
	return f->block && i == f->para0 ? f->front.title : NULL;
}

bool fo_block_text(const lt_doc *doc, uint64_t off, const char *p, size_t n,
                   lt_range *title)
{
	const ffile *f = &folder(doc)->f[file_of_off(doc, off)];
	if (!f->block || off != f->base)
		return false;
	*title = block_title(p, n);
	return true;
}

lt_range lt_doc_para_text(const lt_doc *doc, size_t i)
{
	lt_range r = lt_doc_para(doc, i);
	if (!doc->folder)
		return r;
	const ffile *f = &folder(doc)->f[file_of_para(doc, i)];
	if (!f->block || i != f->para0)
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
	lt_range r = lt_doc_para_around(child(doc, i), off - gbase(f));
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
	return lt_doc_line_at(child(doc, i), off - gbase(f)) + f->line0 - 1;
}

unsigned fo_shape_flags(const lt_doc *doc, uint64_t off)
{
	size_t i = file_of_off(doc, off);
	const ffile *f = &folder(doc)->f[i];
	if (f->state != F_MAPPED || off < gbase(f))
		return 0;
	return lt_shape_flags(child(doc, i));
}

/* The folder's identity: the paths of its files, in order. */
uint64_t fo_fingerprint(const lt_doc *doc)
{
	const struct lt_folder *fo = folder(doc);
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < fo->n; i++)
		for (const char *s = fo->f[i].path;; s++) {
			h = (h ^ (unsigned char)*s) * 0x100000001b3u;
			if (!*s)
				break;
		}
	return h;
}

/* ---- structure ---------------------------------------------------------- */

size_t fo_para_essay(const lt_doc *doc, size_t i)
{
	const ffile *f = &folder(doc)->f[file_of_para(doc, i)];
	if (f->whole)
		return f->essay0;
	if (f->block && i == f->para0)
		return LT_NONE;
	lt_doc *c = fresh_child(doc, file_of_para(doc, i));
	if (!c) /* changed since */
		return f->nessays ? f->essay0 : LT_NONE;
	size_t k = lt_doc_para_essay(c, i - pbase(f));
	return k == LT_NONE ? LT_NONE : f->essay0 + k;
}

/* Is paragraph p (the file's) one of a whole file's headings? */
static bool whole_heading(const ffile *f, size_t p)
{
	size_t lo = 0, hi = f->nsections;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->secs[mid].para < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->nsections && f->secs[lo].para == p;
}

lt_para_kind fo_para_kind(const lt_doc *doc, size_t i)
{
	size_t fi = file_of_para(doc, i);
	const ffile *f = &folder(doc)->f[fi];
	if (f->block && i == f->para0)
		return f->whole && f->front.title ? LT_PARA_TITLE
		                                  : LT_PARA_FRONT;
	if (f->whole)
		return whole_heading(f, i - pbase(f)) ? LT_PARA_HEADING
		                                      : LT_PARA_BODY;
	lt_doc *c = fresh_child(doc, fi);
	return c ? lt_doc_para_kind(c, i - pbase(f)) : LT_PARA_BODY;
}

static size_t add_to(size_t x, size_t base)
{
	return x == LT_NONE ? LT_NONE : x + base;
}

lt_essay fo_essay(const lt_doc *doc, size_t k)
{
	size_t fi = scanned_file(doc, offsetof(ffile, essay0), k);
	const ffile *f = &folder(doc)->f[fi];
	lt_essay e;
	lt_doc *c = f->whole ? NULL : fresh_child(doc, fi);
	if (!c) {
		/* one essay, the file; or, changed since it was read, its
		 * essays one after another from its first paragraph on */
		size_t j = k - f->essay0, last = f->npara ? f->npara - 1 : 0;
		e = (lt_essay){0};
		e.title_para = f->para0 + (j < last ? j : last);
		e.byline_para = e.bio_para = LT_NONE;
		e.end_para = j + 1 < f->nessays && j + 1 < last
		                 ? f->para0 + j + 1
		                 : f->para0 + f->npara;
		e.first_section = f->section0;
		e.nsections = f->whole ? f->nsections : 0;
		e.line = fo_line_at(doc, lt_para_start(doc, e.title_para));
		e.bytes = (lt_range){f->base, f->base + f->size};
	} else {
		e = lt_doc_essay(c, k - f->essay0);
		size_t pb = pbase(f);
		e.title_para += pb;
		e.byline_para = add_to(e.byline_para, pb);
		e.bio_para = add_to(e.bio_para, pb);
		e.end_para += pb;
		e.first_section += f->section0;
		e.line += f->line0 - 1;
		e.bytes.start += gbase(f);
		e.bytes.end += gbase(f);
	}
	uint32_t sp = doc->essays[k].spelling;
	e.byline_name = sp == LT_NO_SPELLING ? NULL : doc->spellings[sp].raw;
	e.author = doc->finished && sp != LT_NO_SPELLING
	               ? doc->spellings[sp].author
	               : LT_NONE;
	return e;
}

/* A file's name without its folders, its extension and a Jekyll date. */
static void name_title(const char *path, lt_buf *out)
{
	const char *s = strrchr(path, '/');
	s = s ? s + 1 : path;
	if (lt_front_name_date(s) >= 0 && strlen(s) > 11)
		s += 11;
	const char *dot = strrchr(s, '.');
	size_t n = dot && dot > s ? (size_t)(dot - s) : strlen(s);
	lt_sanitize(s, n, out);
}

const char *fo_essay_title(const lt_doc *doc, size_t k, lt_buf *out)
{
	size_t fi = scanned_file(doc, offsetof(ffile, essay0), k);
	const ffile *f = &folder(doc)->f[fi];
	lt_doc *c = f->whole ? NULL : fresh_child(doc, fi);
	if (c)
		return lt_doc_essay_title(c, k - f->essay0, out);
	lt_buf_clear(out);
	if (f->front.title && f->whole)
		lt_sanitize(f->front.title, strlen(f->front.title), out);
	else
		name_title(f->path, out);
	return out->s;
}

const char *fo_essay_evidence(const lt_doc *doc, size_t k, lt_buf *out)
{
	size_t fi = scanned_file(doc, offsetof(ffile, essay0), k);
	const ffile *f = &folder(doc)->f[fi];
	lt_buf_clear(out);
	lt_doc *c = f->whole ? NULL : fresh_child(doc, fi);
	if (c) {
		lt_doc_essay_evidence(c, k - f->essay0, out);
	} else if (!f->whole) {
		lt_buf_puts(out, "the file changed since it was read");
	} else {
		lt_buf_puts(out, f->front.title
		                     ? "a file: its front matter's title"
		                     : "a file with no essays found in it: "
		                       "titled by its name");
		lt_buf_puts(out, doc->essays[k].spelling == LT_NO_SPELLING
		                     ? "; author: none found"
		                 : f->front.author
		                     ? "; author: its front matter"
		                     : "; author: its header");
	}
	return out->s;
}

lt_section fo_section(const lt_doc *doc, size_t i)
{
	size_t fi = scanned_file(doc, offsetof(ffile, section0), i);
	const ffile *f = &folder(doc)->f[fi];
	size_t local = i - f->section0;
	lt_section s;
	if (f->whole) {
		s.essay = f->essay0;
		s.para = pbase(f) + f->secs[local].para;
		s.line = f->secs[local].line + f->line0 - 1;
		return s;
	}
	lt_doc *c = fresh_child(doc, fi);
	if (!c) /* changed since */
		return (lt_section){f->essay0, f->para0, 1};
	s = lt_doc_section(c, local);
	s.essay = add_to(s.essay, f->essay0);
	s.para += pbase(f);
	s.line += f->line0 - 1;
	return s;
}

const char *fo_section_heading(const lt_doc *doc, size_t i, lt_buf *out)
{
	size_t fi = scanned_file(doc, offsetof(ffile, section0), i);
	const ffile *f = &folder(doc)->f[fi];
	size_t local = i - f->section0;
	lt_doc *c = fresh_child(doc, fi);
	if (!c) {
		lt_buf_clear(out);
		lt_buf_put(out, "", 0, 0);
		return out->s;
	}
	if (f->whole && f->secs[local].essay)
		return lt_doc_essay_title(c, f->secs[local].from, out);
	return lt_doc_section_heading(c, f->whole ? f->secs[local].from : local,
	                              out);
}

const char *fo_section_evidence(const lt_doc *doc, size_t i, lt_buf *out)
{
	size_t fi = scanned_file(doc, offsetof(ffile, section0), i);
	const ffile *f = &folder(doc)->f[fi];
	size_t local = i - f->section0;
	lt_doc *c = fresh_child(doc, fi);
	if (!c) {
		lt_buf_clear(out);
		lt_buf_puts(out, "the file changed since it was read");
		return out->s;
	}
	if (f->whole && f->secs[local].essay) {
		lt_buf_clear(out);
		lt_buf_puts(out, "a heading the file's rules take for an "
		                 "essay's title, in a file that is one essay");
		return out->s;
	}
	return lt_doc_section_evidence(
	    c, f->whole ? f->secs[local].from : local, out);
}

const char *fo_summary(const lt_doc *doc, lt_buf *out)
{
	const struct lt_folder *fo = folder(doc);
	size_t skipped = 0, whole = 0;
	for (size_t i = 0; i < fo->next; i++) {
		skipped += fo->f[i].state != F_MAPPED;
		whole += fo->f[i].whole;
	}
	char buf[200];
	int k = snprintf(buf, sizeof buf, "%zu files", fo->n);
	if (fo->next < fo->n)
		k += snprintf(buf + k, sizeof buf - (size_t)k,
		              " (%zu read so far)", fo->next);
	snprintf(buf + k, sizeof buf - (size_t)k,
	         ", %zu skipped: each file's structure found alone; %zu of "
	         "them one essay each",
	         skipped, whole);
	lt_buf_clear(out);
	lt_buf_puts(out, buf);
	return out->s;
}
