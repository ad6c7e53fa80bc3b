/* Finding the structure of a collection: essays (a title followed by a
 * byline), their section headings and author bios, the front and back
 * matter around them, and the author index. General rules, not tuned to
 * one file; see lt_structure_step(). */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "doc_impl.h"
#include "lectern/text.h"
#include "util.h"

/* Paragraphs longer than this (in bytes) are never titles or bylines. */
#define TITLE_MAX 400
/* ... nor headings. */
#define HEADING_MAX   200
#define HEADING_WORDS 12
/* Back-matter lines are short. */
#define FOOTER_MAX   80
#define FOOTER_WORDS 8
/* How far into a bio to look for the author's name. */
#define BIO_NAME_SPAN 1000

/* The rules look at a paragraph and the one before it, in turns: the
 * last two of each are kept. */
typedef struct {
	lt_doc *doc;
	lt_buf fold[2];    /* scratch: two folded paragraphs */
	size_t fold_i[2];  /* the paragraphs in fold, or LT_NONE */
	size_t range_i[2]; /* the paragraphs whose ranges are in range */
	lt_range range[2];
	int fold_next, range_next; /* the slot to use next */
} parser;

#define PARSER(d)                                                              \
	{                                                                      \
		.doc = (d), .fold_i = {LT_NONE, LT_NONE},                      \
		.range_i = {LT_NONE, LT_NONE},                                 \
	}

static lt_range para(parser *ps, size_t i)
{
	if (ps->range_i[0] == i || ps->range_i[1] == i)
		return ps->range[ps->range_i[1] == i];
	int k = ps->range_next;
	ps->range_next ^= 1;
	ps->range_i[k] = i;
	ps->range[k] = lt_doc_para(ps->doc, i);
	return ps->range[k];
}

static uint64_t para_len(parser *ps, size_t i)
{
	lt_range r = para(ps, i);
	return r.end - r.start;
}

/* Fold paragraph i into a scratch buffer and return it (valid until two
 * other paragraphs are folded). */
static const char *fold(parser *ps, size_t i)
{
	if (ps->fold_i[0] == i || ps->fold_i[1] == i)
		return ps->fold[ps->fold_i[1] == i].s;
	int k = ps->fold_next;
	ps->fold_next ^= 1;
	ps->fold_i[k] = i;
	lt_range r = para(ps, i);
	lt_buf_clear(&ps->fold[k]);
	lt_fold(ps->doc->data + r.start, (size_t)(r.end - r.start),
	        &ps->fold[k]);
	return ps->fold[k].s;
}

/* Does paragraph i hold at most n lines? */
static bool lines_at_most(parser *ps, size_t i, size_t n)
{
	lt_range r = para(ps, i);
	const char *p = ps->doc->data + r.start, *end = p + (r.end - r.start);
	if (memchr(p, '\r', (size_t)(end - p))) {
		size_t lines = 1; /* CR or CRLF line ends: count them all */
		for (; p < end && lines <= n; p++)
			lines += *p == '\n' ||
			         (*p == '\r' && (p + 1 == end || p[1] != '\n'));
		return lines <= n;
	}
	for (size_t lines = 1; lines <= n; lines++) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			return true;
		p++;
	}
	return false;
}

static bool single_line(parser *ps, size_t i)
{
	lt_range r = para(ps, i);
	const char *p = ps->doc->data + r.start;
	size_t n = (size_t)(r.end - r.start);
	return !memchr(p, '\n', n) && !memchr(p, '\r', n);
}

static size_t count_words(const char *s)
{
	size_t n = *s ? 1 : 0;
	for (; *s; s++)
		n += *s == ' ';
	return n;
}

/* The first code point of p[0..n), 0 when empty. */
static ucs4_t first_uc_n(const char *p, size_t n)
{
	ucs4_t uc = 0;
	if (n > 0)
		u8_mbtouc(&uc, (const uint8_t *)p, n);
	return uc;
}

static ucs4_t first_uc(const char *s) { return first_uc_n(s, strlen(s)); }

/* The last code point of s[0..n). */
static ucs4_t last_uc(const char *s, size_t n)
{
	ucs4_t uc = 0;
	const uint8_t *p =
	    u8_prev(&uc, (const uint8_t *)s + n, (const uint8_t *)s);
	return p ? uc : 0;
}

static bool is_open_quote(ucs4_t uc)
{
	return uc == '"' || uc == '\'' || uc == 0x201C || uc == 0x2018 ||
	       uc == 0x00AB || uc == 0x201E;
}

static bool is_close_quote(ucs4_t uc)
{
	return uc == '"' || uc == '\'' || uc == 0x201D || uc == 0x2019 ||
	       uc == 0x00BB;
}

/* Upper or title case: a letter with a lower-case mapping. */
static bool is_cap(ucs4_t uc) { return uc_tolower(uc) != uc; }

static bool ascii_prefix_ci(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncasecmp(s, prefix, n) == 0;
}

/* ---- bylines ---------------------------------------------------------- */

/* Words that may stand in lower case inside a name. */
static const char *const name_particles[] = {
    "de",  "del", "della", "der", "den", "di", "da", "du", "dos", "das", "van",
    "von", "la",  "le",    "bin", "ibn", "al", "el", "y",  "and", "&",   NULL,
};

static bool in_list(const char *w, size_t n, const char *const *list)
{
	if (n == 0 || n > 12) /* no listed word is longer */
		return false;
	int c = tolower((unsigned char)w[0]);
	for (; *list; list++)
		if (**list == c && strlen(*list) == n &&
		    strncasecmp(w, *list, n) == 0)
			return true;
	return false;
}

/* Does s look like a person's name: 1-8 words, each capitalised (initials
 * and particles allowed), no digits? */
static bool looks_like_name(const char *s)
{
	size_t words = 0;
	for (const char *w = s; *w;) {
		const char *e = strchr(w, ' ');
		size_t n = e ? (size_t)(e - w) : strlen(w);
		ucs4_t uc = first_uc(w);
		if (!is_cap(uc) && !in_list(w, n, name_particles))
			return false;
		for (size_t k = 0; k < n; k++)
			if (isdigit((unsigned char)w[k]))
				return false;
		words++;
		w += n;
		while (*w == ' ')
			w++;
	}
	return words >= 1 && words <= 8 && is_cap(first_uc(s));
}

/* The length of s[0..n) without Markdown emphasis around it ("*By X*",
 * "__By X__"): *skip is set to the markers before. */
static size_t unemphasize(const char *s, size_t n, size_t *skip)
{
	size_t k = 0;
	while (k < 2 && k < n && (s[k] == '*' || s[k] == '_'))
		k++;
	size_t m = 0;
	while (m < k && n - m > k && s[n - 1 - m] == s[0])
		m++;
	if (m < k) /* not closed: no emphasis */
		k = m = 0;
	*skip = k;
	return n - k - m;
}

/* Where the name ends in "NAME, Author of ..." or "NAME (1850-1900)". */
static size_t name_tail(const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (s[k] == ',' || s[k] == ';' || s[k] == '(' ||
		    (s[k] == ' ' && k + 1 < n && s[k + 1] == '(') ||
		    (k + 4 <= n && memcmp(s + k, " \xE2\x80\x94", 4) == 0))
			return k;
	return n;
}

/* If paragraph i is a byline, return the author's name (a new string);
 * else NULL. "Written by NAME." or "By NAME", any white space between,
 * perhaps in Markdown emphasis, perhaps with a tail after the name
 * ("BY JANE DOE, Author of ..."). */
static char *byline_author(parser *ps, size_t i)
{
	lt_range r = para(ps, i);
	if (r.end - r.start > TITLE_MAX)
		return NULL;
	const char *raw = ps->doc->data + r.start;
	if (raw[0] != 'W' && raw[0] != 'B' && raw[0] != 'w' && raw[0] != '*' &&
	    raw[0] != '_')
		return NULL;
	const char *f = fold(ps, i);
	size_t skip, len = unemphasize(f, strlen(f), &skip);
	f += skip;
	const char *name;
	if (len > 11 && ascii_prefix_ci(f, "written by "))
		name = f + strlen("written by ");
	else if (len > 3 &&
	         (strncmp(f, "By ", 3) == 0 || strncmp(f, "BY ", 3) == 0))
		name = f + 3;
	else
		return NULL;
	size_t n = name_tail(name, len - (size_t)(name - f));
	while (n > 0 && name[n - 1] == ' ')
		n--;
	if (n > 0 && name[n - 1] == '.')
		n--;
	char *author = lt_xstrndup(name, n);
	if (n == 0 || n > 120 || !looks_like_name(author)) {
		free(author);
		return NULL;
	}
	return author;
}

/* ---- headings ----------------------------------------------------------- */

/* Words that stay lower case in a title-case heading. */
static const char *const small_words[] = {
    "a",   "an",    "the", "and",  "but",  "or",   "nor",  "for",  "so",
    "yet", "as",    "at",  "by",   "in",   "of",   "off",  "on",   "per",
    "to",  "up",    "via", "with", "from", "into", "onto", "over", "than",
    "vs",  "vs.",   "v.",  "de",   "la",   "le",   "du",   "des",  "von",
    "van", "der",   "den", "da",   "di",   "del",  "et",   "und",  "is",
    "its", "their", "his", "her",  "upon", NULL,
};

static bool title_case(const char *s)
{
	size_t upper = 0, index = 0;
	for (const char *w = s; *w; index++) {
		const char *e = strchr(w, ' ');
		size_t n = e ? (size_t)(e - w) : strlen(w);
		/* skip opening quotes and brackets */
		const uint8_t *p = (const uint8_t *)w, *end = p + n;
		ucs4_t uc = 0;
		while (p < end) {
			int len = u8_mbtouc(&uc, p, (size_t)(end - p));
			if (uc_is_alpha(uc) || uc_is_digit(uc))
				break;
			p += len;
		}
		if (p < end && uc_is_alpha(uc)) {
			if (is_cap(uc))
				upper++;
			else if (index == 0 ||
			         !in_list((const char *)p, (size_t)(end - p),
			                  small_words))
				return false;
		}
		w += n;
		while (*w == ' ')
			w++;
	}
	return upper > 0;
}

/* Could paragraph i be a section heading by its own looks: one short line,
 * title case or in quotes, no bullet, no site footer, ending in a letter,
 * a digit, '.', '?', '!' or a closing quote? */
static bool footer_like(parser *ps, size_t i);

static bool heading_like(parser *ps, size_t i)
{
	lt_range r = para(ps, i);
	if (r.end - r.start > HEADING_MAX || !single_line(ps, i))
		return false;
	const char *f = fold(ps, i);
	size_t n = strlen(f);
	size_t words = count_words(f);
	if (words == 0 || words > HEADING_WORDS)
		return false;
	ucs4_t first = first_uc(f), last = last_uc(f, n);
	if (first == '*' || first == '-' || first == '+' || first == 0x2022 ||
	    first == 0x2013 || first == 0x2014 || first == 0x00B7 ||
	    first == '>' || first == '#')
		return false;
	if (!(uc_is_alpha(last) || uc_is_digit(last) || last == '.' ||
	      last == '?' || last == '!' || last == ')' ||
	      is_close_quote(last)))
		return false;
	if (is_open_quote(first)) {
		/* a quoted heading: “No Exclusive Interests Involved” */
		ucs4_t uc;
		const uint8_t *lastp =
		    u8_prev(&uc, (const uint8_t *)f + n, (const uint8_t *)f);
		ucs4_t before =
		    lastp ? last_uc(f, (size_t)(lastp - (const uint8_t *)f))
		          : 0;
		if (is_close_quote(last) ||
		    ((last == '.' || last == '?' || last == '!') &&
		     is_close_quote(before)))
			return !footer_like(ps, i);
	}
	/* a site footer ("Blog at") between two essays is never a heading
	 * (asked last: it is the slowest question) */
	return title_case(f) && !footer_like(ps, i);
}

/* ---- bios and back matter ---------------------------------------------- */

/* ASCII case-insensitive search for needle in p[0..n); word-bounded when
 * word is set. */
static bool find_ci(const char *p, size_t n, const char *needle, size_t nn,
                    bool word)
{
	if (nn == 0 || nn > n)
		return false;
	/* the first byte in either case, found by memchr: bios are long,
	 * and every essay's is searched for its author's name */
	unsigned char first = (unsigned char)needle[0];
	int lo = tolower(first), up = toupper(first);
	const char *end = p + n - nn + 1; /* where a hit can start */
	const char *next_lo = memchr(p, lo, (size_t)(end - p));
	const char *next_up =
	    up != lo ? memchr(p, up, (size_t)(end - p)) : NULL;
	while (next_lo || next_up) {
		const char *at = !next_up || (next_lo && next_lo < next_up)
		                     ? next_lo
		                     : next_up;
		size_t i = (size_t)(at - p);
		if (at == next_lo)
			next_lo = memchr(at + 1, lo, (size_t)(end - at - 1));
		else
			next_up = memchr(at + 1, up, (size_t)(end - at - 1));
		if (strncasecmp(p + i, needle, nn) != 0)
			continue;
		if (!word)
			return true;
		bool left = i == 0 || !isalnum((unsigned char)p[i - 1]);
		bool right = i + nn == n || !isalnum((unsigned char)p[i + nn]);
		if (left && right)
			return true;
	}
	return false;
}

static size_t edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
	size_t row[33];
	if (na > 32 || nb > 32)
		return SIZE_MAX;
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) !=
			              tolower((unsigned char)b[j - 1]);
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

/* The end of the run of letters (letters true) or of non-letters (false)
 * that starts at p[i], in p[0..n). */
static size_t letters_end(const char *p, size_t n, size_t i, bool letters)
{
	while (i < n) {
		ucs4_t uc;
		int len = u8_mbtouc(&uc, (const uint8_t *)p + i, n - i);
		if ((bool)uc_is_alpha(uc) != letters)
			break;
		i += (size_t)len;
	}
	return i;
}

/* Words of a name, skipping initials and titles, are matched in the bio;
 * the surname (the last such word) also with one or two letters wrong. */
static bool names_author(const char *p, size_t n, const char *author)
{
	if (n > BIO_NAME_SPAN)
		n = BIO_NAME_SPAN;
	const char *surname = NULL;
	size_t surname_len = 0;
	for (const char *w = author; *w;) {
		const char *e = strchr(w, ' ');
		size_t len = e ? (size_t)(e - w) : strlen(w);
		size_t core = len;
		while (core > 0 && (w[core - 1] == '.' || w[core - 1] == ','))
			core--;
		/* "The Editors": not every bio with "the" in it */
		if (core >= 3 && !in_list(w, core, small_words) &&
		    !in_list(w, core, name_particles)) {
			if (find_ci(p, n, w, core, true))
				return true;
			surname = w;
			surname_len = core;
		}
		w += len;
		while (*w == ' ')
			w++;
	}
	if (!surname || surname_len < 4)
		return false;
	size_t allowed = surname_len >= 7 ? 2 : 1;
	/* words are runs of letters of any script, so that a spelling with
	 * or without diacritics (Wiśniewska, Wisniewska) is one word a few
	 * bytes away */
	for (size_t i = 0; i < n;) {
		i = letters_end(p, n, i, false);
		size_t j = letters_end(p, n, i, true);
		size_t wl = j - i;
		if (wl + allowed >= surname_len &&
		    wl <= surname_len + allowed &&
		    is_cap(first_uc_n(p + i, wl)) &&
		    edit_distance(p + i, wl, surname, surname_len) <= allowed)
			return true;
		i = j;
	}
	return false;
}

static bool is_bio(parser *ps, size_t i, const char *author)
{
	lt_range r = para(ps, i);
	const char *p = ps->doc->data + r.start;
	size_t n = (size_t)(r.end - r.start);
	if (find_ci(p, n, "Image credit", 12, false))
		return true;
	return author && names_author(p, n, author);
}

static const char *const footer_marks[] = {
    "blog at",
    "powered by",
    "proudly powered",
    "up \xE2\x86\x91",
    "bloggers like this",
    "like this:",
    "share this",
    "copyright",
    "\xC2\xA9",
    "all rights reserved",
    "back to top",
    "create a free website",
    NULL,
};

static bool short_line(parser *ps, size_t i)
{
	if (para_len(ps, i) > FOOTER_MAX || !single_line(ps, i))
		return false;
	return count_words(fold(ps, i)) <= FOOTER_WORDS;
}

static bool footer_like(parser *ps, size_t i)
{
	const char *f = fold(ps, i);
	for (const char *const *m = footer_marks; *m; m++)
		if (find_ci(f, strlen(f), *m, strlen(*m), false))
			return true;
	return false;
}

static void build_authors(lt_doc *doc);

/* ---- building ------------------------------------------------------------ */

/* p[0..n) folded into out (cleared first). */
static const char *fold_into(const char *p, size_t n, lt_buf *out)
{
	lt_buf_clear(out);
	lt_fold(p, n, out);
	return out->s;
}

/* The name as spelt in essay k's byline, or NULL. */
static const char *essay_name(const lt_doc *doc, size_t k)
{
	uint32_t sp = doc->essays[k].spelling;
	return sp == LT_NO_SPELLING ? NULL : doc->spellings[sp].raw;
}

/* Paragraph i (line line) is a section heading of the essay being read:
 * it looked like one, and the paragraph after it does not. Whether body
 * text really follows is settled when the essay closes. */
static void add_section(parser *ps, size_t i, uint64_t line)
{
	lt_doc *doc = ps->doc;
	lt_grow(&doc->sections, &doc->sectioncap, doc->nsections + 1,
	        sizeof *doc->sections);
	doc->sections[doc->nsections++] = (lt_section_rec){i, line};
}

/* Trailing short lines after the last essay's bio, or that look like a
 * site footer, are back matter; so is everything from an ebook's END
 * marker on. */
static size_t find_back(parser *ps)
{
	lt_doc *doc = ps->doc;
	size_t n = doc->end_para != LT_NONE ? doc->end_para : doc->npara;
	if (doc->nessays == 0 || doc->rules == LT_STRUCT_PLAIN)
		return n;
	const lt_essay_rec *last = &doc->essays[doc->nessays - 1];
	size_t body = last->title_para + last->header;
	const char *author = essay_name(doc, doc->nessays - 1);
	size_t j = n, first_footer = n;
	while (j > body && short_line(ps, j - 1) &&
	       !is_bio(ps, j - 1, author)) {
		if (footer_like(ps, j - 1))
			first_footer = j - 1;
		j--;
	}
	if (j == n)
		return n;
	if (j > body && is_bio(ps, j - 1, author))
		return j;
	/* no bio closes the essay: short body lines may end it, so the
	 * footer starts at its first footer-like line */
	return first_footer;
}

static uint64_t hash_name(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return h;
}

/* The spelling number of name, added if new: a hash table keeps the
 * distinct spellings, so that a collection of thousands of essays by a
 * few authors keeps a few names. */
static uint32_t spelling_of(lt_doc *doc, const char *name)
{
	if (2 * (doc->nspellings + 1) > doc->name_slots) {
		size_t slots = doc->name_slots ? 2 * doc->name_slots : 64;
		uint32_t *t = lt_xcalloc(slots, sizeof *t);
		for (size_t k = 0; k < doc->nspellings; k++) {
			size_t h = (size_t)hash_name(doc->spellings[k].raw) &
			           (slots - 1);
			while (t[h])
				h = (h + 1) & (slots - 1);
			t[h] = (uint32_t)k + 1;
		}
		free(doc->name_table);
		doc->name_table = t;
		doc->name_slots = slots;
	}
	size_t h = (size_t)hash_name(name) & (doc->name_slots - 1);
	while (doc->name_table[h]) {
		uint32_t k = doc->name_table[h] - 1;
		if (strcmp(doc->spellings[k].raw, name) == 0)
			return k;
		h = (h + 1) & (doc->name_slots - 1);
	}
	lt_grow(&doc->spellings, &doc->spellingcap, doc->nspellings + 1,
	        sizeof *doc->spellings);
	lt_spelling *sp = &doc->spellings[doc->nspellings];
	sp->raw = lt_arena_strndup(&doc->strings, name, strlen(name));
	sp->author = LT_NONE;
	doc->name_table[h] = (uint32_t)++doc->nspellings;
	return (uint32_t)(doc->nspellings - 1);
}

/* Start essay number doc->nessays at paragraph title (on line line),
 * titled by its first ntitle paragraphs read the way how says, with a
 * header of header paragraphs, its byline at distance byline (0: none)
 * and its author's name (NULL: none). */
static void open_essay(parser *ps, size_t title, size_t ntitle, size_t header,
                       size_t byline, int how, const char *author,
                       uint64_t line)
{
	lt_doc *doc = ps->doc;
	lt_grow(&doc->essays, &doc->essaycap, doc->nessays + 1,
	        sizeof *doc->essays);
	lt_essay_rec *e = &doc->essays[doc->nessays++];
	*e = (lt_essay_rec){0};
	e->title_para = title;
	e->line = line;
	e->ntitle = (uint8_t)ntitle;
	e->header = (uint8_t)header;
	e->byline = (uint8_t)byline;
	e->how = (uint8_t)how;
	e->spelling = author ? spelling_of(doc, author) : LT_NO_SPELLING;
	e->first_section = (uint32_t)doc->nsections;
	doc->body_start = title + header;
	doc->in_header = false;
	doc->open_body = false;
	doc->prev_heading = false;
}

static size_t essay_end(const lt_doc *doc, size_t k)
{
	if (k + 1 < doc->nessays)
		return doc->essays[k + 1].title_para;
	return doc->finished ? doc->back_start : doc->npara;
}

static size_t essay_nsections(const lt_doc *doc, size_t k)
{
	size_t next = k + 1 < doc->nessays ? doc->essays[k + 1].first_section
	                                   : doc->nsections;
	return next - doc->essays[k].first_section;
}

/* Words that end an essay but are no signature. */
static const char *const not_signatures[] = {
    "the end", "end", "finis", "fin", "contents", NULL,
};

/* Letters, none of them lower case. */
static bool caps_only(const char *s)
{
	size_t letters = 0;
	const uint8_t *end = (const uint8_t *)s + strlen(s);
	for (const uint8_t *p = (const uint8_t *)s; p < end;) {
		ucs4_t uc;
		p += u8_mbtouc(&uc, p, (size_t)(end - p));
		if (uc_is_alpha(uc)) {
			if (uc_toupper(uc) != uc)
				return false;
			letters++;
		}
	}
	return letters > 0;
}

/* If paragraph i is one short line of a name in capitals ("HAMILTON",
 * "PUBLIUS."), return it (a new string), else NULL. */
static char *caps_name(parser *ps, size_t i, size_t max)
{
	if (para_len(ps, i) > max || !single_line(ps, i))
		return NULL;
	const char *f = fold(ps, i);
	size_t n = strlen(f);
	if (n > 0 && f[n - 1] == '.')
		n--;
	if (n == 0)
		return NULL;
	for (const char *const *w = not_signatures; *w; w++)
		if (strlen(*w) == n && strncasecmp(f, *w, n) == 0)
			return NULL;
	char *name = lt_xstrndup(f, n);
	if (!caps_only(name) || count_words(name) > 4 ||
	    !looks_like_name(name)) {
		free(name);
		return NULL;
	}
	return name;
}

/* A footnote: "12. Ibid.", "(3) ...", "[Footnote 1: ...]". */
static bool footnote(parser *ps, size_t i)
{
	lt_range r = para(ps, i);
	const char *p = ps->doc->data + r.start;
	size_t n = (size_t)(r.end - r.start), k = 0;
	if (n > 800)
		return false;
	if (p[0] == '[')
		return true;
	if (p[0] == '(')
		k++;
	size_t d = k;
	while (k < n && k - d < 3 && isdigit((unsigned char)p[k]))
		k++;
	return k > d && k + 1 < n && (p[k] == '.' || p[k] == ')') &&
	       p[k + 1] == ' ';
}

/* The essay k ends before paragraph end: find its signature (a name in
 * capitals alone, perhaps before footnotes: its author when it has no
 * byline) or its bio, and keep only the sections that body text
 * follows. */
static void close_essay(parser *ps, size_t k, size_t end)
{
	lt_doc *doc = ps->doc;
	lt_essay_rec *e = &doc->essays[k];
	size_t body = e->title_para + e->header;
	e->bio = false;
	/* a signature, perhaps with footnotes after it */
	size_t tail = end, sig = LT_NONE;
	while (tail > body + 1 && end - tail < 60 && footnote(ps, tail - 1))
		tail--;
	char *name = NULL;
	if (tail > body + 1 && doc->rules != LT_STRUCT_PLAIN)
		name = caps_name(ps, tail - 1, 40);
	if (name) {
		sig = tail - 1;
		if (e->spelling == LT_NO_SPELLING) {
			e->spelling = spelling_of(doc, name);
			e->signature = true;
		}
		free(name);
	} else if (doc->rules != LT_STRUCT_PLAIN) {
		if (e->spelling == LT_NO_SPELLING)
			e->spelling = doc->book_spelling;
		e->bio = end > body && is_bio(ps, end - 1, essay_name(doc, k));
	}
	size_t body_end = sig != LT_NONE ? sig : e->bio ? end - 1 : end;
	while (doc->nsections > e->first_section &&
	       doc->sections[doc->nsections - 1].para + 1 >= body_end)
		doc->nsections--;
	doc->nclosed = k + 1;
}

/* A new essay starts at paragraph i: close the open one there, or drop it
 * when it had no body and no essay before it had (it was a book's title
 * page, or an entry of a contents list). */
static void end_open_essay(parser *ps, size_t i)
{
	lt_doc *doc = ps->doc;
	if (doc->nessays == 0) {
		doc->nsections = 0; /* headings in front matter */
		return;
	}
	if (!doc->open_body && (doc->in_contents || !doc->any_body)) {
		/* a title page or a contents entry, not an essay; a title
		 * page's one author writes the essays that name none */
		const lt_essay_rec *e = &doc->essays[doc->nessays - 1];
		if (!doc->any_body && e->byline && !e->signature &&
		    doc->book_spelling == LT_NO_SPELLING) {
			const char *f = fold(ps, e->title_para + e->byline);
			if (!strchr(f, ',') && !strstr(f, " and ") &&
			    !strstr(f, " AND ") && !strchr(f, '&'))
				doc->book_spelling = e->spelling;
		}
		doc->nessays--;
		doc->nsections = doc->essays[doc->nessays].first_section;
		return;
	}
	close_essay(ps, doc->nessays - 1, i);
}

/* The line of paragraph i, which the scan noted for the structure. */
static uint64_t line_of(const lt_doc *doc, size_t i)
{
	if (i >= doc->plines_base && i - doc->plines_base < doc->nplines)
		return doc->plines[i - doc->plines_base];
	return lt_doc_line_at(doc, lt_para_start(doc, i));
}

/* Settle whether paragraph i - 1 is a section heading, now that the
 * paragraph after it, i, is known: it looks like one and i does not. */
static void settle_heading(parser *ps, size_t i, bool heading_i)
{
	lt_doc *doc = ps->doc;
	if (doc->prev_heading && !heading_i)
		add_section(ps, i - 1, line_of(doc, i - 1));
	doc->prev_heading = heading_i;
}

/* ---- numbered series, ebooks, contents ------------------------------- */

/* Words that number an essay: "No. 12", "ESSAY XII.", "Number 3". */
static const char *const number_words[] = {
    "no",     "no.",     "n\xC2\xBA", "nos.",  "number",  "num.",
    "essay",  "chapter", "letter",    "paper", "lecture", "discourse",
    "sermon", "article", "canto",     NULL,
};

/* Is the folded text s shaped like a title: a few words, title case or
 * capitals, not ending like a sentence running on? */
static bool title_shaped(const char *s)
{
	size_t n = strlen(s), words = count_words(s);
	if (n == 0 || words > 20)
		return false;
	ucs4_t last = last_uc(s, n);
	if (last == ',' || last == ':' || last == ';')
		return false;
	return title_case(s);
}

static const char *skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* The value of a Roman numeral in one case at w[0..n), or 0 when it is
 * none (or not written the usual way: "IIII", "VX", "MIX" are not). */
static unsigned roman_value(const char *w, size_t n)
{
	static const char digits[] = "IVXLCDM";
	static const unsigned values[] = {1, 5, 10, 50, 100, 500, 1000};
	unsigned total = 0;
	for (size_t k = 0; k < n; k++) {
		const char *d = strchr(digits, toupper((unsigned char)w[k]));
		if (!d || !*d)
			return 0;
		unsigned v = values[d - digits], next = 0;
		if (k + 1 < n) {
			const char *e =
			    strchr(digits, toupper((unsigned char)w[k + 1]));
			if (!e || !*e)
				return 0;
			next = values[e - digits];
		}
		total = v < next ? total - v : total + v;
	}
	if (total == 0 || total > 3999)
		return 0;
	/* written back the usual way, it must read the same */
	static const char *const parts[4][10] = {
	    {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"},
	    {"", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"},
	    {"", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"},
	    {"", "M", "MM", "MMM", "", "", "", "", "", ""},
	};
	char canon[20] = "";
	unsigned scale[4] = {1000, 100, 10, 1};
	for (int k = 0; k < 4; k++)
		strcat(canon, parts[3 - k][total / scale[k] % 10]);
	return strlen(canon) == n && strncasecmp(canon, w, n) == 0 ? total : 0;
}

/* The length of the number at w[0..n) with the point after it ('.' or
 * ':'), when w is a number: digits, or a Roman numeral in one case. */
static size_t number_len(const char *w, size_t n, bool *pointed)
{
	size_t k = n;
	*pointed = k > 0 && (w[k - 1] == '.' || w[k - 1] == ':');
	if (*pointed)
		k--;
	if (k == 0 || k > 9)
		return 0;
	bool digits = true, upper = true, lower = true;
	for (size_t j = 0; j < k; j++) {
		digits &= isdigit((unsigned char)w[j]) != 0;
		upper &= isupper((unsigned char)w[j]) != 0;
		lower &= islower((unsigned char)w[j]) != 0;
	}
	if (digits)
		return k <= 5 ? n : 0;
	return (upper || lower) && roman_value(w, k) ? n : 0;
}

static bool is_roman_digit(unsigned char c)
{
	switch (c | 0x20) {
	case 'i':
	case 'v':
	case 'x':
	case 'l':
	case 'c':
	case 'd':
	case 'm': return true;
	default: return false;
	}
}

/* Does paragraph i hold a digit or a word of Roman numerals: could it
 * number an essay? (Asked of the raw text, before folding it.) */
static bool has_number(parser *ps, size_t i)
{
	lt_range r = para(ps, i);
	const unsigned char *p = (const unsigned char *)ps->doc->data + r.start;
	size_t n = (size_t)(r.end - r.start);
	for (size_t k = 0; k < n;) {
		if (isdigit(p[k]))
			return true;
		if (!isalpha(p[k])) {
			k++;
			continue;
		}
		bool roman = true;
		for (; k < n && isalpha(p[k]); k++)
			roman &= is_roman_digit(p[k]);
		if (roman && (k == n || p[k] < 0x80))
			return true;
	}
	return false;
}

/* Is paragraph i a numbering line: up to two capitalised words, a
 * numbering word and a number ("FEDERALIST No. 10", "ESSAY XII.",
 * "CHAPTER IV. THE TITLE"), or, when bare is set, a Roman numeral with
 * its point, alone or before a title ("XII.", "IV. Of Friendship")?
 * *titled is set when a title follows the number on the line, *roman to
 * the value of a bare numeral (0 otherwise). */
static bool numbering_line(parser *ps, size_t i, bool bare, bool *titled,
                           unsigned *roman)
{
	*roman = 0;
	if (para_len(ps, i) > HEADING_MAX || !single_line(ps, i) ||
	    !has_number(ps, i))
		return false;
	const char *f = fold(ps, i), *w = f, *num = NULL;
	for (int pos = 0; *w && pos < 3; pos++) {
		size_t n = strcspn(w, " ");
		bool pointed;
		if (in_list(w, n, number_words)) {
			num = skip_spaces(w + n);
			break;
		}
		if (pos == 0 && bare && !isdigit((unsigned char)*w) &&
		    number_len(w, n, &pointed) && pointed) {
			num = w;
			break;
		}
		if (!is_cap(first_uc(w)))
			return false;
		w = skip_spaces(w + n);
	}
	if (!num || !*num)
		return false;
	size_t n = strcspn(num, " ");
	bool pointed;
	if (!number_len(num, n, &pointed))
		return false;
	if (num == f)
		*roman = roman_value(num, n - 1);
	const char *rest = skip_spaces(num + n);
	if (strncmp(rest, "\xE2\x80\x94", 3) == 0 ||
	    strncmp(rest, "\xE2\x80\x93", 3) == 0)
		rest = skip_spaces(rest + 3);
	else if (*rest == '-')
		rest = skip_spaces(rest + 1);
	*titled = *rest != '\0';
	return !*titled || title_shaped(rest);
}

static const char *const publication_marks[] = {
    "for the ",
    "from the ",
    "published ",
    "first published",
    "originally published",
    "reprinted",
    "printed for",
    "printed in",
    "appeared in",
    "written in",
    "delivered ",
    "read before",
    NULL,
};

static const char *const months[] = {
    "january", "february",  "march",   "april",    "may",      "june", "july",
    "august",  "september", "october", "november", "december", NULL,
};

/* A publication line under a numbered title: "For the Independent
 * Journal.", "From the New York Packet. Tuesday, November 27, 1787." */
static bool publication_line(parser *ps, size_t i)
{
	if (para_len(ps, i) > TITLE_MAX)
		return false;
	const char *f = fold(ps, i);
	size_t n = strlen(f);
	if (count_words(f) > 25)
		return false;
	for (const char *const *m = publication_marks; *m; m++)
		if (ascii_prefix_ci(f, *m))
			return true;
	/* a date: a month, then a number, and a year at the end */
	bool year =
	    n >= 4 && isdigit((unsigned char)f[n - 1 - (f[n - 1] == '.')]);
	for (const char *w = f; year && *w;
	     w = skip_spaces(w + strcspn(w, " "))) {
		size_t wn = strcspn(w, " ,.");
		if (in_list(w, wn, months) &&
		    isdigit((unsigned char)*skip_spaces(w + strcspn(w, " "))))
			return true;
	}
	return false;
}

static bool contents_heading(parser *ps, size_t i)
{
	if (para_len(ps, i) > 40)
		return false;
	const char *f = fold(ps, i);
	size_t n = strlen(f);
	if (n > 0 && (f[n - 1] == '.' || f[n - 1] == ':'))
		n--;
	return (n == 8 && strncasecmp(f, "contents", 8) == 0) ||
	       (n == 17 && strncasecmp(f, "table of contents", 17) == 0);
}

/* An entry of a contents list: one short line, or short lines ending in a
 * page number. */
static bool contents_entry(parser *ps, size_t i)
{
	lt_range r = para(ps, i);
	const char *p = ps->doc->data + r.start;
	size_t n = (size_t)(r.end - r.start);
	if (n <= 80 && single_line(ps, i))
		return true;
	if (n > 600 || !lines_at_most(ps, i, 6))
		return false;
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\r'))
		n--;
	size_t digits = 0;
	while (digits < n && p[n - 1 - digits] &&
	       (isdigit((unsigned char)p[n - 1 - digits]) ||
	        strchr("IVXLCDMivxlcdm", p[n - 1 - digits])))
		digits++;
	if (digits == 0 || digits == n)
		return false;
	char before = p[n - 1 - digits];
	return before == ' ' || before == '.' || before == '\t';
}

/* Does every line of paragraph i start with two or more spaces? */
static bool indented(parser *ps, size_t i)
{
	lt_range r = para(ps, i);
	const char *p = ps->doc->data + r.start, *end = p + (r.end - r.start);
	while (p < end) {
		if (end - p < 2 || p[0] != ' ' || p[1] != ' ')
			return false;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	return true;
}

/* Paragraph i, after the open essay's header, is its body text; in a
 * contents list, not when it looks like an entry. */
static void note_body(parser *ps, size_t i)
{
	lt_doc *doc = ps->doc;
	if (doc->nessays == 0 || i < doc->body_start ||
	    (doc->in_contents && contents_entry(ps, i)))
		return;
	/* before any essay has a body, indented lines (a motto, a title
	 * page's centred lines) are no body yet */
	if (!doc->any_body && indented(ps, i))
		return;
	doc->open_body = doc->any_body = true;
	doc->in_contents = false;
}

/* An ebook's END marker, or the "End of the Project Gutenberg ..." line
 * before it. */
static bool end_marker(parser *ps, size_t i)
{
	if (para_len(ps, i) > TITLE_MAX)
		return false;
	const char *raw = ps->doc->data + para(ps, i).start;
	if (raw[0] != '*' && raw[0] != 'E' && raw[0] != 'e')
		return false;
	const char *f = fold(ps, i);
	while (*f == '*' || *f == ' ')
		f++;
	return ascii_prefix_ci(f, "end of the project gutenberg") ||
	       ascii_prefix_ci(f, "end of project gutenberg") ||
	       (raw[0] == '*' && ascii_prefix_ci(f, "end of th"));
}

/* The header of the open essay grows by paragraph j when j is its
 * title (after a numbering line), a publication line, an author line in
 * capitals or a byline. Returns false, and ends the header, otherwise. */
static bool header_step(parser *ps, size_t j)
{
	lt_doc *doc = ps->doc;
	lt_essay_rec *e = &doc->essays[doc->nessays - 1];
	char *author = NULL;
	if (para_len(ps, j) <= TITLE_MAX && e->header < 8) {
		author = byline_author(ps, j);
		if (!author && doc->header_titled)
			author = caps_name(ps, j, 80);
		if (author) {
			e->byline = e->header++;
			e->spelling = spelling_of(doc, author);
			free(author);
			doc->byline_essays++;
			doc->in_header = false;
			doc->body_start = e->title_para + e->header;
			return true;
		}
		if (doc->header_titled && publication_line(ps, j)) {
			e->header++;
			doc->body_start = e->title_para + e->header;
			return true;
		}
		if (e->ntitle == e->header && e->ntitle < 3 &&
		    doc->rules != LT_STRUCT_MARKDOWN &&
		    (!doc->header_titled || e->ntitle < 2) &&
		    lines_at_most(ps, j, 3) && para_len(ps, j) <= TITLE_MAX &&
		    !footer_like(ps, j) &&
		    (title_shaped(fold(ps, j)) || !doc->header_titled)) {
			e->ntitle++;
			e->header++;
			doc->header_titled = true;
			doc->body_start = e->title_para + e->header;
			return true;
		}
	}
	doc->in_header = false;
	return false;
}

/* ---- Markdown ------------------------------------------------------------ */

/* Front matter between "---" lines at paragraph i: the range of its
 * "key:" line's value, or an empty range when it has none. */
static bool yaml_block(const char *p, size_t n)
{
	if (n < 7 || memcmp(p, "---", 3) != 0 || (p[3] != '\n' && p[3] != '\r'))
		return false;
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\r'))
		n--;
	return n >= 4 &&
	       (memcmp(p + n - 3, "---", 3) == 0 ||
	        memcmp(p + n - 3, "...", 3) == 0) &&
	       (p[n - 4] == '\n' || p[n - 4] == '\r');
}

/* The value of "key:" in a front matter block p[0..n) (quotes dropped),
 * as a range of p; *len 0 when none. */
static const char *yaml_value(const char *p, size_t n, const char *key,
                              size_t *len)
{
	size_t kn = strlen(key);
	for (const char *l = p, *end = p + n; l < end;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		const char *le = nl ? nl : end;
		if ((size_t)(le - l) > kn && strncasecmp(l, key, kn) == 0 &&
		    l[kn] == ':') {
			const char *v = l + kn + 1;
			while (v < le && (*v == ' ' || *v == '\t'))
				v++;
			const char *ve = le;
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\r'))
				ve--;
			if (ve - v >= 2 && (*v == '"' || *v == '\'') &&
			    ve[-1] == *v) {
				v++;
				ve--;
			}
			*len = (size_t)(ve - v);
			return v;
		}
		l = nl ? nl + 1 : end;
	}
	*len = 0;
	return p;
}

/* The level of an ATX heading line with some text in it, or 0. */
static int md_atx(const char *p, size_t n)
{
	int level = lt_md_atx(p, n);
	for (size_t k = (size_t)level; level && k < n; k++)
		if (p[k] != '#' && p[k] != ' ' && p[k] != '\t' && p[k] != '\r')
			return level;
	return 0;
}

/* The author named by a front matter block p[0..n): "author: NAME", or
 * "author:" with "name: NAME" indented under it; a new string, or NULL. */
static char *yaml_author(const char *p, size_t n)
{
	size_t len;
	const char *v = yaml_value(p, n, "author", &len);
	if (len == 0 && v != p) {
		/* nested: the indented lines under "author:" */
		const char *end = p + n;
		for (const char *l = memchr(v, '\n', (size_t)(end - v));
		     l && l + 1 < end && l[1] == ' ';
		     l = memchr(l + 1, '\n', (size_t)(end - l - 1))) {
			const char *k = l + 1;
			while (k < end && *k == ' ')
				k++;
			v = yaml_value(k, (size_t)(end - k), "name", &len);
			if (len > 0 && v < end &&
			    (!memchr(k, '\n', (size_t)(end - k)) ||
			     v < (const char *)memchr(k, '\n',
			                              (size_t)(end - k))))
				break;
			len = 0;
		}
	}
	if (len == 0 || len > 120)
		return NULL;
	char *author = lt_text_fold(v, len);
	if (author && !looks_like_name(author)) {
		free(author);
		author = NULL;
	}
	return author;
}

/* The Markdown heading level of paragraph i ("# T" 1, "## T" 2, a title
 * underlined with '=' 1 or '-' 2), 0 when it is none. */
static int md_heading(parser *ps, size_t i)
{
	lt_range r = para(ps, i);
	const char *p = ps->doc->data + r.start;
	size_t n = (size_t)(r.end - r.start);
	if (n > TITLE_MAX + 80)
		return 0;
	if (p[0] == '#')
		return single_line(ps, i) ? md_atx(p, n) : 0;
	if (yaml_block(p, n))
		return 0;
	const char *last = p + n;
	while (last > p && last[-1] != '\n' && last[-1] != '\r')
		last--;
	return last > p ? lt_md_underline(last, (size_t)(p + n - last)) : 0;
}

/* Open an essay at Markdown heading or front matter block i. */
static void md_open(parser *ps, size_t i, bool yaml)
{
	lt_doc *doc = ps->doc;
	char *author = NULL;
	if (yaml) {
		lt_range r = para(ps, i);
		author =
		    yaml_author(doc->data + r.start, (size_t)(r.end - r.start));
	}
	end_open_essay(ps, i);
	open_essay(ps, i, 1, 1, 0, yaml ? LT_TITLE_YAML : LT_TITLE_MARKDOWN,
	           author, line_of(doc, i));
	free(author);
	doc->in_header = true;
	doc->header_titled = true;
}

/* Paragraph i under the Markdown rules: headings of the essays' level (or
 * front matter blocks with a title, when those open essays) start
 * essays, deeper ones are sections. */
static void md_step(parser *ps, size_t i)
{
	lt_doc *doc = ps->doc;
	lt_range r = para(ps, i);
	const char *p = doc->data + r.start;
	size_t n = (size_t)(r.end - r.start);
	if (doc->md_level == 0 && yaml_block(p, n)) {
		size_t len;
		yaml_value(p, n, "title", &len);
		if (len > 0) {
			md_open(ps, i, true);
			return;
		}
	}
	int level = md_heading(ps, i);
	if (level > 0 && level == doc->md_level) {
		md_open(ps, i, false);
		return;
	}
	if (doc->in_header && header_step(ps, i))
		return;
	if (level > 0 && i >= doc->body_start && doc->nessays > 0)
		add_section(ps, i, line_of(doc, i));
	else
		note_body(ps, i);
}

/* ---- the rules ------------------------------------------------------------
 */

/* Does paragraph i hold an ASCII lower-case letter? (Then it is not in
 * capitals, whatever else it holds.) */
static bool has_ascii_lower(parser *ps, size_t i)
{
	lt_range r = para(ps, i);
	const char *p = ps->doc->data + r.start;
	for (size_t k = 0; k < r.end - r.start; k++)
		if (p[k] >= 'a' && p[k] <= 'z')
			return true;
	return false;
}

/* Would paragraphs t (a title) and s (a subtitle) stand above a byline:
 * a short title in capitals over a line that is not, or over a note in
 * brackets ("[Footnote 1: A paper read before ...]")? (A title-case line
 * over one in sentence case could as well be front matter over a title.)
 */
static bool title_over_subtitle(parser *ps, size_t t, size_t s)
{
	if (para_len(ps, s) > TITLE_MAX || para_len(ps, t) > TITLE_MAX ||
	    !lines_at_most(ps, t, 3) || has_ascii_lower(ps, t))
		return false;
	const char *sub = fold(ps, s);
	size_t n = strlen(sub);
	bool note = n > 2 && sub[0] == '[' && sub[n - 1] == ']';
	if (!note &&
	    (!single_line(ps, s) || footer_like(ps, s) || caps_only(sub)))
		return false;
	const char *title = fold(ps, t);
	return caps_only(title) && count_words(title) <= 2 * HEADING_WORDS &&
	       !footer_like(ps, t);
}

/* Paragraph i is a byline: the paragraph before it is the essay's title,
 * or the one before that, with a subtitle between. */
static void byline_essay(parser *ps, size_t i, const char *author)
{
	lt_doc *doc = ps->doc;
	size_t t = i - 1;
	size_t floor = doc->nessays > 0 ? doc->body_start : 0;
	if (i >= 2 && i - 2 >= floor && i - 2 >= doc->struct_floor &&
	    title_over_subtitle(ps, i - 2, i - 1))
		t = i - 2;
	end_open_essay(ps, t);
	open_essay(ps, t, 1, i - t + 1, i - t, LT_TITLE_PARAS, author,
	           line_of(doc, t));
	doc->byline_essays++;
}

/* Look at paragraph i, once, in order. Whether paragraph i - 1 looks like
 * a heading is asked only now that i is known not to be its byline (which
 * makes it a title), and whether it is one only once i has been asked. */
static void step_para(parser *ps, size_t i)
{
	lt_doc *doc = ps->doc;
	if (doc->end_para != LT_NONE || doc->rules == LT_STRUCT_PLAIN)
		return;
	if (lt_para_start(doc, i) < doc->start_off) {
		/* an ebook's header, up to its START marker */
		doc->struct_floor = i + 1;
		doc->body_start = i + 2;
		return;
	}
	if (end_marker(ps, i)) {
		doc->end_para = i;
		return;
	}
	if (doc->rules == LT_STRUCT_MARKDOWN) {
		md_step(ps, i);
		return;
	}
	if (!doc->any_body && contents_heading(ps, i)) {
		doc->in_contents = true;
		return;
	}
	bool titled = false;
	unsigned roman;
	/* a bare Roman numeral numbers essays in a book (one byline at
	 * most: its author's), and counts from I, one by one */
	if (numbering_line(ps, i, doc->byline_essays <= 1, &titled, &roman) &&
	    (roman == 0 || roman == 1 || roman == doc->last_roman + 1)) {
		if (roman)
			doc->last_roman = roman;
		end_open_essay(ps, i);
		open_essay(ps, i, 1, 1, 0, LT_TITLE_PARAS, NULL,
		           line_of(doc, i));
		doc->in_header = true;
		doc->header_titled = titled;
		doc->prev_byline = false;
		return;
	}
	if (doc->in_header && header_step(ps, i)) {
		doc->prev_byline = false;
		return;
	}
	char *author = byline_author(ps, i);
	if (author && i > doc->struct_floor && !doc->prev_byline &&
	    para_len(ps, i - 1) <= TITLE_MAX &&
	    (doc->nessays == 0 || i - 1 >= doc->body_start)) {
		byline_essay(ps, i, author);
		free(author);
		doc->prev_byline = true;
		return;
	}
	free(author);
	if (i > doc->struct_floor)
		settle_heading(ps, i - 1,
		               i - 1 >= doc->body_start &&
		                   heading_like(ps, i - 1));
	note_body(ps, i);
	doc->prev_byline = author != NULL;
}

/* Lines an ebook's text may open with that are not its title. */
static const char *const credits[] = {
    "produced by",    "transcribed", "e-text prepared",
    "etext prepared", "this etext",  "this ebook",
    "transcriber",    "prepared by", NULL,
};

/* The first paragraph of the text, after an ebook's header and the
 * credits that open it (npara when none). */
static size_t first_text(parser *ps)
{
	lt_doc *doc = ps->doc;
	size_t n = doc->end_para != LT_NONE ? doc->end_para : doc->npara;
	size_t i = doc->struct_floor;
	if (doc->start_off == 0)
		return i < n ? i : doc->npara;
	for (size_t tries = 0; i < n && tries < 8; i++, tries++) {
		const char *f = fold(ps, i);
		bool credit = false;
		for (const char *const *c = credits; *c && !credit; c++)
			credit = ascii_prefix_ci(f, *c);
		if (!credit)
			return i;
	}
	return i < n ? i : doc->npara;
}

/* The rules (blog: the general ones; markdown; plain: none), in order:
 * 1. an essay starts at the paragraph before a byline (its title), or two
 *    before it when a subtitle stands between; at a numbering line ("No.
 *    12", "ESSAY XII.") with the title, publication and author lines
 *    after it; under the Markdown rules at a heading of the essays' level
 *    (or a front matter block with a title, when those open essays);
 * 2. paragraphs before the first essay are front matter, and so is an
 *    ebook's header up to its START marker and a contents list (essays
 *    with no body in it are its entries); with no essay at all, the whole
 *    text is one essay titled by its first line;
 * 3. trailing short lines after the last bio, or that look like a site
 *    footer, are back matter, and so is everything from an ebook's END
 *    marker on;
 * 4. an essay's last paragraph is its bio when it names the author (or a
 *    near spelling of the surname) or holds "Image credit"; with no
 *    byline, a name in capitals alone there is a signature, its author;
 * 5. section headings are short title-case (or quoted) single-line
 *    paragraphs between the byline and the bio, followed by body text;
 *    under the Markdown rules, the headings below the essays' level.
 * Front matter, essays and back matter partition the bytes of the file.
 *
 * It runs as the scan goes: every paragraph but the last indexed one
 * (which may still grow) is looked at once, in order; an essay is complete
 * when the next one starts, the last one and the author index when the
 * scan ends. What is kept is small: numbers, not text (titles and headings
 * are folded from the text when asked for). */
void lt_structure_step(lt_doc *doc)
{
	if (doc->finished)
		return;
	parser ps = PARSER(doc);
	size_t n = doc->npara;
	size_t limit = doc->done ? n : n > 0 ? n - 1 : 0;
	if (doc->struct_next == 0)
		doc->body_start = 1; /* until an essay starts: as if one had */
	for (size_t i = doc->struct_next; i < limit; i++)
		step_para(&ps, i);
	if (limit > doc->struct_next)
		doc->struct_next = limit;
	/* keep the lines of the paragraphs still to look at, and two more */
	size_t keep_from = doc->struct_next > 1 ? doc->struct_next - 2 : 0;
	if (keep_from > doc->plines_base) {
		size_t drop = keep_from - doc->plines_base;
		if (drop > doc->nplines)
			drop = doc->nplines;
		memmove(doc->plines, doc->plines + drop,
		        (doc->nplines - drop) * sizeof *doc->plines);
		doc->nplines -= drop;
		doc->plines_base += drop;
	}
	if (doc->done) {
		/* the last paragraph: nothing follows it to make it a heading
		 */
		if (n > 0 && doc->rules == LT_STRUCT_BLOG &&
		    doc->end_para == LT_NONE && n - 1 >= doc->struct_floor)
			settle_heading(&ps, n - 1,
			               n - 1 >= doc->body_start &&
			                   heading_like(&ps, n - 1));
		if (doc->in_contents && !doc->open_body && doc->nessays > 0)
			end_open_essay(&ps, n); /* the last entry */
		if (doc->nessays == 0)
			doc->end_para = LT_NONE; /* the text is all there is */
		size_t first = first_text(&ps);
		if (first >= n)
			first = doc->struct_floor < n ? doc->struct_floor : 0;
		if (doc->nessays == 0 && first < n) {
			/* no essay: one, whose sections were seen as front
			 * matter's (those after its first paragraph) */
			size_t drop = 0;
			while (drop < doc->nsections &&
			       doc->sections[drop].para <= first)
				drop++;
			if (drop > 0) {
				memmove(doc->sections, doc->sections + drop,
				        (doc->nsections - drop) *
				            sizeof *doc->sections);
				doc->nsections -= drop;
			}
			open_essay(
			    &ps, first, 1, 1, 0, LT_TITLE_FIRST_LINE, NULL,
			    lt_doc_line_at(doc, lt_para_start(doc, first)));
			doc->essays[0].first_section = 0;
		}
		doc->front_end = doc->nessays ? doc->essays[0].title_para : n;
		doc->back_start = find_back(&ps);
		if (doc->nessays > 0)
			close_essay(&ps, doc->nessays - 1, doc->back_start);
		doc->finished = true;
		build_authors(doc);
		free(doc->plines);
		doc->plines = NULL;
		doc->nplines = doc->plinecap = 0;
	}
	lt_buf_free(&ps.fold[0]);
	lt_buf_free(&ps.fold[1]);
}

/* ---- the author index ---------------------------------------------------- */

static uint8_t *casefold(const char *s, size_t n, size_t *len)
{
	uint8_t *r =
	    u8_casefold((const uint8_t *)s, n, NULL, UNINORM_NFC, NULL, len);
	if (!r) {
		*len = n;
		r = (uint8_t *)lt_xstrndup(s, n);
	}
	return r;
}

static int cmp_bytes(const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
	int c = memcmp(a, b, na < nb ? na : nb);
	return c ? c : (na > nb) - (na < nb);
}

static const char *const name_suffixes[] = {
    "jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", NULL,
};

/* The surname: the last word of the name that is not a suffix. */
static void surname_of(const char *name, const char **s, size_t *n)
{
	const char *best = name;
	size_t bestn = strlen(name);
	for (const char *w = name; *w;) {
		const char *e = strchr(w, ' ');
		size_t len = e ? (size_t)(e - w) : strlen(w);
		size_t core = len;
		while (core > 0 && w[core - 1] == ',')
			core--;
		if (!in_list(w, core, name_suffixes) || w == name) {
			best = w;
			bestn = core;
		}
		w += len;
		while (*w == ' ')
			w++;
	}
	*s = best;
	*n = bestn;
}

static int cmp_author(const void *a, const void *b)
{
	const lt_author *x = a, *y = b;
	const char *sx, *sy;
	size_t nx, ny;
	surname_of(x->name, &sx, &nx);
	surname_of(y->name, &sy, &ny);
	int c = 0;
	u8_casecoll((const uint8_t *)sx, nx, (const uint8_t *)sy, ny, NULL,
	            UNINORM_NFC, &c);
	if (c == 0)
		u8_casecoll((const uint8_t *)x->name, strlen(x->name),
		            (const uint8_t *)y->name, strlen(y->name), NULL,
		            UNINORM_NFC, &c);
	return c ? c
	         : (x->essays[0] > y->essays[0]) -
	               (x->essays[0] < y->essays[0]);
}

/* One spelling of a name, as the bylines have it. */
static int cmp_spelling_key(const void *a, const void *b)
{
	const lt_spelling *x = *(lt_spelling *const *)a;
	const lt_spelling *y = *(lt_spelling *const *)b;
	return cmp_bytes(x->key, x->keylen, y->key, y->keylen);
}

/* The author index from the distinct spellings: spellings that fold to
 * the same key are one author, named as the first essay spells it; essays
 * are dealt to their authors in document order. */
static void build_authors(lt_doc *doc)
{
	/* only the spellings essays use: an essay dropped from a contents
	 * list leaves its byline's behind */
	bool *used = lt_xcalloc(doc->nspellings + 1, sizeof *used);
	for (size_t i = 0; i < doc->nessays; i++)
		if (doc->essays[i].spelling != LT_NO_SPELLING)
			used[doc->essays[i].spelling] = true;
	size_t nsp = 0;
	lt_spelling **order = lt_xmalloc((doc->nspellings + 1) * sizeof *order);
	for (size_t k = 0; k < doc->nspellings; k++) {
		lt_spelling *sp = &doc->spellings[k];
		sp->key = NULL;
		sp->author = LT_NONE;
		if (!used[k])
			continue;
		sp->key = casefold(sp->raw, strlen(sp->raw), &sp->keylen);
		order[nsp++] = sp;
	}
	free(used);
	qsort(order, nsp, sizeof *order, cmp_spelling_key);
	doc->authors = lt_xcalloc(nsp ? nsp : 1, sizeof *doc->authors);
	for (size_t k = 0; k < nsp; k++) {
		if (k == 0 || cmp_spelling_key(&order[k - 1], &order[k]) != 0)
			doc->nauthors++;
		order[k]->author = doc->nauthors - 1;
	}
	free(order);
	for (size_t i = 0; i < doc->nessays; i++)
		if (doc->essays[i].spelling != LT_NO_SPELLING)
			doc->authors[doc->spellings[doc->essays[i].spelling]
			                 .author]
			    .nessays++;
	for (size_t a = 0; a < doc->nauthors; a++)
		doc->authors[a].essays =
		    lt_xmalloc(doc->authors[a].nessays * sizeof(size_t));
	size_t *fill =
	    lt_xcalloc(doc->nauthors ? doc->nauthors : 1, sizeof *fill);
	for (size_t i = 0; i < doc->nessays; i++) {
		uint32_t sp = doc->essays[i].spelling;
		if (sp == LT_NO_SPELLING)
			continue;
		size_t a = doc->spellings[sp].author;
		if (fill[a] == 0)
			doc->authors[a].name = doc->spellings[sp].raw;
		doc->authors[a].essays[fill[a]++] = i;
	}
	free(fill);
	for (size_t k = 0; k < doc->nspellings; k++) {
		free(doc->spellings[k].key);
		doc->spellings[k].key = NULL;
	}
	qsort(doc->authors, doc->nauthors, sizeof *doc->authors, cmp_author);
	/* tell every spelling where its author went */
	for (size_t a = 0; a < doc->nauthors; a++)
		for (size_t k = 0; k < doc->authors[a].nessays; k++)
			doc->spellings[doc->essays[doc->authors[a].essays[k]]
			                   .spelling]
			    .author = a;
}

void lt_structure_free(lt_doc *doc)
{
	lt_arena_free(&doc->strings);
	free(doc->name_table);
	free(doc->spellings);
	for (size_t i = 0; i < doc->nauthors; i++)
		free(doc->authors[i].essays);
	free(doc->essays);
	free(doc->sections);
	free(doc->authors);
}

/* ---- queries ---------------------------------------------------------------
 */

/* While the scan goes, the open essay is listed once its header is
 * read (its title and byline are final then), and, until some essay has
 * a body or while in a contents list, once it has a body itself (an entry
 * of a contents list met later is no essay, and is dropped). */
size_t lt_doc_nessays(const lt_doc *doc)
{
	bool unsettled =
	    doc->in_header ||
	    (!doc->open_body && (doc->in_contents || !doc->any_body));
	return doc->nessays - (!doc->finished && doc->nessays > 0 && unsettled);
}
size_t lt_doc_nessays_complete(const lt_doc *doc)
{
	return doc->finished ? doc->nessays : doc->nclosed;
}
size_t lt_doc_nsections(const lt_doc *doc) { return doc->nsections; }
size_t lt_doc_nauthors(const lt_doc *doc) { return doc->nauthors; }
const lt_author *lt_doc_author(const lt_doc *doc, size_t i)
{
	return &doc->authors[i];
}
size_t lt_doc_back_para(const lt_doc *doc) { return doc->back_start; }

lt_essay lt_doc_essay(const lt_doc *doc, size_t k)
{
	const lt_essay_rec *r = &doc->essays[k];
	lt_essay e;
	e.title_para = r->title_para;
	e.byline_para = r->byline ? r->title_para + r->byline : LT_NONE;
	e.end_para = essay_end(doc, k);
	e.bio_para = r->bio && k < doc->nclosed ? e.end_para - 1 : LT_NONE;
	e.first_section = r->first_section;
	e.nsections = essay_nsections(doc, k);
	e.line = r->line;
	e.byline_name = essay_name(doc, k);
	e.author = doc->finished && r->spelling != LT_NO_SPELLING
	               ? doc->spellings[r->spelling].author
	               : LT_NONE;
	e.bytes.start = lt_para_start(doc, r->title_para);
	e.bytes.end = e.end_para < doc->npara ? lt_para_start(doc, e.end_para)
	                                      : doc->size;
	if (k + 1 == doc->nessays && !doc->finished)
		e.bytes.end = doc->size;
	return e;
}

/* Drop Markdown markup from folded text, in place: a heading's '#'s,
 * emphasis and code markers, backslash escapes, link targets. */
static void md_unmark(lt_buf *b)
{
	char *s = b->s, *o = s;
	size_t n = b->len, i = 0;
	while (i < n && s[i] == '#')
		i++;
	if (i > 0 && i < n && s[i] == ' ')
		i++;
	else if (i < n)
		i = 0;
	size_t e = n, t = n;
	while (t > i && s[t - 1] == '#')
		t--;
	if (t < n && (t == i || s[t - 1] == ' ')) {
		e = t;
		while (e > i && s[e - 1] == ' ')
			e--;
	}
	bool in_link = false;
	for (; i < e; i++) {
		char c = s[i];
		if (c == '\\' && i + 1 < e &&
		    ispunct((unsigned char)s[i + 1])) {
			*o++ = s[++i];
			continue;
		}
		if (c == '*' || c == '`')
			continue;
		if (c == '_' &&
		    (o == s || !isalnum((unsigned char)s[i - 1]) ||
		     i + 1 == e || !isalnum((unsigned char)s[i + 1])))
			continue;
		if (c == '[' && memchr(s + i, ']', e - i)) {
			const char *close = memchr(s + i, ']', e - i);
			if (close + 1 < s + e && close[1] == '(' &&
			    memchr(close, ')', (size_t)(s + e - close))) {
				in_link = true;
				continue;
			}
		}
		if (c == ']' && in_link) {
			const char *paren = memchr(s + i, ')', e - i);
			i = (size_t)(paren - s);
			in_link = false;
			continue;
		}
		*o++ = c;
	}
	*o = '\0';
	b->len = (size_t)(o - s);
	/* markup gone, white space may run double */
	size_t len = 0;
	for (size_t k = 0; k < b->len; k++)
		if (!(s[k] == ' ' && (len == 0 || s[len - 1] == ' ')))
			s[len++] = s[k];
	while (len > 0 && s[len - 1] == ' ')
		len--;
	s[len] = '\0';
	b->len = len;
}

/* Drop footnote marks ("[1]", "[12]") from a folded title, in place. */
static size_t note_mark(const char *s, size_t n, size_t i)
{
	size_t k = i + 1;
	while (k < n && k - i <= 3 && isdigit((unsigned char)s[k]))
		k++;
	return s[i] == '[' && k > i + 1 && k < n && s[k] == ']' ? k + 1 - i : 0;
}

static void drop_note_marks(lt_buf *b)
{
	char *s = b->s;
	bool text = false; /* a title of marks alone keeps them */
	for (size_t i = 0; i < b->len && !text;) {
		size_t m = note_mark(s, b->len, i);
		text = !m && s[i] != ' ';
		i += m ? m : 1;
	}
	if (!text)
		return;
	size_t o = 0;
	for (size_t i = 0; i < b->len;) {
		size_t m = note_mark(s, b->len, i);
		if (m)
			i += m;
		else
			s[o++] = s[i++];
	}
	while (o > 0 && s[o - 1] == ' ')
		o--;
	s[o] = '\0';
	b->len = o;
}

/* Paragraph i's text for its title: a setext heading without its
 * underline. */
static lt_range title_range(const lt_doc *doc, size_t i)
{
	lt_range r = lt_doc_para(doc, i);
	const char *p = doc->data + r.start;
	size_t n = (size_t)(r.end - r.start);
	if (doc->rules == LT_STRUCT_MARKDOWN && n > 0 && p[0] != '#') {
		size_t k = n;
		while (k > 0 && p[k - 1] != '\n' && p[k - 1] != '\r')
			k--;
		if (k > 0 && lt_md_underline(p + k, n - k))
			r.end = r.start + k - 1;
	}
	return r;
}

const char *lt_doc_essay_title(const lt_doc *doc, size_t k, lt_buf *out)
{
	const lt_essay_rec *e = &doc->essays[k];
	lt_range pr = title_range(doc, e->title_para);
	const char *p = doc->data + pr.start;
	size_t n = (size_t)(pr.end - pr.start);
	lt_buf_clear(out);
	if (e->how == LT_TITLE_FIRST_LINE) {
		/* the whole text as one essay: its first line */
		const char *lf = memchr(p, '\n', n), *cr = memchr(p, '\r', n);
		if (cr && (!lf || cr < lf))
			lf = cr;
		if (lf)
			n = (size_t)(lf - p);
		if (n > TITLE_MAX)
			n = TITLE_MAX;
	} else if (e->how == LT_TITLE_YAML) {
		p = yaml_value(p, n, "title", &n);
	}
	lt_fold(p, n, out);
	for (size_t t = 1; t < e->ntitle; t++) {
		/* "FEDERALIST No. 1: General Introduction" */
		ucs4_t last = out->len ? last_uc(out->s, out->len) : 0;
		if (uc_is_alnum(last))
			lt_buf_put(out, ":", 1, 0);
		lt_buf_put(out, " ", 1, 0);
		pr = title_range(doc, e->title_para + t);
		lt_fold(doc->data + pr.start, (size_t)(pr.end - pr.start), out);
	}
	if (doc->rules == LT_STRUCT_MARKDOWN)
		md_unmark(out);
	drop_note_marks(out);
	return out->s;
}

lt_section lt_doc_section(const lt_doc *doc, size_t i)
{
	lt_section s;
	s.para = doc->sections[i].para;
	s.line = doc->sections[i].line;
	s.essay = lt_doc_para_essay(doc, s.para);
	return s;
}

const char *lt_doc_section_heading(const lt_doc *doc, size_t i, lt_buf *out)
{
	lt_range pr = title_range(doc, doc->sections[i].para);
	fold_into(doc->data + pr.start, (size_t)(pr.end - pr.start), out);
	if (doc->rules == LT_STRUCT_MARKDOWN)
		md_unmark(out);
	drop_note_marks(out);
	return out->s;
}

lt_range lt_doc_front(const lt_doc *doc)
{
	lt_range r = {0, doc->size};
	if (doc->nessays > 0)
		r.end = lt_para_start(doc, doc->essays[0].title_para);
	return r;
}

lt_range lt_doc_back(const lt_doc *doc)
{
	lt_range r = {doc->size, doc->size};
	if (doc->finished && doc->nessays > 0 && doc->back_start < doc->npara)
		r.start = lt_para_start(doc, doc->back_start);
	return r;
}

size_t lt_doc_para_essay(const lt_doc *doc, size_t i)
{
	if (doc->nessays == 0 || i < doc->essays[0].title_para ||
	    (doc->finished && i >= doc->back_start))
		return LT_NONE;
	size_t lo = 0, hi = doc->nessays;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (doc->essays[mid].title_para <= i)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

lt_para_kind lt_doc_para_kind(const lt_doc *doc, size_t i)
{
	size_t k = lt_doc_para_essay(doc, i);
	if (k == LT_NONE) {
		if (doc->nessays > 0 && i < doc->essays[0].title_para)
			return LT_PARA_FRONT;
		if (!doc->finished)
			return LT_PARA_BODY; /* not known yet */
		return doc->nessays == 0 ? LT_PARA_FRONT : LT_PARA_BACK;
	}
	const lt_essay_rec *e = &doc->essays[k];
	if (i < e->title_para + e->ntitle)
		return LT_PARA_TITLE;
	if (i < e->title_para + e->header)
		return LT_PARA_BYLINE; /* subtitle, publication, author lines */
	if (k >= doc->nclosed)
		return LT_PARA_BODY; /* bio and sections not known yet */
	if (e->bio && i + 1 == essay_end(doc, k))
		return LT_PARA_BIO;
	size_t first = e->first_section, end = first + essay_nsections(doc, k);
	while (first < end) { /* sections are in order: bisect */
		size_t mid = first + (end - first) / 2;
		if (doc->sections[mid].para < i)
			first = mid + 1;
		else
			end = mid;
	}
	if (first < e->first_section + essay_nsections(doc, k) &&
	    doc->sections[first].para == i)
		return LT_PARA_HEADING;
	return LT_PARA_BODY;
}

/* ---- which rules ---------------------------------------------------------
 */

static const char *const structure_names[] = {"auto", "blog", "markdown",
                                              "plain"};

const char *lt_structure_name(lt_structure s)
{
	return (unsigned)s < 4 ? structure_names[s] : "auto";
}

int lt_structure_parse(const char *s)
{
	for (int k = 0; k < 4; k++)
		if (strcmp(s, structure_names[k]) == 0)
			return k;
	return -1;
}

void lt_doc_set_structure(lt_doc *doc, lt_structure s)
{
	if (s == LT_STRUCT_AUTO) {
		lt_structure_init(doc);
		return;
	}
	doc->rules = s;
	doc->rules_guessed = false;
}

lt_structure lt_doc_structure(const lt_doc *doc) { return doc->rules; }
bool lt_doc_structure_guessed(const lt_doc *doc) { return doc->rules_guessed; }

/* How much of the start of the text the guess looks at. */
#define SNIFF_BYTES 65536

/* Where the text after an ebook's START marker line in p[0..n) starts
 * (an offset into p), or 0 when there is none. */
static size_t start_marker(const char *p, size_t n)
{
	static const char *const marks[] = {"*** START OF", "***START OF",
	                                    "*END*THE SMALL PRINT", NULL};
	for (const char *l = p, *end = p + n; l < end;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		if (!nl)
			break;
		for (const char *const *m = marks; *m; m++)
			if ((size_t)(nl - l) >= strlen(*m) &&
			    strncasecmp(l, *m, strlen(*m)) == 0)
				return (size_t)(nl + 1 - p);
		l = nl + 1;
	}
	return 0;
}

/* Guess the rules from the start of the text: Markdown when it opens with
 * front matter between "---" lines, or holds two '#' headings (outside
 * code fences), or a heading and a setext underline, or two '='
 * underlines. Note the Markdown level of essays (the first level used:
 * '#' titles, '##' sections; none when front matter blocks with a title
 * come twice) and an ebook's START marker. */
void lt_structure_init(lt_doc *doc)
{
	doc->rules = LT_STRUCT_BLOG;
	doc->rules_guessed = true;
	doc->end_para = LT_NONE;
	doc->book_spelling = LT_NO_SPELLING;
	const char *start = doc->data + doc->pos;
	const char *p = start, *end = doc->data + doc->size;
	if ((size_t)(end - p) > SNIFF_BYTES)
		end = p + SNIFF_BYTES;
	doc->start_off = 0;
	size_t so = start_marker(p, (size_t)(end - p));
	if (so)
		doc->start_off = doc->pos + so;
	int levels[7] = {0}, atx = 0, setext_eq = 0, setext = 0, titled = 0;
	bool fence = false, prev_text = false, para_start = true;
	bool front = false;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (para_start && n == 3 && memcmp(p, "---", 3) == 0) {
			/* front matter: a closing "---" within a few lines */
			const char *q = nl ? nl + 1 : end;
			for (int lines = 0; q < end && lines < 40; lines++) {
				const char *e =
				    memchr(q, '\n', (size_t)(end - q));
				size_t m =
				    e ? (size_t)(e - q) : (size_t)(end - q);
				if (m > 0 && q[m - 1] == '\r')
					m--;
				if (m == 0)
					break;
				if (m == 3 && (memcmp(q, "---", 3) == 0 ||
				               memcmp(q, "...", 3) == 0)) {
					size_t len;
					if (p == start) {
						/* its author writes the essays
						 * that name none */
						char *a = yaml_author(
						    p, (size_t)(q - p));
						if (a)
							doc->book_spelling =
							    spelling_of(doc, a);
						free(a);
						front = true;
					}
					yaml_value(p, (size_t)(q - p), "title",
					           &len);
					titled += len > 0;
					nl = e;
					n = 0;
					break;
				}
				if (!e)
					break;
				q = e + 1;
			}
		}
		if (lt_md_fence(p, n))
			fence = !fence;
		else if (!fence && n > 0) {
			int s = prev_text ? lt_md_underline(p, n) : 0;
			int a = para_start ? md_atx(p, n) : 0;
			setext_eq += s == 1;
			setext += s > 0;
			atx += a > 0;
			levels[s ? s : a]++;
		}
		prev_text = n > 0 && !lt_md_underline(p, n);
		para_start = n == 0 || md_atx(p, n);
		p = nl ? nl + 1 : end;
	}
	if (front || atx >= 2 || (atx >= 1 && setext >= 1) || setext_eq >= 2)
		doc->rules = LT_STRUCT_MARKDOWN;
	doc->md_level = 1;
	if (titled >= 2) {
		doc->md_level = 0;
		return;
	}
	for (int k = 6; k >= 1; k--)
		if (levels[k] > 0)
			doc->md_level = (uint8_t)k; /* the first level used */
}
