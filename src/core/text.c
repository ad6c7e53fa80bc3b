#include "lectern/text.h"

#include <stdio.h>
#include <string.h>
#include <unistr.h>
#include <uniwidth.h>

#include "lectern/layout.h" /* LT_TAB_STOP */
#include "util.h"

void lt_buf_track(lt_buf *b) { b->track = true; }

void lt_buf_clear(lt_buf *b) { b->len = 0; }

void lt_buf_free(lt_buf *b)
{
	free(b->s);
	free(b->src);
	*b = (lt_buf){.track = b->track};
}

static void buf_reserve(lt_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = lt_xrealloc(b->s, cap);
	if (b->track)
		b->src = lt_xrealloc(b->src, cap * sizeof *b->src);
	b->cap = cap;
}

void lt_buf_put(lt_buf *b, const char *s, size_t n, uint32_t src)
{
	buf_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	if (b->track)
		for (size_t i = 0; i < n; i++)
			b->src[b->len + i] = src;
	b->len += n;
	b->s[b->len] = '\0';
}

void lt_buf_puts(lt_buf *b, const char *s) { lt_buf_put(b, s, strlen(s), 0); }

bool lt_uc_is_space(uint32_t uc)
{
	switch (uc) {
	case ' ':
	case '\t':
	case '\n':
	case '\r':
	case '\v':
	case '\f':
	case 0xA0:
	case 0x1680:
	case 0x202F:
	case 0x205F:
	case 0x3000: return true;
	default: return uc >= 0x2000 && uc <= 0x200A;
	}
}

/* Code points shown as <U+XXXX>: C1 controls, bidi controls (embeddings,
 * overrides, isolates, and the marks LRM, RLM and ALM, which reorder the
 * text around them as much), line and paragraph separators, a stray BOM,
 * and the non-characters. */
static bool shown_as_code(ucs4_t uc)
{
	return (uc >= 0x80 && uc <= 0x9F) || (uc >= 0x202A && uc <= 0x202E) ||
	       uc == 0x200E || uc == 0x200F || uc == 0x061C ||
	       (uc >= 0x2066 && uc <= 0x2069) || uc == 0x2028 || uc == 0x2029 ||
	       uc == 0xFEFF || (uc >= 0xFDD0 && uc <= 0xFDEF) ||
	       (uc & 0xFFFE) == 0xFFFE;
}

static void decode(const char *p, size_t n, lt_buf *out, bool keep_lines)
{
	const uint8_t *s = (const uint8_t *)p;
	size_t i = 0;
	char tmp[16];
	while (i < n) {
		uint8_t c = s[i];
		uint32_t at = (uint32_t)i;
		if (c >= 0x20 && c < 0x7F) {
			/* a run of printable ASCII in one go */
			size_t j = i + 1;
			while (j < n && s[j] >= 0x20 && s[j] < 0x7F)
				j++;
			if (!out->track) {
				lt_buf_put(out, p + i, j - i, at);
			} else {
				buf_reserve(out, j - i);
				memcpy(out->s + out->len, p + i, j - i);
				for (size_t k = i; k < j; k++)
					out->src[out->len++] = (uint32_t)k;
				out->s[out->len] = '\0';
			}
			i = j;
			continue;
		}
		if ((c == '\t' || c == '\n' || c == '\r') && !keep_lines) {
			tmp[0] = '^';
			tmp[1] = (char)(c + '@');
			lt_buf_put(out, tmp, 2, at);
			i++;
			continue;
		}
		if (c == '\t') {
			lt_buf_put(out, "\t", 1, at);
			i++;
			continue;
		}
		if (c == '\n' || c == '\r') {
			lt_buf_put(out, "\n", 1, at);
			i += (c == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2
			                                                  : 1;
			continue;
		}
		if (c < 0x20 || c == 0x7F) {
			tmp[0] = '^';
			tmp[1] = c == 0x7F ? '?' : (char)(c + '@');
			lt_buf_put(out, tmp, 2, at);
			i++;
			continue;
		}
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, s + i, n - i);
		if (len < 0) {
			snprintf(tmp, sizeof tmp, "<%02X>", c);
			lt_buf_put(out, tmp, 4, at);
			i++;
			continue;
		}
		if (shown_as_code(uc)) {
			int k =
			    snprintf(tmp, sizeof tmp, "<U+%04X>", (unsigned)uc);
			lt_buf_put(out, tmp, (size_t)k, at);
		} else {
			lt_buf_put(out, p + i, (size_t)len, at);
		}
		i += (size_t)len;
	}
	buf_reserve(out, 0);
	out->s[out->len] = '\0';
}

/* Are s[0..8) bytes that folding leaves as they are: printable ASCII
 * and single spaces, with none first or last? */
static bool plain_block(const uint8_t *s)
{
	const uint64_t ones = 0x0101010101010101u, highs = ones * 0x80,
	               lows = ones * 0x7F;
	uint64_t x;
	memcpy(&x, s, 8);
	/* a byte below ' ', or above '~' */
	if ((((x - ones * 0x20) & ~x) | ((x + ones) | x)) & highs)
		return false;
	/* two spaces side by side: the bytes that are spaces marked */
	uint64_t y = x ^ (ones * ' ');
	uint64_t z = ~(((y & lows) + lows) | y | lows);
	return !(z & (z << 8)) && s[0] != ' ' && s[7] != ' ';
}

/* lt_fold's common case: text with no control character, no byte that
 * is not UTF-8 and nothing shown as a code, folded in one pass. False,
 * with nothing written, for any other text. */
static bool fold_plain(const char *p, size_t n, lt_buf *out)
{
	buf_reserve(out, n); /* folding never lengthens such text */
	uint8_t *start = (uint8_t *)out->s + out->len, *o = start;
	const uint8_t *s = (const uint8_t *)p;
	bool pending = false;
	for (size_t i = 0; i < n;) {
		uint8_t c = s[i];
		if (c > ' ' && c < 0x7F) {
			if (pending)
				*o++ = ' ';
			pending = false;
			/* words of ASCII eight bytes at a time, then the rest
			 * of a word in a loop of its own */
			for (; n - i >= 8 && plain_block(s + i); i += 8, o += 8)
				memcpy(o, s + i, 8);
			while (i < n && s[i] > ' ' && s[i] < 0x7F)
				*o++ = s[i++];
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			pending = o > start;
			i++;
			continue;
		}
		ucs4_t uc;
		int len = c < 0x80 ? -1 : u8_mbtoucr(&uc, s + i, n - i);
		if (len < 0 || shown_as_code(uc))
			return false;
		if (lt_uc_is_space(uc)) {
			pending = o > start;
		} else {
			if (pending)
				*o++ = ' ';
			pending = false;
			memcpy(o, s + i, (size_t)len);
			o += len;
		}
		i += (size_t)len;
	}
	out->len = (size_t)(o - (uint8_t *)out->s);
	out->s[out->len] = '\0';
	return true;
}

void lt_fold(const char *p, size_t n, lt_buf *out)
{
	if (!out->track && fold_plain(p, n, out))
		return;
	size_t base = out->len;
	lt_decode(p, n, out);
	/* fold in place: the result is never longer than the decoded text */
	uint8_t *s = (uint8_t *)out->s;
	size_t o = base;
	bool pending = false;
	for (size_t i = base; i < out->len;) {
		if (s[i] > ' ' && s[i] < 0x80) { /* the common case */
			if (pending)
				s[o++] = ' ';
			pending = false;
			s[o++] = s[i++];
			continue;
		}
		ucs4_t uc;
		int len = u8_mbtouc(&uc, s + i, out->len - i);
		if (lt_uc_is_space(uc)) {
			pending = o > base;
		} else {
			if (pending)
				s[o++] = ' ';
			pending = false;
			memmove(s + o, s + i, (size_t)len);
			o += (size_t)len;
		}
		i += (size_t)len;
	}
	out->len = o;
	out->s[o] = '\0';
}

void lt_decode(const char *p, size_t n, lt_buf *out)
{
	decode(p, n, out, true);
}

void lt_sanitize(const char *p, size_t n, lt_buf *out)
{
	decode(p, n, out, false);
}

char *lt_text_fold(const char *p, size_t n)
{
	lt_buf b = {0};
	lt_fold(p, n, &b);
	char *r = b.s ? b.s : lt_xstrndup("", 0);
	return r;
}

/* ---- the shapes of lines ---------------------------------------------- */

/* The character at s[i] (i < n): its length, *uc (or U+FFFD for an
 * invalid byte) and its cells at column col in *w. */
static size_t line_char(const uint8_t *s, size_t n, size_t i, size_t col,
                        ucs4_t *uc, size_t *w)
{
	if (s[i] < 0x80) {
		*uc = s[i];
		*w = s[i] == '\t' ? (col / LT_TAB_STOP + 1) * LT_TAB_STOP - col
		                  : 1;
		return 1;
	}
	int len = u8_mbtoucr(uc, s + i, n - i);
	if (len < 0) {
		*uc = 0xFFFD;
		*w = 1;
		return 1;
	}
	int cw = uc_width(*uc, "UTF-8");
	*w = cw < 0 ? 1 : (size_t)cw;
	return (size_t)len;
}

static size_t line_cells(const char *p, size_t n, size_t *indent, size_t max)
{
	const uint8_t *s = (const uint8_t *)p;
	size_t col = 0, visible = 0, ind = 0;
	bool lead = true;
	/* printable ASCII and spaces, a cell a byte: the common case */
	size_t k = 0;
	while (k < n && s[k] >= ' ' && s[k] < 0x7F)
		k++;
	if (k == n) {
		while (ind < n && s[ind] == ' ')
			ind++;
		visible = n;
		while (visible > ind && s[visible - 1] == ' ')
			visible--;
		if (indent)
			*indent = ind;
		visible = visible > ind ? visible : 0;
		return visible > max ? max + 1 : visible;
	}
	for (size_t i = 0; i < n && visible <= max;) {
		ucs4_t uc;
		size_t w;
		i += line_char(s, n, i, col, &uc, &w);
		col += w;
		if (lt_uc_is_space(uc)) {
			if (lead)
				ind = col;
		} else {
			lead = false;
			visible = col;
		}
	}
	if (indent)
		*indent = ind;
	return visible > max ? max + 1 : visible;
}

size_t lt_line_cells(const char *p, size_t n, size_t *indent)
{
	return line_cells(p, n, indent, SIZE_MAX - 1);
}

size_t lt_line_cells_max(const char *p, size_t n, size_t max)
{
	return line_cells(p, n, NULL, max < SIZE_MAX - 1 ? max : SIZE_MAX - 1);
}

bool lt_uc_unspaced(uint32_t uc)
{
	return (uc >= 0x2E80 && uc <= 0x312F) ||
	       (uc >= 0x3190 && uc <= 0x9FFF) ||
	       (uc >= 0xF900 && uc <= 0xFAFF) ||
	       (uc >= 0xFE30 && uc <= 0xFE4F) ||
	       (uc >= 0xFF00 && uc <= 0xFF60) ||
	       (uc >= 0x20000 && uc <= 0x3FFFF);
}

size_t lt_line_first_word(const char *p, size_t n)
{
	const uint8_t *s = (const uint8_t *)p;
	size_t col = 0, word = 0;
	bool in_word = false;
	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		size_t w;
		i += line_char(s, n, i, col, &uc, &w);
		col += w;
		if (lt_uc_is_space(uc)) {
			if (in_word)
				break;
			continue;
		}
		if (!in_word && lt_uc_unspaced(uc))
			return w;
		in_word = true;
		word += w;
	}
	return word;
}

static size_t skip_blanks(const char *p, size_t n, size_t i)
{
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i;
}

static bool ascii_digit(char c) { return c >= '0' && c <= '9'; }
static bool ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool lt_line_list_item(const char *p, size_t n)
{
	static const char *const bullets[] = {"-",
	                                      "*",
	                                      "+",
	                                      "\xE2\x80\xA2",
	                                      "\xE2\x80\xA3",
	                                      "\xE2\x97\xA6",
	                                      "\xE2\x96\xAA"};
	size_t i = skip_blanks(p, n, 0);
	for (size_t b = 0; b < sizeof bullets / sizeof *bullets; b++) {
		size_t len = strlen(bullets[b]);
		if (n - i > len && memcmp(p + i, bullets[b], len) == 0)
			return p[i + len] == ' ' || p[i + len] == '\t';
	}
	/* a number, a letter or a small roman numeral, then "." or ")";
	 * in parentheses, "(1)", "(a)", "(iv)" */
	bool paren = i < n && p[i] == '(';
	i += paren;
	size_t k = i, digits = 0, roman = 0;
	while (k < n && k - i < 4 &&
	       (ascii_digit(p[k]) || ascii_letter(p[k]))) {
		digits += ascii_digit(p[k]);
		roman += strchr("ivxlc", p[k]) != NULL;
		k++;
	}
	size_t len = k - i;
	if (len == 0 || k + 1 >= n || (p[k + 1] != ' ' && p[k + 1] != '\t'))
		return false;
	bool number = digits == len && len <= 3;
	bool letter = len == 1 && ascii_letter(p[i]);
	if (paren)
		return p[k] == ')' && (number || letter || roman == len);
	return (p[k] == '.' && number) || (p[k] == ')' && (number || letter));
}

int lt_md_atx(const char *p, size_t n)
{
	size_t k = 0;
	while (k < n && k < 7 && p[k] == '#')
		k++;
	if (k < 1 || k > 6)
		return 0;
	return k == n || p[k] == ' ' || p[k] == '\t' ? (int)k : 0;
}

bool lt_md_fence(const char *p, size_t n)
{
	return n >= 3 && (memcmp(p, "```", 3) == 0 || memcmp(p, "~~~", 3) == 0);
}

int lt_md_underline(const char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n < 3 || (p[0] != '=' && p[0] != '-'))
		return 0;
	for (size_t k = 1; k < n; k++)
		if (p[k] != p[0])
			return 0;
	return p[0] == '=' ? 1 : 2;
}
