/* libFuzzer target: decoding a paragraph into display cells, shaping it
 * (joined lines, double spacing, Markdown) and wrapping it at a random
 * width. The first byte picks the width (1 to 128 cells), the rest is the
 * paragraph's raw bytes. Properties, not just "no crash":
 * - the decoded text is valid UTF-8 with no C0 control but tab and line
 *   feed, no DEL, no C1 control, no bidi control, line or paragraph
 *   separator or U+FEFF;
 * - every input byte is shown or escaped: the source map starts at 0,
 *   never decreases, and cuts the input into units that each come out as
 *   themselves (a printable character), as an escape naming them (^X,
 *   <XX>, <U+XXXX>), or as a line feed (LF, CR, CRLF; tab stays a tab);
 * - shaped by lt_shape with each of its four settings, the text is as safe
 *   and its source map as whole, but for what lt_shape may do (see
 *   layout.h): a unit may also be a run of white space holding a line
 *   break that comes out as one space or one line feed (lines joined, a
 *   double-spaced blank line dropped), and bytes may be hidden: the white
 *   space of a break after a dash or between CJK characters, and with
 *   Markdown only its markup (check_hidden says exactly which); text
 *   without a line break and without Markdown comes out as decoded; the
 *   style spans are sorted, apart, not empty, on character boundaries, and
 *   only with Markdown;
 * - the rows put together are exactly the (decoded, or shaped) text, each
 *   row's width is what its cells add up to, and no row is wider than the
 *   column unless it is a single grapheme cluster wider than the column. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "lectern/layout.h"
#include "lectern/text.h"

/* What check_map checks: the text lt_decode made, or lt_shape without
 * or with Markdown. */
enum { MAP_DECODED, MAP_SHAPED, MAP_MARKDOWN };

static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fuzz_layout: property violated: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

static bool forbidden(ucs4_t uc)
{
	return (uc < 0x20 && uc != '\t' && uc != '\n') || uc == 0x7F ||
	       (uc >= 0x80 && uc <= 0x9F) || (uc >= 0x202A && uc <= 0x202E) ||
	       uc == 0x200E || uc == 0x200F || uc == 0x061C ||
	       (uc >= 0x2066 && uc <= 0x2069) || uc == 0x2028 || uc == 0x2029 ||
	       uc == 0xFEFF;
}

static void check_text(const lt_buf *b)
{
	if (strlen(b->s) != b->len)
		fail("a NUL byte in the decoded text");
	if (u8_check((const uint8_t *)b->s, b->len))
		fail("the decoded text is not valid UTF-8");
	for (size_t i = 0; i < b->len;) {
		ucs4_t uc;
		int len =
		    u8_mbtoucr(&uc, (const uint8_t *)b->s + i, b->len - i);
		if (len <= 0)
			fail("undecodable at %zu", i);
		if (forbidden(uc))
			fail("U+%04X in the decoded text at %zu", (unsigned)uc,
			     i);
		i += (size_t)len;
	}
}

static bool out_is(const char *o, size_t olen, const char *want)
{
	return olen == strlen(want) && memcmp(o, want, olen) == 0;
}

/* Does input unit in[0..len) (a character, an invalid byte or a line
 * end) come out as o[0..olen)? */
static bool unit_is(const uint8_t *in, size_t len, const char *o, size_t olen)
{
	char want[16];
	uint8_t c = in[0];
	if (len == 2 && c == '\r' && in[1] == '\n')
		return out_is(o, olen, "\n");
	if (len == 1 && c < 0x80) {
		if (c == '\t' || c == '\n') {
			want[0] = (char)c;
			want[1] = '\0';
		} else if (c == '\r') {
			strcpy(want, "\n");
		} else if (c < 0x20 || c == 0x7F) {
			want[0] = '^';
			want[1] = c == 0x7F ? '?' : (char)(c + '@');
			want[2] = '\0';
		} else {
			want[0] = (char)c;
			want[1] = '\0';
		}
		return out_is(o, olen, want);
	}
	ucs4_t uc;
	int n = u8_mbtoucr(&uc, in, len);
	if (n < 0 || (size_t)n != len) {
		/* not one valid character: one invalid byte, escaped */
		snprintf(want, sizeof want, "<%02X>", c);
		return len == 1 && out_is(o, olen, want);
	}
	snprintf(want, sizeof want, "<U+%04X>", (unsigned)uc);
	return (olen == len && memcmp(o, in, len) == 0) ||
	       out_is(o, olen, want);
}

/* The length of the decoding unit at in[s] (s < to): a CRLF, a valid
 * character, or one byte. */
static size_t unit_len(const uint8_t *in, size_t s, size_t to)
{
	if (in[s] == '\r' && s + 1 < to && in[s + 1] == '\n')
		return 2;
	if (in[s] < 0x80)
		return 1;
	ucs4_t uc;
	int len = u8_mbtoucr(&uc, in + s, to - s);
	return len > 0 ? (size_t)len : 1;
}

/* The white space character at in[i] (i < to): its length, or 0. Form
 * feeds and vertical tabs are shown as ^L and ^K, never white space. */
static size_t space_at(const uint8_t *in, size_t i, size_t to)
{
	if (in[i] == '\v' || in[i] == '\f')
		return 0;
	ucs4_t uc;
	int len = u8_mbtoucr(&uc, in + i, to - i);
	return len > 0 && lt_uc_is_space(uc) ? (size_t)len : 0;
}

/* Past the run of white space at in[from, to); *lines: whether it holds a
 * line end. */
static size_t space_run(const uint8_t *in, size_t from, size_t to, bool *lines)
{
	size_t i = from, len;
	*lines = false;
	while (i < to && (len = space_at(in, i, to)) > 0) {
		*lines = *lines || in[i] == '\n' || in[i] == '\r';
		i += len;
	}
	return i;
}

/* The character that ends at in[at] (at > 0). */
static ucs4_t char_ending(const uint8_t *in, size_t at)
{
	ucs4_t uc;
	const uint8_t *p = u8_prev(&uc, in + at, in);
	return p ? uc : 0xFFFD;
}

static ucs4_t char_starting(const uint8_t *in, size_t at, size_t n)
{
	ucs4_t uc;
	return at < n && u8_mbtoucr(&uc, in + at, n - at) > 0 ? uc : 0xFFFD;
}

/* The input bytes in[from, to) are not shown. They must be the white
 * space of a break joined with nothing (after a hyphen or dash, or between
 * CJK characters) or, with Markdown, markup: pieces of an ATX heading's
 * '#'s and blanks (opening the text, or closing its line), the line break
 * and the '=' or '-' underline that end the text, runs of '*' or '_', the
 * backslash of an escape before the punctuation or line end it escapes,
 * a link's "[" or "](url)" with no white space in the url. */
static void check_hidden(const uint8_t *in, size_t n, size_t from, size_t to,
                         int mode)
{
	bool markdown = mode == MAP_MARKDOWN;
	if (from < to && mode == MAP_DECODED)
		fail("bytes %zu-%zu of %zu are not decoded", from, to, n);
	for (size_t i = from; i < to;) {
		bool lines;
		size_t e = space_run(in, i, to, &lines);
		if (e > i && lines) {
			ucs4_t before = i > 0 ? char_ending(in, i) : 0;
			ucs4_t after = char_starting(in, e, n);
			bool dash = before == '-' || before == 0x2010 ||
			            before == 0x2014;
			bool cjk =
			    lt_uc_unspaced(before) && lt_uc_unspaced(after);
			size_t u = e;
			while (u < to && in[u] == in[e] &&
			       (in[e] == '=' || in[e] == '-'))
				u++;
			while (u < to && (in[u] == ' ' || in[u] == '\t'))
				u++;
			bool underline =
			    markdown && u > e && u == to && to == n;
			if (!dash && !cjk && !underline)
				fail("hidden line break at %zu-%zu", i, e);
			i = underline ? to : e;
			continue;
		}
		if (!markdown)
			fail("hidden %02X at %zu without Markdown", in[i], i);
		size_t j = i;
		if (in[i] == '#' || in[i] == ' ' || in[i] == '\t') {
			bool hash = false;
			for (; j < to &&
			       (in[j] == '#' || in[j] == ' ' || in[j] == '\t');
			     j++)
				hash = hash || in[j] == '#';
			bool closing = j == n || in[j] == '\n' || in[j] == '\r';
			if (!hash || (i != 0 && !closing))
				fail("hidden blanks or '#' at %zu-%zu", i, j);
		} else if (in[i] == '*' || in[i] == '_') {
			while (j < to && in[j] == in[i])
				j++;
		} else if (in[i] == '\\') {
			j = i + 1;
			if (j != to || j >= n ||
			    !(in[j] == '\n' || in[j] == '\r' ||
			      (in[j] > ' ' && in[j] < 0x7F && !isalnum(in[j]))))
				fail("hidden backslash at %zu escapes nothing",
				     i);
		} else if (in[i] == '[') {
			j = i + 1;
		} else if (in[i] == ']' && i + 1 < to && in[i + 1] == '(') {
			j = i + 2;
			while (j < to && in[j] != ')' && !space_at(in, j, to) &&
			       in[j] != '(' && in[j] != '\n' && in[j] != '\r')
				j++;
			if (j >= to || in[j] != ')' || j == i + 2)
				fail("hidden link at %zu is not ](url)", i);
			j++;
		} else {
			fail("hidden %02X at %zu is no markup", in[i], i);
		}
		i = j;
	}
}

/* The text b made of in[0..n): decoded, shaped, or shaped as Markdown
 * (see the header). */
static void check_map(const uint8_t *in, size_t n, const lt_buf *b, int mode)
{
	if (b->len == 0) {
		check_hidden(in, n, 0, n, mode);
		return;
	}
	check_hidden(in, n, 0, b->src[0], mode);
	for (size_t o = 0; o < b->len;) {
		uint32_t s = b->src[o];
		size_t e = o + 1;
		while (e < b->len && b->src[e] == s)
			e++;
		size_t next = e < b->len ? b->src[e] : n;
		if (next <= s || next > n)
			fail("the source map goes from %u to %zu of %zu",
			     (unsigned)s, next, n);
		size_t u = unit_len(in, s, next);
		bool lines;
		size_t ws = space_run(in, s, next, &lines);
		if (mode != MAP_DECODED && lines && e - o == 1 &&
		    (b->s[o] == ' ' || b->s[o] == '\n'))
			check_hidden(in, n, ws, next, mode);
		else if (unit_is(in + s, u, b->s + o, e - o))
			check_hidden(in, n, s + u, next, mode);
		else if (mode == MAP_MARKDOWN && in[s] == ']' && e - o == 1 &&
		         b->s[o] == ' ' && s + 1 < n && in[s + 1] == '(')
			check_hidden(in, n, s + 1, next, mode); /* a link's
			                                         * "]" before
			                                         * its shown
			                                         * address */
		else
			fail("%zu bytes at %u (lead %02X) came out as %.*s",
			     next - s, (unsigned)s, in[s], (int)(e - o),
			     b->s + o);
		o = e;
	}
}

static void check_styles(const lt_buf *b, const lt_styles *st, bool markdown)
{
	if (!markdown && st->n)
		fail("%zu style spans without Markdown", st->n);
	for (size_t k = 0; k < st->n; k++) {
		const lt_style_span *v = &st->v[k];
		if (v->start >= v->end || v->end > b->len ||
		    (k > 0 && v->start < st->v[k - 1].end))
			fail("style span %zu is %u-%u", k, v->start, v->end);
		if (!v->style || v->style > (LT_STYLE_ITALIC | LT_STYLE_BOLD |
		                             LT_STYLE_LINK))
			fail("style span %zu has style %u", k, v->style);
		if ((b->s[v->start] & 0xC0) == 0x80 ||
		    (v->end < b->len && (b->s[v->end] & 0xC0) == 0x80))
			fail("style span %zu cuts a character", k);
	}
}

static void check_wrap(const char *s, size_t n, size_t width)
{
	lt_rows rows = {0};
	lt_wrap(s, n, width, &rows);
	size_t at = 0;
	for (size_t r = 0; r < rows.nrows; r++) {
		const lt_row *row = &rows.rows[r];
		if (row->kind != LT_ROW_TEXT)
			fail("width %zu row %zu is not a text row", width, r);
		if (row->start != at || row->end < row->start || row->end > n)
			fail("width %zu row %zu is %u-%u, want it from %zu",
			     width, r, row->start, row->end, at);
		at = row->end;
		/* clusters: up to the last visible one (trailing white
		 * space hangs past the column and is not counted) */
		size_t col = 0, cells = 0, clusters = 0, seen = 0;
		for (size_t i = row->start; i < row->end;) {
			size_t w, len = lt_cell_next(s + i, row->end - i, col,
			                             width, &w);
			if (len == 0 || len > row->end - i)
				fail("width %zu row %zu: a cluster of %zu",
				     width, r, len);
			col += w;
			seen++;
			/* a space carrying combining marks is visible */
			if (len > 1 ||
			    (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')) {
				cells = col;
				clusters = seen;
			}
			i += len;
		}
		if (row->width != cells)
			fail("width %zu row %zu says %u cells, has %zu", width,
			     r, row->width, cells);
		if (row->width > width && clusters != 1)
			fail("width %zu row %zu is %u cells in %zu clusters",
			     width, r, row->width, clusters);
	}
	if (at != n)
		fail("width %zu: the rows end at %zu of %zu", width, at, n);
	lt_rows_free(&rows);
}

static bool white(uint8_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* The windows of a long paragraph (layout.h) cut it in order: each starts
 * where the one before ended but for white space, each but the first at
 * or past k * LT_WINDOW and before (k + 1) * LT_WINDOW, the last ends at
 * the text's end but for white space; lt_window_at finds each. */
static void check_windows(const uint8_t *in, size_t n)
{
	const char *p = (const char *)in;
	size_t count = lt_window_count(p, n);
	if (count == 0 || (n <= LT_WINDOW && count != 1))
		fail("%zu windows for %zu bytes", count, n);
	uint64_t end = 0;
	for (size_t k = 0; k < count; k++) {
		lt_range w = lt_window(p, n, k);
		if (w.start < end || w.end < w.start || w.end > n)
			fail("window %zu is %llu-%llu after %llu", k,
			     (unsigned long long)w.start,
			     (unsigned long long)w.end,
			     (unsigned long long)end);
		for (uint64_t i = end; i < w.start; i++)
			if (!white(in[i]))
				fail("window %zu skips byte %llu", k,
				     (unsigned long long)i);
		if (k > 0 &&
		    (w.start < k * LT_WINDOW || w.start >= (k + 1) * LT_WINDOW))
			fail("window %zu starts at %llu", k,
			     (unsigned long long)w.start);
		if (lt_window_at(p, n, w.start) != k)
			fail("lt_window_at(%llu) is not window %zu",
			     (unsigned long long)w.start, k);
		end = w.end;
	}
	for (uint64_t i = end; i < n; i++)
		if (!white(in[i]))
			fail("byte %llu after the last window",
			     (unsigned long long)i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t width = 1 + data[0] % 128;
	const uint8_t *in = data + 1;
	size_t n = size - 1;
	lt_buf b = {0};
	lt_buf_track(&b);
	lt_decode((const char *)in, n, &b);
	if (!b.s) {
		/* nothing decoded yet: only for empty input */
		if (n)
			fail("no text for %zu bytes", n);
		lt_buf_free(&b);
		return 0;
	}
	check_windows(in, n);
	check_text(&b);
	check_map(in, n, &b, MAP_DECODED);
	check_wrap(b.s, b.len, width);
	bool lines = memchr(b.s, '\n', b.len) != NULL;
	lt_buf shaped = {0};
	lt_styles styles = {0};
	for (unsigned flags = 0; flags < 4; flags++) {
		bool markdown = flags & LT_SHAPE_MARKDOWN;
		lt_shape((const char *)in, n, flags, &shaped, &styles);
		check_text(&shaped);
		check_map(in, n, &shaped, markdown ? MAP_MARKDOWN : MAP_SHAPED);
		check_styles(&shaped, &styles, markdown);
		if (!lines && !markdown &&
		    (shaped.len != b.len || memcmp(shaped.s, b.s, b.len)))
			fail("text without a line break shaped anew");
		check_wrap(shaped.s, shaped.len, width);
	}
	lt_styles_free(&styles);
	lt_buf_free(&shaped);
	lt_buf_free(&b);
	return 0;
}
