/* Front matter. First the block is found (find_fenced, find_keys): its
 * kind, the lines inside it and where the text after it starts. Then its
 * top-level keys are read (yaml_read, toml_read, keys_read) for the title,
 * author and date, and the date is made a number (date_when). Every line
 * comes through line_at(), which never reads past its text's limit: the
 * scan limit while finding the block, the block's last line while reading
 * it. Each key's lines are read a bounded number of times, so the work is
 * linear in the block. */
#include "lectern/front.h"

#include <string.h>

#include "lectern/text.h"
#include "util.h"

/* How deep a value may nest under its key (a list item's "name:", say)
 * before it is no title, author or date. */
#define MAX_DEPTH 4

/* Bytes, not NUL-terminated. */
typedef struct {
	const char *s;
	size_t n;
} span;

/* The text as far as it is read: p[0..lim). */
typedef struct {
	const char *p;
	size_t lim;
	bool whole; /* lim is the text's end: a last line without '\n' counts */
} text;

/* One line: s[0..len) without its line end (LF or CRLF); it starts at
 * offset at, and the next line at next. */
typedef struct {
	const char *s;
	size_t len, at, next;
} line;

/* What a block's keys gave, in malloc'd strings, and scratch buffers. */
typedef struct {
	char *title, *author, *date;
	lt_buf raw; /* a value's lines, joined */
	lt_buf val; /* the value read from them */
} found;

/* A YAML value: the rest of its key's (or list dash's) line, and the lines
 * below that belong to it, [body, stop). */
typedef struct {
	span head;
	size_t body, stop;
} node;

/* ---- bytes and lines ----------------------------------------------------- */

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static span trim(span v)
{
	while (v.n && is_space(v.s[0])) {
		v.s++;
		v.n--;
	}
	while (v.n && is_space(v.s[v.n - 1]))
		v.n--;
	return v;
}

/* Does v spell word (lower case ASCII), in any case? */
static bool span_is(span v, const char *word)
{
	size_t k = strlen(word);
	if (v.n != k)
		return false;
	for (size_t i = 0; i < k; i++)
		if (lower(v.s[i]) != word[i])
			return false;
	return true;
}

/* Does a comment start at v.s[i]: a '#' at the start or after white
 * space? */
static bool comment_at(span v, size_t i)
{
	return v.s[i] == '#' && (i == 0 || is_space(v.s[i - 1]));
}

static void put(lt_buf *b, const char *s, size_t n)
{
	if (n)
		lt_buf_put(b, s, n, 0);
}

static bool line_at(const text *t, size_t at, line *l)
{
	if (at >= t->lim)
		return false;
	const char *nl = memchr(t->p + at, '\n', t->lim - at);
	if (!nl && !t->whole)
		return false; /* cut by the scan limit */
	size_t e = nl ? (size_t)(nl - t->p) : t->lim;
	l->s = t->p + at;
	l->at = at;
	l->next = nl ? e + 1 : e;
	l->len = e - at;
	if (l->len && l->s[l->len - 1] == '\r')
		l->len--;
	return true;
}

/* The line at at when it starts before stop. */
static bool line_in(const text *t, size_t at, size_t stop, line *l)
{
	return at < stop && line_at(t, at, l);
}

static span whole(const line *l) { return (span){l->s, l->len}; }

static size_t indent(const line *l)
{
	size_t i = 0;
	while (i < l->len && is_blank(l->s[i]))
		i++;
	return i;
}

static bool is_blank_line(const line *l) { return trim(whole(l)).n == 0; }

/* Is the line mark ("---", "+++", "...") and trailing blanks? */
static bool is_fence(const line *l, const char *mark)
{
	if (l->len < 3 || memcmp(l->s, mark, 3) != 0)
		return false;
	for (size_t i = 3; i < l->len; i++)
		if (!is_blank(l->s[i]))
			return false;
	return true;
}

/* The offset after the blank lines from at. */
static size_t skip_blank_lines(const text *t, size_t at)
{
	line l;
	while (line_at(t, at, &l) && is_blank_line(&l))
		at = l.next;
	return at;
}

/* ---- key lines ----------------------------------------------------------- */

/* A YAML "key: value" line starting at v.s[0]: a plain key (no white
 * space or ':', not starting with YAML's indicators) or a quoted one, then
 * ':' and a blank or the end. */
static bool yaml_key(span v, span *key, span *rest)
{
	if (!v.n)
		return false;
	char c = v.s[0];
	size_t i;
	if (c == '"' || c == '\'') {
		const char *q = memchr(v.s + 1, c, v.n - 1);
		if (!q)
			return false;
		i = (size_t)(q - v.s) + 1;
		*key = (span){v.s + 1, i - 2};
	} else {
		if (!c || is_space(c) || strchr("-[]{}#&*!|>%@`,?:", c))
			return false;
		i = 0;
		while (i < v.n && !is_space(v.s[i]) && v.s[i] != ':')
			i++;
		*key = (span){v.s, i};
	}
	while (i < v.n && is_blank(v.s[i]))
		i++;
	if (i >= v.n || v.s[i] != ':' || (i + 1 < v.n && !is_blank(v.s[i + 1])))
		return false;
	*rest = trim((span){v.s + i + 1, v.n - i - 1});
	return key->n > 0;
}

static bool is_dash(span v)
{
	return v.n && v.s[0] == '-' && (v.n == 1 || is_blank(v.s[1]));
}

static bool toml_bare(char c)
{
	return is_alpha(c) || is_digit(c) || c == '_' || c == '-' || c == '.';
}

/* A TOML "key = value" line (trimmed): a bare, dotted or quoted key. */
static bool toml_key(span v, span *key, span *rest)
{
	size_t i = 0;
	if (v.n && (v.s[0] == '"' || v.s[0] == '\'')) {
		const char *q = memchr(v.s + 1, v.s[0], v.n - 1);
		if (!q)
			return false;
		i = (size_t)(q - v.s) + 1;
		*key = (span){v.s + 1, i - 2};
	} else {
		while (i < v.n && toml_bare(v.s[i]))
			i++;
		*key = (span){v.s, i};
	}
	while (i < v.n && is_blank(v.s[i]))
		i++;
	if (i >= v.n || v.s[i] != '=')
		return false;
	*rest = trim((span){v.s + i + 1, v.n - i - 1});
	return key->n > 0;
}

/* A TOML table header (trimmed): "[name]" or "[[name]]", the name made of
 * key characters, dots, blanks and quotes (so that a line of a multi-line
 * array, '["a", "b"],', is none). */
static bool toml_table(span v)
{
	if (!v.n || v.s[0] != '[')
		return false;
	size_t i = v.n > 1 && v.s[1] == '[' ? 2 : 1, from = i;
	while (i < v.n && (toml_bare(v.s[i]) || is_blank(v.s[i]) ||
	                   v.s[i] == '"' || v.s[i] == '\''))
		i++;
	return i < v.n && v.s[i] == ']' && i > from;
}

/* A Pelican / MultiMarkdown "Key: value" line: the key a word of at most
 * 32 bytes (ASCII letters first, then letters, digits, spaces, '-', '_'),
 * then ':' and a blank or the end. */
static bool keys_key(span v, span *key, span *rest)
{
	if (!v.n || !is_alpha(v.s[0]))
		return false;
	size_t i = 0;
	while (i < v.n && i <= 32 &&
	       (is_alpha(v.s[i]) || is_digit(v.s[i]) || v.s[i] == ' ' ||
	        v.s[i] == '-' || v.s[i] == '_'))
		i++;
	if (i > 32 || i >= v.n || v.s[i] != ':' || v.s[i - 1] == ' ')
		return false;
	if (i + 1 < v.n && !is_blank(v.s[i + 1]))
		return false;
	*key = (span){v.s, i};
	*rest = trim((span){v.s + i + 1, v.n - i - 1});
	return true;
}

static bool is_wanted(span key)
{
	return span_is(key, "title") || span_is(key, "author") ||
	       span_is(key, "authors") || span_is(key, "date");
}

/* Where the value of key goes, or NULL when it is not wanted or a key
 * before it gave one. */
static char **slot(found *f, span key)
{
	char **to = NULL;
	if (span_is(key, "title"))
		to = &f->title;
	else if (span_is(key, "author") || span_is(key, "authors"))
		to = &f->author;
	else if (span_is(key, "date"))
		to = &f->date;
	return to && !*to ? to : NULL;
}

/* ---- finding the block --------------------------------------------------- */

/* Where a block's lines are, [body, stop), and where the text after it
 * starts (its closing line and the blank lines after that passed). */
typedef struct {
	lt_front_kind kind;
	size_t body, stop, end;
} block;

/* Is the line one a block of this kind may hold? Its first line that is
 * neither blank nor a comment must be a key line (or a TOML table), so
 * that a Markdown thematic break is no block; later YAML lines may be key
 * lines, indented lines, comments or "- " items. *keyed: such a line
 * came. */
static bool fenced_line_ok(lt_front_kind kind, const line *l, bool *keyed)
{
	span s = trim(whole(l)), k, v;
	if (!s.n || s.s[0] == '#')
		return true;
	if (kind == LT_FRONT_TOML) {
		if (*keyed)
			return true;
		*keyed = true;
		return toml_key(s, &k, &v) || toml_table(s);
	}
	if (yaml_key(whole(l), &k, &v)) {
		*keyed = true;
		return true;
	}
	return *keyed && (is_blank(l->s[0]) || is_dash(s));
}

/* A block between two fences: "---" ... "---" or "...", or "+++" ...
 * "+++", the closing line within the scan. */
static bool find_fenced(const text *t, size_t start, block *b)
{
	line l;
	if (!line_at(t, start, &l))
		return false;
	bool yaml = is_fence(&l, "---");
	if (!yaml && !is_fence(&l, "+++"))
		return false;
	b->kind = yaml ? LT_FRONT_YAML : LT_FRONT_TOML;
	b->body = l.next;
	bool keyed = false;
	for (size_t at = l.next; line_at(t, at, &l); at = l.next) {
		if (yaml ? is_fence(&l, "---") || is_fence(&l, "...")
		         : is_fence(&l, "+++")) {
			b->stop = l.at;
			b->end = skip_blank_lines(t, l.next);
			return true;
		}
		if (!fenced_line_ok(b->kind, &l, &keyed))
			return false;
	}
	return false;
}

/* "Key: value" lines from the first line to a blank line (or the text's
 * end), each a key line or an indented continuation, and a title, author
 * or date among the keys. */
static bool find_keys(const text *t, size_t start, block *b)
{
	line l;
	span k, v;
	if (!line_at(t, start, &l) || !keys_key(whole(&l), &k, &v))
		return false;
	b->kind = LT_FRONT_KEYS;
	b->body = start;
	bool wanted = false;
	size_t at = start;
	for (; line_at(t, at, &l); at = l.next) {
		if (is_blank_line(&l)) {
			b->stop = l.at;
			b->end = skip_blank_lines(t, l.at);
			return wanted;
		}
		if (keys_key(whole(&l), &k, &v))
			wanted = wanted || is_wanted(k);
		else if (!is_blank(l.s[0]))
			return false;
	}
	if (!t->whole || at < t->lim)
		return false; /* stopped by the scan limit */
	b->stop = b->end = at;
	return wanted;
}

/* ---- values -------------------------------------------------------------- */

static void put_utf8(lt_buf *out, uint32_t cp)
{
	char u[4];
	if (cp == 0)
		return; /* a C string cannot hold it */
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		u[0] = (char)cp;
		put(out, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		put(out, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		put(out, u, 3);
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		put(out, u, 4);
	}
}

/* The k hex digits at v.s[i], or -1. */
static long hex_at(span v, size_t i, size_t k)
{
	if (k > v.n || i > v.n - k)
		return -1;
	long x = 0;
	for (size_t j = i; j < i + k; j++) {
		char c = lower(v.s[j]);
		int d = is_digit(c)            ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		                               : -1;
		if (d < 0)
			return -1;
		x = x * 16 + d;
	}
	return x;
}

/* The escape at v.s[i] (a backslash) in a double-quoted string: written
 * to out; returns the offset after it. One that is not known is kept as
 * written. A \u high surrogate pairs with a \u low one after it. */
static size_t escape(span v, size_t i, lt_buf *out)
{
	static const char from[] = "ntr\"\\/ 0\n", to[] = "\n\t\r\"\\/ ";
	if (i + 1 >= v.n) {
		put(out, "\\", 1);
		return i + 1;
	}
	char c = v.s[i + 1];
	const char *known = c ? strchr(from, c) : NULL;
	if (known) {
		size_t k = (size_t)(known - from);
		put(out, to + k, k < sizeof to - 1 ? 1 : 0); /* \0, line end */
		return i + 2;
	}
	size_t k = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
	long cp = k ? hex_at(v, i + 2, k) : -1;
	if (cp < 0) {
		put(out, v.s + i, 2);
		return i + 2;
	}
	i += 2 + k;
	if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < v.n && v.s[i] == '\\' &&
	    v.s[i + 1] == 'u') {
		long lo = hex_at(v, i + 2, 4);
		if (lo >= 0xDC00 && lo <= 0xDFFF) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			i += 6;
		}
	}
	put_utf8(out, (uint32_t)cp);
	return i;
}

/* The quoted string v starts with, to out. YAML: '' stands for ' in
 * single quotes, escapes are read in double quotes. TOML: also """ and
 * ''' strings, and '' means nothing in single quotes. Without its closing
 * quote, the rest is taken. */
static void quoted(span v, bool toml, lt_buf *out)
{
	char q = v.s[0];
	size_t w = toml && v.n >= 3 && v.s[1] == q && v.s[2] == q ? 3 : 1;
	for (size_t i = w; i < v.n;) {
		char c = v.s[i];
		if (c == q && q == '\'' && !toml && i + 1 < v.n &&
		    v.s[i + 1] == q) {
			put(out, "'", 1);
			i += 2;
		} else if (c == q &&
		           (w == 1 || (i + 3 <= v.n && v.s[i + 1] == q &&
		                       v.s[i + 2] == q))) {
			return;
		} else if (c == '\\' && q == '"') {
			i = escape(v, i, out);
		} else {
			put(out, &c, 1);
			i++;
		}
	}
}

/* A plain value: v up to a comment when comments count. */
static void plain(span v, bool comments, lt_buf *out)
{
	size_t j = 0;
	while (j < v.n && !(comments && comment_at(v, j)))
		j++;
	put(out, v.s, j);
}

/* The first item of the flow list v starts with ("[A, B]"): quoted or
 * plain; nothing when it is a list or mapping itself. */
static void flow_first(span v, bool toml, lt_buf *out)
{
	size_t i = 1;
	while (i < v.n && (is_space(v.s[i]) || v.s[i] == '#')) {
		if (v.s[i] == '#')
			while (i < v.n && v.s[i] != '\n')
				i++;
		else
			i++;
	}
	if (i >= v.n || !v.s[i] || strchr("[]{},", v.s[i]))
		return;
	span item = {v.s + i, v.n - i};
	if (item.s[0] == '"' || item.s[0] == '\'') {
		quoted(item, toml, out);
		return;
	}
	size_t j = 0;
	while (j < item.n && item.s[j] != ',' && item.s[j] != ']' &&
	       !comment_at(item, j))
		j++;
	put(out, item.s, j);
}

/* A value's head and lines [at, stop), each trimmed, joined with '\n'
 * into out (cleared first). */
static void gather(const text *t, span head, size_t at, size_t stop,
                   lt_buf *out)
{
	line l;
	lt_buf_clear(out);
	put(out, head.s, head.n);
	for (; line_in(t, at, stop, &l); at = l.next) {
		span s = trim(whole(&l));
		put(out, "\n", 1);
		put(out, s.s, s.n);
	}
}

/* Keep out's text in *to, white space folded and trimmed; NULL when it
 * is empty. NUL bytes are dropped. */
static void keep(char **to, const lt_buf *v)
{
	char *r = lt_xmalloc(v->len + 1);
	size_t k = 0;
	bool gap = false;
	for (size_t i = 0; i < v->len; i++) {
		char c = v->s[i];
		if (c == '\0')
			continue;
		if (is_space(c)) {
			gap = k > 0;
			continue;
		}
		if (gap)
			r[k++] = ' ';
		gap = false;
		r[k++] = c;
	}
	r[k] = '\0';
	if (!k) {
		free(r);
		r = NULL;
	}
	*to = r;
}

/* ---- YAML ---------------------------------------------------------------- */

static void yaml_value(const text *t, const node *nd, found *f, int depth);

/* Where the lines that belong to a key or dash at column ind end, from at
 * (before stop): blank lines, comments and lines indented deeper; with
 * dashes also "- " items at column ind (YAML lets a key's list stand level
 * with the key). */
static size_t node_stop(const text *t, size_t at, size_t stop, size_t ind,
                        bool dashes)
{
	line l;
	for (; line_in(t, at, stop, &l); at = l.next) {
		span s = trim(whole(&l));
		size_t in = indent(&l);
		if (s.n && s.s[0] != '#' && in <= ind &&
		    !(dashes && in == ind && is_dash(s)))
			break;
	}
	return at;
}

/* The value of the "name:" key at column ind among the lines [at, stop),
 * as for "author:" with "name: A" under it. */
static void yaml_name(const text *t, size_t at, size_t stop, size_t ind,
                      found *f, int depth)
{
	line l;
	span k, v;
	for (; line_in(t, at, stop, &l); at = l.next) {
		if (indent(&l) != ind || !yaml_key(trim(whole(&l)), &k, &v) ||
		    !span_is(k, "name"))
			continue;
		node nm = {v, l.next, node_stop(t, l.next, stop, ind, true)};
		yaml_value(t, &nm, f, depth);
		return;
	}
}

/* The value of the list item on line l (its lines end by stop): "- A",
 * or a mapping item, "- name: A" or "- email: x" with "name: A" under. */
static void yaml_item(const text *t, const line *l, size_t stop, found *f,
                      int depth)
{
	size_t in = indent(l);
	span head = trim((span){l->s + in + 1, l->len - in - 1}), k, v;
	size_t body_stop = node_stop(t, l->next, stop, in, false);
	if (!yaml_key(head, &k, &v)) {
		yaml_value(t, &(node){head, l->next, body_stop}, f, depth);
		return;
	}
	size_t col = (size_t)(head.s - l->s);
	if (span_is(k, "name")) {
		size_t nm_stop = node_stop(t, l->next, body_stop, col, false);
		yaml_value(t, &(node){v, l->next, nm_stop}, f, depth);
	} else {
		yaml_name(t, l->next, body_stop, col, f, depth);
	}
}

/* A value that starts on the line below its key: a "- " list (its first
 * item), a mapping (its "name:"), or a plain scalar. */
static void yaml_below(const text *t, const node *nd, found *f, int depth)
{
	line l;
	span k, v;
	for (size_t at = nd->body; line_in(t, at, nd->stop, &l); at = l.next) {
		span s = trim(whole(&l));
		if (!s.n || s.s[0] == '#')
			continue;
		if (is_dash(s)) {
			yaml_item(t, &l, nd->stop, f, depth + 1);
		} else if (yaml_key(s, &k, &v)) {
			yaml_name(t, at, nd->stop, indent(&l), f, depth + 1);
		} else {
			gather(t, (span){l.s, 0}, at, nd->stop, &f->raw);
			plain((span){f->raw.s, f->raw.len}, true, &f->val);
		}
		return;
	}
}

/* The text of a YAML value, to f->val: quoted, a folded or literal block
 * ('>' or '|', its lines joined), a flow list's first item, a plain
 * scalar (its lines joined, up to a comment), or what is below its key. A
 * flow mapping, or a value nested too deep, gives nothing. */
static void yaml_value(const text *t, const node *nd, found *f, int depth)
{
	lt_buf_clear(&f->val);
	span h = nd->head;
	char c = h.n ? h.s[0] : '#';
	if (depth > MAX_DEPTH || c == '{')
		return;
	if (c == '#') {
		yaml_below(t, nd, f, depth);
		return;
	}
	if (c == '>' || c == '|') {
		gather(t, (span){h.s, 0}, nd->body, nd->stop, &f->val);
		return;
	}
	gather(t, h, nd->body, nd->stop, &f->raw);
	span r = {f->raw.s, f->raw.len};
	if (c == '"' || c == '\'')
		quoted(r, false, &f->val);
	else if (c == '[')
		flow_first(r, false, &f->val);
	else
		plain(r, true, &f->val);
}

/* The top-level keys: those at column 0. */
static void yaml_read(const text *t, size_t at, found *f)
{
	line l;
	span k, v;
	while (line_at(t, at, &l)) {
		if (!yaml_key(whole(&l), &k, &v)) {
			at = l.next;
			continue;
		}
		node nd = {v, l.next, node_stop(t, l.next, t->lim, 0, true)};
		char **to = slot(f, k);
		if (to) {
			yaml_value(t, &nd, f, 0);
			keep(to, &f->val);
		}
		at = nd.stop;
	}
}

/* ---- TOML and "Key: value" lines ----------------------------------------- */

/* Where the lines of a TOML value that goes on below its key (a
 * multi-line array) end: at the next key line or table. */
static size_t toml_stop(const text *t, size_t at)
{
	line l;
	span k, v;
	for (; line_at(t, at, &l); at = l.next) {
		span s = trim(whole(&l));
		if (toml_table(s) || toml_key(s, &k, &v))
			break;
	}
	return at;
}

/* The top-level keys: those before the first table. */
static void toml_read(const text *t, size_t at, found *f)
{
	line l;
	span k, v;
	for (; line_at(t, at, &l); at = l.next) {
		span s = trim(whole(&l));
		if (toml_table(s))
			return;
		char **to = toml_key(s, &k, &v) ? slot(f, k) : NULL;
		if (!to)
			continue;
		gather(t, v, l.next, toml_stop(t, l.next), &f->raw);
		span r = {f->raw.s, f->raw.len};
		char c = v.n ? v.s[0] : '{';
		lt_buf_clear(&f->val);
		if (c == '"' || c == '\'')
			quoted(r, true, &f->val);
		else if (c == '[')
			flow_first(r, true, &f->val);
		else if (c != '{')
			plain(r, true, &f->val);
		keep(to, &f->val);
	}
}

/* v without the quotes around it, when it has them. */
static span unquote(span v)
{
	v = trim(v);
	if (v.n >= 2 && (v.s[0] == '"' || v.s[0] == '\'') &&
	    v.s[v.n - 1] == v.s[0])
		return (span){v.s + 1, v.n - 2};
	return v;
}

/* Each key's value with its continuation lines; "Authors" is a list,
 * split at ';' when it holds one, else at ','. */
static void keys_read(const text *t, size_t at, found *f)
{
	line l;
	span k, v, k2, v2;
	while (line_at(t, at, &l)) {
		at = l.next;
		char **to = keys_key(whole(&l), &k, &v) ? slot(f, k) : NULL;
		if (!to)
			continue;
		size_t stop = at;
		while (line_at(t, stop, &l) && !keys_key(whole(&l), &k2, &v2))
			stop = l.next;
		gather(t, v, at, stop, &f->raw);
		span r = {f->raw.s, f->raw.len};
		if (span_is(k, "authors") && r.n) {
			const char *cut = memchr(r.s, ';', r.n);
			if (!cut)
				cut = memchr(r.s, ',', r.n);
			if (cut)
				r.n = (size_t)(cut - r.s);
		}
		r = unquote(r);
		lt_buf_clear(&f->val);
		put(&f->val, r.s, r.n);
		keep(to, &f->val);
	}
}

/* ---- dates --------------------------------------------------------------- */

/* min to max decimal digits at *s, to *v; *s moves past them. */
static bool digits(const char **s, int min, int max, int *v)
{
	int k = 0, x = 0;
	while (k < max && is_digit((*s)[k])) {
		x = x * 10 + ((*s)[k] - '0');
		k++;
	}
	if (k < min)
		return false;
	*s += k;
	*v = x;
	return true;
}

/* How many blanks *s starts with; *s moves past them. */
static int blanks(const char **s)
{
	int k = 0;
	while (is_blank(**s)) {
		(*s)++;
		k++;
	}
	return k;
}

/* The English month named at *s (in full, by three letters or "Sept",
 * any case, then an optional '.'), 1-12; *s moves past it. 0 when none. */
static int month_name(const char **s)
{
	static const char *const names[] = {"january", "february", "march",
	                                    "april",   "may",      "june",
	                                    "july",    "august",   "september",
	                                    "october", "november", "december"};
	char w[10];
	size_t k = 0;
	while (is_alpha((*s)[k]) && k < sizeof w - 1) {
		w[k] = lower((*s)[k]);
		k++;
	}
	w[k] = '\0';
	if (k < 3 || is_alpha((*s)[k]))
		return 0;
	for (int m = 0; m < 12; m++) {
		bool abbr = k == 3 || k == strlen(names[m]);
		if ((abbr && strncmp(w, names[m], k) == 0) ||
		    (m == 8 && strcmp(w, "sept") == 0)) {
			*s += k + ((*s)[k] == '.');
			return m + 1;
		}
	}
	return 0;
}

/* An optional time after a date, "T10:00:00Z" or " 10:00", its seconds,
 * fraction and zone optional (the zone is read and dropped), then the
 * end. */
static bool time_tail(const char *s, int *hh, int *mi, int *ss)
{
	int gap = blanks(&s), zh, zm;
	if (!*s)
		return true;
	if (!gap && *s != 'T' && *s != 't')
		return false;
	s += !gap;
	if (!digits(&s, 1, 2, hh) || *s != ':')
		return false;
	s++;
	if (!digits(&s, 2, 2, mi))
		return false;
	if (*s == ':') {
		s++;
		if (!digits(&s, 2, 2, ss))
			return false;
		if (*s == '.' && is_digit(s[1]))
			for (s++; is_digit(*s); s++)
				;
	}
	blanks(&s);
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		s++;
		if (!digits(&s, 2, 2, &zh))
			return false;
		s += *s == ':';
		if (is_digit(*s) && !digits(&s, 2, 2, &zm))
			return false;
	} else if (span_is((span){s, strnlen(s, 3)}, "utc") ||
	           span_is((span){s, strnlen(s, 3)}, "gmt")) {
		s += 3;
	}
	blanks(&s);
	return *s == '\0';
}

static bool valid_day(int y, int m, int d)
{
	static const int days[] = {31, 29, 31, 30, 31, 30,
	                           31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
	return m != 2 || d <= 28 || leap;
}

static int64_t stamp(int y, int m, int d, int hh, int mi, int ss)
{
	return ((((y * INT64_C(100) + m) * 100 + d) * 100 + hh) * 100 + mi) *
	           100 +
	       ss;
}

/* The date s as YYYYMMDDhhmmss, or -1: "YYYY-MM-DD" or "YYYY/MM/DD" (one
 * or two digits for the month and day), "Month D, YYYY" or "D Month
 * YYYY", each with an optional time_tail(). */
static int64_t date_when(const char *s)
{
	int y, m, d, hh = 0, mi = 0, ss = 0;
	const char *c = s;
	if (digits(&c, 4, 4, &y) && (*c == '-' || *c == '/')) {
		char sep = *c++;
		if (!digits(&c, 1, 2, &m) || *c != sep)
			return -1;
		c++;
		if (!digits(&c, 1, 2, &d))
			return -1;
	} else if ((c = s, m = month_name(&c)) != 0) {
		if (!blanks(&c) || !digits(&c, 1, 2, &d))
			return -1;
		bool comma = *c == ',';
		c += comma;
		if ((!blanks(&c) && !comma) || !digits(&c, 4, 4, &y))
			return -1;
	} else {
		c = s;
		if (!digits(&c, 1, 2, &d) || !blanks(&c) ||
		    !(m = month_name(&c)) || !blanks(&c) ||
		    !digits(&c, 4, 4, &y))
			return -1;
	}
	if (is_digit(*c) || !time_tail(c, &hh, &mi, &ss))
		return -1;
	if (!valid_day(y, m, d) || hh > 23 || mi > 59 || ss > 60)
		return -1;
	return stamp(y, m, d, hh, mi, ss);
}

/* ---- the interface ------------------------------------------------------- */

bool lt_front_parse(const char *p, size_t n, lt_front *out)
{
	*out = (lt_front){.kind = LT_FRONT_NONE, .when = -1};
	if (!p || !n)
		return false;
	text t = {p, n < LT_FRONT_SCAN ? n : LT_FRONT_SCAN, n <= LT_FRONT_SCAN};
	size_t start = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	block b;
	if (!find_fenced(&t, start, &b) && !find_keys(&t, start, &b))
		return false;
	text in = {p, b.stop, true};
	found f = {0};
	if (b.kind == LT_FRONT_YAML)
		yaml_read(&in, b.body, &f);
	else if (b.kind == LT_FRONT_TOML)
		toml_read(&in, b.body, &f);
	else
		keys_read(&in, b.body, &f);
	lt_buf_free(&f.raw);
	lt_buf_free(&f.val);
	*out = (lt_front){b.kind,   b.end,  f.title,
	                  f.author, f.date, f.date ? date_when(f.date) : -1};
	return true;
}

void lt_front_free(lt_front *f)
{
	free(f->title);
	free(f->author);
	free(f->date);
	*f = (lt_front){.kind = LT_FRONT_NONE, .when = -1};
}

int64_t lt_front_name_date(const char *name)
{
	if (!name)
		return -1;
	const char *c = strrchr(name, '/'), *s = c ? c + 1 : name;
	int y, m, d;
	c = s;
	if (!digits(&c, 4, 4, &y) || *c != '-')
		return -1;
	c++;
	if (!digits(&c, 2, 2, &m) || *c != '-')
		return -1;
	c++;
	if (!digits(&c, 2, 2, &d) || is_digit(*c) || !valid_day(y, m, d))
		return -1;
	return stamp(y, m, d, 0, 0, 0);
}
