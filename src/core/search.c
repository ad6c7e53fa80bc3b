#define _GNU_SOURCE /* memmem */
/* Search. A literal pattern is matched on a folded copy of each paragraph:
 * white space runs made one space, typographic quotes, dashes and the
 * ellipsis made ASCII, letters decomposed (NFD), accents dropped when the
 * pattern has none, case folded when case does not matter. Every folded
 * byte remembers the source byte it came from, so hits are spans of the
 * text. Regular expressions go to PCRE2 on the raw bytes. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "lectern/search.h"

#include <pcre2.h>
#include <stdio.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwbrk.h>

#include "doc_impl.h"
#include "lectern/text.h"
#include "util.h"

/* A folded byte that no pattern can hold: what an invalid byte becomes. */
#define NO_MATCH_BYTE 0xFF

struct lt_search {
	bool regex, word, icase, accents; /* accents: they must match */
	char *key;                        /* the folded literal pattern */
	size_t keylen;
	pcre2_code *re;
	pcre2_match_data *md;
	/* scratch */
	char *fold;
	uint32_t *map; /* source offset of each folded byte */
	size_t foldlen, foldcap;
	char *breaks;
	size_t breakcap;
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

/* ---- compiling ------------------------------------------------------------
 */

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
	fold_text(s, pattern, strlen(pattern));
	s->key = lt_xstrndup(s->fold, s->foldlen);
	s->keylen = s->foldlen;
	return s;
}

void lt_search_free(lt_search *s)
{
	if (!s)
		return;
	free(s->key);
	if (s->md)
		pcre2_match_data_free(s->md);
	if (s->re)
		pcre2_code_free(s->re);
	free(s->fold);
	free(s->map);
	free(s->breaks);
	free(s);
}

bool lt_search_case_sensitive(const lt_search *s) { return !s->icase; }

/* ---- matching
 * ---------------------------------------------------------------- */

void lt_spans_free(lt_spans *s)
{
	free(s->v);
	*s = (lt_spans){0};
}

static void add_span(lt_spans *out, uint64_t start, uint64_t end)
{
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

/* Is [start, end) of p[0..n) a whole word? Breaks are computed once per
 * text, when first asked. */
static bool whole_word(lt_search *s, const char *p, size_t n, bool *have,
                       uint64_t start, uint64_t end)
{
	if (!*have) {
		lt_grow(&s->breaks, &s->breakcap, n + 1, 1);
		u8_wordbreaks((const uint8_t *)p, n, s->breaks);
		*have = true;
	}
	bool left = start == 0 || s->breaks[start];
	bool right = end >= n || s->breaks[end];
	return left && right;
}

static size_t search_regex(lt_search *s, const char *p, size_t n, lt_spans *out)
{
	size_t added = 0, at = 0;
	bool have_breaks = false;
	while (at <= n) {
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
		if (!s->word || whole_word(s, p, n, &have_breaks, start, end)) {
			add_span(out, start, end);
			added++;
			at = end;
		} else {
			at = start + char_len(p + start, n - start);
		}
	}
	return added;
}

size_t lt_search_text(lt_search *s, const char *p, size_t n, lt_spans *out)
{
	if (s->regex)
		return search_regex(s, p, n, out);
	fold_text(s, p, n);
	size_t added = 0;
	uint64_t last_end = 0;
	bool have_breaks = false;
	const char *f = s->fold;
	for (size_t at = 0; at + s->keylen <= s->foldlen;) {
		const char *hit =
		    memmem(f + at, s->foldlen - at, s->key, s->keylen);
		if (!hit)
			break;
		size_t fs = (size_t)(hit - f), fe = fs + s->keylen;
		uint64_t start = s->map[fs];
		uint64_t last = s->map[fe - 1];
		uint64_t end = last + char_len(p + last, n - last);
		if (start >= last_end &&
		    (!s->word ||
		     whole_word(s, p, n, &have_breaks, start, end))) {
			add_span(out, start, end);
			added++;
			last_end = end;
			at = fe;
		} else {
			at = fs + 1;
		}
	}
	return added;
}

/* ---- every hit in a document
 * --------------------------------------------------- */

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
	lt_spans spans; /* scratch */
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
	lt_spans_free(&h->spans);
	free(h);
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
	uint64_t spent = 0;
	while (h->next < limit && (budget == 0 || spent < budget)) {
		lt_range r = lt_doc_para(doc, h->next);
		h->spans.n = 0;
		size_t c = lt_search_text(h->s, doc->data + r.start,
		                          (size_t)(r.end - r.start), &h->spans);
		if (c) {
			lt_grow(&h->v, &h->cap, h->n + 1, sizeof *h->v);
			h->v[h->n++] = (para_entry){h->next, c, h->total};
			h->total += c;
		}
		spent += r.end - r.start + 1;
		h->searched = r.end;
		h->next++;
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
