/* Lines of the text: the primitives of the scan, shared by the scan in
 * doc.c and the one run ahead of it (ahead.c). */
#ifndef LECTERN_LINES_H
#define LECTERN_LINES_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistr.h>

#include "lectern/text.h"

/* Line ends are looked for a window at a time, so that a file without a
 * CR (or an LF) is never read ahead of the scan: the first screen of a
 * large file costs what its first window costs. */
#define LT_FIND_WINDOW (256u << 10)

/* Where the next LF and CR were found: a cache is a line end, or the end
 * of a window with none in it. */
typedef struct {
	uint64_t lf, cr;
} lt_eols;

/* ASCII bytes that a blank line may hold. */
static inline bool lt_blank_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* A blank line holds only white space as lt_uc_is_space() has it: ASCII
 * blanks, no-break spaces, the Unicode space separators. */
static inline bool lt_line_is_blank(const char *p, const char *end)
{
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if (lt_blank_byte(c)) {
			p++;
			continue;
		}
		ucs4_t uc;
		if (c < 0x80)
			return false;
		int len = u8_mbtouc(&uc, (const uint8_t *)p, (size_t)(end - p));
		if (!lt_uc_is_space(uc))
			return false;
		p += len;
	}
	return true;
}

/* The first c in d[from, from + window), or the window's end (or size)
 * when there is none. */
static inline uint64_t lt_find_byte(const char *d, uint64_t size, uint64_t from,
                                    int c)
{
	uint64_t end =
	    size - from > LT_FIND_WINDOW ? from + LT_FIND_WINDOW : size;
	const char *p = memchr(d + from, c, (size_t)(end - from));
	return p ? (uint64_t)(p - d) : end;
}

/* The end of the line of d[0..size) that starts at pos: the next LF or
 * CR. */
static inline uint64_t lt_find_eol(const char *d, uint64_t size, lt_eols *e,
                                   uint64_t pos)
{
	for (uint64_t from = pos;;) {
		/* stale once passed, or reached if not a line end */
		if (e->lf < from ||
		    (e->lf == from && from < size && d[from] != '\n'))
			e->lf = lt_find_byte(d, size, from, '\n');
		if (e->cr < from ||
		    (e->cr == from && from < size && d[from] != '\r'))
			e->cr = lt_find_byte(d, size, from, '\r');
		uint64_t eol = e->lf < e->cr ? e->lf : e->cr;
		if (eol >= size || d[eol] == '\n' || d[eol] == '\r')
			return eol;
		from = eol; /* a window ended first: look further */
	}
}

/* Where the line that ends at eol is followed by the next one. */
static inline uint64_t lt_past_eol(const char *d, uint64_t size, uint64_t eol)
{
	if (eol >= size)
		return eol;
	return eol + ((d[eol] == '\r' && eol + 1 < size && d[eol + 1] == '\n')
	                  ? 2
	                  : 1);
}

/* White space that may end a paragraph (line ends, and what a blank line
 * may hold), skipped backwards from end. */
static inline uint64_t lt_trim_back(const char *d, uint64_t start, uint64_t end)
{
	while (end > start) {
		unsigned char c = (unsigned char)d[end - 1];
		if (lt_blank_byte(c) || c == '\n' || c == '\r') {
			end--;
			continue;
		}
		ucs4_t uc;
		const uint8_t *prev =
		    c < 0x80 ? NULL
		             : u8_prev(&uc, (const uint8_t *)d + end,
		                       (const uint8_t *)d + start);
		if (!prev || !lt_uc_is_space(uc))
			break;
		end = (uint64_t)((const char *)prev - d);
	}
	return end;
}

#endif
