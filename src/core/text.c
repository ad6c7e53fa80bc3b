#include "lectern/text.h"

#include <stdio.h>
#include <string.h>
#include <unistr.h>
#include <uniwidth.h>

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

/* Code points shown as <U+XXXX>: C1 controls, bidi embeddings, overrides
 * and isolates, line and paragraph separators, a stray BOM, and the
 * non-characters. */
static bool shown_as_code(ucs4_t uc)
{
	return (uc >= 0x80 && uc <= 0x9F) || (uc >= 0x202A && uc <= 0x202E) ||
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

void lt_fold(const char *p, size_t n, lt_buf *out)
{
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

size_t lt_text_width(const char *s, size_t n)
{
	int w = u8_width((const uint8_t *)s, n, "UTF-8");
	return w < 0 ? 0 : (size_t)w;
}
