/* The state store: see include/lectern/state.h for the format. */
#define _DEFAULT_SOURCE /* flock, mkstemp, getpwuid_r */
#include "lectern/state.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <unistr.h>

#include "util.h"

struct lt_state {
	char *dir, *file;
	lt_state_doc *docs;
	size_t ndocs, cap;
	char *history[LT_STATE_HISTORY_MAX];
	size_t nhistory;
	int mouse, mouse_new; /* the "mouse" line: -1 none, 0 off, 1 on */
	char msg[512];
};

/* ---- hashing ------------------------------------------------------------ */

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return h;
}

static uint64_t hash_more(uint64_t h, const unsigned char *p, size_t n)
{
	const uint64_t k = 0x9E3779B97F4A7C15u;
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
	}
	uint64_t tail = 0;
	memcpy(&tail, p, n);
	return (h ^ tail ^ n) * k;
}

uint64_t lt_state_hash(const void *s, size_t n)
{
	return mix(hash_more(0x243F6A8885A308D3u, s, n));
}

#define WHOLE_MAX   (1u << 20)
#define SAMPLES     64
#define SAMPLE_SIZE 4096u

uint64_t lt_state_fingerprint(const char *bytes, uint64_t size)
{
	const unsigned char *p = (const unsigned char *)bytes;
	if (size <= WHOLE_MAX)
		return lt_state_hash(p, (size_t)size);
	uint64_t h = 0x243F6A8885A308D3u ^ size;
	for (uint64_t i = 0; i < SAMPLES; i++) {
		uint64_t at = (size - SAMPLE_SIZE) / (SAMPLES - 1) * i;
		if (i == SAMPLES - 1)
			at = size - SAMPLE_SIZE;
		h = hash_more(h, p + at, SAMPLE_SIZE);
	}
	return mix(h);
}

/* ---- where ------------------------------------------------------------- */

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;
	char *s = lt_xmalloc(n);
	snprintf(s, n, "%s%s", a, b);
	return s;
}

/* lectern's folder under $VAR, else under the home folder (at sub);
 * NULL when LECTERN_STATE is "-" (*off set) or there is no home. */
static char *xdg_dir(const char *var, const char *sub, bool *off)
{
	const char *no = getenv("LECTERN_STATE");
	*off = no && strcmp(no, "-") == 0;
	if (*off)
		return NULL;
	const char *x = getenv(var);
	if (x && x[0] == '/')
		return join(x, "/lectern");
	const char *home = getenv("HOME");
	if (home && home[0] == '/')
		return join(home, sub);
	struct passwd pw, *res = NULL;
	char buf[4096];
	if (getpwuid_r(getuid(), &pw, buf, sizeof buf, &res) == 0 && res &&
	    res->pw_dir && res->pw_dir[0] == '/')
		return join(res->pw_dir, sub);
	return NULL;
}

char *lt_state_dir(const char **why)
{
	bool off;
	char *dir = xdg_dir("XDG_STATE_HOME", "/.local/state/lectern", &off);
	*why = dir || off ? NULL
	                  : "No home folder (HOME is not set): reading "
	                    "positions will not be kept";
	return dir;
}

char *lt_cache_dir(void)
{
	bool off;
	return xdg_dir("XDG_CACHE_HOME", "/.cache/lectern", &off);
}

/* ---- the store in memory ---------------------------------------------- */

lt_state *lt_state_new(const char *dir)
{
	lt_state *st = lt_xcalloc(1, sizeof *st);
	st->dir = lt_xstrndup(dir, strlen(dir));
	st->file = join(dir, "/state");
	st->mouse = st->mouse_new = -1;
	return st;
}

static void place_clear(lt_state_place *p)
{
	free(p->title);
	memset(p, 0, sizeof *p);
}

void lt_state_doc_clear(lt_state_doc *d)
{
	free(d->path);
	d->path = NULL;
	place_clear(&d->at);
	for (int i = 0; i < 26; i++)
		place_clear(&d->marks[i]);
	free(d->essay_start);
	free(d->section_start);
	d->essay_start = d->section_start = NULL;
	d->starts_set = false;
	free(d->read);
	d->read = NULL;
}

static void clear(lt_state *st)
{
	for (size_t i = 0; i < st->ndocs; i++)
		lt_state_doc_clear(&st->docs[i]);
	st->ndocs = 0;
	for (size_t i = 0; i < st->nhistory; i++)
		free(st->history[i]);
	st->nhistory = 0;
	st->mouse = -1;
}

void lt_state_free(lt_state *st)
{
	if (!st)
		return;
	clear(st);
	free(st->docs);
	free(st->dir);
	free(st->file);
	free(st);
}

const char *lt_state_message(const lt_state *st) { return st->msg; }

static lt_state_doc *find(const lt_state *st, uint64_t size, uint64_t hash)
{
	for (size_t i = 0; i < st->ndocs; i++)
		if (st->docs[i].size == size && st->docs[i].hash == hash)
			return &st->docs[i];
	return NULL;
}

bool lt_state_knows_size(const lt_state *st, uint64_t size)
{
	for (size_t i = 0; i < st->ndocs; i++)
		if (st->docs[i].size == size)
			return true;
	return false;
}

const lt_state_doc *lt_state_find(const lt_state *st, uint64_t size,
                                  uint64_t hash)
{
	return find(st, size, hash);
}

const lt_state_doc *lt_state_find_path(const lt_state *st, const char *path)
{
	for (size_t i = 0; path && path[0] == '/' && i < st->ndocs; i++)
		if (st->docs[i].path && strcmp(st->docs[i].path, path) == 0)
			return &st->docs[i];
	return NULL;
}

size_t lt_state_nhistory(const lt_state *st) { return st->nhistory; }

const char *lt_state_history(const lt_state *st, size_t i)
{
	return i < st->nhistory ? st->history[i] : NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? lt_xstrndup(s, strlen(s)) : NULL;
}

static void place_copy(lt_state_place *to, const lt_state_place *from)
{
	place_clear(to);
	*to = *from;
	to->title = dup_or_null(from->title);
}

static lt_state_doc *add_doc(lt_state *st, uint64_t size, uint64_t hash)
{
	lt_grow(&st->docs, &st->cap, st->ndocs + 1, sizeof *st->docs);
	lt_state_doc *d = &st->docs[st->ndocs++];
	memset(d, 0, sizeof *d);
	d->size = size;
	d->hash = hash;
	return d;
}

/* Merge rec into the store: it replaces the record with its fingerprint
 * but for the marks and the delimiters it does not set; a record of its
 * path that has changed since hands on its delimiters (a file that grows
 * keeps its shape). */
static void merge_doc(lt_state *st, const lt_state_doc *rec)
{
	char *starts[2] = {NULL, NULL};
	bool inherited = false;
	for (size_t i = 0; rec->path && rec->path[0] == '/' && i < st->ndocs;)
		if (st->docs[i].path &&
		    strcmp(st->docs[i].path, rec->path) == 0 &&
		    (st->docs[i].size != rec->size ||
		     st->docs[i].hash != rec->hash)) {
			if (st->docs[i].starts_set && !inherited) {
				starts[0] = st->docs[i].essay_start;
				starts[1] = st->docs[i].section_start;
				st->docs[i].essay_start = NULL;
				st->docs[i].section_start = NULL;
				inherited = true;
			}
			lt_state_doc_clear(&st->docs[i]);
			st->docs[i] = st->docs[--st->ndocs];
		} else {
			i++;
		}
	lt_state_doc *d = find(st, rec->size, rec->hash);
	if (!d)
		d = add_doc(st, rec->size, rec->hash);
	if (inherited && !d->starts_set) {
		d->essay_start = starts[0];
		d->section_start = starts[1];
		d->starts_set = true;
	} else {
		free(starts[0]);
		free(starts[1]);
	}
	free(d->path);
	d->path = dup_or_null(rec->path);
	if (rec->width)
		d->width = rec->width;
	d->time = rec->time;
	if (rec->at.set || !d->at.set)
		place_copy(&d->at, &rec->at);
	for (int i = 0; i < 26; i++)
		if (rec->marks[i].set)
			place_copy(&d->marks[i], &rec->marks[i]);
	if (rec->read) {
		free(d->read);
		d->read = dup_or_null(rec->read);
	}
	if (rec->starts_set) {
		free(d->essay_start);
		free(d->section_start);
		d->essay_start = dup_or_null(rec->essay_start);
		d->section_start = dup_or_null(rec->section_start);
		d->starts_set = d->essay_start || d->section_start;
	}
}

/* pattern on top of the history, once (takes ownership of p). */
static void push_history(lt_state *st, char *p)
{
	size_t at = st->nhistory;
	for (size_t i = 0; i < st->nhistory; i++)
		if (strcmp(st->history[i], p) == 0)
			at = i;
	if (at < st->nhistory) {
		free(st->history[at]);
	} else if (st->nhistory == LT_STATE_HISTORY_MAX) {
		free(st->history[--st->nhistory]);
		at = st->nhistory++;
	} else {
		at = st->nhistory++;
	}
	memmove(st->history + 1, st->history, at * sizeof *st->history);
	st->history[0] = p;
}

/* ---- escaping ------------------------------------------------------------
 */

char *lt_state_escape(const char *s, size_t n)
{
	char *out = lt_xmalloc(4 * n + 1);
	size_t o = 0;
	const uint8_t *p = (const uint8_t *)s;
	for (size_t i = 0; i < n;) {
		uint8_t c = p[i];
		int len = c >= 0x80 ? u8_mblen(p + i, n - i) : 1;
		if (c >= 0x80 && len > 0) {
			memcpy(out + o, p + i, (size_t)len);
			o += (size_t)len;
			i += (size_t)len;
			continue;
		}
		if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
			out[o++] = '\\';
			out[o++] = c == '\\'   ? '\\'
			           : c == '\t' ? 't'
			           : c == '\n' ? 'n'
			                       : 'r';
		} else if (c < 0x20 || c == 0x7F || c >= 0x80) {
			o += (size_t)sprintf(out + o, "\\x%02X", c);
		} else {
			out[o++] = (char)c;
		}
		i++;
	}
	out[o] = '\0';
	return out;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

char *lt_state_unescape(const char *s, size_t n, size_t *len)
{
	char *out = lt_xmalloc(n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F) {
			free(out);
			return NULL;
		}
		if (c != '\\') {
			out[o++] = (char)c;
			continue;
		}
		if (++i >= n)
			goto bad;
		switch (s[i]) {
		case '\\': out[o++] = '\\'; break;
		case 't': out[o++] = '\t'; break;
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 'x': {
			int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
			int lo = hi >= 0 ? hexval(s[i + 2]) : -1;
			if (lo < 0)
				goto bad;
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
			break;
		}
		default: goto bad;
		}
	}
	out[o] = '\0';
	if (len)
		*len = o;
	return out;
bad:
	free(out);
	return NULL;
}

/* ---- parsing -------------------------------------------------------------
 */

#define MAX_FIELDS 8

typedef struct {
	const char *s[MAX_FIELDS];
	size_t n[MAX_FIELDS];
	size_t count;
} fields;

static void split(const char *line, size_t len, fields *f)
{
	f->count = 0;
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && line[i] != '\t')
			continue;
		if (f->count == MAX_FIELDS) {
			f->count++; /* too many: the caller refuses */
			return;
		}
		f->s[f->count] = line + start;
		f->n[f->count++] = i - start;
		start = i + 1;
	}
}

static bool is(const fields *f, size_t i, const char *word)
{
	return f->n[i] == strlen(word) && memcmp(f->s[i], word, f->n[i]) == 0;
}

/* A decimal number with no sign, no leading zero but 0, at most max. */
static bool number(const char *s, size_t n, uint64_t max, uint64_t *v)
{
	if (n == 0 || n > 20 || (n > 1 && s[0] == '0'))
		return false;
	uint64_t x = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		unsigned d = (unsigned)(s[i] - '0');
		if (x > (UINT64_MAX - d) / 10)
			return false;
		x = x * 10 + d;
	}
	if (x > max)
		return false;
	*v = x;
	return true;
}

static bool hex16(const char *s, size_t n, uint64_t *v)
{
	if (n != 16)
		return false;
	uint64_t x = 0;
	for (size_t i = 0; i < n; i++) {
		int d = hexval(s[i]);
		if (d < 0 || (s[i] >= 'A' && s[i] <= 'F'))
			return false;
		x = x << 4 | (uint64_t)d;
	}
	*v = x;
	return true;
}

/* ESSAY PARA OFF PHASH TITLE from field i on. */
static bool parse_place(const fields *f, size_t i, lt_state_place *p)
{
	uint64_t essay = 0, para, off, h;
	bool none = is(f, i, "-");
	if ((!none && !number(f->s[i], f->n[i], SIZE_MAX - 1, &essay)) ||
	    !number(f->s[i + 1], f->n[i + 1], SIZE_MAX - 1, &para) ||
	    !number(f->s[i + 2], f->n[i + 2], UINT64_MAX, &off) ||
	    !hex16(f->s[i + 3], f->n[i + 3], &h))
		return false;
	char *title = NULL;
	if (!none) {
		title = lt_state_unescape(f->s[i + 4], f->n[i + 4], NULL);
		if (!title)
			return false;
	} else if (f->n[i + 4] != 0) {
		return false;
	}
	place_clear(p);
	p->set = true;
	p->essay = none ? LT_STATE_NONE : (size_t)essay;
	p->para = (size_t)para;
	p->off = off;
	p->para_hash = h;
	p->title = title;
	return true;
}

static bool parse_line(lt_state *st, const char *line, size_t len,
                       lt_state_doc **cur)
{
	fields f;
	split(line, len, &f);
	if (f.count > MAX_FIELDS)
		return false;
	if (is(&f, 0, "search")) {
		if (f.count != 2 || f.n[1] == 0)
			return false;
		size_t n;
		char *p = lt_state_unescape(f.s[1], f.n[1], &n);
		if (!p || n != strlen(p) ||
		    st->nhistory == LT_STATE_HISTORY_MAX) {
			free(p);
			return false;
		}
		for (size_t i = 0; i < st->nhistory; i++)
			if (strcmp(st->history[i], p) == 0) {
				free(p);
				return false;
			}
		st->history[st->nhistory++] = p;
		return true;
	}
	/* a bad value is skipped, as a line of a later version is */
	if (is(&f, 0, "mouse")) {
		if (f.count == 2 && f.n[1] == 1 &&
		    (f.s[1][0] == '0' || f.s[1][0] == '1'))
			st->mouse = f.s[1][0] == '1';
		return true;
	}
	if (is(&f, 0, "doc")) {
		uint64_t size, hash, width, time;
		if (f.count != 6 ||
		    !number(f.s[1], f.n[1], UINT64_MAX, &size) ||
		    !hex16(f.s[2], f.n[2], &hash) ||
		    !number(f.s[3], f.n[3], 100000, &width) ||
		    !number(f.s[4], f.n[4], INT64_MAX, &time))
			return false;
		size_t n;
		char *path = lt_state_unescape(f.s[5], f.n[5], &n);
		if (!path || n != strlen(path) || find(st, size, hash) ||
		    st->ndocs == LT_STATE_DOCS_MAX) {
			free(path);
			return false;
		}
		*cur = add_doc(st, size, hash);
		(*cur)->path = path;
		(*cur)->width = (size_t)width;
		(*cur)->time = (int64_t)time;
		return true;
	}
	if (is(&f, 0, "at"))
		return *cur && f.count == 6 && !(*cur)->at.set &&
		       parse_place(&f, 1, &(*cur)->at);
	if (is(&f, 0, "mark")) {
		if (!*cur || f.count != 7 || f.n[1] != 1 || f.s[1][0] < 'a' ||
		    f.s[1][0] > 'z')
			return false;
		lt_state_place *m = &(*cur)->marks[f.s[1][0] - 'a'];
		return !m->set && parse_place(&f, 2, m);
	}
	if (is(&f, 0, "read")) {
		size_t n;
		char *r = f.count == 2 && *cur && !(*cur)->read
		              ? lt_state_unescape(f.s[1], f.n[1], &n)
		              : NULL;
		if (!r || n != strlen(r)) {
			free(r);
			return false;
		}
		(*cur)->read = r;
		return true;
	}
	if (is(&f, 0, "starts")) {
		if (!*cur || f.count != 3 || (*cur)->starts_set)
			return false;
		size_t n1, n2;
		char *e = lt_state_unescape(f.s[1], f.n[1], &n1);
		char *x = lt_state_unescape(f.s[2], f.n[2], &n2);
		if (!e || !x || n1 != strlen(e) || n2 != strlen(x) ||
		    (n1 == 0 && n2 == 0)) {
			free(e);
			free(x);
			return false;
		}
		if (n1 == 0) {
			free(e);
			e = NULL;
		}
		if (n2 == 0) {
			free(x);
			x = NULL;
		}
		(*cur)->essay_start = e;
		(*cur)->section_start = x;
		(*cur)->starts_set = true;
		return true;
	}
	/* another first word: a later version's line, skipped */
	return f.n[0] > 0;
}

bool lt_state_parse(lt_state *st, const char *buf, size_t n)
{
	clear(st);
	static const char header[] = "lectern-state 1\n";
	if (n > LT_STATE_MAX_BYTES || n < sizeof header - 1 ||
	    memcmp(buf, header, sizeof header - 1) != 0 || memchr(buf, '\0', n))
		goto bad;
	lt_state_doc *cur = NULL;
	size_t i = sizeof header - 1;
	bool ended = false;
	while (i < n) {
		const char *nl = memchr(buf + i, '\n', n - i);
		if (!nl || ended)
			goto bad; /* no line end: truncated */
		size_t len = (size_t)(nl - (buf + i));
		if (len == 3 && memcmp(buf + i, "end", 3) == 0)
			ended = true;
		else if (!parse_line(st, buf + i, len, &cur))
			goto bad;
		i += len + 1;
	}
	if (ended)
		return true;
bad:
	clear(st);
	return false;
}

/* ---- printing ------------------------------------------------------------
 */

typedef struct {
	char *s;
	size_t len, cap;
} out_buf;

static void put(out_buf *b, const char *s, size_t n)
{
	lt_grow(&b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void putf(out_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void putf(out_buf *b, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void put_escaped(out_buf *b, const char *s)
{
	char *e = lt_state_escape(s ? s : "", s ? strlen(s) : 0);
	put(b, e, strlen(e));
	free(e);
}

static void put_place(out_buf *b, const lt_state_place *p)
{
	if (p->essay == LT_STATE_NONE)
		put(b, "-", 1);
	else
		putf(b, "%zu", p->essay);
	putf(b, "\t%zu\t%llu\t%016llx\t", p->para, (unsigned long long)p->off,
	     (unsigned long long)p->para_hash);
	if (p->essay != LT_STATE_NONE)
		put_escaped(b, p->title);
	put(b, "\n", 1);
}

char *lt_state_format(const lt_state *st, size_t *len)
{
	out_buf b = {0};
	putf(&b, "lectern-state %d\n", LT_STATE_VERSION);
	if (st->mouse >= 0)
		putf(&b, "mouse\t%d\n", st->mouse);
	for (size_t i = 0; i < st->nhistory; i++) {
		put(&b, "search\t", 7);
		put_escaped(&b, st->history[i]);
		put(&b, "\n", 1);
	}
	for (size_t i = 0; i < st->ndocs; i++) {
		const lt_state_doc *d = &st->docs[i];
		putf(&b, "doc\t%llu\t%016llx\t%zu\t%lld\t",
		     (unsigned long long)d->size, (unsigned long long)d->hash,
		     d->width, (long long)(d->time < 0 ? 0 : d->time));
		put_escaped(&b, d->path);
		put(&b, "\n", 1);
		if (d->at.set) {
			put(&b, "at\t", 3);
			put_place(&b, &d->at);
		}
		for (int m = 0; m < 26; m++) {
			if (!d->marks[m].set)
				continue;
			putf(&b, "mark\t%c\t", 'a' + m);
			put_place(&b, &d->marks[m]);
		}
		if (d->starts_set && (d->essay_start || d->section_start)) {
			put(&b, "starts\t", 7);
			put_escaped(&b, d->essay_start);
			put(&b, "\t", 1);
			put_escaped(&b, d->section_start);
			put(&b, "\n", 1);
		}
		if (d->read && d->read[0]) {
			put(&b, "read\t", 5);
			put_escaped(&b, d->read);
			put(&b, "\n", 1);
		}
	}
	put(&b, "end\n", 4);
	*len = b.len;
	return b.s;
}

/* ---- files ----------------------------------------------------------------
 */

static void say(lt_state *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void say(lt_state *st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->msg, sizeof st->msg, fmt, ap);
	va_end(ap);
}

/* Move a damaged state file aside as state.corrupt-TIME (never over
 * another) and say so. */
static void move_aside(lt_state *st, const char *why)
{
	char stamp[32], path[4096];
	time_t now = time(NULL);
	struct tm tm;
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", gmtime_r(&now, &tm));
	for (int k = 0; k < 100; k++) {
		if (k == 0)
			snprintf(path, sizeof path, "%s.corrupt-%s", st->file,
			         stamp);
		else
			snprintf(path, sizeof path, "%s.corrupt-%s-%d",
			         st->file, stamp, k);
		if (access(path, F_OK) == 0)
			continue;
		if (rename(st->file, path) == 0) {
			say(st, "The saved state was %s; moved aside as %s",
			    why, path);
			return;
		}
		break;
	}
	say(st,
	    "The saved state is %s and was ignored (%s could not be moved "
	    "aside: %s)",
	    why, st->file, strerror(errno));
}

/* Read the state file into the store. 1: read (or missing), 0: damaged
 * (with move, moved aside; the message says so), -1: cannot be read
 * (message said). */
static int read_file(lt_state *st, bool move)
{
	clear(st);
	int fd = open(st->file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 1; /* nothing saved yet */
		say(st, "Cannot read %s: %s", st->file, strerror(errno));
		return -1;
	}
	struct stat sb;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		say(st, "%s is not a regular file; saved state ignored",
		    st->file);
		return -1;
	}
	const char *why = NULL;
	char *buf = NULL;
	size_t n = 0;
	if (sb.st_size > (off_t)LT_STATE_MAX_BYTES) {
		why = "too large";
	} else {
		buf = lt_xmalloc((size_t)sb.st_size + 1);
		for (ssize_t r; n < (size_t)sb.st_size; n += (size_t)r) {
			r = read(fd, buf + n, (size_t)sb.st_size - n);
			if (r < 0 && errno == EINTR) {
				r = 0;
				continue;
			}
			if (r <= 0)
				break;
		}
		if (n < (size_t)sb.st_size)
			why = "unreadable";
		else if (memchr(buf, '\0', n))
			why = "binary";
		else if (!lt_state_parse(st, buf, n))
			why = "damaged";
	}
	free(buf);
	close(fd);
	if (!why)
		return 1;
	if (move)
		move_aside(st, why);
	else
		say(st, "The saved state is %s and was ignored", why);
	return 0;
}

static int open_lock(lt_state *st)
{
	char *lock = join(st->dir, "/lock");
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(lock);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

bool lt_state_peek(lt_state *st)
{
	st->msg[0] = '\0';
	return read_file(st, false) > 0;
}

bool lt_state_load(lt_state *st)
{
	st->msg[0] = '\0';
	int r = read_file(st, false);
	if (r != 0)
		return r > 0;
	/* damaged: moved aside under the lock, so that it is not moved while
	 * another lectern is saving (without the lock: ignored, kept) */
	int lock = open_lock(st);
	if (lock < 0)
		return false;
	r = read_file(st, true);
	close(lock);
	return r > 0;
}

/* The store's text, kept under LT_STATE_MAX_BYTES by dropping the least
 * recently saved documents, then the oldest patterns. */
static char *format_fitting(lt_state *st, size_t *len)
{
	for (;;) {
		char *text = lt_state_format(st, len);
		if (*len <= LT_STATE_MAX_BYTES ||
		    (st->ndocs == 0 && st->nhistory == 0))
			return text;
		free(text);
		if (st->ndocs) {
			size_t old = 0;
			for (size_t i = 1; i < st->ndocs; i++)
				if (st->docs[i].time < st->docs[old].time)
					old = i;
			lt_state_doc_clear(&st->docs[old]);
			st->docs[old] = st->docs[--st->ndocs];
		} else {
			free(st->history[--st->nhistory]);
		}
	}
}

/* Write the store over the file: temp file, fsync, rename, fsync of the
 * folder. */
static bool write_file(lt_state *st)
{
	size_t len;
	char *text = format_fitting(st, &len);
	char *tmp = join(st->file, ".XXXXXX");
	int fd = mkstemp(tmp);
	bool ok = fd >= 0 && lt_write_all(fd, text, len) && fsync(fd) == 0;
	int err = errno;
	if (fd >= 0 && close(fd) < 0 && ok) {
		ok = false;
		err = errno;
	}
	if (ok && rename(tmp, st->file) < 0) {
		ok = false;
		err = errno;
	}
	if (!ok) {
		if (fd >= 0)
			unlink(tmp);
		say(st, "Cannot save reading positions in %s: %s", st->dir,
		    strerror(err));
	} else {
		int dfd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	free(tmp);
	free(text);
	return ok;
}

/* Lock, read the file again, apply (doc or pattern), write. */
static bool update(lt_state *st, const lt_state_doc *doc, const char *pattern)
{
	st->msg[0] = '\0';
	int lock = -1;
	if (lt_make_dirs(st->dir) < 0 || (lock = open_lock(st)) < 0) {
		say(st, "Cannot save reading positions in %s: %s", st->dir,
		    strerror(errno));
		/* still keep it in memory for this session */
		if (doc)
			merge_doc(st, doc);
		if (pattern)
			push_history(st, lt_xstrndup(pattern, strlen(pattern)));
		if (st->mouse_new >= 0)
			st->mouse = st->mouse_new;
		return false;
	}
	char damaged[sizeof st->msg] = "";
	int r = read_file(st, true);
	if (r == 0)
		memcpy(damaged, st->msg, sizeof damaged);
	if (doc)
		merge_doc(st, doc);
	if (pattern)
		push_history(st, lt_xstrndup(pattern, strlen(pattern)));
	if (st->mouse_new >= 0) /* once: later saves keep the file's */
		st->mouse = st->mouse_new;
	st->mouse_new = -1;
	/* a file that cannot be read is not written over */
	bool ok = r >= 0 && write_file(st);
	close(lock);
	if (ok && damaged[0])
		memcpy(st->msg, damaged, sizeof damaged);
	return ok;
}

bool lt_state_save_doc(lt_state *st, const lt_state_doc *doc)
{
	return update(st, doc, NULL);
}

int lt_state_mouse(const lt_state *st) { return st->mouse; }

bool lt_state_set_mouse(lt_state *st, bool on)
{
	st->mouse_new = on;
	return update(st, NULL, NULL);
}

bool lt_state_add_search(lt_state *st, const char *pattern)
{
	if (!pattern[0])
		return true;
	return update(st, NULL, pattern);
}
