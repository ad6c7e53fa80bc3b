#define _GNU_SOURCE /* O_TMPFILE, MAP_ANONYMOUS */
#include "doc_impl.h"
#include "lectern/state.h"
#include "lectern/stop.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>

#include "ahead.h"
#include "folder.h"
#include "lectern/text.h"
#include "lines.h"
#include "util.h"

/* Standard input up to this size stays on the heap; more goes to an
 * unlinked temporary file that is mapped like any other, so that a pipe
 * costs no more private memory than the benchmark's target (5 MB and
 * 20 KB per MB of input) whatever its size. */
#define LT_HEAP_INPUT_MAX (4u << 20)

/* ---- SIGBUS: a mapped file truncated under us ------------------------ */

/* The mappings a SIGBUS may hit. A fault inside one maps zero pages over
 * the rest of it and marks the document changed; any other fault goes to
 * the handler that was there before. */
#define LT_MAX_MAPS 16
static struct {
	char *addr;
	size_t len;
	lt_doc *doc;
} maps[LT_MAX_MAPS];
static struct sigaction old_bus;
static bool bus_installed;

static void on_sigbus(int sig, siginfo_t *si, void *uctx)
{
	char *a = si->si_addr;
	for (int i = 0; i < LT_MAX_MAPS; i++) {
		if (!maps[i].addr || a < maps[i].addr ||
		    a >= maps[i].addr + maps[i].len)
			continue;
		uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
		char *from = (char *)((uintptr_t)a & ~(page - 1));
		char *end = maps[i].addr + maps[i].len;
		if (maps[i].doc->folder) /* only the file it is in */
			end = maps[i].addr +
			      fo_slot_end(maps[i].doc,
			                  (uint64_t)(a - maps[i].addr));
		size_t len = (size_t)(end - from);
		if (mmap(from, len, PROT_READ,
		         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
		         0) != MAP_FAILED) {
			maps[i].doc->changed = 1;
			return;
		}
		break;
	}
	/* not ours: hand it on */
	if (old_bus.sa_flags & SA_SIGINFO) {
		old_bus.sa_sigaction(sig, si, uctx);
	} else if (old_bus.sa_handler != SIG_IGN &&
	           old_bus.sa_handler != SIG_DFL) {
		old_bus.sa_handler(sig);
	} else {
		sigaction(SIGBUS, &old_bus, NULL);
		raise(sig);
	}
}

void lt_doc_watch(lt_doc *doc)
{
	if (!bus_installed) {
		struct sigaction sa = {0};
		sa.sa_sigaction = on_sigbus;
		sa.sa_flags = SA_SIGINFO | SA_NODEFER;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGBUS, &sa, &old_bus);
		bus_installed = true;
	}
	for (int i = 0; i < LT_MAX_MAPS; i++) {
		if (!maps[i].addr) {
			maps[i].doc = doc;
			maps[i].len = doc->maplen;
			maps[i].addr = doc->map;
			return;
		}
	}
}

static void maps_remove(lt_doc *doc)
{
	for (int i = 0; i < LT_MAX_MAPS; i++)
		if (maps[i].doc == doc)
			maps[i].addr = NULL, maps[i].doc = NULL;
}

/* ---- opening ---------------------------------------------------------- */

static lt_doc *fail(lt_error *err, lt_status code, int e)
{
	if (err)
		*err = (lt_error){code, e, NULL};
	return NULL;
}

static void detect_spacing(lt_doc *doc);

/* A document over data[0..size), nothing read of it yet. */
static lt_doc *doc_alloc(const char *data, uint64_t size)
{
	lt_doc *doc = lt_xcalloc(1, sizeof *doc);
	doc->data = data;
	doc->size = size;
	doc->line = 1;
	doc->fd = -1;
	doc->ahead_min = LT_SCAN_AHEAD_MIN;
	return doc;
}

lt_doc *lt_doc_unread(const char *data, uint64_t size)
{
	return doc_alloc(data, size);
}

static lt_doc *doc_new(const char *data, uint64_t size)
{
	lt_doc *doc = doc_alloc(data, size);
	/* a leading BOM belongs to the front matter but is never text */
	if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		doc->pos = 3;
	lt_structure_init(doc);
	detect_spacing(doc);
	return doc;
}

lt_doc *lt_doc_over(const char *data, uint64_t size)
{
	return doc_new(data, size);
}

static bool is_utf16(const char *p, uint64_t n)
{
	return n >= 2 && ((p[0] == '\xFF' && p[1] == '\xFE') ||
	                  (p[0] == '\xFE' && p[1] == '\xFF'));
}

/* Map fd (a regular file of size bytes) and make a document of it. */
static lt_doc *doc_map(int fd, uint64_t size, lt_error *err)
{
	if (size > SIZE_MAX / 2)
		return fail(err, LT_TOOBIG, 0);
	if (size == 0)
		return doc_new("", 0);
	void *m = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		return fail(err, LT_SYS, errno);
	madvise(m, (size_t)size, MADV_SEQUENTIAL);
	lt_doc *doc = doc_new(m, size);
	doc->map = m;
	doc->maplen = (size_t)size;
	/* for the scan ahead, which reads the file rather than the mapping */
	doc->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	lt_doc_watch(doc);
	if (is_utf16(doc->data, size)) {
		lt_doc_free(doc);
		return fail(err, LT_UTF16, 0);
	}
	return doc;
}

lt_doc *lt_doc_open(const char *path, lt_error *err)
{
	/* O_NONBLOCK: opening a FIFO with no writer must not hang */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fail(err, LT_SYS, errno);
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return fail(err, LT_SYS, e);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return fail(err, S_ISDIR(st.st_mode) ? LT_ISDIR : LT_NOTREG, 0);
	}
	lt_doc *doc = doc_map(fd, (uint64_t)st.st_size, err);
	close(fd);
	return doc;
}

/* The folder standard input is spooled to. */
static const char *spool_folder(void)
{
	const char *dir = getenv("TMPDIR");
	return dir && dir[0] == '/' ? dir : "/tmp";
}

static int tmpfile_fd(void)
{
	const char *dir = spool_folder();
#ifdef O_TMPFILE
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
#endif
	size_t n = strlen(dir) + 32;
	char *tmpl = lt_xmalloc(n);
	strcpy(tmpl, dir);
	strcat(tmpl, "/lectern-XXXXXX");
	fd = mkstemp(tmpl);
	if (fd >= 0)
		unlink(tmpl);
	free(tmpl);
	return fd;
}

lt_doc *lt_doc_read_fd(int in, lt_error *err)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = lt_xmalloc(cap);
	int spill = -1;
	uint64_t spilled = 0;
	lt_status failure = LT_SPOOL; /* what a failure below is */
	for (;;) {
		if (len == cap) {
			if (cap >= LT_HEAP_INPUT_MAX) {
				if (spill < 0 && (spill = tmpfile_fd()) < 0)
					goto failed;
				if (!lt_write_all(spill, buf, len))
					goto failed;
				spilled += len;
				len = 0;
			} else {
				cap *= 2;
				buf = lt_xrealloc(buf, cap);
			}
		}
		ssize_t r = read(in, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			failure = LT_SYS;
			goto failed;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (spill < 0) {
		if (is_utf16(buf, len)) {
			free(buf);
			return fail(err, LT_UTF16, 0);
		}
		lt_doc *doc = doc_new(buf, len);
		doc->heap = buf;
		return doc;
	}
	if (!lt_write_all(spill, buf, len))
		goto failed;
	free(buf);
	lt_doc *doc = doc_map(spill, spilled + len, err);
	close(spill);
	return doc;
failed:;
	int e = errno ? errno : EIO;
	free(buf);
	if (spill >= 0)
		close(spill);
	fail(err, failure, e);
	if (err && failure == LT_SPOOL)
		err->folder = spool_folder();
	return NULL;
}

/* Stop the scan ahead: what it read is gone with it. */
static void stop_ahead(lt_doc *doc)
{
	lt_ahead_stop(doc->ahead);
	doc->ahead = NULL;
	doc->win = (lt_held){0};
}

void lt_doc_free(lt_doc *doc)
{
	if (!doc)
		return;
	stop_ahead(doc);
	if (doc->fd >= 0)
		close(doc->fd);
	if (doc->folder)
		fo_free(doc);
	lt_structure_free(doc);
	if (doc->map) {
		maps_remove(doc);
		munmap(doc->map, doc->maplen);
	}
	free(doc->heap);
	free(doc->para_lo);
	free(doc->para_hi);
	free(doc->ckline);
	free(doc->plines);
	lt_buf_free(&doc->folds);
	free(doc);
}

/* ---- scanning --------------------------------------------------------- */

void lt_doc_add_para(lt_doc *doc, uint64_t start, uint64_t line)
{
	if (doc->npara % LT_CK_EVERY == 0) {
		lt_grow(&doc->ckline, &doc->ckcap, doc->nck + 1,
		        sizeof *doc->ckline);
		doc->ckline[doc->nck++] = line;
	}
	uint32_t high = (uint32_t)(start >> 32);
	if (high != (doc->nhi ? doc->para_hi[doc->nhi - 1].high : 0)) {
		lt_grow(&doc->para_hi, &doc->hicap, doc->nhi + 1,
		        sizeof *doc->para_hi);
		doc->para_hi[doc->nhi++] =
		    (struct lt_para_hi){doc->npara, high};
	}
	lt_grow(&doc->para_lo, &doc->paracap, doc->npara + 1,
	        sizeof *doc->para_lo);
	doc->para_lo[doc->npara++] = (uint32_t)start;
}

static void add_para(lt_doc *doc, uint64_t start, uint64_t line)
{
	lt_doc_add_para(doc, start, line);
	/* the structure step wants the lines of the paragraphs it will see */
	lt_grow(&doc->plines, &doc->plinecap, doc->nplines + 1,
	        sizeof *doc->plines);
	doc->plines[doc->nplines++] = (lt_pfacts){line, 0, LT_NO_FOLD, 0};
}

/* Where the line that ends at eol is followed by the next one. */
static inline uint64_t past_eol(const lt_doc *doc, uint64_t eol)
{
	return lt_past_eol(doc->data, doc->size, eol);
}

static void prime(lt_doc *doc)
{
	if (doc->primed)
		return;
	doc->eols = (lt_eols){0, 0};
	doc->primed = true;
	if (doc->pos > 0) /* after a BOM: make both caches look stale */
		doc->eols = (lt_eols){doc->pos - 1, doc->pos - 1};
}

/* ---- the shaped scan: double-spaced and Markdown text ------------------
 *
 * Paragraphs end where the fast scan ends them, at blank lines, but:
 * - in double-spaced text (a blank line after nearly every line, found by
 *   detect_spacing), a single blank line ends a paragraph only when the
 *   text does not run on across it: when the next line is indented more
 *   than the line before it or opens a list item, or when the first word
 *   of the next line would have fit on the line before it within the
 *   text's wrap width (a short last line). Two blank lines or more always
 *   end it;
 * - in Markdown, an ATX heading line ("# Title") is a paragraph of its
 *   own, blank lines around it or not, and a setext underline (a line of
 *   '=' or '-', lt_md_underline) directly under a line of text that is
 *   neither a heading nor such a line itself ends its paragraph.
 * Code fences ("```", "~~~") hide headings and underlines up to the
 * closing fence or the next blank line. Every rule looks at a text line,
 * the text line before it and the one before that, the blank lines
 * between them and the lines since the last blank one: lt_doc_para_around
 * finds the same paragraphs from the text around an offset. */

enum {
	LT_LINE_TEXT = 1,   /* a line that is not blank */
	LT_LINE_ATX = 2,    /* Markdown: an ATX heading */
	LT_LINE_RULE = 4,   /* Markdown: the shape of a setext underline */
	LT_LINE_UNDER = 8,  /* ... and one, under a line of text */
	LT_LINE_FENCE = 16, /* Markdown: a code fence */
};

/* The shape of the text line [start, end) after the text line of shape
 * prev (0: none) and k blank lines; fenced: inside a code fence. */
static uint8_t line_shape(const lt_doc *doc, uint64_t start, uint64_t end,
                          uint8_t prev, uint32_t k, bool fenced)
{
	uint8_t shape = LT_LINE_TEXT;
	if (doc->rules != LT_STRUCT_MARKDOWN)
		return shape;
	const char *p = doc->data + start;
	size_t n = (size_t)(end - start);
	if (lt_md_fence(p, n))
		return shape | LT_LINE_FENCE;
	if (fenced)
		return shape;
	if (lt_md_atx(p, n))
		shape |= LT_LINE_ATX;
	if (lt_md_underline(p, n)) {
		shape |= LT_LINE_RULE;
		if (k == 0 && prev &&
		    !(prev & (LT_LINE_ATX | LT_LINE_RULE | LT_LINE_FENCE)))
			shape |= LT_LINE_UNDER;
	}
	return shape;
}

/* A line of text as the shaped scan reads it. */
typedef struct {
	uint64_t start, end;
	uint8_t shape; /* 0: there is none */
	bool measured; /* cells and indent are known */
	uint32_t k;    /* blank lines between it and the line it was found
	                * from */
	uint32_t cells, indent; /* lt_line_cells */
} text_line;

static void measure(const lt_doc *doc, text_line *t)
{
	if (t->measured)
		return;
	size_t indent,
	    cells = lt_line_cells(doc->data + t->start,
	                          (size_t)(t->end - t->start), &indent);
	t->cells = cells < UINT32_MAX ? (uint32_t)cells : UINT32_MAX;
	t->indent = indent < UINT32_MAX ? (uint32_t)indent : UINT32_MAX;
	t->measured = true;
}

/* Does the double-spaced text run on from line p to line x across one
 * blank line? */
static bool runs_on(const lt_doc *doc, text_line *p, text_line *x)
{
	measure(doc, p);
	measure(doc, x);
	const char *s = doc->data + x->start;
	size_t n = (size_t)(x->end - x->start);
	if (x->indent > p->indent || lt_line_list_item(s, n))
		return false;
	return (uint64_t)p->cells + 1 + lt_line_first_word(s, n) >
	       doc->ds_width;
}

/* Does a paragraph start at text line x, after text line p (p->shape 0:
 * none) and k blank lines? */
static bool para_starts(const lt_doc *doc, text_line *p, text_line *x,
                        uint32_t k)
{
	if (!p->shape || (p->shape & (LT_LINE_ATX | LT_LINE_UNDER)) ||
	    (x->shape & LT_LINE_ATX))
		return true;
	if (k == 0)
		return false;
	if (!doc->double_spaced || k > 1)
		return true;
	return !runs_on(doc, p, x);
}

/* The text line [pos, eol) of the shaped scan, at line number line. */
static void shaped_line(lt_doc *doc, uint64_t pos, uint64_t eol, uint64_t line)
{
	text_line p = {doc->prev_start,
	               doc->prev_end,
	               doc->prev_shape,
	               doc->prev_measured,
	               0,
	               doc->prev_cells,
	               doc->prev_indent};
	text_line x = {pos, eol, 0, false, 0, 0, 0};
	x.shape = line_shape(doc, pos, eol, p.shape, doc->blanks, doc->fenced);
	if (x.shape & LT_LINE_FENCE)
		doc->fenced = !doc->fenced;
	if (para_starts(doc, &p, &x, doc->blanks))
		add_para(doc, pos, line);
	doc->prev_start = pos;
	doc->prev_end = eol;
	doc->prev_shape = x.shape;
	doc->prev_measured = x.measured;
	doc->prev_cells = x.cells;
	doc->prev_indent = x.indent;
	doc->blanks = 0;
}

/* Index the lines of [doc->pos, stop), and the one that crosses stop. A
 * paragraph is a run of lines that are not blank; shaped, by the rules of
 * the shaped scan. Inlined twice, so that the loop for plain text tests
 * nothing more than it needs. */
static inline __attribute__((always_inline)) void
scan_range(lt_doc *doc, uint64_t stop, bool shaped)
{
	const char *d = doc->data;
	uint64_t pos = doc->pos, line = doc->line;
	prime(doc);
	while (pos < stop) {
		uint64_t eol = lt_find_eol(d, doc->size, &doc->eols, pos);
		if (lt_line_is_blank(d + pos, d + eol)) {
			doc->in_para = false;
			if (shaped && doc->blanks < UINT32_MAX)
				doc->blanks++;
			if (shaped)
				doc->fenced = false;
		} else if (shaped) {
			shaped_line(doc, pos, eol, line);
		} else if (!doc->in_para) {
			add_para(doc, pos, line);
			doc->in_para = true;
		}
		if (eol < doc->size)
			line++;
		pos = past_eol(doc, eol);
	}
	doc->pos = pos;
	doc->line = line;
}

static void scan_lines(lt_doc *doc, uint64_t stop)
{
	scan_range(doc, stop, false);
}

static void scan_lines_shaped(lt_doc *doc, uint64_t stop)
{
	scan_range(doc, stop, true);
}

/* How much of the start of the text detect_spacing reads. */
#define LT_SPACING_SAMPLE (128u << 10)
/* ... and how many lines of text it wants there. */
#define LT_SPACING_LINES 16

/* Double-spaced text: in the sample, at least LT_SPACING_LINES lines of
 * text; fewer than one in ten followed directly by another line of text
 * and at least half by exactly one blank line; lines wrapped by hand at
 * LT_WRAP_MIN to LT_WRAP_MAX cells (the 98th percentile of their widths:
 * the wrap width), at least half of them filling three quarters of it.
 * The last condition keeps out text whose paragraphs are single lines. */
static void detect_spacing(lt_doc *doc)
{
	const char *d = doc->data;
	uint64_t pos = doc->pos;
	uint64_t end = doc->size - pos > LT_SPACING_SAMPLE
	                   ? pos + LT_SPACING_SAMPLE
	                   : doc->size;
	size_t hist[LT_WRAP_MAX + 2] = {0};
	size_t lines = 0, gaps[3] = {0};
	uint32_t blanks = 0;
	while (pos < end) {
		const char *lf = memchr(d + pos, '\n', (size_t)(end - pos));
		uint64_t eol = lf ? (uint64_t)(lf - d) : end;
		const char *cr = memchr(d + pos, '\r', (size_t)(eol - pos));
		if (cr)
			eol = (uint64_t)(cr - d);
		if (eol == end && end < doc->size)
			break; /* whole lines only */
		if (lt_line_is_blank(d + pos, d + eol)) {
			blanks++;
		} else {
			if (lines)
				gaps[blanks < 2 ? blanks : 2]++;
			size_t cells = lt_line_cells_max(
			    d + pos, (size_t)(eol - pos), LT_WRAP_MAX);
			hist[cells <= LT_WRAP_MAX ? cells : LT_WRAP_MAX + 1]++;
			lines++;
			blanks = 0;
		}
		pos = past_eol(doc, eol);
	}
	size_t ngaps = gaps[0] + gaps[1] + gaps[2];
	if (lines < LT_SPACING_LINES || gaps[0] * 10 >= ngaps ||
	    gaps[1] * 2 < ngaps)
		return;
	size_t width = 0, below = 0;
	while (width <= LT_WRAP_MAX && (below += hist[width]) * 50 < lines * 49)
		width++;
	if (width < LT_WRAP_MIN || width > LT_WRAP_MAX)
		return;
	size_t full = 0;
	for (size_t w = width * 3 / 4; w <= LT_WRAP_MAX + 1; w++)
		full += hist[w];
	if (full * 2 < lines)
		return;
	doc->double_spaced = true;
	doc->ds_width = (uint32_t)width;
}

/* The structure is looked for after every slice of this many bytes, so
 * that the lines it needs stay few and the text it reads is still in the
 * cache. */
#define LT_SCAN_SLICE (256u << 10)
/* The thread ahead hands over stretches of this many bytes: each one
 * handed over costs the two threads a wake-up or two. */
#define LT_AHEAD_STRETCH (512u << 10)

static void populate(lt_doc *doc, uint64_t stop)
{
	lt_map_ahead(doc->map, doc->maplen, &doc->populated, stop);
}

static bool shaped(const lt_doc *doc)
{
	return doc->double_spaced || doc->rules == LT_STRUCT_MARKDOWN;
}

enum { AHEAD_MINE, AHEAD_TOOK, AHEAD_STARTED };

/* Index the next slice from what the thread ahead found, starting it
 * when it is worth it: AHEAD_TOOK; AHEAD_MINE when the slice is the
 * caller's to scan; AHEAD_STARTED when the thread was just started and
 * the caller, who gave a budget, is not to wait for its first stretch (a
 * reader looks at its keys meanwhile: lt_doc_scan_waits). */
static int take_ahead(lt_doc *doc, bool wait)
{
	if (doc->ahead && shaped(doc)) {
		/* the structure's rules changed: the thread's stretches do
		 * not hold the paragraphs of the shaped scan */
		stop_ahead(doc);
	}
	if (!doc->ahead) {
		/* not for the first screen: its few KiB are scanned here,
		 * sooner than a thread starts and maps a stretch */
		if (!doc->map || shaped(doc) || !doc->ahead_min ||
		    doc->pos < LT_SCAN_SLICE ||
		    doc->size - doc->pos < doc->ahead_min)
			return AHEAD_MINE;
		prime(doc);
		doc->ahead =
		    lt_ahead_start(doc->data, doc->size, doc->fd, doc->map,
		                   doc->maplen, doc->pos, doc->line,
		                   doc->in_para, doc->eols, LT_AHEAD_STRETCH);
		if (!doc->ahead)
			return AHEAD_MINE;
		/* it ends the paragraphs it starts; one running on into
		 * its first stretch is not known to it */
		doc->facts_next = doc->npara;
		if (!wait)
			return AHEAD_STARTED;
	}
	const lt_chunk *c = lt_ahead_next(doc->ahead);
	if (!c)
		return AHEAD_MINE;
	for (size_t k = 0; k < c->n; k++)
		add_para(doc, c->start[k], c->at[k]);
	/* what it found of the paragraphs that end in the stretch */
	uint32_t base = (uint32_t)doc->folds.len;
	if (c->folds.len)
		lt_buf_put(&doc->folds, c->folds.s, c->folds.len, 0);
	for (size_t k = 0; k < c->nends; k++, doc->facts_next++) {
		size_t i = doc->facts_next;
		if (i < doc->plines_base ||
		    i - doc->plines_base >= doc->nplines)
			continue;
		lt_pfacts *f = &doc->plines[i - doc->plines_base];
		f->end = c->ends[k].end;
		f->lines = c->ends[k].lines;
		f->fold = c->ends[k].fold == LT_NO_FOLD
		              ? LT_NO_FOLD
		              : base + c->ends[k].fold;
	}
	doc->pos = c->end;
	doc->line = c->line;
	doc->in_para = c->in_para;
	doc->win = c->window;
	lt_ahead_release(doc->ahead);
	return AHEAD_TOOK;
}

void lt_doc_set_scan_ahead(lt_doc *doc, uint64_t min_left)
{
	doc->ahead_min = min_left;
}

bool lt_doc_scan(lt_doc *doc, uint64_t budget)
{
	if (doc->done)
		return true;
	if (doc->folder)
		return fo_scan(doc, budget);
	uint64_t stop = budget && doc->size - doc->pos > budget
	                    ? doc->pos + budget
	                    : doc->size;
	do {
		uint64_t slice = stop - doc->pos > LT_SCAN_SLICE
		                     ? doc->pos + LT_SCAN_SLICE
		                     : stop;
		int ahead = take_ahead(doc, budget == 0);
		if (ahead == AHEAD_STARTED)
			break; /* nothing to index until it hands some over */
		if (ahead == AHEAD_TOOK) {
			/* indexed */
		} else if (shaped(doc)) {
			populate(doc, slice);
			scan_lines_shaped(doc, slice);
		} else {
			populate(doc, slice);
			scan_lines(doc, slice);
		}
		if (doc->pos >= doc->size) {
			doc->done = true;
			stop_ahead(doc);
		}
		lt_structure_step(doc);
	} while (doc->pos < stop && !lt_stop_asked());
	return doc->done;
}

uint64_t lt_doc_scanned(const lt_doc *doc) { return doc->pos; }
bool lt_doc_scan_waits(lt_doc *doc)
{
	return !doc->done && doc->ahead && lt_ahead_waits(doc->ahead);
}
bool lt_doc_scan_done(const lt_doc *doc) { return doc->done; }
const char *lt_doc_bytes(const lt_doc *doc) { return doc->data; }
uint64_t lt_doc_size(const lt_doc *doc)
{
	return doc->folder ? fo_size(doc) : doc->size;
}

uint64_t lt_doc_fingerprint(lt_doc *doc)
{
	if (!doc->fingerprinted) {
		doc->fingerprint =
		    doc->folder ? fo_fingerprint(doc)
		                : lt_state_fingerprint(doc->data, doc->size);
		doc->fingerprinted = true;
	}
	return doc->fingerprint;
}
bool lt_doc_changed(const lt_doc *doc) { return doc->changed != 0; }
size_t lt_doc_npara(const lt_doc *doc) { return doc->npara; }

bool lt_doc_looks_binary(const lt_doc *doc)
{
	if (doc->folder)
		return false; /* each file was looked at */
	size_t n = doc->size < 4096 ? (size_t)doc->size : 4096;
	return memchr(doc->data, '\0', n) != NULL;
}

static uint64_t trim_back(const lt_doc *doc, uint64_t start, uint64_t end)
{
	return start +
	       lt_trim_back(lt_doc_text(doc, start, end), 0, end - start);
}

/* The start of the line holding byte off: just after the line end before
 * it (an LF, a CR, or the LF of a CRLF), or the start of the text. */
static uint64_t line_start(const lt_doc *doc, uint64_t body, uint64_t off)
{
	const char *d = doc->data;
	const char *lf = memrchr(d + body, '\n', (size_t)(off - body));
	uint64_t from = lf ? (uint64_t)(lf - d) + 1 : body;
	const char *cr = memrchr(d + from, '\r', (size_t)(off - from));
	return cr ? (uint64_t)(cr - d) + 1 : from;
}

/* The end of the line holding byte off: its LF or CR, or the text's end. */
static uint64_t line_end(const lt_doc *doc, uint64_t off)
{
	const char *d = doc->data;
	const char *lf = memchr(d + off, '\n', (size_t)(doc->size - off));
	uint64_t to = lf ? (uint64_t)(lf - d) : doc->size;
	const char *cr = memchr(d + off, '\r', (size_t)(to - off));
	return cr ? (uint64_t)(cr - d) : to;
}

/* The text before byte off that a BOM does not take. */
static uint64_t text_start(const lt_doc *doc)
{
	return doc->size >= 3 && memcmp(doc->data, "\xEF\xBB\xBF", 3) == 0 ? 3
	                                                                   : 0;
}

/* The start of the line before the one that starts at ls (> body). */
static uint64_t prev_line(const lt_doc *doc, uint64_t body, uint64_t ls,
                          uint64_t *prev_end)
{
	const char *d = doc->data;
	uint64_t end = ls - 1;
	if (d[end] == '\n' && end > body && d[end - 1] == '\r')
		end--;
	*prev_end = end;
	return line_start(doc, body, end);
}

/* Is the line that starts at ls inside a code fence: do the text lines
 * since the last blank line before it hold an odd number of fences? */
static bool fenced_at(const lt_doc *doc, uint64_t body, uint64_t ls)
{
	const char *d = doc->data;
	bool fenced = false;
	while (ls > body) {
		uint64_t end, start = prev_line(doc, body, ls, &end);
		if (lt_line_is_blank(d + start, d + end))
			break;
		fenced ^= lt_md_fence(d + start, (size_t)(end - start));
		ls = start;
	}
	return fenced;
}

/* line_shape for a line found in the text, not by the scan. */
static uint8_t shape_at(const lt_doc *doc, uint64_t body, uint64_t start,
                        uint64_t end, uint8_t prev, uint32_t k)
{
	uint8_t shape = line_shape(doc, start, end, prev, k, false);
	if ((shape & (LT_LINE_ATX | LT_LINE_RULE)) &&
	    fenced_at(doc, body, start))
		shape = line_shape(doc, start, end, prev, k, true);
	return shape;
}

/* The text line before the line starting at ls, its blank lines counted;
 * with under, its shape whole as the scan gives it, else without
 * LT_LINE_UNDER (all that the shape of the line after it needs). */
static text_line text_before(const lt_doc *doc, uint64_t body, uint64_t ls,
                             bool under)
{
	const char *d = doc->data;
	text_line t = {0};
	while (ls > body) {
		uint64_t end, start = prev_line(doc, body, ls, &end);
		if (!lt_line_is_blank(d + start, d + end)) {
			t.start = start;
			t.end = end;
			t.shape = shape_at(doc, body, start, end, 0, 1);
			if (under && (t.shape & LT_LINE_RULE)) {
				text_line p =
				    text_before(doc, body, start, false);
				t.shape = shape_at(doc, body, start, end,
				                   p.shape, p.k);
			}
			return t;
		}
		if (t.k < UINT32_MAX)
			t.k++;
		ls = start;
	}
	return t;
}

/* The text line after the line that ends at eol, its blank lines counted
 * and its shape after the line of shape prev. */
static text_line text_after(const lt_doc *doc, uint64_t body, uint64_t eol,
                            uint8_t prev)
{
	const char *d = doc->data;
	text_line t = {0};
	for (uint64_t next = past_eol(doc, eol); next < doc->size;) {
		uint64_t end = line_end(doc, next);
		if (!lt_line_is_blank(d + next, d + end)) {
			t.start = next;
			t.end = end;
			t.shape = shape_at(doc, body, next, end, prev, t.k);
			return t;
		}
		if (t.k < UINT32_MAX)
			t.k++;
		if (end >= doc->size)
			break;
		next = past_eol(doc, end);
	}
	return t;
}

/* lt_doc_para_around by the rules of scan_lines_shaped. */
static lt_range para_around_shaped(const lt_doc *doc, uint64_t body,
                                   uint64_t off, uint64_t ls, uint64_t le)
{
	const char *d = doc->data;
	text_line first;
	if (lt_line_is_blank(d + ls, d + le)) {
		/* in blank lines: inside a paragraph only when they are
		 * double spacing in it */
		text_line p = text_before(doc, body, ls, true);
		text_line x = text_after(doc, body, le, p.shape);
		if (!p.shape || !x.shape ||
		    para_starts(doc, &p, &x, p.k + 1 + x.k))
			return (lt_range){off, off};
		first = p;
	} else {
		text_line p = text_before(doc, body, ls, true);
		first = (text_line){.start = ls, .end = le};
		first.shape = shape_at(doc, body, ls, le, p.shape, p.k);
	}
	text_line last = first;
	/* back while no paragraph starts at the first line */
	for (;;) {
		text_line p = text_before(doc, body, first.start, true);
		if (para_starts(doc, &p, &first, p.k))
			break;
		first = p;
	}
	/* forward while none starts at the next line */
	for (;;) {
		text_line x = text_after(doc, body, last.end, last.shape);
		if (!x.shape || para_starts(doc, &last, &x, x.k))
			break;
		last = x;
	}
	return (lt_range){first.start, trim_back(doc, first.start, last.end)};
}

lt_range lt_doc_para_around(const lt_doc *doc, uint64_t off)
{
	if (doc->folder)
		return fo_para_around(doc, off);
	const char *d = doc->data;
	uint64_t body = text_start(doc);
	if (off < body)
		off = body;
	/* the LF of a CRLF ends the line its CR ends */
	uint64_t at = off > body && off < doc->size && d[off] == '\n' &&
	                      d[off - 1] == '\r'
	                  ? off - 1
	                  : off;
	uint64_t ls = line_start(doc, body, at), le = line_end(doc, at);
	if (doc->double_spaced || doc->rules == LT_STRUCT_MARKDOWN)
		return para_around_shaped(doc, body, off, ls, le);
	if (lt_line_is_blank(d + ls, d + le))
		return (lt_range){off, off};
	/* back while the line before is not blank */
	while (ls > body) {
		uint64_t prev_end,
		    prev_start = prev_line(doc, body, ls, &prev_end);
		if (lt_line_is_blank(d + prev_start, d + prev_end))
			break;
		ls = prev_start;
	}
	/* forward while the line after is not blank */
	for (;;) {
		uint64_t next = past_eol(doc, le);
		if (next >= doc->size)
			break;
		uint64_t next_end = line_end(doc, next);
		if (lt_line_is_blank(d + next, d + next_end))
			break;
		le = next_end;
	}
	return (lt_range){ls, trim_back(doc, ls, le)};
}

const lt_pfacts *lt_doc_facts(const lt_doc *doc, size_t i)
{
	if (i < doc->plines_base || i - doc->plines_base >= doc->nplines)
		return NULL;
	const lt_pfacts *f = &doc->plines[i - doc->plines_base];
	return f->lines ? f : NULL;
}

void lt_doc_facts_drop(lt_doc *doc, size_t i)
{
	if (i == SIZE_MAX) {
		free(doc->plines);
		doc->plines = NULL;
		doc->nplines = doc->plinecap = 0;
		lt_buf_free(&doc->folds);
		return;
	}
	if (i <= doc->plines_base)
		return;
	size_t drop = i - doc->plines_base;
	if (drop > doc->nplines)
		drop = doc->nplines;
	memmove(doc->plines, doc->plines + drop,
	        (doc->nplines - drop) * sizeof *doc->plines);
	doc->nplines -= drop;
	doc->plines_base += drop;
	/* the folded texts of the paragraphs dropped go too */
	size_t from = doc->folds.len;
	for (size_t k = 0; k < doc->nplines && from == doc->folds.len; k++)
		if (doc->plines[k].fold != LT_NO_FOLD)
			from = doc->plines[k].fold;
	if (from == 0)
		return;
	memmove(doc->folds.s, doc->folds.s + from, doc->folds.len - from);
	doc->folds.len -= from;
	for (size_t k = 0; k < doc->nplines; k++)
		if (doc->plines[k].fold != LT_NO_FOLD)
			doc->plines[k].fold -= (uint32_t)from;
}

lt_range lt_doc_para(const lt_doc *doc, size_t i)
{
	lt_range r = {lt_para_start(doc, i), 0};
	uint64_t limit = i + 1 < doc->npara ? lt_para_start(doc, i + 1)
	                 : doc->done        ? doc->size
	                                    : doc->pos;
	if (doc->folder) /* not past its file */
		limit = fo_para_limit(doc, i, limit);
	r.end = trim_back(doc, r.start, limit);
	return r;
}

size_t lt_doc_para_at(const lt_doc *doc, uint64_t off)
{
	size_t lo = 0, hi = doc->npara;
	while (lo < hi) { /* first paragraph starting after off */
		size_t mid = lo + (hi - lo) / 2;
		if (lt_para_start(doc, mid) <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && off < lt_doc_para(doc, lo - 1).end)
		return lo - 1;
	return lo;
}

/* Line ends in [from, to): LF, CRLF (counted at the LF) and lone CR. */
static uint64_t count_line_ends(const lt_doc *doc, uint64_t from, uint64_t to)
{
	const char *d = doc->data;
	uint64_t n = 0;
	for (uint64_t p = from; p < to;) {
		const char *q = memchr(d + p, '\n', to - p);
		n += q ? 1 : 0;
		p = q ? (uint64_t)(q - d) + 1 : to;
	}
	for (uint64_t p = from; p < to;) {
		const char *q = memchr(d + p, '\r', to - p);
		if (!q)
			break;
		p = (uint64_t)(q - d) + 1;
		if (p >= doc->size || d[p] != '\n')
			n++;
	}
	return n;
}

uint64_t lt_doc_line_at(const lt_doc *doc, uint64_t off)
{
	if (doc->folder)
		return fo_line_at(doc, off);
	if (off > doc->size)
		off = doc->size;
	size_t lo = 0, hi = doc->npara;
	while (lo < hi) { /* paragraphs starting at or before off */
		size_t mid = lo + (hi - lo) / 2;
		if (lt_para_start(doc, mid) <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 1 + count_line_ends(doc, 0, off);
	size_t ck = (lo - 1) / LT_CK_EVERY;
	uint64_t from = lt_para_start(doc, ck * LT_CK_EVERY);
	return doc->ckline[ck] + count_line_ends(doc, from, off);
}
