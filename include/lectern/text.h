/* Text decoding for display and search: raw document bytes in, safe UTF-8
 * out. No curses here. */
#ifndef LECTERN_TEXT_H
#define LECTERN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer. With a non-NULL src, decoding also records, for
 * every output byte, the offset of the source byte it came from (relative to
 * the start of the decoded range). Zero-initialise; free with lt_buf_free. */
typedef struct {
	char *s;
	size_t len, cap;
	uint32_t *src; /* NULL unless lt_buf_track() was called */
	bool track;
} lt_buf;

void lt_buf_track(lt_buf *b);
void lt_buf_clear(lt_buf *b);
void lt_buf_free(lt_buf *b);
void lt_buf_put(lt_buf *b, const char *s, size_t n, uint32_t src);
/* Append the string s (source 0). */
void lt_buf_puts(lt_buf *b, const char *s);

/* Decode n raw bytes (n < 4 GiB) and append them to out as valid UTF-8:
 * - line ends (LF, CRLF, lone CR) become '\n'; tabs are kept;
 * - invalid UTF-8 (lone continuation bytes, truncated or overlong
 *   sequences, surrogates, values over U+10FFFF) becomes "<XX>" per byte,
 *   resynchronising on the next byte;
 * - C0 controls and DEL become "^@".."^_", "^?"; C1 controls, bidi
 *   controls (embeddings, overrides, isolates, the marks U+200E, U+200F
 *   and U+061C), line/paragraph separators, U+FEFF and non-characters
 *   become "<U+XXXX>".
 * The result holds no control character other than '\t' and '\n'. */
void lt_decode(const char *p, size_t n, lt_buf *out);

/* Like lt_decode, but tabs and line ends become "^I", "^J", "^M" too:
 * for file names and other text printed on one line. */
void lt_sanitize(const char *p, size_t n, lt_buf *out);

/* True for CJK ideographs, kana and full-width punctuation: text written
 * without spaces between its words (Hangul, written with them, is not). */
bool lt_uc_unspaced(uint32_t uc);

/* True for the code points lectern treats as white space (ASCII white
 * space, no-break spaces and the Unicode space separators). */
bool lt_uc_is_space(uint32_t uc);

/* Decode p[0..n) and append it to out (which must not track sources)
 * with every run of white space (no-break spaces and line ends too) folded
 * to one space and both ends trimmed. */
void lt_fold(const char *p, size_t n, lt_buf *out);

/* Decode p[0..n) and fold every run of white space (no-break spaces and
 * line ends too) to one space, trimming both ends. Returns a new
 * NUL-terminated string the caller frees, or NULL when out of memory. */
char *lt_text_fold(const char *p, size_t n);

/* Display width of valid UTF-8 s[0..n) in terminal cells, from column 0:
 * the sum of its grapheme clusters' cells as lt_cell_next (layout.h)
 * gives them, a tab reaching the next tab stop. The one measure of text
 * width: the reader measures what it paints with it. */
size_t lt_text_width(const char *s, size_t n);

/* ---- the shapes of lines ------------------------------------------------
 * Shared by the scan (on the raw bytes of a line) and the layout (on its
 * decoded text), so that both read a line alike. p[0..n) is one line
 * without its line end; invalid UTF-8 counts a cell a byte. */

/* Hard-wrapped text is wrapped at LT_WRAP_MIN to LT_WRAP_MAX cells: text
 * whose lines are all shorter is verse, a list or an address, and text with
 * longer lines was not wrapped by hand (its line breaks are meant). */
#define LT_WRAP_MIN 40
#define LT_WRAP_MAX 100

/* The cells of the line up to its last character that is not white space
 * (a tab reaching the next stop of 8); in *indent the cells of its
 * leading white space (all of them for a blank line). */
size_t lt_line_cells(const char *p, size_t n, size_t *indent);
/* The same, counted no further than max cells: max + 1 for a wider line
 * (a long line costs what its first max cells cost). */
size_t lt_line_cells_max(const char *p, size_t n, size_t max);

/* The cells of the line's first word, after its indentation: up to the
 * next white space, or its first character alone when that is a CJK
 * character (a line may break after any of them). */
size_t lt_line_first_word(const char *p, size_t n);

/* True when the line opens a list item: after blanks, a bullet ("-", "*",
 * "+", "•", "‣", "◦", "▪") or a number or letter ("1.", "12)", "a)",
 * "(iv)") followed by a blank. */
bool lt_line_list_item(const char *p, size_t n);

/* Markdown: the level of an ATX heading line ("#" to "######" then a
 * blank or the end of the line), or 0. */
int lt_md_atx(const char *p, size_t n);

/* Markdown: a code fence, a line opening with "```" or "~~~". */
bool lt_md_fence(const char *p, size_t n);

/* Markdown: 1 for a line of three or more '=', 2 for three or more '-',
 * trailing blanks allowed (a setext underline, under a line of text), or 0. */
int lt_md_underline(const char *p, size_t n);

#endif
