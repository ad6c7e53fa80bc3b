#define _GNU_SOURCE /* O_TMPFILE, MAP_ANONYMOUS */
#include "doc_impl.h"

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

#include "lectern/text.h"
#include "util.h"

/* Standard input up to this size stays on the heap; more goes to an
 * unlinked temporary file that is mapped like any other. */
#define LT_HEAP_INPUT_MAX (16u << 20)

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
		size_t len = (size_t)(maps[i].addr + maps[i].len - from);
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

static void maps_add(lt_doc *doc)
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
	if (err) {
		err->code = code;
		err->sys_errno = e;
	}
	return NULL;
}

static lt_doc *doc_new(const char *data, uint64_t size)
{
	lt_doc *doc = lt_xcalloc(1, sizeof *doc);
	doc->data = data;
	doc->size = size;
	doc->line = 1;
	doc->next_lf = doc->next_cr = 0;
	/* a leading BOM belongs to the front matter but is never text */
	if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		doc->pos = 3;
	lt_structure_init(doc);
	return doc;
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
	maps_add(doc);
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

static int tmpfile_fd(void)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || dir[0] != '/')
		dir = "/tmp";
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
	for (;;) {
		if (len == cap) {
			if (cap >= LT_HEAP_INPUT_MAX) {
				if (spill < 0 && (spill = tmpfile_fd()) < 0)
					goto sys_fail;
				if (!lt_write_all(spill, buf, len))
					goto sys_fail;
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
		if (r < 0)
			goto sys_fail;
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
		goto sys_fail;
	free(buf);
	lt_doc *doc = doc_map(spill, spilled + len, err);
	close(spill);
	return doc;
sys_fail:;
	int e = errno ? errno : EIO;
	free(buf);
	if (spill >= 0)
		close(spill);
	return fail(err, LT_SYS, e);
}

void lt_doc_free(lt_doc *doc)
{
	if (!doc)
		return;
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
	free(doc);
}

/* ---- scanning --------------------------------------------------------- */

/* ASCII bytes that a blank line may hold. */
static inline bool blank_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* A blank line holds only white space as lt_uc_is_space() has it: ASCII
 * blanks, no-break spaces, the Unicode space separators. */
static bool line_is_blank(const char *p, const char *end)
{
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if (blank_byte(c)) {
			p++;
			continue;
		}
		ucs4_t uc;
		if (c < 0x80)
			return false;
		int len = u8_mbtouc(&uc, (const uint8_t *)p, (size_t)(end - p));
		if (!lt_uc_is_space(uc))
			return false;
		p += len;
	}
	return true;
}

/* Line ends are looked for a window at a time, so that a file without a
 * CR (or an LF) is never read ahead of the scan: the first screen of a
 * large file costs what its first window costs. */
#define LT_FIND_WINDOW (256u << 10)

/* The first c in [from, from + window), or the window's end (or the
 * file's) when there is none. */
static uint64_t find_byte(const lt_doc *doc, uint64_t from, int c)
{
	uint64_t end = doc->size - from > LT_FIND_WINDOW ? from + LT_FIND_WINDOW
	                                                 : doc->size;
	const char *p = memchr(doc->data + from, c, (size_t)(end - from));
	return p ? (uint64_t)(p - doc->data) : end;
}

/* The end of the line that starts at pos: the next LF or CR. */
static uint64_t find_eol(lt_doc *doc, uint64_t pos)
{
	const char *d = doc->data;
	for (uint64_t from = pos;;) {
		/* a cache is a line end, or the end of a window with none
		 * in it; stale once passed, or reached if not a line end */
		if (doc->next_lf < from ||
		    (doc->next_lf == from && from < doc->size &&
		     d[from] != '\n'))
			doc->next_lf = find_byte(doc, from, '\n');
		if (doc->next_cr < from ||
		    (doc->next_cr == from && from < doc->size &&
		     d[from] != '\r'))
			doc->next_cr = find_byte(doc, from, '\r');
		uint64_t eol =
		    doc->next_lf < doc->next_cr ? doc->next_lf : doc->next_cr;
		if (eol >= doc->size || d[eol] == '\n' || d[eol] == '\r')
			return eol;
		from = eol; /* a window ended first: look further */
	}
}

static void add_para(lt_doc *doc, uint64_t start, uint64_t line)
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
	/* the structure step wants the lines of the paragraphs it will see */
	lt_grow(&doc->plines, &doc->plinecap, doc->nplines + 1,
	        sizeof *doc->plines);
	doc->plines[doc->nplines++] = line;
}

/* Index the lines of [doc->pos, stop), and the one that crosses stop. */
static void scan_lines(lt_doc *doc, uint64_t stop)
{
	const char *d = doc->data;
	uint64_t pos = doc->pos, line = doc->line;
	if (!doc->primed) {
		doc->next_lf = doc->next_cr = 0;
		doc->primed = true;
		if (pos > 0) /* after a BOM: make both caches look stale */
			doc->next_lf = doc->next_cr = pos - 1;
	}
	while (pos < stop) {
		uint64_t eol = find_eol(doc, pos);
		uint64_t next = eol;
		if (eol < doc->size)
			next += (d[eol] == '\r' && eol + 1 < doc->size &&
			         d[eol + 1] == '\n')
			            ? 2
			            : 1;
		if (line_is_blank(d + pos, d + eol)) {
			doc->in_para = false;
		} else if (!doc->in_para) {
			add_para(doc, pos, line);
			doc->in_para = true;
		}
		if (eol < doc->size)
			line++;
		pos = next;
	}
	doc->pos = pos;
	doc->line = line;
}

/* The structure is looked for after every slice of this many bytes, so
 * that the lines it needs stay few and the text it reads is still in the
 * cache. */
#define LT_SCAN_SLICE (256u << 10)

bool lt_doc_scan(lt_doc *doc, uint64_t budget)
{
	if (doc->done)
		return true;
	uint64_t stop = budget && doc->size - doc->pos > budget
	                    ? doc->pos + budget
	                    : doc->size;
	do {
		uint64_t slice = stop - doc->pos > LT_SCAN_SLICE
		                     ? doc->pos + LT_SCAN_SLICE
		                     : stop;
		scan_lines(doc, slice);
		if (doc->pos >= doc->size)
			doc->done = true;
		lt_structure_step(doc);
	} while (doc->pos < stop);
	return doc->done;
}

uint64_t lt_doc_scanned(const lt_doc *doc) { return doc->pos; }
bool lt_doc_scan_done(const lt_doc *doc) { return doc->done; }
const char *lt_doc_bytes(const lt_doc *doc) { return doc->data; }
uint64_t lt_doc_size(const lt_doc *doc) { return doc->size; }
bool lt_doc_changed(const lt_doc *doc) { return doc->changed != 0; }
size_t lt_doc_npara(const lt_doc *doc) { return doc->npara; }

bool lt_doc_looks_binary(const lt_doc *doc)
{
	size_t n = doc->size < 4096 ? (size_t)doc->size : 4096;
	return memchr(doc->data, '\0', n) != NULL;
}

/* White space that may end a paragraph (line ends, and what a blank line
 * may hold), skipped backwards from end. */
static uint64_t trim_back(const lt_doc *doc, uint64_t start, uint64_t end)
{
	const char *d = doc->data;
	while (end > start) {
		unsigned char c = (unsigned char)d[end - 1];
		if (blank_byte(c) || c == '\n' || c == '\r') {
			end--;
			continue;
		}
		ucs4_t uc;
		const uint8_t *prev =
		    c < 0x80 ? NULL
		             : u8_prev(&uc, (const uint8_t *)d + end,
		                       (const uint8_t *)d + start);
		if (!prev || !lt_uc_is_space(uc))
			break;
		end = (uint64_t)((const char *)prev - d);
	}
	return end;
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

/* Where the line after the one that ends at eol starts. */
static uint64_t after_eol(const lt_doc *doc, uint64_t eol)
{
	const char *d = doc->data;
	if (eol >= doc->size)
		return doc->size;
	return eol +
	       (d[eol] == '\r' && eol + 1 < doc->size && d[eol + 1] == '\n'
	            ? 2
	            : 1);
}

lt_range lt_doc_para_around(const lt_doc *doc, uint64_t off)
{
	const char *d = doc->data;
	uint64_t body =
	    doc->size >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	if (off < body)
		off = body;
	uint64_t ls = line_start(doc, body, off), le = line_end(doc, off);
	if (line_is_blank(d + ls, d + le))
		return (lt_range){off, off};
	/* back while the line before is not blank */
	while (ls > body) {
		uint64_t prev_end = ls - 1;
		if (d[prev_end] == '\n' && prev_end > body &&
		    d[prev_end - 1] == '\r')
			prev_end--;
		uint64_t prev_start = line_start(doc, body, prev_end);
		if (line_is_blank(d + prev_start, d + prev_end))
			break;
		ls = prev_start;
	}
	/* forward while the line after is not blank */
	for (;;) {
		uint64_t next = after_eol(doc, le);
		if (next >= doc->size)
			break;
		uint64_t next_end = line_end(doc, next);
		if (line_is_blank(d + next, d + next_end))
			break;
		le = next_end;
	}
	return (lt_range){ls, trim_back(doc, ls, le)};
}

lt_range lt_doc_para(const lt_doc *doc, size_t i)
{
	lt_range r = {lt_para_start(doc, i), 0};
	uint64_t limit = i + 1 < doc->npara ? lt_para_start(doc, i + 1)
	                 : doc->done        ? doc->size
	                                    : doc->pos;
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
