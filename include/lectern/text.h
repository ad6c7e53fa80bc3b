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

/* Decode n raw bytes (n < 4 GiB) and append them to out as valid UTF-8:
 * - line ends (LF, CRLF, lone CR) become '\n'; tabs are kept;
 * - invalid UTF-8 (lone continuation bytes, truncated or overlong
 *   sequences, surrogates, values over U+10FFFF) becomes "<XX>" per byte,
 *   resynchronising on the next byte;
 * - C0 controls and DEL become "^@".."^_", "^?"; C1 controls, bidi
 *   embeddings/overrides/isolates, line/paragraph separators, U+FEFF and
 *   non-characters become "<U+XXXX>".
 * The result holds no control character other than '\t' and '\n'. */
void lt_decode(const char *p, size_t n, lt_buf *out);

/* Like lt_decode, but tabs and line ends become "^I", "^J", "^M" too:
 * for file names and other text printed on one line. */
void lt_sanitize(const char *p, size_t n, lt_buf *out);

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

/* Display width of valid UTF-8 s[0..n) in terminal cells. */
size_t lt_text_width(const char *s, size_t n);

#endif
