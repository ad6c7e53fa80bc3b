/* Layout: decoded paragraphs wrapped into rows of terminal cells. The core
 * returns rows as byte ranges with widths; the UI only paints them. */
#ifndef LECTERN_LAYOUT_H
#define LECTERN_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "lectern/doc.h"
#include "lectern/text.h"

/* Tabs stop every LT_TAB_STOP cells. */
#define LT_TAB_STOP 8

/* The grapheme cluster at s[0..n) (n > 0): returns its length in bytes and
 * stores in *width the cells it takes at column col of a row width cells
 * wide (a tab reaches the next tab stop, clipped to the row). */
size_t lt_cell_next(const char *s, size_t n, size_t col, size_t width,
                    size_t *cell_width);

typedef enum {
	LT_ROW_TEXT,  /* text[start, end) of the block */
	LT_ROW_BLANK, /* spacing */
	LT_ROW_LABEL, /* a label the layout adds, e.g. "About the author" */
} lt_row_kind;

typedef struct {
	uint32_t start, end; /* bytes of the block's text; for TEXT rows */
	uint32_t width;      /* cells, trailing white space not counted */
	uint8_t kind;        /* lt_row_kind */
} lt_row;

typedef struct {
	lt_row *rows;
	size_t nrows, cap;
} lt_rows;

/* Wrap valid UTF-8 s[0..n) (as lt_decode makes it) into rows of at most
 * width cells, appending TEXT rows to out. Breaks follow UAX #14
 * (libunistring): at spaces and after hyphens, never at a no-break space,
 * between CJK characters; '\n' is a mandatory break. A word wider than the row
 * is split between grapheme clusters; a wide character is never cut. Only a
 * single grapheme cluster wider than the whole row (a CJK character at width 1)
 * makes a row wider than width. The rows' ranges, put together, are
 * exactly s[0..n). */
void lt_wrap(const char *s, size_t n, size_t width, lt_rows *out);
void lt_rows_free(lt_rows *r);

/* A paragraph as the reader shows it: its decoded text (with a source map
 * into the paragraph's bytes), its rows at a given width (spacing and
 * labels included, and one blank row after), and the indent of its rows. */
typedef struct {
	size_t para;
	lt_para_kind kind;
	size_t width;  /* the text column the block was laid out for */
	size_t indent; /* cells before every text row */
	lt_buf text;
	lt_rows rows;
} lt_block;

/* Lay out paragraph para of doc for a text column width cells wide.
 * Reuses b's buffers; free with lt_block_free. */
void lt_block_build(lt_block *b, const lt_doc *doc, size_t para, size_t width);
/* The same for the bytes r of the text, laid out as a paragraph of the
 * given kind (for text not indexed yet: b->para is LT_NONE). */
void lt_block_build_range(lt_block *b, const lt_doc *doc, lt_range r,
                          lt_para_kind kind, size_t width);
void lt_block_free(lt_block *b);

/* The text of a LABEL row. */
const char *lt_block_label(const lt_block *b);

/* The row of b that shows the paragraph's source byte off (relative to the
 * paragraph's start); the first text row when off is before it. */
size_t lt_block_row_at(const lt_block *b, uint64_t off);

/* The source byte offset (relative to the paragraph) of row r's first
 * character; 0 for rows before the text. */
uint64_t lt_block_row_offset(const lt_block *b, size_t r);

#endif
