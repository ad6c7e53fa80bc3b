#include "lectern/layout.h"

#include <string.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include "util.h"

size_t lt_cell_next(const char *s, size_t n, size_t col, size_t width,
                    size_t *cell_width)
{
	const uint8_t *p = (const uint8_t *)s;
	if (p[0] == '\t') {
		size_t stop = (col / LT_TAB_STOP + 1) * LT_TAB_STOP;
		if (stop > width)
			stop = width > col ? width : col;
		*cell_width = stop - col;
		return 1;
	}
	if (p[0] == '\n') {
		*cell_width = 0;
		return 1;
	}
	size_t len;
	if (p[0] < 0x80 && (n == 1 || p[1] < 0x80)) {
		len = 1; /* ASCII followed by ASCII: a cluster of its own */
		*cell_width = 1;
		return len;
	}
	const uint8_t *next = u8_grapheme_next(p, p + n);
	len = next ? (size_t)(next - p) : n;
	int w = u8_width(p, len, "UTF-8");
	*cell_width = w < 0 ? 1 : (size_t)w;
	return len;
}

static void add_row(lt_rows *out, lt_row r)
{
	lt_grow(&out->rows, &out->cap, out->nrows + 1, sizeof *out->rows);
	out->rows[out->nrows++] = r;
}

static bool is_break_space(const char *s, size_t len)
{
	return len == 1 && (s[0] == ' ' || s[0] == '\t');
}

/* Width of s[start, end) from column 0, trailing spaces not counted. */
static size_t measure(const char *s, size_t start, size_t end, size_t width,
                      size_t *col_out)
{
	size_t col = 0, visible = 0;
	for (size_t i = start; i < end;) {
		size_t w, len = lt_cell_next(s + i, end - i, col, width, &w);
		col += w;
		if (!is_break_space(s + i, len) && s[i] != '\n')
			visible = col;
		i += len;
	}
	if (col_out)
		*col_out = col;
	return visible;
}

void lt_wrap(const char *s, size_t n, size_t width, lt_rows *out)
{
	if (width == 0)
		width = 1;
	if (n == 0) {
		add_row(out, (lt_row){0, 0, 0, LT_ROW_TEXT});
		return;
	}
	char *brk = lt_xmalloc(n);
	u8_possible_linebreaks((const uint8_t *)s, n, "UTF-8", brk);
	size_t start = 0, col = 0, last_break = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] == '\n') {
			size_t w = measure(s, start, i, width, NULL);
			add_row(out,
			        (lt_row){(uint32_t)start, (uint32_t)(i + 1),
			                 (uint32_t)w, LT_ROW_TEXT});
			start = last_break = ++i;
			col = 0;
			continue;
		}
		if (i > start && (brk[i] == UC_BREAK_POSSIBLE ||
		                  brk[i] == UC_BREAK_HYPHENATION))
			last_break = i;
		size_t w, len = lt_cell_next(s + i, n - i, col, width, &w);
		if (col + w <= width || is_break_space(s + i, len) ||
		    i == start) {
			col += w;
			i += len;
			continue;
		}
		/* s[i] does not fit: end the row at the last break, or split
		 * the word here */
		size_t end = last_break > start ? last_break : i;
		size_t rw = measure(s, start, end, width, NULL);
		add_row(out, (lt_row){(uint32_t)start, (uint32_t)end,
		                      (uint32_t)rw, LT_ROW_TEXT});
		start = last_break = end;
		measure(s, start, i, width, &col);
	}
	if (start < n) {
		size_t w = measure(s, start, n, width, NULL);
		add_row(out, (lt_row){(uint32_t)start, (uint32_t)n, (uint32_t)w,
		                      LT_ROW_TEXT});
	}
	free(brk);
}

void lt_rows_free(lt_rows *r)
{
	free(r->rows);
	*r = (lt_rows){0};
}

static const char about_label[] = "About the author";

const char *lt_block_label(const lt_block *b)
{
	(void)b;
	return about_label;
}

void lt_block_build(lt_block *b, const lt_doc *doc, size_t para, size_t width)
{
	lt_block_build_range(b, doc, lt_doc_para(doc, para),
	                     lt_doc_para_kind(doc, para), width);
	b->para = para;
	if (b->kind == LT_PARA_TITLE && para == 0 && b->rows.nrows > 0 &&
	    b->rows.rows[0].kind == LT_ROW_BLANK) {
		/* a title that opens the text needs no space above it */
		memmove(b->rows.rows, b->rows.rows + 2,
		        (b->rows.nrows - 2) * sizeof *b->rows.rows);
		b->rows.nrows -= 2;
	}
}

void lt_block_build_range(lt_block *b, const lt_doc *doc, lt_range r,
                          lt_para_kind kind, size_t width)
{
	size_t para = LT_NONE;
	lt_buf_track(&b->text);
	lt_buf_clear(&b->text);
	b->rows.nrows = 0;
	b->para = para;
	b->width = width;
	b->kind = kind;
	b->indent = 0;
	lt_decode(lt_doc_bytes(doc) + r.start, (size_t)(r.end - r.start),
	          &b->text);

	size_t before = 0;
	switch (b->kind) {
	case LT_PARA_TITLE: before = 2; break;
	case LT_PARA_HEADING: before = 1; break;
	case LT_PARA_BIO:
		add_row(&b->rows,
		        (lt_row){0, 0, sizeof about_label - 1, LT_ROW_LABEL});
		b->indent = width >= 24 ? 2 : 0;
		break;
	default: break;
	}
	for (size_t k = 0; k < before; k++)
		add_row(&b->rows, (lt_row){0, 0, 0, LT_ROW_BLANK});
	lt_wrap(b->text.s, b->text.len, width - 2 * b->indent, &b->rows);
	add_row(&b->rows, (lt_row){0, 0, 0, LT_ROW_BLANK});
}

void lt_block_free(lt_block *b)
{
	lt_buf_free(&b->text);
	lt_rows_free(&b->rows);
}

size_t lt_block_row_at(const lt_block *b, uint64_t off)
{
	size_t first = LT_NONE, found = LT_NONE;
	for (size_t i = 0; i < b->rows.nrows; i++) {
		const lt_row *row = &b->rows.rows[i];
		if (row->kind != LT_ROW_TEXT)
			continue;
		if (first == LT_NONE)
			first = i;
		if (row->start < b->text.len && b->text.src[row->start] <= off)
			found = i;
	}
	if (found != LT_NONE)
		return found;
	return first != LT_NONE ? first : 0;
}

uint64_t lt_block_row_offset(const lt_block *b, size_t r)
{
	const lt_row *row = &b->rows.rows[r];
	if (row->kind != LT_ROW_TEXT || row->start >= b->text.len)
		return 0;
	return b->text.src[row->start];
}
