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

typedef struct {
	lt_doc *doc;
	lt_buf fold;    /* scratch: one folded paragraph */
	size_t fold_i;  /* the paragraph in fold, or LT_NONE */
	size_t range_i; /* the paragraph whose range is in range */
	lt_range range;
} parser;

static lt_range para(parser *ps, size_t i)
{
	if (ps->range_i == i)
		return ps->range;
	ps->range_i = i;
	ps->range = lt_doc_para(ps->doc, i);
	return ps->range;
}

static uint64_t para_len(parser *ps, size_t i)
{
	lt_range r = para(ps, i);
	return r.end - r.start;
}

/* Fold paragraph i into the scratch buffer and return it. */
static const char *fold(parser *ps, size_t i)
{
	if (ps->fold_i == i)
		return ps->fold.s;
	ps->fold_i = i;
	lt_range r = para(ps, i);
	lt_buf_clear(&ps->fold);
	lt_fold(ps->doc->data + r.start, (size_t)(r.end - r.start), &ps->fold);
	return ps->fold.s;
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
	if (n > 6) /* no listed word is longer */
		return false;
	for (; *list; list++)
		if (strlen(*list) == n && strncasecmp(w, *list, n) == 0)
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

/* If paragraph i is a byline, return the author's name (a new string);
 * else NULL. "Written by NAME." or "By NAME", any white space between. */
static char *byline_author(parser *ps, size_t i)
{
	lt_range r = para(ps, i);
	if (r.end - r.start > TITLE_MAX)
		return NULL;
	const char *raw = ps->doc->data + r.start;
	if (raw[0] != 'W' && raw[0] != 'B' && raw[0] != 'w')
		return NULL;
	const char *f = fold(ps, i);
	const char *name;
	if (ascii_prefix_ci(f, "written by "))
		name = f + strlen("written by ");
	else if (strncmp(f, "By ", 3) == 0 || strncmp(f, "BY ", 3) == 0)
		name = f + 3;
	else
		return NULL;
	size_t n = strlen(name);
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
	/* a site footer ("Blog at") between two essays is never a heading */
	if (footer_like(ps, i))
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
			return true;
	}
	return title_case(f);
}

/* ---- bios and back matter ---------------------------------------------- */

/* ASCII case-insensitive search for needle in p[0..n); word-bounded when
 * word is set. */
static bool find_ci(const char *p, size_t n, const char *needle, size_t nn,
                    bool word)
{
	if (nn == 0 || nn > n)
		return false;
	/* needles are ASCII: compare first bytes with case bit set */
	unsigned char first = (unsigned char)needle[0];
	bool letter = isalpha(first);
	unsigned char want = letter ? (unsigned char)(first | 0x20) : first;
	for (size_t i = 0; i + nn <= n; i++) {
		unsigned char c = (unsigned char)p[i];
		if ((letter ? (unsigned char)(c | 0x20) : c) != want)
			continue;
		if (nn > 1 && tolower((unsigned char)p[i + 1]) !=
		                  tolower((unsigned char)needle[1]))
			continue;
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
		if (core >= 3) {
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
 * site footer, are back matter. */
static size_t find_back(parser *ps)
{
	lt_doc *doc = ps->doc;
	size_t n = doc->npara;
	if (doc->nessays == 0)
		return n;
	const lt_essay_rec *last = &doc->essays[doc->nessays - 1];
	size_t header = last->title_para + (last->byline ? 1 : 0);
	const char *author = essay_name(doc, doc->nessays - 1);
	size_t j = n, first_footer = n;
	while (j > header + 1 && short_line(ps, j - 1) &&
	       !is_bio(ps, j - 1, author)) {
		if (footer_like(ps, j - 1))
			first_footer = j - 1;
		j--;
	}
	if (j == n)
		return n;
	if (j > header + 1 && is_bio(ps, j - 1, author))
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

/* Start essay number doc->nessays at paragraph title (on line line), with
 * a byline after it or none, and its author's name (NULL: none). */
static void open_essay(parser *ps, size_t title, bool byline,
                       const char *author, uint64_t line)
{
	lt_doc *doc = ps->doc;
	lt_grow(&doc->essays, &doc->essaycap, doc->nessays + 1,
	        sizeof *doc->essays);
	lt_essay_rec *e = &doc->essays[doc->nessays++];
	*e = (lt_essay_rec){0};
	e->title_para = title;
	e->line = line;
	e->byline = byline;
	e->spelling = author ? spelling_of(doc, author) : LT_NO_SPELLING;
	e->first_section = (uint32_t)doc->nsections;
	doc->body_start = title + (byline ? 2 : 1);
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

/* The essay k ends before paragraph end: find its bio, and keep only the
 * sections that body text follows. */
static void close_essay(parser *ps, size_t k, size_t end)
{
	lt_doc *doc = ps->doc;
	lt_essay_rec *e = &doc->essays[k];
	size_t header = e->title_para + (e->byline ? 1 : 0);
	e->bio = end > header + 1 && is_bio(ps, end - 1, essay_name(doc, k));
	size_t body_end = e->bio ? end - 1 : end;
	while (doc->nsections > e->first_section &&
	       doc->sections[doc->nsections - 1].para + 1 >= body_end)
		doc->nsections--;
	doc->nclosed = k + 1;
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

/* Look at paragraph i, once, in order. Whether paragraph i - 1 looks like
 * a heading is asked only now that i is known not to be its byline (which
 * makes it a title), and whether it is one only once i has been asked. */
static void step_para(parser *ps, size_t i)
{
	lt_doc *doc = ps->doc;
	char *author = byline_author(ps, i);
	if (author && i > 0 && !doc->prev_byline &&
	    para_len(ps, i - 1) <= TITLE_MAX) {
		if (doc->nessays > 0)
			close_essay(ps, doc->nessays - 1, i - 1);
		else
			doc->nsections = 0; /* headings in front matter */
		open_essay(ps, i - 1, true, author, line_of(doc, i - 1));
		free(author);
		doc->prev_byline = true;
		doc->prev_heading = false;
		return;
	}
	free(author);
	if (i > 0)
		settle_heading(ps, i - 1,
		               i - 1 >= doc->body_start &&
		                   heading_like(ps, i - 1));
	doc->prev_byline = author != NULL;
}

/* The rules, in order:
 * 1. an essay starts at the paragraph before a byline (its title);
 * 2. paragraphs before the first essay are front matter; with no byline
 *    at all, the whole text is one essay titled by its first line;
 * 3. trailing short lines after the last bio, or that look like a site
 *    footer, are back matter;
 * 4. an essay's last paragraph is its bio when it names the author (or a
 *    near spelling of the surname) or holds "Image credit";
 * 5. section headings are short title-case (or quoted) single-line
 *    paragraphs between the byline and the bio, followed by body text.
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
	parser ps = {.doc = doc, .fold_i = LT_NONE, .range_i = LT_NONE};
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
		if (n > 0)
			settle_heading(&ps, n - 1,
			               n - 1 >= doc->body_start &&
			                   heading_like(&ps, n - 1));
		if (doc->nessays == 0 && n > 0) {
			/* no byline: one essay, whose sections were seen as
			 * front matter's */
			open_essay(&ps, 0, false, NULL,
			           lt_doc_line_at(doc, lt_para_start(doc, 0)));
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
	lt_buf_free(&ps.fold);
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
	size_t nsp = doc->nspellings;
	lt_spelling **order = lt_xmalloc((nsp ? nsp : 1) * sizeof *order);
	for (size_t k = 0; k < nsp; k++) {
		lt_spelling *sp = &doc->spellings[k];
		sp->key = casefold(sp->raw, strlen(sp->raw), &sp->keylen);
		order[k] = sp;
	}
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
	for (size_t k = 0; k < nsp; k++) {
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

size_t lt_doc_nessays(const lt_doc *doc) { return doc->nessays; }
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
	e.byline_para = r->byline ? r->title_para + 1 : LT_NONE;
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

const char *lt_doc_essay_title(const lt_doc *doc, size_t k, lt_buf *out)
{
	const lt_essay_rec *r = &doc->essays[k];
	lt_range pr = lt_doc_para(doc, r->title_para);
	const char *p = doc->data + pr.start;
	size_t n = (size_t)(pr.end - pr.start);
	if (!r->byline) {
		/* the whole text as one essay: its first line */
		const char *lf = memchr(p, '\n', n), *cr = memchr(p, '\r', n);
		if (cr && (!lf || cr < lf))
			lf = cr;
		if (lf)
			n = (size_t)(lf - p);
		if (n > TITLE_MAX)
			n = TITLE_MAX;
	}
	return fold_into(p, n, out);
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
	lt_range pr = lt_doc_para(doc, doc->sections[i].para);
	return fold_into(doc->data + pr.start, (size_t)(pr.end - pr.start),
	                 out);
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
	if (i == e->title_para)
		return LT_PARA_TITLE;
	if (e->byline && i == e->title_para + 1)
		return LT_PARA_BYLINE;
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

/* The number of '#' opening an ATX heading ("# Title"), or 0. */
static int atx_level(const char *p, size_t n)
{
	int k = 0;
	while ((size_t)k < n && p[k] == '#' && k < 7)
		k++;
	return k >= 1 && k <= 6 && (size_t)k < n &&
	               (p[k] == ' ' || p[k] == '\t')
	           ? k
	           : 0;
}

/* A setext underline: three or more '=' (level 1) or '-' (level 2) and
 * nothing else but trailing white space. */
static int setext_level(const char *p, size_t n)
{
	while (n > 0 &&
	       (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		n--;
	if (n < 3 || (p[0] != '=' && p[0] != '-'))
		return 0;
	for (size_t k = 1; k < n; k++)
		if (p[k] != p[0])
			return 0;
	return p[0] == '=' ? 1 : 2;
}

/* Markdown when the text opens with front matter between "---" lines, or
 * its start holds two '#' headings (outside code fences), or a heading
 * and a setext underline, or two '=' underlines. */
void lt_structure_init(lt_doc *doc)
{
	doc->rules = LT_STRUCT_BLOG;
	doc->rules_guessed = true;
	const char *p = doc->data + doc->pos, *end = doc->data + doc->size;
	if ((size_t)(end - p) > SNIFF_BYTES)
		end = p + SNIFF_BYTES;
	int atx = 0, setext_eq = 0, setext = 0;
	bool fence = false, prev_text = false, first = true;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (first && n == 3 && memcmp(p, "---", 3) == 0) {
			/* front matter: a closing "---" within a few lines */
			const char *q = nl ? nl + 1 : end;
			for (int lines = 0; q < end && lines < 40; lines++) {
				const char *e =
				    memchr(q, '\n', (size_t)(end - q));
				size_t m =
				    e ? (size_t)(e - q) : (size_t)(end - q);
				if (m > 0 && q[m - 1] == '\r')
					m--;
				if (m == 3 && (memcmp(q, "---", 3) == 0 ||
				               memcmp(q, "...", 3) == 0)) {
					doc->rules = LT_STRUCT_MARKDOWN;
					return;
				}
				if (!e)
					break;
				q = e + 1;
			}
		}
		first = false;
		if (n >= 3 &&
		    (memcmp(p, "```", 3) == 0 || memcmp(p, "~~~", 3) == 0))
			fence = !fence;
		else if (!fence) {
			int s = prev_text ? setext_level(p, n) : 0;
			if (s == 1)
				setext_eq++;
			setext += s > 0;
			atx += atx_level(p, n) > 0;
		}
		prev_text = n > 0 && !setext_level(p, n);
		p = nl ? nl + 1 : end;
	}
	if (atx >= 2 || (atx >= 1 && setext >= 1) || setext_eq >= 2)
		doc->rules = LT_STRUCT_MARKDOWN;
}
