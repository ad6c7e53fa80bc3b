/* libFuzzer target: decoding a paragraph into display cells and wrapping it
 * at a random width. The first byte picks the width (1 to 128 cells), the
 * rest is the paragraph's raw bytes. Properties, not just "no crash":
 * - the decoded text is valid UTF-8 with no C0 control but tab and line
 *   feed, no DEL, no C1 control, no bidi control, line or paragraph
 *   separator or U+FEFF;
 * - every input byte is shown or escaped: the source map starts at 0,
 *   never decreases, and cuts the input into units that each come out as
 *   themselves (a printable character), as an escape naming them (^X,
 *   <XX>, <U+XXXX>), or as a line feed (LF, CR, CRLF; tab stays a tab);
 * - the rows put together are exactly the decoded text, each row's width
 *   is what its cells add up to, and no row is wider than the column
 *   unless it is a single grapheme cluster wider than the column. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "lectern/layout.h"
#include "lectern/text.h"

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

/* Input unit in[0..len) came out as o[0..olen). */
static void check_unit(const uint8_t *in, size_t len, size_t at, const char *o,
                       size_t olen)
{
	char want[16];
	uint8_t c = in[0];
	if (len == 2 && c == '\r' && in[1] == '\n') {
		if (!out_is(o, olen, "\n"))
			fail("CRLF at %zu is not one line feed", at);
		return;
	}
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
		if (!out_is(o, olen, want))
			fail("byte %02X at %zu came out as %.*s", c, at,
			     (int)olen, o);
		return;
	}
	ucs4_t uc;
	int n = u8_mbtoucr(&uc, in, len);
	if (n < 0 || (size_t)n != len) {
		/* not one valid character: one invalid byte, escaped */
		snprintf(want, sizeof want, "<%02X>", c);
		if (len != 1 || !out_is(o, olen, want))
			fail("%zu bytes at %zu (lead %02X) came out as %.*s",
			     len, at, c, (int)olen, o);
		return;
	}
	snprintf(want, sizeof want, "<U+%04X>", (unsigned)uc);
	if (!(olen == len && memcmp(o, in, len) == 0) && !out_is(o, olen, want))
		fail("U+%04X at %zu came out as %.*s", (unsigned)uc, at,
		     (int)olen, o);
}

static void check_map(const uint8_t *in, size_t n, const lt_buf *b)
{
	if (n == 0) {
		if (b->len)
			fail("empty input decoded to %zu bytes", b->len);
		return;
	}
	if (b->len == 0 || b->src[0] != 0)
		fail("the source map does not start at the first byte");
	size_t o = 0;
	while (o < b->len) {
		uint32_t s = b->src[o];
		size_t e = o + 1;
		while (e < b->len && b->src[e] == s)
			e++;
		size_t next = e < b->len ? b->src[e] : n;
		if (next <= s || next > n)
			fail("the source map goes from %u to %zu of %zu",
			     (unsigned)s, next, n);
		check_unit(in + s, next - s, s, b->s + o, e - o);
		o = e;
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
	check_text(&b);
	check_map(in, n, &b);
	check_wrap(b.s, b.len, width);
	lt_buf_free(&b);
	return 0;
}
