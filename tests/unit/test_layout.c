/* Wrapping: every paragraph of the bundled collection at every width from
 * 1 to 120, and the line-breaking rules one by one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lectern/doc.h"
#include "lectern/layout.h"

/* The rows' ranges put together are the text; no row is wider than the
 * column unless it is one grapheme cluster wider than the whole column;
 * each row's width is what its cells add up to. */
static void check_wrap(const char *s, size_t n, size_t width)
{
	lt_rows rows = {0};
	lt_wrap(s, n, width, &rows);
	size_t at = 0;
	for (size_t r = 0; r < rows.nrows; r++) {
		const lt_row *row = &rows.rows[r];
		if (!OK(row->start == at)) {
			fprintf(stderr,
			        "  width %zu row %zu starts at %u, want %zu\n",
			        width, r, row->start, at);
			break;
		}
		at = row->end;
		size_t col = 0, cells = 0, clusters = 0;
		for (size_t i = row->start; i < row->end;) {
			size_t w, len = lt_cell_next(s + i, row->end - i, col,
			                             width, &w);
			col += w;
			clusters++;
			/* trailing white space is a lone space or tab; a
			 * space carrying combining marks shows */
			bool blank = len == 1 && (s[i] == ' ' || s[i] == '\t');
			if (!blank && s[i] != '\n')
				cells = col;
			i += len;
		}
		INT_EQ(row->width, cells);
		if (row->width > width && !OK(clusters == 1)) {
			fprintf(stderr,
			        "  width %zu row %zu is %u cells: %.*s\n",
			        width, r, row->width,
			        (int)(row->end - row->start), s + row->start);
		}
	}
	INT_EQ(at, n);
	lt_rows_free(&rows);
}

static void test_bundled_all_widths(const char *path)
{
	harness_test("every paragraph of the bundled collection, widths 1-120");
	lt_error err;
	lt_doc *doc = lt_doc_open(path, &err);
	if (!OK(doc != NULL))
		return;
	lt_doc_scan(doc, 0);
	lt_buf b = {0};
	for (size_t p = 0; p < lt_doc_npara(doc); p++) {
		lt_range r = lt_doc_para(doc, p);
		lt_buf_clear(&b);
		lt_decode(lt_doc_bytes(doc) + r.start,
		          (size_t)(r.end - r.start), &b);
		for (size_t w = 1; w <= 120; w++)
			check_wrap(b.s, b.len, w);
	}
	lt_buf_free(&b);
	lt_doc_free(doc);
}

/* The rows of s at width, as text joined by '|'. */
static char *rows_of(const char *s, size_t width)
{
	lt_rows rows = {0};
	size_t n = strlen(s);
	lt_wrap(s, n, width, &rows);
	char *out = calloc(1, n + rows.nrows + 1);
	for (size_t r = 0; r < rows.nrows; r++) {
		if (r)
			strcat(out, "|");
		strncat(out, s + rows.rows[r].start,
		        rows.rows[r].end - rows.rows[r].start);
	}
	lt_rows_free(&rows);
	return out;
}

#define WRAPS_TO(text, width, want)                                            \
	do {                                                                   \
		char *got_ = rows_of(text, width);                             \
		STR_EQ(got_, want);                                            \
		free(got_);                                                    \
	} while (0)

static void test_rules(void)
{
	harness_test("breaks at spaces, keeping the space on the row");
	WRAPS_TO("one two three", 8, "one two |three");
	harness_test("after a hyphen");
	WRAPS_TO("Sino-Russian ties", 10, "Sino-|Russian |ties");
	harness_test("never at a no-break space");
	WRAPS_TO("Written by\xC2\xA0Jingdong Yuan", 14,
	         "Written |by\xC2\xA0Jingdong |Yuan");
	harness_test("never before closing punctuation");
	WRAPS_TO("ab cd\xE2\x80\x9D.", 5, "ab |cd\xE2\x80\x9D.");
	harness_test("between CJK characters, never cutting one");
	WRAPS_TO("\xE4\xBF\x84\xE7\xBD\x97\xE6\x96\xAF", 5,
	         "\xE4\xBF\x84\xE7\xBD\x97|\xE6\x96\xAF");
	harness_test("a word wider than the column is split");
	WRAPS_TO("abcdefghij", 4, "abcd|efgh|ij");
	harness_test("combining marks stay with their base");
	WRAPS_TO("e\xCC\x81"
	         "e\xCC\x81"
	         "e\xCC\x81",
	         2,
	         "e\xCC\x81"
	         "e\xCC\x81|e\xCC\x81");
	harness_test("a line break in a paragraph is a mandatory break");
	WRAPS_TO("short\nlines", 40, "short\n|lines");
	harness_test("tabs reach the next stop of 8 cells");
	{
		lt_rows rows = {0};
		lt_wrap("a\tb", 3, 40, &rows);
		INT_EQ(rows.nrows, 1);
		INT_EQ(rows.rows[0].width, 9); /* a, 7 cells of tab, b */
		lt_rows_free(&rows);
	}
	harness_test("a space carrying a combining mark is not trailing space");
	{
		lt_rows rows = {0};
		lt_wrap("ab \xCC\x81", 5, 10, &rows);
		INT_EQ(rows.nrows, 1);
		INT_EQ(rows.rows[0].width, 3);
		lt_rows_free(&rows);
		check_wrap("ab \xCC\x81 \xCC\x81"
		           "cd",
		           10, 3);
	}
	harness_test("an empty paragraph is one empty row");
	WRAPS_TO("", 10, "");
}

static void test_block(const char *path)
{
	harness_test(
	    "blocks: spacing, labels, and anchors that survive widths");
	lt_error err;
	lt_doc *doc = lt_doc_open(path, &err);
	if (!OK(doc != NULL))
		return;
	lt_doc_scan(doc, 0);
	lt_essay e_view = lt_doc_essay(doc, 3);
	const lt_essay *e = &e_view;
	lt_block b = {0};
	lt_block_build(&b, doc, e->title_para, 76);
	INT_EQ(b.kind, LT_PARA_TITLE);
	INT_EQ(b.rows.rows[0].kind, LT_ROW_BLANK);
	INT_EQ(b.rows.rows[1].kind, LT_ROW_BLANK);
	INT_EQ(b.rows.rows[2].kind, LT_ROW_TEXT);
	INT_EQ(lt_block_row_at(&b, 0), 2);
	INT_EQ(b.rows.rows[b.rows.nrows - 1].kind, LT_ROW_BLANK);

	lt_block_build(&b, doc, e->bio_para, 76);
	INT_EQ(b.kind, LT_PARA_BIO);
	INT_EQ(b.rows.rows[0].kind, LT_ROW_LABEL);
	STR_EQ(lt_block_label(&b), "About the author");
	OK(b.indent > 0);

	/* a character offset maps to the row showing it at any width */
	size_t para = e->title_para + 2;
	lt_range r = lt_doc_para(doc, para);
	uint64_t off = (r.end - r.start) / 2;
	for (size_t w = 20; w <= 120; w += 7) {
		lt_block_build(&b, doc, para, w);
		size_t row = lt_block_row_at(&b, off);
		uint64_t start = lt_block_row_offset(&b, row);
		OK(start <= off);
		if (row + 1 < b.rows.nrows &&
		    b.rows.rows[row + 1].kind == LT_ROW_TEXT)
			OK(lt_block_row_offset(&b, row + 1) > off);
	}
	lt_block_free(&b);
	lt_doc_free(doc);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_layout BUNDLED-FILE\n");
		return 2;
	}
	test_rules();
	test_bundled_all_widths(argv[1]);
	test_block(argv[1]);
	return harness_done();
}
