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
	LT_ROW_TITLE, /* the title of an essay no text holds (a file titled
	               * by its name): lt_block_title */
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

/* ---- shaping: a paragraph's text as it is shown -------------------------
 *
 * lt_shape decodes a paragraph (lt_decode) and then shapes it:
 *
 * Hard-wrapped lines are joined. The paragraph's wrap width W is the width
 * of its longest line that holds a space (of its longest line when none
 * does). A line break inside it is soft (shown as a space, the text
 * reflowed) when the first word of the next line would not have fit on
 * the line within W less an eighth (hand-wrapped books vary their width by
 * a few columns: a Gutenberg text wraps at 65 to 75), unless:
 * - W is under LT_WRAP_MIN (all the lines are short: verse, a list, an
 *   address) or over LT_WRAP_MAX (the lines were not wrapped by hand);
 * - it has four lines or more and every line after the first opens with a
 *   capital letter (verse);
 * - the next line opens a list item (lt_line_list_item) or is indented
 *   more than the line before it (a new paragraph, a quotation);
 * - either line looks like table columns: a tab between two words, or
 *   three spaces, or two spaces not after . ! ? : ; or a closing quote.
 * A soft break after a hyphen or a dash written against a word ("Sino-",
 * "then—"), or between two CJK characters, is joined with nothing between.
 * A kept break stays a line break ('\n'), the line's indentation kept.
 *
 * In a double-spaced document (LT_SHAPE_DOUBLE) a line break with one
 * blank line after it is one break, soft or kept by the same rules: the
 * blank line is spacing, never shown.
 *
 * Markdown (LT_SHAPE_MARKDOWN) reads line breaks as Markdown does: soft,
 * but kept after a line that ends in two spaces or a backslash, around an
 * ATX heading, before a list item, a '>' quotation or a '|' table row,
 * after a table row and before a line indented 4 cells more. A paragraph
 * that opens with a code fence, "---" or "+++" (front matter) or 4 cells
 * of indentation (code) is kept as it is, markup and all. Otherwise the
 * markup is hidden (only characters of the source are markup, never those
 * of an escape lt_decode made, such as "^_"):
 * - an ATX heading's '#'s and the blanks after them, and a closing run of
 *   '#'s with the blanks around it;
 * - a setext underline (lt_md_underline) directly under the paragraph's
 *   last line of text, with the white space and line break before it;
 * - emphasis: a run of one, two or three '*' or '_' that opens (followed
 *   by text, '_' not inside a word) matched with the nearest run of the
 *   same character and length that closes it; the text between is shown
 *   in italic, bold, or both (lt_style_span);
 * - the backslash of an escape ("\*": the '*' is shown, and is no markup),
 *   and a backslash before a line break;
 * - a link [text](url) whose url holds no white space, '(', ')', '<' or
 *   '>': shown as its text, "[" and "](url)" hidden (an image, "![alt](src)",
 *   stays as it is).
 * Code spans (`code`) are shown as they are, backticks and all.
 *
 * The source map stays whole: every source byte is shown (as itself or an
 * escape), or is part of a run of white space holding a line break that is
 * shown as one ' ' or '\n', or is hidden. Hidden bytes are only: the
 * Markdown markup above, and the white space of a break joined with
 * nothing (after a dash, between CJK characters). Source offsets in the
 * map never decrease. */

enum {
	LT_SHAPE_DOUBLE = 1,   /* the document is double-spaced */
	LT_SHAPE_MARKDOWN = 2, /* Markdown: hide markup, style emphasis */
};

enum {
	LT_STYLE_ITALIC = 1,
	LT_STYLE_BOLD = 2,
	LT_STYLE_LINK = 4, /* a link's address, shown after its text */
};

/* Text [start, end) of a block is shown in style (LT_STYLE_* bits). */
typedef struct {
	uint32_t start, end;
	uint8_t style;
} lt_style_span;

/* Sorted, not overlapping, none empty. */
typedef struct {
	lt_style_span *v;
	size_t n, cap;
} lt_styles;

/* Shape the raw bytes p[0..n) of a paragraph (flags: LT_SHAPE_*) into out
 * and styles, both cleared first; out tracks its sources. Free styles with
 * lt_styles_free. */
void lt_shape(const char *p, size_t n, unsigned flags, lt_buf *out,
              lt_styles *styles);
void lt_styles_free(lt_styles *s);

/* The LT_SHAPE_* flags for the paragraphs of doc. */
unsigned lt_shape_flags(const lt_doc *doc);
/* The same for the paragraph at byte off (a collection's files differ). */
unsigned lt_shape_flags_at(const lt_doc *doc, uint64_t off);

/* ---- windows -----------------------------------------------------------
 *
 * A paragraph longer than LT_WINDOW bytes is laid out a window at a time,
 * so that no paragraph costs more memory or time than a window, however
 * long (a whole file on one line, a file of NULs, a pipe of lines with no
 * blank one). Window k (k >= 1) starts at the first line start in the
 * LT_WINDOW_SLACK bytes from k * LT_WINDOW on, else after the first space
 * or tab there (either at a byte that is not white space), else at k *
 * LT_WINDOW past at most three continuation bytes; the white space before
 * a cut is not shown. Each window is shaped and wrapped alone: a cut is a
 * row break, and a line is not joined across it. Functions take the
 * paragraph's bytes p[0..n). */
#define LT_WINDOW       (16u << 10)
#define LT_WINDOW_SLACK 1024u

size_t lt_window_count(const char *p, size_t n); /* at least 1 */
/* The bytes of window k (the last one when k is past it), relative to p. */
lt_range lt_window(const char *p, size_t n, size_t k);
/* The window holding byte off (the last one when off is past the end). */
size_t lt_window_at(const char *p, size_t n, uint64_t off);

/* A window of a paragraph as the reader shows it: its shaped text (with a
 * source map into the paragraph's bytes: offsets from the paragraph's
 * start, not the window's) and the styles in it, its rows at a given width
 * (the spacing and label above the paragraph in its first window, one
 * blank row after it in its last), and the indent of its rows. A paragraph
 * of one window is laid out whole. */
typedef struct {
	size_t para;
	size_t window, nwindows; /* which window, of how many */
	lt_para_kind kind;
	size_t width;  /* the text column the block was laid out for */
	size_t indent; /* cells before every text row */
	lt_buf text;
	lt_styles styles;
	lt_rows rows;
	lt_buf title; /* of a TITLE row, sanitized; empty without one */
} lt_block;

/* Lay out window (0: the first) of paragraph para of doc for a text column
 * width cells wide. Reuses b's buffers; free with lt_block_free. */
void lt_block_build(lt_block *b, const lt_doc *doc, size_t para, size_t window,
                    size_t width);
/* The same for the bytes r of the text, laid out as a paragraph of the
 * given kind (for text not indexed yet: b->para is LT_NONE). */
void lt_block_build_range(lt_block *b, const lt_doc *doc, lt_range r,
                          lt_para_kind kind, size_t window, size_t width);
void lt_block_free(lt_block *b);

/* The text of a LABEL row. */
const char *lt_block_label(const lt_block *b);
/* The text of a TITLE row: the title of the essay the block's paragraph
 * opens, when no text of the document holds it (the rows above the
 * paragraph's own: spacing, the title, a blank row). */
const char *lt_block_title(const lt_block *b);

/* The row of b that shows the paragraph's source byte off (relative to the
 * paragraph's start); the first text row when off is before it (the TITLE
 * row when there is one, for off 0). */
size_t lt_block_row_at(const lt_block *b, uint64_t off);

/* The source byte offset (relative to the paragraph) of row r's first
 * character; 0 for rows before the text. */
uint64_t lt_block_row_offset(const lt_block *b, size_t r);

#endif
