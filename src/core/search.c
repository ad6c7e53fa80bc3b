#define _GNU_SOURCE
/* Search. A literal pattern is matched on a folded copy of each paragraph:
 * white space runs made one space, typographic quotes, dashes and the
 * ellipsis made ASCII, letters decomposed (NFD), accents dropped when the
 * pattern has none, case folded when case does not matter. Every folded
 * byte remembers the source byte it came from, so hits are spans of the
 * text. Regular expressions go to PCRE2 on the raw bytes. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "lectern/search.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwbrk.h>

#include "doc_impl.h"
#include "folder.h"
#include "lectern/layout.h"
#include "lectern/stop.h"
#include "lectern/text.h"
#include "util.h"

/* A folded byte that no pattern can hold: what an invalid byte becomes. */
#define NO_MATCH_BYTE 0xFF

struct lt_search {
	char *pattern; /* to make another for another thread */
	lt_search_opts opts;
	bool regex, word, icase, accents; /* accents: they must match */
	char *key;                        /* the folded literal pattern */
	size_t keylen;
	/* the fast path: the longest run of ASCII letters and digits in the
	 * key, found in the raw text where nothing can fold into one */
	size_t anchor_off, anchor_len;
	int before_anchor, after_anchor; /* the key's bytes around it, or -1 */
	pcre2_code *re;
	pcre2_match_data *md;
	/* scratch */
	char *fold;
	uint32_t *map; /* source offset of each folded byte */
	size_t foldlen, foldcap;
	char *breaks;
	size_t breakcap;
	struct unit *units; /* forward_over's ring */
	size_t unitcap;
};

/* ---- folding --------------------------------------------------------- */

static void emit(lt_search *s, const char *b, size_t n, uint32_t src)
{
	if (s->foldlen + n > s->foldcap) {
		size_t cap = s->foldcap ? s->foldcap : 256;
		while (cap < s->foldlen + n)
			cap *= 2;
		s->fold = lt_xrealloc(s->fold, cap);
		s->map = lt_xrealloc(s->map, cap * sizeof *s->map);
		s->foldcap = cap;
	}
	for (size_t i = 0; i < n; i++) {
		s->fold[s->foldlen] = b[i];
		s->map[s->foldlen++] = src;
	}
}

/* What a plain keyboard types for a typographic character, or NULL. */
static const char *typed_as(ucs4_t uc)
{
	switch (uc) {
	case 0x2018:
	case 0x2019:
	case 0x201B:
	case 0x2032:
	case 0x02BC: return "'";
	case 0x201C:
	case 0x201D:
	case 0x201E:
	case 0x201F:
	case 0x2033: return "\"";
	case 0x2010:
	case 0x2011:
	case 0x2012:
	case 0x2013:
	case 0x2014:
	case 0x2015:
	case 0x2212:
	case 0xFE58:
	case 0xFE63:
	case 0xFF0D: return "-";
	case 0x2026: return "...";
	default: return NULL;
	}
}

static bool is_mark(ucs4_t uc)
{
	return uc_is_general_category_withtable(uc, UC_CATEGORY_MASK_Mn);
}

/* Fold one non-ASCII, non-space, non-typographic character. */
static void fold_char(lt_search *s, const uint8_t *p, size_t len, uint32_t src)
{
	uint8_t buf[64];
	size_t blen = sizeof buf;
	uint8_t *r = s->icase
	                 ? u8_casefold(p, len, NULL, UNINORM_NFD, buf, &blen)
	                 : u8_normalize(UNINORM_NFD, p, len, buf, &blen);
	if (!r) {
		emit(s, (const char *)p, len, src);
		return;
	}
	for (size_t i = 0; i < blen;) {
		ucs4_t uc;
		int l = u8_mbtouc(&uc, r + i, blen - i);
		if (s->accents || !is_mark(uc))
			emit(s, (const char *)r + i, (size_t)l, src);
		i += (size_t)l;
	}
	if (r != buf)
		free(r);
}

/* Fold p[0..n) into s->fold / s->map. */
static void fold_text(lt_search *s, const char *p, size_t n)
{
	const uint8_t *u = (const uint8_t *)p;
	bool space = false;
	s->foldlen = 0;
	for (size_t i = 0; i < n;) {
		uint8_t c = u[i];
		if (c < 0x80) {
			if (c == ' ' || (c >= '\t' && c <= '\r')) {
				if (!space)
					emit(s, " ", 1, (uint32_t)i);
				space = true;
			} else {
				char f = (char)(s->icase && c >= 'A' && c <= 'Z'
				                    ? c | 0x20
				                    : c);
				emit(s, &f, 1, (uint32_t)i);
				space = false;
			}
			i++;
			continue;
		}
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, u + i, n - i);
		if (len < 0) {
			char bad = (char)NO_MATCH_BYTE;
			emit(s, &bad, 1, (uint32_t)i);
			space = false;
			i++;
			continue;
		}
		if (lt_uc_is_space(uc)) {
			if (!space)
				emit(s, " ", 1, (uint32_t)i);
			space = true;
		} else {
			const char *t = typed_as(uc);
			if (t)
				emit(s, t, strlen(t), (uint32_t)i);
			else
				fold_char(s, u + i, (size_t)len, (uint32_t)i);
			space = false;
		}
		i += (size_t)len;
	}
}

/* ---- the fast path ---------------------------------------------------- */

static bool ascii_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* The anchor: the key's longest run of ASCII letters and digits.
 * Patterns with none (or a run under three bytes) take the slow path
 * everywhere. */
static void choose_anchor(lt_search *s)
{
	size_t best = 0, best_len = 0;
	for (size_t i = 0; i < s->keylen;) {
		size_t j = i;
		while (j < s->keylen && ascii_alnum((unsigned char)s->key[j]))
			j++;
		if (j - i > best_len) {
			best = i;
			best_len = j - i;
		}
		i = j > i ? j : i + 1;
	}
	if (best_len < 3)
		return;
	s->anchor_off = best;
	s->anchor_len = best_len;
	s->before_anchor = best > 0 ? (unsigned char)s->key[best - 1] : -1;
	s->after_anchor = best + best_len < s->keylen
	                      ? (unsigned char)s->key[best + best_len]
	                      : -1;
}

/* What an ASCII byte folds to (fold_text, one byte alone). */
static int fold_ascii(const lt_search *s, unsigned char c)
{
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return ' ';
	return s->icase && c >= 'A' && c <= 'Z' ? c | 0x20 : c;
}

/* Can a hit have its anchor at p[at]? Not when an ASCII byte stands next
 * to it that folds into something else than the key has there (ASCII
 * folds to one ASCII byte; any other character may fold to anything, a
 * combining mark to nothing). "Russia's" skips every "Russian" and
 * "Russia " this way without folding a window around them. */
static bool anchor_fits(const lt_search *s, const unsigned char *p, size_t n,
                        size_t at)
{
	size_t after = at + s->anchor_len;
	if (s->after_anchor >= 0 && after < n && p[after] < 0x80 &&
	    fold_ascii(s, p[after]) != s->after_anchor)
		return false;
	return !(s->before_anchor >= 0 && at > 0 && p[at - 1] < 0x80 &&
	         fold_ascii(s, p[at - 1]) != s->before_anchor);
}

/* Could the character at p[i] fold into an ASCII letter or digit, or
 * vanish from between two (a combining mark)? Only these lead bytes can
 * fold into one: C3-C8 (Latin letters with accents), CC CD (combining
 * marks), E1 (Latin Extended Additional, more marks), E2 83 and E2 84
 * (marks for symbols, letterlike symbols such as the Kelvin sign), EF AC
 * and EF B8 (ligatures, half marks). A combining mark of any script
 * vanishes: one right after an ASCII letter or digit counts too (found
 * by fuzz_search: a Syriac mark inside a word). */
static bool special_at(const unsigned char *u, size_t n, size_t i)
{
	unsigned char c = u[i];
	if ((c >= 0xC3 && c <= 0xC8) || c == 0xCC || c == 0xCD || c == 0xE1)
		return true;
	if (c >= 0xCC && i > 0 && ascii_alnum(u[i - 1])) {
		ucs4_t uc;
		u8_mbtouc(&uc, u + i, n - i);
		if (is_mark(uc))
			return true;
	}
	if (i + 1 >= n)
		return false;
	return (c == 0xE2 && (u[i + 1] == 0x83 || u[i + 1] == 0x84)) ||
	       (c == 0xEF && (u[i + 1] == 0xAC || u[i + 1] == 0xB8));
}

typedef unsigned char lt_v16 __attribute__((vector_size(16)));

/* The first such character in p[from, n), or n: sixteen bytes at a time
 * (the compiler's vectors), one at a time where one may be. */
static size_t next_special(const char *p, size_t n, size_t from)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = from;
	while (i + 17 <= n) {
		lt_v16 v, w;
		memcpy(&v, u + i, 16);
		/* most blocks hold nothing from C3 up: skip them at once */
		lt_v16 high = (lt_v16)(v >= 0xC3);
		uint64_t lo, hi;
		memcpy(&lo, &high, 8);
		memcpy(&hi, (char *)&high + 8, 8);
		if (!(lo | hi)) {
			i += 16;
			continue;
		}
		memcpy(&w, u + i + 1, 16);
		/* the byte before each: an ASCII letter or digit? */
		lt_v16 b, bl;
		memcpy(&b, u + i - (i > 0), 16);
		if (i == 0)
			b = (lt_v16){0,     u[0],  u[1],  u[2], u[3], u[4],
			             u[5],  u[6],  u[7],  u[8], u[9], u[10],
			             u[11], u[12], u[13], u[14]};
		bl = b | 0x20;
		lt_v16 alnum = (lt_v16)(((bl - 'a') < 26) | ((b - '0') < 10));
		lt_v16 m =
		    (lt_v16)(((v - 0xC3) <= 5) | ((v - 0xCC) <= 1) |
		             (v == 0xE1) | ((v >= 0xCC) & alnum) |
		             ((v == 0xE2) & ((w == 0x83) | (w == 0x84))) |
		             ((v == 0xEF) & ((w == 0xAC) | (w == 0xB8))));
		memcpy(&lo, &m, 8);
		memcpy(&hi, (char *)&m + 8, 8);
		if (!(lo | hi)) {
			i += 16;
			continue;
		}
		for (size_t k = 0; k < 16; k++)
			if (special_at(u, n, i + k))
				return i + k;
		i += 16;
	}
	for (; i < n; i++)
		if (special_at(u, n, i))
			return i;
	return n;
}

/* Does the anchor stand at p[at]? (fold: 0x20 when case does not
 * matter; the anchor is ASCII letters and digits, folded to lower case) */
/* The case bit to set on a text byte before comparing it with the anchor
 * byte a: only letters have one (0x10 | 0x20 is '0', not a digit). */
static unsigned char fold_for(unsigned char a, unsigned char fold)
{
	return a >= 'a' && a <= 'z' ? fold : 0;
}

static bool anchor_at(const lt_search *s, const unsigned char *p, size_t at,
                      unsigned char fold)
{
	const unsigned char *a = (const unsigned char *)s->key + s->anchor_off;
	for (size_t k = 0; k < s->anchor_len; k++)
		if ((p[at + k] | fold_for(a[k], fold)) != a[k])
			return false;
	return true;
}

/* The next place at or after from where the anchor stands in the raw
 * text (in any case when case does not matter), or n. Sixteen places at
 * a time: those whose first and last bytes match the anchor's are the
 * only candidates (the compiler's vectors; no library search folds
 * case). */
static size_t find_anchor(const lt_search *s, const char *p, size_t n,
                          size_t from)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t len = s->anchor_len;
	if (len > n)
		return n;
	unsigned char fold = s->icase ? 0x20 : 0;
	unsigned char first = (unsigned char)s->key[s->anchor_off];
	unsigned char last = (unsigned char)s->key[s->anchor_off + len - 1];
	unsigned char ffold = fold_for(first, fold),
	              lfold = fold_for(last, fold);
	size_t i = from;
	for (; i + len - 1 + 16 <= n; i += 16) {
		lt_v16 v1, v2;
		memcpy(&v1, u + i, 16);
		memcpy(&v2, u + i + len - 1, 16);
		lt_v16 m =
		    (lt_v16)(((v1 | ffold) == first) & ((v2 | lfold) == last));
		uint64_t lo, hi;
		memcpy(&lo, &m, 8);
		memcpy(&hi, (char *)&m + 8, 8);
		if (!(lo | hi))
			continue;
		for (size_t k = 0; k < 16; k++)
			if (((const unsigned char *)&m)[k] &&
			    anchor_at(s, u, i + k, fold) &&
			    anchor_fits(s, u, n, i + k))
				return i + k;
	}
	for (; i + len <= n; i++)
		if (anchor_at(s, u, i, fold) && anchor_fits(s, u, n, i))
			return i;
	return n;
}

/* The places in p[0..n) where a hit can be, in order: where the anchor
 * stands, and where a character that folds into ASCII does. */
typedef struct {
	const lt_search *s;
	const char *p;
	size_t n;
	size_t anchor, special; /* the next of each, or n */
} candidates;

static void candidates_start(candidates *c, const lt_search *s, const char *p,
                             size_t n)
{
	*c = (candidates){s, p, n, find_anchor(s, p, n, 0),
	                  next_special(p, n, 0)};
}

/* The next place, or n. */
static size_t candidates_next(const candidates *c)
{
	return c->anchor < c->special ? c->anchor : c->special;
}

/* Go on from past: the places before it are done with. */
static void candidates_skip(candidates *c, size_t past)
{
	if (c->anchor < past)
		c->anchor = find_anchor(c->s, c->p, c->n, past);
	if (c->special < past)
		c->special = next_special(c->p, c->n, past);
}

/* ---- compiling ---------------------------------------------------- */

/* Smart case: an upper-case (or title-case) letter anywhere, except right
 * after a backslash in a regular expression (\S, \W ...). */
static bool has_upper(const char *p, bool regex)
{
	const uint8_t *u = (const uint8_t *)p;
	size_t n = strlen(p);
	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		int len = u8_mbtouc(&uc, u + i, n - i);
		if (regex && uc == '\\') {
			i += (size_t)len;
			if (i < n)
				i += (size_t)u8_mbtouc(&uc, u + i, n - i);
			continue;
		}
		if (uc_tolower(uc) != uc)
			return true;
		i += (size_t)len;
	}
	return false;
}

static bool has_accent(const char *p)
{
	size_t n = 0;
	uint8_t *d =
	    u8_normalize(UNINORM_NFD, (const uint8_t *)p, strlen(p), NULL, &n);
	bool found = false;
	for (size_t i = 0; d && i < n && !found;) {
		ucs4_t uc;
		i += (size_t)u8_mbtouc(&uc, d + i, n - i);
		found = is_mark(uc);
	}
	free(d);
	return found;
}

lt_search *lt_search_new(const char *pattern, const lt_search_opts *opts,
                         char *err, size_t errsize)
{
	if (!pattern[0]) {
		snprintf(err, errsize, "empty pattern");
		return NULL;
	}
	lt_search *s = lt_xcalloc(1, sizeof *s);
	s->pattern = lt_xstrndup(pattern, strlen(pattern));
	s->opts = *opts;
	s->regex = opts->regex;
	s->word = opts->word;
	s->icase =
	    opts->casing == LT_CASE_IGNORE ||
	    (opts->casing == LT_CASE_SMART && !has_upper(pattern, opts->regex));
	if (s->regex) {
		int code;
		PCRE2_SIZE at;
		uint32_t flags = PCRE2_UTF | PCRE2_UCP |
		                 PCRE2_MATCH_INVALID_UTF |
		                 (s->icase ? PCRE2_CASELESS : 0);
		s->re =
		    pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
		                  flags, &code, &at, NULL);
		if (!s->re) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(code, msg, sizeof msg);
			snprintf(err, errsize, "%s at offset %zu", (char *)msg,
			         (size_t)at);
			lt_search_free(s);
			return NULL;
		}
		pcre2_jit_compile(s->re, PCRE2_JIT_COMPLETE);
		s->md = pcre2_match_data_create_from_pattern(s->re, NULL);
		return s;
	}
	s->accents = has_accent(pattern);
	s->before_anchor = s->after_anchor = -1;
	fold_text(s, pattern, strlen(pattern));
	s->key = lt_xstrndup(s->fold, s->foldlen);
	s->keylen = s->foldlen;
	if (!opts->exhaustive)
		choose_anchor(s);
	return s;
}

void lt_search_free(lt_search *s)
{
	if (!s)
		return;
	free(s->key);
	free(s->pattern);
	if (s->md)
		pcre2_match_data_free(s->md);
	if (s->re)
		pcre2_code_free(s->re);
	free(s->fold);
	free(s->map);
	free(s->breaks);
	free(s->units);
	free(s);
}

bool lt_search_case_sensitive(const lt_search *s) { return !s->icase; }

/* ---- matching ----------------------------------------------------- */

void lt_spans_free(lt_spans *s)
{
	free(s->v);
	*s = (lt_spans){0};
}

/* out NULL: the hits are only counted. */
static void add_span(lt_spans *out, uint64_t start, uint64_t end)
{
	if (!out)
		return;
	lt_grow(&out->v, &out->cap, out->n + 1, sizeof *out->v);
	out->v[out->n++] = (lt_range){start, end};
}

/* The length of the character at p[0..n): invalid bytes count as one. */
static size_t char_len(const char *p, size_t n)
{
	ucs4_t uc;
	int len = u8_mbtoucr(&uc, (const uint8_t *)p, n);
	return len > 0 ? (size_t)len : 1;
}

/* The word breaks of a text p[0..n) (UAX #29), found when first asked: all
 * at once for a text up to BREAKS_WHOLE bytes, else a block at a time
 * around the place asked for (with BREAKS_MARGIN bytes of context on each
 * side, so that memory stays bounded on a paragraph of any length; places
 * are asked for in order, so each block is found once). */
#define BREAKS_WHOLE  (1u << 20)
#define BREAKS_BLOCK  (64u << 10)
#define BREAKS_MARGIN 256u

typedef struct {
	const char *p;
	size_t n;
	size_t base;     /* s->breaks[k] is the break at p[base + k] */
	size_t from, to; /* the places known */
} word_breaks;

static word_breaks breaks_of(const char *p, size_t n)
{
	return (word_breaks){p, n, 0, 0, 0};
}

/* A character's start at or after i (at most three bytes on). */
static size_t char_start(const char *p, size_t n, size_t i)
{
	for (size_t k = 0;
	     k < 3 && i < n && ((unsigned char)p[i] & 0xC0) == 0x80; k++)
		i++;
	return i;
}

static bool break_at(lt_search *s, word_breaks *b, size_t i)
{
	if (i == 0 || i >= b->n)
		return true;
	if (i < b->from || i >= b->to) {
		size_t lo = 0, hi = b->n;
		if (b->n > BREAKS_WHOLE) {
			lo = i > BREAKS_MARGIN
			         ? char_start(b->p, b->n, i - BREAKS_MARGIN)
			         : 0;
			hi = b->n - i > BREAKS_BLOCK + BREAKS_MARGIN
			         ? char_start(b->p, b->n,
			                      i + BREAKS_BLOCK + BREAKS_MARGIN)
			         : b->n;
		}
		lt_grow(&s->breaks, &s->breakcap, hi - lo + 1, 1);
		u8_wordbreaks((const uint8_t *)b->p + lo, hi - lo, s->breaks);
		b->base = lo;
		b->from = lo ? lo + BREAKS_MARGIN : 0;
		b->to = hi < b->n ? hi - BREAKS_MARGIN : b->n;
		if (b->from > i) /* a character longer than the margin */
			b->from = i;
	}
	return s->breaks[i - b->base];
}

/* Is [start, end) of the text a whole word? */
static bool whole_word(lt_search *s, word_breaks *b, uint64_t start,
                       uint64_t end)
{
	return break_at(s, b, (size_t)start) && break_at(s, b, (size_t)end);
}

static size_t search_regex(lt_search *s, const char *p, size_t n, lt_spans *out)
{
	size_t added = 0, at = 0;
	word_breaks wb = breaks_of(p, n);
	while (at <= n && !lt_stop_asked()) {
		int rc =
		    pcre2_match(s->re, (PCRE2_SPTR)p, n, at, 0, s->md, NULL);
		if (rc < 0)
			break;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
		size_t start = ov[0], end = ov[1];
		if (end == start) { /* an empty match: no hit, step on */
			at = start < n ? start + char_len(p + start, n - start)
			               : n + 1;
			continue;
		}
		if (!s->word || whole_word(s, &wb, start, end)) {
			add_span(out, start, end);
			added++;
			at = end;
		} else {
			/* a hit starts where a word does: a match from the
			 * next such place on (from each character on, a long
			 * word was read once per character in it) */
			at = start + 1;
			while (at < n && !break_at(s, &wb, at))
				at++;
		}
	}
	return added;
}

/* The folded key in f[0..n): windows are short, so a plain first-byte
 * search beats memmem's setup. */
static const char *find_key(const lt_search *s, const char *f, size_t n)
{
	const char *end = f + n;
	while ((size_t)(end - f) >= s->keylen) {
		const char *q =
		    memchr(f, s->key[0], (size_t)(end - f) - s->keylen + 1);
		if (!q)
			return NULL;
		if (memcmp(q, s->key, s->keylen) == 0)
			return q;
		f = q + 1;
	}
	return NULL;
}

/* Fold p[from, to) and add the hits in it that start at or after
 * *last_end (which then becomes the last hit's end) and before limit.
 * Word boundaries are those of the whole of p[0..n). */
static size_t match_range(lt_search *s, const char *p, size_t n, size_t from,
                          size_t to, size_t limit, uint64_t *last_end,
                          word_breaks *wb, lt_spans *out)
{
	fold_text(s, p + from, to - from);
	size_t added = 0;
	const char *f = s->fold;
	for (size_t at = 0; at + s->keylen <= s->foldlen;) {
		const char *hit = find_key(s, f + at, s->foldlen - at);
		if (!hit)
			break;
		size_t fs = (size_t)(hit - f), fe = fs + s->keylen;
		uint64_t start = from + s->map[fs];
		if (start >= limit)
			break;
		uint64_t last = from + s->map[fe - 1];
		uint64_t end = last + char_len(p + last, n - last);
		if (start >= *last_end &&
		    (!s->word || whole_word(s, wb, start, end))) {
			add_span(out, start, end);
			added++;
			*last_end = end;
			at = fe;
		} else {
			at = fs + 1;
		}
	}
	return added;
}

static size_t walk_units(const char *p, size_t n, size_t i, size_t k,
                         size_t cap);

/* Text is folded FOLD_CHUNK bytes at a time, so that the scratch stays
 * small on a paragraph of any length: the hits that start in a chunk are
 * taken from the chunk folded with what a hit starting at its end could
 * reach (the key's length in characters, and the runs of white space and
 * marks between them, up to FOLD_REACH bytes: a hit across more white
 * space and marks than that at a chunk's end is not found). */
#define FOLD_CHUNK (64u << 10)
#define FOLD_REACH (1u << 20)

/* match_range over p[from, to), a chunk at a time. Stops early when
 * asked (lt_stop_asked), with the hits found so far. */
static size_t match_folded(lt_search *s, const char *p, size_t n, size_t from,
                           size_t to, uint64_t *last_end, word_breaks *wb,
                           lt_spans *out)
{
	size_t added = 0;
	while (from < to) {
		if (to - from <= FOLD_CHUNK)
			return added + match_range(s, p, n, from, to, to,
			                           last_end, wb, out);
		size_t limit = char_start(p, n, from + FOLD_CHUNK);
		size_t end =
		    walk_units(p, n, limit, s->keylen + 1, limit + FOLD_REACH);
		added += match_range(s, p, n, from, end < to ? end : to, limit,
		                     last_end, wb, out);
		from = limit;
		if (lt_stop_asked())
			break;
	}
	return added;
}

/* The length of the white space character at p[i] (as folding has it:
 * ASCII white space, no-break spaces, the Unicode space separators), or
 * 0. */
static size_t space_at(const char *p, size_t n, size_t i)
{
	unsigned char c = (unsigned char)p[i];
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return 1;
	if (c != 0xC2 && c != 0xE1 && c != 0xE2 && c != 0xE3)
		return 0;
	ucs4_t uc;
	int len = u8_mbtouc(&uc, (const uint8_t *)p + i, n - i);
	return lt_uc_is_space(uc) ? (size_t)len : 0;
}

/* A combining mark at p[i] (which folding may drop). */
static bool mark_at(const char *p, size_t n, size_t i)
{
	if ((unsigned char)p[i] < 0xCC)
		return false;
	ucs4_t uc;
	u8_mbtouc(&uc, (const uint8_t *)p + i, n - i);
	return is_mark(uc);
}

/* Step back from i over what could make k bytes of the key: a character
 * each, a run of white space as one, a combining mark as none. Never
 * stops inside a run of white space or inside a character. Stops at or
 * before floor too, as soon as it is reached: a window that reaches the
 * one before is merged with it, so how far it would go is not needed,
 * and walks that stop there never cross one another (a long run of
 * marks is walked once, not once for each mark in it). */
static size_t back_over(const char *p, size_t n, size_t i, size_t k,
                        size_t floor)
{
	for (; i > floor && k > 0; k--) {
		size_t j = i - 1;
		while (j > 0 && ((unsigned char)p[j] & 0xC0) == 0x80)
			j--;
		if (mark_at(p, n, j)) { /* folds to nothing: no key byte */
			i = j;
			k++;
			continue;
		}
		if (!space_at(p, n, j)) {
			i = j;
			continue;
		}
		while (space_at(p, n, j)) { /* the whole run */
			i = j;
			if (j <= floor)
				break;
			j--;
			while (j > 0 && ((unsigned char)p[j] & 0xC0) == 0x80)
				j--;
		}
	}
	return i;
}

/* What could make one byte of the key, going forward: a character, or a
 * run of white space ([start, end) of the text). */
typedef struct unit {
	size_t start, end;
} unit;

/* The units of the text from a place on, found once: forward_over asks
 * for places that never go back, and each unit is read once however
 * many places look across it (a run of marks, a run of white space). */
typedef struct {
	const char *p;
	size_t n;
	size_t pos;  /* the text is read up to here */
	size_t last; /* the last place asked for */
	unit *ring;  /* the units read that start at or after it */
	size_t head, count, cap;
} units;

static void units_start(units *u, lt_search *s, const char *p, size_t n)
{
	/* a window reaches keylen + 1 units past its place at most */
	size_t cap = s->keylen + 2;
	lt_grow(&s->units, &s->unitcap, cap, sizeof *s->units);
	*u = (units){p, n, 0, 0, s->units, 0, 0, cap};
}

/* Read the next unit at u->pos into the ring: false at the end of the
 * text. Combining marks make none. */
static bool units_read(units *u)
{
	const char *p = u->p;
	size_t n = u->n, i = u->pos;
	while (i < n && mark_at(p, n, i))
		i += char_len(p + i, n - i);
	if (i >= n) {
		u->pos = n;
		return false;
	}
	size_t start = i;
	if (space_at(p, n, i))
		while (i < n && space_at(p, n, i))
			i += space_at(p, n, i);
	else
		i += char_len(p + i, n - i);
	u->ring[(u->head + u->count++) % u->cap] = (unit){start, i};
	u->pos = i;
	return true;
}

/* Step forward from i over k units (a character each, a run of white
 * space as one, a combining mark as none) and return where the last one
 * ends, or n. i is never inside a unit; it is linear when i never goes
 * back (search_windows' places do not). */
static size_t forward_over(units *u, size_t i, size_t k)
{
	if (k == 0)
		return i;
	if (i >= u->pos || i < u->last) { /* nothing read from here */
		u->pos = i;
		u->count = 0;
	}
	u->last = i;
	while (u->count && u->ring[u->head].start < i) {
		u->head = (u->head + 1) % u->cap;
		u->count--;
	}
	while (u->count < k)
		if (!units_read(u))
			return u->n;
	return u->ring[(u->head + k - 1) % u->cap].end;
}

/* Step forward from i over k units, as forward_over does, reading them
 * afresh; never past cap. */
static size_t walk_units(const char *p, size_t n, size_t i, size_t k,
                         size_t cap)
{
	if (cap > n)
		cap = n;
	for (; i < cap && k > 0; k--) {
		if (mark_at(p, n, i)) {
			i += char_len(p + i, n - i);
			k++;
			continue;
		}
		if (!space_at(p, n, i)) {
			i += char_len(p + i, n - i);
			continue;
		}
		while (i < cap && space_at(p, n, i))
			i += space_at(p, n, i);
	}
	return i < cap ? i : cap;
}

/* The hits of paragraph p[0..n), given the places in it where one can be
 * (c, over this same text): windows around them folded, merged where
 * they meet; with a pattern that is only its anchor and no character
 * that folds into it, no folding at all. */
static size_t search_windows(lt_search *s, const char *p, size_t n,
                             candidates *c, lt_spans *out)
{
	uint64_t last_end = 0;
	word_breaks wb = breaks_of(p, n);
	size_t added = 0, steps = 0;
	bool whole = s->anchor_len == s->keylen;
	size_t before = s->anchor_off + 1;
	size_t after = s->keylen - s->anchor_off - s->anchor_len + 1;
	if (whole && c->special >= n) {
		for (size_t a = c->anchor; a < n;
		     a = find_anchor(s, p, n, a + s->anchor_len)) {
			uint64_t end = a + s->anchor_len;
			if (!s->word || whole_word(s, &wb, a, end)) {
				add_span(out, a, end);
				added++;
			}
			if (++steps % 1024 == 0 && lt_stop_asked())
				break;
		}
		return added;
	}
	size_t ws = 0, we = 0; /* the window being gathered */
	bool open = false;
	units u;
	units_start(&u, s, p, n);
	while (c->anchor < n || c->special < n) {
		if (++steps % 1024 == 0 && lt_stop_asked())
			return added;
		size_t from, to;
		if (c->anchor <= c->special) {
			size_t a = c->anchor;
			from = back_over(p, n, a, before, we);
			to = forward_over(&u, a + s->anchor_len, after);
			c->anchor = find_anchor(s, p, n, a + 1);
		} else {
			size_t sp = c->special;
			from = back_over(p, n, sp, s->keylen + 1, we);
			to = forward_over(&u, sp, s->keylen + 1);
			c->special = next_special(p, n, sp + 1);
		}
		if (open && from <= we) {
			if (to > we)
				we = to;
			continue;
		}
		if (open)
			added +=
			    match_folded(s, p, n, ws, we, &last_end, &wb, out);
		ws = from;
		we = to;
		open = true;
	}
	if (open)
		added += match_folded(s, p, n, ws, we, &last_end, &wb, out);
	return added;
}

size_t lt_search_text(lt_search *s, const char *p, size_t n, lt_spans *out)
{
	if (s->regex)
		return search_regex(s, p, n, out);
	if (s->anchor_len == 0) {
		uint64_t last_end = 0;
		word_breaks wb = breaks_of(p, n);
		return match_folded(s, p, n, 0, n, &last_end, &wb, out);
	}
	candidates c;
	candidates_start(&c, s, p, n);
	return search_windows(s, p, n, &c, out);
}

/* Could p[0..n) hold Markdown markup the reader hides (emphasis, code
 * spans, links, escapes, a heading's marks, an underline)? */
static bool may_hide(const char *p, size_t n)
{
	if (n > 0 && p[0] == '#')
		return true;
	for (size_t i = 0; i < n; i++)
		switch (p[i]) {
		case '*':
		case '_':
		case '`':
		case '[':
		case '\\': return true;
		case '\n':
			if (i + 2 < n && (p[i + 1] == '=' || p[i + 1] == '-') &&
			    p[i + 2] == p[i + 1])
				return true;
			break;
		default: break;
		}
	return false;
}

size_t lt_search_shown(lt_search *s, const lt_doc *doc, const char *p, size_t n,
                       lt_spans *out)
{
	uint64_t off = (uint64_t)(p - doc->data);
	lt_range t;
	if (fo_block_text(doc, off, p, n, &t)) {
		/* a front matter block: only its title is text */
		size_t from = out ? out->n : 0;
		size_t c = lt_search_text(s, p + t.start,
		                          (size_t)(t.end - t.start), out);
		for (size_t k = from; out && k < out->n; k++) {
			out->v[k].start += t.start;
			out->v[k].end += t.start;
		}
		return c;
	}
	unsigned flags = lt_shape_flags_at(doc, off);
	if (!(flags & LT_SHAPE_MARKDOWN) || !may_hide(p, n))
		return lt_search_text(s, p, n, out);
	lt_buf shown = {0};
	lt_styles styles = {0};
	lt_shape(p, n, flags, &shown, &styles);
	lt_spans sp = {0};
	size_t c = lt_search_text(s, shown.s, shown.len, out ? &sp : NULL);
	for (size_t k = 0; out && k < sp.n; k++) {
		/* from the source of the hit's first byte to the end of
		 * the character its last byte shows */
		size_t a = (size_t)sp.v[k].start, b = (size_t)sp.v[k].end;
		uint64_t from = shown.src[a], to = shown.src[b - 1] + 1;
		while (to < n && ((unsigned char)p[to] & 0xC0) == 0x80)
			to++;
		add_span(out, from, to > from ? to : from + 1);
	}
	lt_spans_free(&sp);
	lt_styles_free(&styles);
	lt_buf_free(&shown);
	return c;
}

/* The places of paragraph r where a hit can be, taken from c (over the
 * text from base on, already at the first place in r): what c has found
 * is kept, so the paragraph is not looked through twice. */
static candidates candidates_in(const candidates *c, const char *base,
                                const char *text, lt_range r)
{
	const char *p = text + r.start;
	size_t n = (size_t)(r.end - r.start);
	size_t shift = (size_t)(p - base);
	candidates in = {c->s, p, n, n, n};
	if (c->anchor < c->n && c->anchor - shift < n)
		in.anchor = c->anchor - shift;
	else if (c->anchor < shift)
		in.anchor = find_anchor(c->s, p, n, 0);
	if (c->special < c->n && c->special - shift < n)
		in.special = c->special - shift;
	else if (c->special < shift)
		in.special = next_special(p, n, 0);
	return in;
}

/* ---- every hit in a document --------------------------------------- */

typedef struct {
	size_t para, count, before;
} para_entry;

struct lt_hits {
	lt_search *s;
	lt_doc *doc;
	size_t next;  /* next paragraph to search */
	size_t total; /* hits so far */
	uint64_t searched;
	bool done;
	para_entry *v;
	size_t n, cap;
};

lt_hits *lt_hits_new(lt_search *s, lt_doc *doc)
{
	lt_hits *h = lt_xcalloc(1, sizeof *h);
	h->s = s;
	h->doc = doc;
	return h;
}

void lt_hits_free(lt_hits *h)
{
	if (!h)
		return;
	free(h->v);
	free(h);
}

/* Is the text searched a paragraph at a time as it is shown (Markdown,
 * whose markup may stand between the anchor's bytes; a collection, whose
 * files differ and whose front matter is no text)? */
static bool shown_only(const lt_doc *doc)
{
	return doc->rules == LT_STRUCT_MARKDOWN || doc->folder;
}

/* Search paragraph i and note its hits; with places (the document-wide
 * walk's, see candidates_in) when there are any. False, with nothing
 * noted, when a stop was asked for before it was done. */
static bool search_para(lt_hits *h, size_t i, candidates *in)
{
	lt_range r = lt_doc_para(h->doc, i);
	const char *p = h->doc->data + r.start;
	size_t n = (size_t)(r.end - r.start);
	size_t c = shown_only(h->doc)
	               ? lt_search_shown(h->s, h->doc, p, n, NULL)
	           : in ? search_windows(h->s, in->p, in->n, in, NULL)
	                : lt_search_text(h->s, p, n, NULL);
	if (lt_stop_asked())
		return false;
	if (c) {
		lt_grow(&h->v, &h->cap, h->n + 1, sizeof *h->v);
		h->v[h->n++] = (para_entry){i, c, h->total};
		h->total += c;
	}
	return true;
}

/* Paragraphs [from, to): with a literal that has an anchor, only those
 * that hold the anchor or a character folding into it can have a hit,
 * and both are found in the whole span at once, at memchr speed. Returns
 * the first paragraph not searched: to, or an earlier one when a stop was
 * asked for. */
static size_t search_paras(lt_hits *h, size_t from, size_t to)
{
	lt_search *s = h->s;
	/* (Markdown is searched as shown: its markup may stand between
	 * the anchor's bytes) */
	if (s->regex || s->anchor_len == 0 || shown_only(h->doc)) {
		for (size_t i = from; i < to; i++)
			if (!search_para(h, i, NULL))
				return i;
		return to;
	}
	const char *d = h->doc->data;
	uint64_t base = lt_para_start(h->doc, from);
	size_t n = (size_t)(lt_doc_para(h->doc, to - 1).end - base);
	const char *p = d + base;
	candidates c;
	candidates_start(&c, s, p, n);
	size_t i = from;
	for (;;) {
		size_t x = candidates_next(&c);
		if (x >= n)
			break;
		/* the paragraph whose share of the text holds x */
		while (i + 1 < to && lt_para_start(h->doc, i + 1) <= base + x)
			i++;
		lt_range r = lt_doc_para(h->doc, i);
		size_t past; /* where the next candidates are looked for */
		if (base + x < r.end) {
			candidates in = candidates_in(&c, p, d, r);
			if (!search_para(h, i, &in))
				return i;
			past = (size_t)(r.end - base);
		} else { /* x is in the blank lines after paragraph i */
			past =
			    i + 1 < to
			        ? (size_t)(lt_para_start(h->doc, i + 1) - base)
			        : n;
		}
		if (past >= n)
			break;
		candidates_skip(&c, past);
	}
	return to;
}

bool lt_hits_run(lt_hits *h, uint64_t budget)
{
	if (h->done)
		return true;
	lt_doc *doc = h->doc;
	bool scanned = lt_doc_scan_done(doc);
	size_t npara = lt_doc_npara(doc);
	/* the last paragraph indexed may still grow until the scan is done */
	size_t limit = scanned ? npara : npara > 0 ? npara - 1 : 0;
	while (h->next < limit) {
		/* a slice of paragraphs of about budget bytes (all: 0) */
		size_t to = h->next + 1;
		uint64_t start = lt_para_start(doc, h->next);
		if (budget == 0) {
			to = limit;
		} else {
			size_t lo = h->next + 1, hi = limit;
			while (lo < hi) { /* the first paragraph past budget */
				size_t mid = lo + (hi - lo) / 2;
				if (lt_para_start(doc, mid) - start < budget)
					lo = mid + 1;
				else
					hi = mid;
			}
			to = lo;
		}
		size_t done = search_paras(h, h->next, to);
		if (done < to) { /* stopped: paragraph done is searched anew */
			h->next = done;
			h->searched = lt_para_start(doc, done);
			return false;
		}
		h->searched = lt_doc_para(doc, to - 1).end;
		h->next = to;
		if (budget)
			break;
	}
	if (scanned && h->next >= npara) {
		h->done = true;
		h->searched = doc->size;
	}
	return h->done;
}

bool lt_hits_done(const lt_hits *h) { return h->done; }
uint64_t lt_hits_searched(const lt_hits *h) { return h->searched; }
size_t lt_hits_count(const lt_hits *h) { return h->total; }
size_t lt_hits_nparas(const lt_hits *h) { return h->n; }

lt_para_hits lt_hits_para(const lt_hits *h, size_t k)
{
	return (lt_para_hits){h->v[k].para, h->v[k].count, h->v[k].before};
}

size_t lt_hits_find(const lt_hits *h, size_t para)
{
	size_t lo = 0, hi = h->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->v[mid].para < para)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- counting every hit at once ------------------------------------------ */

/* Hits in [from, to) of the text, paragraph by paragraph as the text
 * around each candidate (the anchor, or what folds into it) shows them:
 * no index needed. */
static size_t count_range(lt_search *s, const lt_doc *doc, uint64_t from,
                          uint64_t to)
{
	const char *d = lt_doc_bytes(doc);
	const char *p = d + from;
	size_t n = (size_t)(to - from), total = 0;
	candidates c;
	candidates_start(&c, s, p, n);
	while (!lt_stop_asked()) {
		size_t x = candidates_next(&c);
		if (x >= n)
			break;
		lt_range r = lt_doc_para_around(doc, from + x);
		size_t past = x + 1;
		if (r.end > r.start) {
			if (s->regex || s->anchor_len == 0) {
				total += lt_search_text(
				    s, d + r.start, (size_t)(r.end - r.start),
				    NULL);
			} else {
				candidates in = candidates_in(&c, p, d, r);
				total +=
				    search_windows(s, in.p, in.n, &in, NULL);
			}
			if (r.end - from > past)
				past = (size_t)(r.end - from);
		}
		if (past >= n)
			break;
		candidates_skip(&c, past);
	}
	return total;
}

typedef struct {
	lt_search *s;
	const lt_doc *doc;
	uint64_t from, to;
	size_t count;
} count_job;

static void *count_job_run(void *arg)
{
	count_job *job = arg;
	job->count = count_range(job->s, job->doc, job->from, job->to);
	return NULL;
}

/* Below this a second thread costs more than it saves. */
#define LT_COUNT_SPLIT (16u << 20)

size_t lt_search_count(lt_search *s, lt_doc *doc)
{
	/* Markdown is searched as shown, a paragraph at a time */
	if (s->regex || s->anchor_len == 0 || shown_only(doc)) {
		lt_hits *h = lt_hits_new(s, doc);
		while (!lt_doc_scan(doc, 16u << 20) && !lt_stop_asked())
			lt_hits_run(h, 0);
		lt_hits_run(h, 0);
		size_t n = lt_hits_count(h);
		lt_hits_free(h);
		return n;
	}
	uint64_t size = lt_doc_size(doc);
	if (size < LT_COUNT_SPLIT)
		return count_range(s, doc, 0, size);
	/* two halves, split where a paragraph ends, one on each core */
	lt_range mid = lt_doc_para_around(doc, size / 2);
	uint64_t split = mid.end > mid.start ? mid.end : size / 2;
	char err[64];
	lt_search *other = lt_search_new(s->pattern, &s->opts, err, sizeof err);
	count_job job = {other, doc, split, size, 0};
	pthread_t thread;
	bool threaded =
	    other && pthread_create(&thread, NULL, count_job_run, &job) == 0;
	size_t first = count_range(s, doc, 0, split);
	if (threaded)
		pthread_join(thread, NULL);
	else
		job.count = count_range(s, doc, split, size);
	lt_search_free(other);
	return first + job.count;
}

/* ---- a hit in its context ------------------------------------------- */

/* Decode p[0..n) and append it with every run of white space made one
 * space (ends kept, so that pieces can be joined; with trim, white space
 * at its start is dropped). */
static void put_spaced(lt_buf *out, const char *p, size_t n, bool trim)
{
	lt_buf d = {0};
	lt_decode(p, n, &d);
	bool space = trim;
	for (size_t i = 0; i < d.len;) {
		ucs4_t uc;
		int len = u8_mbtouc(&uc, (const uint8_t *)d.s + i, d.len - i);
		if (lt_uc_is_space(uc)) {
			if (!space)
				lt_buf_put(out, " ", 1, 0);
			space = true;
		} else {
			lt_buf_put(out, d.s + i, (size_t)len, 0);
			space = false;
		}
		i += (size_t)len;
	}
	lt_buf_free(&d);
}

/* The start of the character holding byte i of p (i itself when valid). */
static size_t lead_byte(const char *p, size_t i)
{
	while (i > 0 && ((unsigned char)p[i] & 0xC0) == 0x80 &&
	       ((unsigned char)p[i - 1] & 0x80))
		i--;
	return i;
}

void lt_search_snippet(const char *p, size_t n, lt_range hit, size_t before,
                       size_t after, lt_buf *out, size_t *mark_from,
                       size_t *mark_to)
{
	size_t hs = (size_t)hit.start, he = (size_t)hit.end;
	size_t from = hs > before ? lead_byte(p, hs - before) : 0;
	size_t to = he + after < n ? lead_byte(p, he + after) : n;
	lt_buf_clear(out);
	lt_buf_put(out, "", 0, 0);
	/* a cut start is trimmed: "…" stands against the text it cuts */
	if (from > 0)
		lt_buf_put(out, "…", strlen("…"), 0);
	put_spaced(out, p + from, hs - from, true);
	*mark_from = out->len;
	put_spaced(out, p + hs, he - hs, false);
	*mark_to = out->len;
	put_spaced(out, p + he, to - he, false);
	if (to < n)
		lt_buf_put(out, "…", strlen("…"), 0);
}
