/* Finding the structure of a collection: essays (a title followed by a
 * byline), their section headings and author bios, the front and back
 * matter around them, and the author index. General rules, not tuned to
 * one file; see lt_structure_step(). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "contents.h"
#include "doc_impl.h"
#include "folder.h"
#include "lectern/text.h"
#include "mdinline.h"
#include "plan.h"
#include "shape.h"
#include "util.h"

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

/* Line k of paragraph p[0..n) that starts at byte off (see below). */
static lt_range line_range(const char *p, size_t n, unsigned k, uint64_t off,
                           const sh_underline *u);

/* The user's delimiters (lt_doc_set_starts()). */
struct lt_starts {
	pcre2_code *essay, *section;
	pcre2_match_data *md;
	bool adding; /* one of section's is being added */
};

/* Paragraph i (line line) is a section heading of the essay being read:
 * it looked like one, and the paragraph after it does not. Whether body
 * text really follows is settled when the essay closes. */
static void add_section(sh_reader *rd, size_t i, uint64_t line)
{
	lt_doc *doc = rd->doc;
	if (doc->starts && doc->starts->section && !doc->starts->adding)
		return; /* the user's --section-start makes them */
	lt_grow(&doc->sections, &doc->sectioncap, doc->nsections + 1,
	        sizeof *doc->sections);
	doc->sections[doc->nsections++] = (lt_section_rec){i, line};
}

/* Trailing short lines after the last essay's bio, or that look like a
 * site footer, are back matter; so is everything from an ebook's END
 * marker on. */
static size_t find_back(sh_reader *rd)
{
	lt_doc *doc = rd->doc;
	size_t n = doc->end_para != LT_NONE ? doc->end_para : doc->npara;
	if (doc->nessays == 0 || doc->rules == LT_STRUCT_PLAIN)
		return n;
	const lt_essay_rec *last = &doc->essays[doc->nessays - 1];
	size_t body = last->title_para + last->header;
	const char *author = essay_name(doc, doc->nessays - 1);
	size_t j = n, first_footer = n;
	while (j > body && sh_short_line(rd, j - 1) &&
	       !sh_is_bio(rd, j - 1, author)) {
		if (sh_footer_like(rd, j - 1))
			first_footer = j - 1;
		j--;
	}
	if (j == n)
		return n;
	if (j > body && sh_is_bio(rd, j - 1, author))
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
uint32_t lt_spelling_of(lt_doc *doc, const char *name)
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
static void open_essay(sh_reader *rd, size_t title, size_t ntitle,
                       size_t header, size_t byline, int how, int why,
                       const char *author, uint64_t line)
{
	lt_doc *doc = rd->doc;
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
	e->why = (uint8_t)why;
	e->spelling = author ? lt_spelling_of(doc, author) : LT_NO_SPELLING;
	e->author_from = !author ? LT_FROM_NONE
	                 : why == LT_WHY_YAML || how == LT_TITLE_KV
	                     ? LT_FROM_FRONT
	                     : LT_FROM_HEADER;
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

/* Essay k's bio: its last paragraph, when its close found one there and
 * that paragraph is still past its header and byline (the back matter
 * found at the end may cut the essay short), else LT_NONE. */
static size_t essay_bio(const lt_doc *doc, size_t k)
{
	const lt_essay_rec *e = &doc->essays[k];
	size_t end = essay_end(doc, k), head = e->title_para + e->header;
	if (e->byline && e->title_para + e->byline + 1 > head)
		head = e->title_para + e->byline + 1;
	return e->bio && k < doc->nclosed && end > head ? end - 1 : LT_NONE;
}

static size_t essay_nsections(const lt_doc *doc, size_t k)
{
	size_t next = k + 1 < doc->nessays ? doc->essays[k + 1].first_section
	                                   : doc->nsections;
	return next - doc->essays[k].first_section;
}

/* The essay k ends before paragraph end: find its signature (a name in
 * capitals alone, perhaps before footnotes: its author when it has no
 * byline) or its bio, and keep only the sections that body text
 * follows. */
static void close_essay(sh_reader *rd, size_t k, size_t end)
{
	lt_doc *doc = rd->doc;
	lt_essay_rec *e = &doc->essays[k];
	size_t body = e->title_para + e->header;
	e->bio = false;
	/* a signature, perhaps with footnotes after it */
	size_t tail = end, sig = LT_NONE;
	while (tail > body + 1 && end - tail < 60 && sh_footnote(rd, tail - 1))
		tail--;
	char *name = NULL;
	if (e->spelling == LT_NO_SPELLING && end > body + 2 &&
	    doc->rules != LT_STRUCT_PLAIN && sh_len(rd, end - 1) <= 200 &&
	    sh_single_line(rd, end - 1)) {
		/* a byline closing the essay: "By NAME", "by [NAME](url)" */
		name = sh_byline(rd, end - 1, true);
		if (name) {
			e->spelling = lt_spelling_of(doc, name);
			e->author_from = LT_FROM_CLOSING;
		}
		free(name);
		name = NULL;
	}
	for (size_t q = end; e->spelling == LT_NO_SPELLING && q > body + 1 &&
	                     end - q < 200 && doc->rules != LT_STRUCT_PLAIN;
	     q--) {
		/* a sign-off: "NAME @ PLACE" */
		name = sh_signoff(rd, q - 1);
		if (name) {
			e->spelling = lt_spelling_of(doc, name);
			e->author_from = LT_FROM_SIGNATURE;
		}
		free(name);
		name = NULL;
	}
	if (tail > body + 1 && doc->rules != LT_STRUCT_PLAIN) {
		name = sh_caps_name(rd, tail - 1, 40);
		if (!name)
			name = sh_dash_name(rd, tail - 1);
	}
	if (name) {
		sig = tail - 1;
		/* a book's one author writes what its personae sign */
		if (e->spelling == LT_NO_SPELLING &&
		    doc->book_spelling == LT_NO_SPELLING) {
			e->spelling = lt_spelling_of(doc, name);
			e->signature = true;
			e->author_from = LT_FROM_SIGNATURE;
		} else if (e->spelling == LT_NO_SPELLING) {
			e->spelling = doc->book_spelling;
			e->author_from = LT_FROM_BOOK;
		}
		free(name);
	} else if (doc->rules != LT_STRUCT_PLAIN) {
		if (e->spelling == LT_NO_SPELLING) {
			e->spelling = doc->book_spelling;
			e->author_from = e->spelling == LT_NO_SPELLING
			                     ? LT_FROM_NONE
			                     : LT_FROM_BOOK;
		}
		e->bio =
		    end > body && sh_is_bio(rd, end - 1, essay_name(doc, k));
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
static void end_open_essay(sh_reader *rd, size_t i)
{
	lt_doc *doc = rd->doc;
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
			const char *f = sh_fold(rd, e->title_para + e->byline);
			if (!strchr(f, ',') && !strstr(f, " and ") &&
			    !strstr(f, " AND ") && !strchr(f, '&'))
				doc->book_spelling = e->spelling;
		}
		doc->nessays--;
		doc->nsections = doc->essays[doc->nessays].first_section;
		return;
	}
	close_essay(rd, doc->nessays - 1, i);
}

/* The line of paragraph i, which the scan noted for the structure. */
static uint64_t line_of(const lt_doc *doc, size_t i)
{
	if (i >= doc->plines_base && i - doc->plines_base < doc->nplines)
		return doc->plines[i - doc->plines_base].line;
	return lt_doc_line_at(doc, lt_para_start(doc, i));
}

/* Settle whether paragraph i - 1 is a section heading, now that the
 * paragraph after it, i, is known: it looks like one and i does not. */
static void settle_heading(sh_reader *rd, size_t i, bool heading_i)
{
	lt_doc *doc = rd->doc;
	if (doc->prev_heading && !heading_i)
		add_section(rd, i - 1, line_of(doc, i - 1));
	doc->prev_heading = heading_i;
}

/* ---- numbered series, ebooks, contents ------------------------------- */
/* An entry of a contents list: one short line, or short lines ending in a
 * page number. */
static bool contents_entry(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r);
	size_t n = (size_t)(r.end - r.start);
	if (n <= 80 && sh_single_line(rd, i))
		return true;
	if (n > 600 || !(sh_lines(rd, i, 6) <= 6))
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
/* Paragraph i, after the open essay's header, is its body text; in a
 * contents list, not when it looks like an entry. */
static void note_body(sh_reader *rd, size_t i)
{
	lt_doc *doc = rd->doc;
	if (doc->nessays == 0 || i < doc->body_start ||
	    (doc->in_contents && contents_entry(rd, i)))
		return;
	/* before any essay has a body, indented lines (a motto, a title
	 * page's centred lines) are no body yet */
	if (!doc->any_body && sh_indented(rd, i))
		return;
	doc->open_body = doc->any_body = true;
	doc->in_contents = false;
}
/* The header of the open essay grows by paragraph j when j is its
 * title (after a numbering line), a publication line, an author line in
 * capitals or a byline. Returns false, and ends the header, otherwise. */
static bool header_step(sh_reader *rd, size_t j)
{
	lt_doc *doc = rd->doc;
	if (doc->nessays == 0) { /* its essay was dropped (a contents list) */
		doc->in_header = false;
		return false;
	}
	lt_essay_rec *e = &doc->essays[doc->nessays - 1];
	char *author = NULL;
	if (sh_len(rd, j) <= SH_TITLE_MAX && e->header < 8) {
		author = sh_byline(rd, j, false);
		if (!author && doc->header_titled)
			author = sh_caps_name(rd, j, 80);
		if (author) {
			e->byline = e->header++;
			e->spelling = lt_spelling_of(doc, author);
			e->author_from = LT_FROM_HEADER;
			free(author);
			doc->byline_essays++;
			doc->in_header = false;
			doc->body_start = e->title_para + e->header;
			return true;
		}
		if (doc->header_titled && sh_publication(rd, j)) {
			e->header++;
			doc->body_start = e->title_para + e->header;
			return true;
		}
		if (e->ntitle == e->header && e->ntitle < 3 &&
		    doc->rules != LT_STRUCT_MARKDOWN &&
		    (!doc->header_titled || e->ntitle < 2) &&
		    (sh_lines(rd, j, 3) <= 3) &&
		    sh_len(rd, j) <= SH_TITLE_MAX && !sh_footer_like(rd, j) &&
		    (sh_title_shaped(sh_fold(rd, j)) || !doc->header_titled)) {
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

/* Open an essay at Markdown heading or front matter block i. */
static void md_open(sh_reader *rd, size_t i, bool yaml)
{
	lt_doc *doc = rd->doc;
	char *author = NULL;
	if (yaml) {
		lt_range r = sh_para(rd, i);
		author = sh_block_author(lt_doc_text(doc, r.start, r.end),
		                         (size_t)(r.end - r.start));
	}
	end_open_essay(rd, i);
	open_essay(rd, i, 1, 1, 0, yaml ? LT_TITLE_YAML : LT_TITLE_MARKDOWN,
	           yaml ? LT_WHY_YAML : LT_WHY_MARKDOWN, author,
	           line_of(doc, i));
	free(author);
	doc->in_header = true;
	doc->header_titled = true;
}

/* A Markdown heading that heads a contents list. */
static void md_unmark(lt_buf *b);

static bool md_contents_heading(sh_reader *rd, size_t i)
{
	if (sh_len(rd, i) > 60)
		return false;
	lt_buf b = {0};
	lt_range r = sh_para(rd, i);
	fold_into(sh_raw(rd, r), (size_t)(r.end - r.start), &b);
	md_unmark(&b);
	bool yes = b.s && sh_contents_heading(b.s);
	lt_buf_free(&b);
	return yes;
}

/* Paragraph i under the Markdown rules: headings of the essays' level (or
 * front matter blocks with a title, when those open essays) start
 * essays, deeper ones are sections. */
static void md_step(sh_reader *rd, size_t i)
{
	lt_doc *doc = rd->doc;
	lt_range r = sh_para(rd, i);
	const char *p = lt_doc_text(doc, r.start, r.end);
	size_t n = (size_t)(r.end - r.start);
	if (doc->md_level == 0 && sh_front_block(p, n)) {
		size_t len;
		sh_block_value(p, n, "title", &len);
		if (len > 0) {
			md_open(rd, i, true);
			return;
		}
	}
	int level = sh_md_heading(rd, i);
	if (level > 0 && level <= 2 && doc->nessays <= 1 && !doc->md_contents &&
	    md_contents_heading(rd, i)) {
		/* "# Summary", "Contents": a list of the essays; it and the
		 * title page before it are front matter */
		doc->nessays = 0;
		doc->nsections = 0;
		doc->any_body = false;
		doc->in_header = false;
		doc->md_contents = true;
		return;
	}
	if (level > 0 && level == doc->md_level) {
		doc->md_contents = false;
		md_open(rd, i, false);
		return;
	}
	if (doc->in_header && header_step(rd, i))
		return;
	if (doc->md_contents)
		return; /* entries of a contents list */
	if (i >= doc->body_start && doc->nessays > 0 &&
	    (level > 0 || sh_bold_line(rd, i)))
		add_section(rd, i, line_of(doc, i));
	else
		note_body(rd, i);
}

/* ---- the rules ------------------------------------------------------------
 */
/* Paragraph i is a byline: the paragraph before it is the essay's title,
 * or the one before that, with a subtitle between. */
static void byline_essay(sh_reader *rd, size_t i, const char *author)
{
	lt_doc *doc = rd->doc;
	size_t t = i - 1;
	size_t floor = doc->nessays > 0 ? doc->body_start : 0;
	if (i >= 2 && i - 2 >= floor && i - 2 >= doc->struct_floor &&
	    sh_title_over_subtitle(rd, i - 2, i - 1))
		t = i - 2;
	end_open_essay(rd, t);
	open_essay(rd, t, 1, i - t + 1, i - t, LT_TITLE_PARAS, LT_WHY_BYLINE,
	           author, line_of(doc, t));
	doc->byline_essays++;
}

/* Is the heading-like paragraph i part of a letter, not a heading: an
 * address over its salutation ("TO THE EDITOR." over "SIR,"), or a
 * signature under its closing ("I am, &c." over "A READER.")? */
static bool letter_part(sh_reader *rd, size_t i)
{
	if (i > 0 && sh_closing(rd, i - 1))
		return true;
	return i + 1 < rd->doc->npara && sh_salutation_start(rd, i + 1);
}

/* Paragraph i is no header: settle whether the one before it is a
 * section heading (it looks like one and i does not), and note i as
 * body text. */
static void body_step(sh_reader *rd, size_t i)
{
	lt_doc *doc = rd->doc;
	if (i > doc->struct_floor)
		settle_heading(rd, i - 1,
		               i - 1 >= doc->body_start &&
		                   sh_heading_like(rd, i - 1) &&
		                   !letter_part(rd, i - 1));
	note_body(rd, i);
}

static int user_kind(sh_reader *rd, size_t i);
static void user_section(sh_reader *rd, size_t i);

/* Look at paragraph i, once, in order. Whether paragraph i - 1 looks like
 * a heading is asked only now that i is known not to be its byline (which
 * makes it a title), and whether it is one only once i has been asked. */
static void step_para(sh_reader *rd, size_t i)
{
	lt_doc *doc = rd->doc;
	if (doc->end_para != LT_NONE || doc->rules == LT_STRUCT_PLAIN)
		return;
	if (lt_para_start(doc, i) < doc->start_off) {
		/* an ebook's header, up to its START marker */
		doc->struct_floor = i + 1;
		doc->body_start = i + 2;
		return;
	}
	if (!doc->starts && doc->rules != LT_STRUCT_MARKDOWN &&
	    sh_len(rd, i) > SH_TITLE_MAX) {
		/* longer than any title, byline, numbering or END line: body
		 * text, which ends a header, and only the paragraph before
		 * it may be a heading (what the steps below find, sooner) */
		doc->in_header = false;
		body_step(rd, i);
		doc->prev_byline = false;
		return;
	}
	if (sh_end_marker(rd, i)) {
		doc->end_para = i;
		return;
	}
	if (user_kind(rd, i) == 2) {
		user_section(rd, i);
		return;
	}
	if (doc->rules == LT_STRUCT_MARKDOWN) {
		md_step(rd, i);
		return;
	}
	if (!doc->any_body &&
	    (sh_len(rd, i) <= 40 && sh_contents_heading(sh_fold(rd, i)))) {
		doc->in_contents = true;
		return;
	}
	bool titled = false;
	unsigned roman;
	/* a bare Roman numeral numbers essays in a book (one byline at
	 * most: its author's), and counts from I, one by one */
	if (sh_numbering(rd, i, doc->byline_essays <= 1, &titled, &roman) &&
	    (roman == 0 || roman == 1 || roman == doc->last_roman + 1)) {
		if (roman)
			doc->last_roman = roman;
		end_open_essay(rd, i);
		open_essay(rd, i, 1, 1, 0, LT_TITLE_PARAS, LT_WHY_NUMBERING,
		           NULL, line_of(doc, i));
		doc->in_header = true;
		doc->header_titled = titled;
		doc->prev_byline = false;
		return;
	}
	if (doc->in_header && header_step(rd, i)) {
		doc->prev_byline = false;
		return;
	}
	char *author = sh_byline(rd, i, false);
	if (author && i > doc->struct_floor && !doc->prev_byline &&
	    sh_len(rd, i - 1) <= SH_TITLE_MAX &&
	    (doc->nessays == 0 || i - 1 >= doc->body_start)) {
		byline_essay(rd, i, author);
		free(author);
		doc->prev_byline = true;
		return;
	}
	free(author);
	body_step(rd, i);
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
static size_t first_text(sh_reader *rd)
{
	lt_doc *doc = rd->doc;
	size_t n = doc->end_para != LT_NONE ? doc->end_para : doc->npara;
	size_t i = doc->struct_floor;
	if (doc->start_off == 0)
		return i < n ? i : doc->npara;
	for (size_t tries = 0; i < n && tries < 8; i++, tries++) {
		const char *f = sh_fold(rd, i);
		bool credit = false;
		for (const char *const *c = credits; *c && !credit; c++)
			credit = sh_prefix_ci(f, *c);
		if (!credit)
			return i;
	}
	return i < n ? i : doc->npara;
}

/* ---- the plan -------------------------------------------------------------
 */

/* How much of the text the plan is learnt from before the structure is
 * found (all of it when it is shorter). */
#define PLAN_BYTES (4u << 20)

/* Titles of a book's back matter. */
static const char *const back_titles[] = {
    "index", "notes", "endnotes", "glossary", "bibliography", NULL,
};

static bool back_title(sh_reader *rd, size_t i)
{
	if (sh_len(rd, i) > 40)
		return false;
	const char *f = sh_fold(rd, i);
	size_t n = strlen(f);
	while (n > 0 && (f[n - 1] == '.' || f[n - 1] == ':'))
		n--;
	return sh_in_list(f, n, back_titles);
}

/* A note in brackets: "[Footnote 1: ...]", "[2] ...". */
static bool note_block(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r);
	size_t n = (size_t)(r.end - r.start);
	return n > 3 && p[0] == '[' &&
	       (isdigit((unsigned char)p[1]) ||
	        sh_prefix_ci(p + 1, "footnote") || sh_prefix_ci(p + 1, "note"));
}

/* Could paragraph i, the last of a block over body text, be a section
 * heading? */
static bool section_like(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r);
	size_t n = (size_t)(r.end - r.start);
	if (n <= SH_TITLE_MAX && sh_lines(rd, i, 4) <= 3 &&
	    sh_find_underline(p, n).c)
		return true;
	return sh_heading_like(rd, i) || sh_bare_number(rd, i);
}

/* Paragraphs [a, b) of a block open no essay: the last of them may be a
 * section heading of the open essay. */
static void loose_block(sh_reader *rd, size_t a, size_t b, size_t j)
{
	lt_doc *doc = rd->doc;
	if (a >= b || b != j || b - a > 2 || doc->nessays == 0)
		return;
	/* of two, the first: a subtitle may follow a heading */
	size_t k = b - a == 2 && section_like(rd, a) ? a : b - 1;
	if (k < doc->body_start || !section_like(rd, k) || letter_part(rd, k) ||
	    sh_footer_like(rd, k))
		return;
	char *signed_by = sh_signoff(rd, k); /* "NAME @ PLACE" signs */
	bool signs = signed_by != NULL;
	free(signed_by);
	if (signs)
		return;
	/* a heading heads text; over footnotes it signs what ends */
	if (j < doc->npara && note_block(rd, j) && !back_title(rd, k))
		return;
	add_section(rd, k, line_of(doc, k));
}

/* The author a header block's paragraphs [from, to) name: a byline, or
 * else the last name in capitals alone on its line (the author's line
 * closes the header; a subtitle may look like a name); *at its paragraph.
 * A new string or NULL. */
static char *block_author(sh_reader *rd, size_t from, size_t to, size_t *at)
{
	for (size_t k = from; k < to; k++) {
		char *a = sh_byline(rd, k, false);
		if (a) {
			*at = k;
			return a;
		}
	}
	for (size_t k = to; k > from; k--) {
		if (sh_len(rd, k - 1) > 160 || !sh_single_line(rd, k - 1) ||
		    sh_salutation(rd, k - 1))
			continue;
		const char *f = sh_fold(rd, k - 1);
		size_t n = sh_name_line(f);
		if (n > 0 && (sh_caps_only(f) || k == to)) {
			*at = k - 1;
			return lt_xstrndup(f, n);
		}
	}
	return NULL;
}

/* An underlined title's byline, in the lines under it: "By NAME". */
static char *under_author(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r), *end = p + (r.end - r.start);
	lt_buf b = {0};
	char *a = NULL;
	for (const char *l = p; l < end && !a;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		const char *le = nl ? nl : end;
		fold_into(l, (size_t)(le - l), &b);
		if (b.s) /* under a title, "by NAME" is a byline too */
			a = sh_byline_text(b.s, b.len, true);
		l = nl ? nl + 1 : end;
	}
	lt_buf_free(&b);
	return a;
}

/* Does title paragraph t run on into t + 1 ("ON" / "MURDER", "THE
 * KNOCKING AT THE GATE," / "IN MACBETH.")? */
static bool title_runs_on(sh_reader *rd, size_t t)
{
	const char *f = sh_fold(rd, t);
	size_t n = strlen(f);
	if (n == 0 || !sh_caps_only(f))
		return false;
	ucs4_t last = sh_last_uc(f, n);
	if (last == ',' || last == ';' || last == '-')
		return true;
	const char *w = strrchr(f, ' ');
	w = w ? w + 1 : f;
	return sh_in_list(w, strlen(w), sh_small_words);
}

/* Open an essay at the block [i, j) whose title is paragraphs [t, t +
 * tn). */
static void plan_open(sh_reader *rd, size_t i, size_t t, size_t tn, size_t j,
                      pl_style st, int why)
{
	lt_doc *doc = rd->doc;
	size_t start = t;
	if (t > i) {
		bool lead = true;
		for (size_t k = i; k < t && lead; k++)
			lead = sh_lead_line(rd, k);
		if (lead)
			start = i;
	}
	loose_block(rd, i, start, start);
	/* a name or a date matched with the title is no part of it */
	while (tn > 1 && sh_lead_line(rd, t + tn - 1))
		tn--;
	/* the title runs on over paragraphs that continue it */
	if (st.kind != PL_KV && st.kind != PL_UNDER && st.kind != PL_DATED)
		while (t + tn < j && tn < 3 && title_runs_on(rd, t + tn - 1))
			tn++;
	size_t at = LT_NONE;
	char *author = NULL;
	int how = LT_TITLE_PARAS;
	if (st.kind == PL_KV) {
		lt_range r = sh_para(rd, t);
		author = sh_block_author(lt_doc_text(doc, r.start, r.end),
		                         (size_t)(r.end - r.start));
		how = LT_TITLE_KV;
	} else if (st.kind == PL_UNDER) {
		author = under_author(rd, t);
		how = LT_TITLE_UNDERLINED;
	} else if (st.kind == PL_DATED) {
		how = st.line2 ? LT_TITLE_LINE2 : LT_TITLE_FIRST_LINE;
	} else if (st.first_line) {
		how = LT_TITLE_FIRST_LINE;
	}
	if (st.kind != PL_KV && st.kind != PL_UNDER && st.kind != PL_DATED &&
	    !st.first_line && tn == 1) {
		/* "SIR ROBERT PEEL JUNE 1, 1829 PORTUGAL--DON MIGUEL": a
		 * name and a date run into the title */
		const char *f = sh_fold(rd, t);
		size_t ds, de;
		if (sh_date_span(f, &ds, &de) && strlen(f + de) > 3) {
			/* only a name, or nothing, before the date: else the
			 * date is the title's own ("Letters of May 1, 1850") */
			char *name = lt_xstrndup(f, ds);
			while (ds > 0 && name[ds - 1] == ' ')
				name[--ds] = '\0';
			size_t nl = sh_name_line(name);
			if (ds == 0 || nl == ds) {
				how = LT_TITLE_AFTER_DATE;
				if (nl > 0 && !author)
					author = lt_xstrndup(name, nl);
			}
			free(name);
		}
	}
	if (!author)
		author = block_author(rd, t + tn, j, &at);
	if (!author && start < t)
		author = block_author(rd, start, t, &at);
	/* a header block is the whole header: headings under it are the
	 * essay's */
	size_t h = st.kind == PL_KV ? t + 1 : j;
	end_open_essay(rd, start);
	open_essay(rd, start, tn, h - start,
	           at != LT_NONE && at > start ? at - start : 0, how, why,
	           author, line_of(doc, start));
	free(author);
	doc->essays[doc->nessays - 1].lead = (uint8_t)(t - start);
	doc->body_start = h;
	loose_block(rd, h, j, j);
}

/* The first line of paragraph i. */
static lt_range first_line(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	return line_range(sh_raw(rd, r), (size_t)(r.end - r.start), 0, r.start,
	                  NULL);
}

/* Does the user's pattern re match the first line of paragraph i? */
static bool starts_match(sh_reader *rd, pcre2_code *re, size_t i)
{
	if (!re)
		return false;
	lt_range r = first_line(rd, i);
	return pcre2_match(re, (PCRE2_SPTR)(sh_raw(rd, r)),
	                   (PCRE2_SIZE)(r.end - r.start), 0, 0,
	                   rd->doc->starts->md, NULL) >= 0;
}

/* 1: paragraph i starts an essay by the user's patterns; 2: a section;
 * 0: neither. */
static int user_kind(sh_reader *rd, size_t i)
{
	struct lt_starts *u = rd->doc->starts;
	if (!u)
		return 0;
	if (starts_match(rd, u->essay, i))
		return 1;
	return starts_match(rd, u->section, i) ? 2 : 0;
}

/* Is the line p[0..n) only a number ("12.", "XII", "(3)")? */
static bool number_only(const char *p, size_t n)
{
	size_t digits = 0;
	for (size_t k = 0; k < n; k++) {
		char c = p[k];
		if (isdigit((unsigned char)c) || strchr("IVXLCDMivxlcdm", c))
			digits++;
		else if (!strchr(" \t.:)(-", c))
			return false;
	}
	return digits > 0;
}

/* Paragraph i matched the user's --essay-start: open an essay there.
 * Returns the paragraph to look at next. */
static size_t user_open(sh_reader *rd, size_t i, size_t n)
{
	lt_doc *doc = rd->doc;
	lt_range r = first_line(rd, i);
	int how = LT_TITLE_FIRST_LINE;
	size_t lead = 0, header = 1;
	if (number_only(lt_doc_text(doc, r.start, r.end),
	                (size_t)(r.end - r.start))) {
		if (!sh_single_line(rd, i)) {
			how = LT_TITLE_LINE2; /* "12." over its title */
		} else if (i + 1 < n) {
			lead = 1; /* the next paragraph */
			header = 2;
		}
	}
	size_t at = LT_NONE;
	char *author = NULL;
	if (i + header < n) {
		author = sh_byline(rd, i + header, false);
		if (author)
			at = i + header++;
	}
	end_open_essay(rd, i);
	open_essay(rd, i, 1, header, at != LT_NONE ? at - i : 0, how,
	           LT_WHY_USER, author, line_of(doc, i));
	free(author);
	doc->essays[doc->nessays - 1].lead = (uint8_t)lead;
	doc->body_start = i + header;
	return i + header;
}

/* Paragraph i matched the user's --section-start. */
static void user_section(sh_reader *rd, size_t i)
{
	lt_doc *doc = rd->doc;
	if (doc->nessays == 0 || i < doc->body_start) {
		note_body(rd, i);
		return;
	}
	doc->starts->adding = true;
	add_section(rd, i, line_of(doc, i));
	doc->starts->adding = false;
}

/* Does heading t read like the open essay's section headings, two of
 * them sharing two of its longer words ("SICKNESS IN THE PRESENT ARMY"
 * after "SICKNESS AND MORTALITY OF THE ARMY IN PEACE")? Then it is one
 * more of them, set apart a little wider, not a new essay. */
static bool sibling_heading(sh_reader *rd, size_t t)
{
	lt_doc *doc = rd->doc;
	if (doc->nessays == 0)
		return false;
	size_t first = doc->essays[doc->nessays - 1].first_section;
	if (doc->nsections < first + 2)
		return false;
	char *mine = lt_xstrndup(sh_fold(rd, t), strlen(sh_fold(rd, t)));
	size_t alike = 0;
	/* the last few: a long essay's headings cost no more */
	for (size_t k = doc->nsections;
	     k > first && doc->nsections - k < 16 && alike < 2; k--) {
		const char *other = sh_fold(rd, doc->sections[k - 1].para);
		size_t shared = 0;
		for (const char *w = mine; *w;) {
			size_t n = strcspn(w, " ,.;:-");
			if (n >= 4 &&
			    sh_find_ci(other, strlen(other), w, n, true))
				shared++;
			w += n;
			w += strspn(w, " ,.;:-");
		}
		alike += shared >= 2;
	}
	free(mine);
	return alike >= 2;
}

/* Look at paragraph i under the plan; returns the paragraph to look at
 * next, or LT_NONE to wait for more of the text. */
static size_t plan_step(sh_reader *rd, size_t i, size_t n)
{
	lt_doc *doc = rd->doc;
	lt_plan *plan = doc->plan;
	if (doc->end_para != LT_NONE)
		return n;
	if (lt_para_start(doc, i) < doc->start_off) {
		doc->struct_floor = i + 1;
		doc->body_start = i + 2;
		return i + 1;
	}
	if (sh_end_marker(rd, i)) {
		doc->end_para = i;
		return n;
	}
	if (doc->nessays == 0 && doc->book_spelling == LT_NO_SPELLING) {
		/* a title page's byline: the book's one author, on a line
		 * of its own or under the title's */
		char *a = sh_byline(rd, i, false);
		pl_style hs;
		if (!a && sh_len(rd, i) <= SH_TITLE_MAX &&
		    sh_lines(rd, i, 4) <= 4 &&
		    !(plan->mode == PL_STYLE && pl_head(rd, i, &hs) &&
		      pl_same_style(hs, plan->style))) /* an essay's header */
			a = under_author(rd, i);
		if (a && !strchr(a, ',') &&
		    !sh_find_ci(a, strlen(a), " and ", 5, false) &&
		    !strchr(a, '&'))
			doc->book_spelling = lt_spelling_of(doc, a);
		free(a);
	}
	int user = user_kind(rd, i);
	if (user == 1) {
		if (i + 2 >= n && !doc->done)
			return LT_NONE; /* its title may be the next one */
		return user_open(rd, i, n);
	}
	if (user == 2) {
		user_section(rd, i);
		return i + 1;
	}
	if (i < doc->contents_end)
		return i + 1;
	pl_style st;
	if (!pl_head(rd, i, &st)) {
		note_body(rd, i);
		return i + 1;
	}
	size_t j = pl_block_end(rd, i, n);
	if (j == n && !doc->done)
		return LT_NONE;
	for (size_t k = i + 1; k < j; k++)
		if (sh_end_marker(rd, k) || user_kind(rd, k))
			j = k; /* the end of an ebook's text, or a line the
			        * user named, ends the block */
	if (plan->mode == PL_USER) {
		loose_block(rd, i, j, j);
		return j;
	}
	if (plan->mode == PL_CONTENTS) {
		size_t paras[PL_BLOCK_MAX], run, len;
		bool sub;
		for (size_t k = i; k < j; k++)
			paras[k - i] = k;
		if (pl_match(rd, plan, paras, j - i, &run, &len, &sub)) {
			if (sub) {
				if (doc->nessays > 0 &&
				    i + run >= doc->body_start)
					add_section(rd, i + run,
					            line_of(doc, i + run));
			} else {
				/* a numbered part under the title: the first
				 * section, not the header's */
				size_t h = j, srun, slen;
				bool ssub;
				size_t saved = plan->cursor;
				if (i + run + len < j &&
				    pl_match(rd, plan, paras + run + len,
				             j - (i + run + len), &srun, &slen,
				             &ssub) &&
				    ssub)
					h = i + run + len + srun;
				else
					plan->cursor = saved;
				if (len == 1 && back_title(rd, i + run)) {
					/* "NOTES", "INDEX": the back matter */
					doc->end_para = i + run;
					return j;
				}
				pl_head(rd, i + run, &st);
				plan_open(rd, i, i + run, len, h, st,
				          LT_WHY_CONTENTS);
				if (h < j)
					add_section(rd, h, line_of(doc, h));
			}
			return j;
		}
	} else {
		/* the title: of the style, the one set widest apart */
		size_t best = LT_NONE;
		unsigned best_gap = 0;
		pl_style best_st = st;
		for (size_t k = i; k < j; k++) {
			if (k > i)
				pl_head(rd, k, &st);
			if (!pl_same_style(st, plan->style) ||
			    (st.kind != PL_KV && st.kind != PL_UNDER &&
			     st.kind != PL_DATED && !st.first_line &&
			     !pl_title_like(rd, k)))
				continue;
			unsigned gap = sh_gap(rd, k);
			if (best == LT_NONE || gap > best_gap) {
				best = k;
				best_gap = gap;
				best_st = st;
			}
		}
		if (best != LT_NONE && sibling_heading(rd, best)) {
			loose_block(rd, best, best + 1, best + 1 == j ? j : 0);
			if (best + 1 < j)
				loose_block(rd, best + 1, j, j);
			return j;
		}
		if (best != LT_NONE) {
			plan_open(rd, i, best, 1, j, best_st, LT_WHY_STYLE);
			return j;
		}
	}
	loose_block(rd, i, j, j);
	return j;
}

/* Learn the plan once enough of the text is scanned; false until then. */
static bool learn_plan(sh_reader *rd)
{
	lt_doc *doc = rd->doc;
	if (doc->plan)
		return true;
	if (!doc->done && doc->pos < doc->start_off + PLAN_BYTES)
		return false;
	doc->plan = lt_xcalloc(1, sizeof *doc->plan);
	size_t from = doc->start_off ? lt_doc_para_at(doc, doc->start_off) : 0;
	size_t to = doc->done ? doc->npara : doc->npara - 1;
	if (doc->starts && doc->starts->essay) {
		doc->plan->mode = PL_USER;
		doc->plan->confidence = 1;
		doc->rules = LT_STRUCT_BLOG;
		return true;
	}
	if (doc->rules == LT_STRUCT_PLAIN || from >= to) {
		doc->plan->mode = PL_RULES;
		return true;
	}
	pl_learn(rd, from, to, doc->rules == LT_STRUCT_MARKDOWN, doc->plan);
	if (doc->plan->mode == PL_CONTENTS)
		doc->contents_end = doc->plan->contents.end;
	if (doc->plan && doc->plan->mode != PL_RULES)
		doc->rules = LT_STRUCT_BLOG;
	return true;
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
/* Is paragraph i a front matter block ("---" lines) with a title: a
 * post, whose title it is when the whole text is one essay? */
static bool titled_front(const lt_doc *doc, size_t i)
{
	lt_range r = lt_doc_para(doc, i);
	const char *p = doc->data + r.start;
	size_t n = (size_t)(r.end - r.start), len;
	if (n < 4 || (memcmp(p, "---", 3) != 0 && memcmp(p, "+++", 3) != 0) ||
	    (p[3] != '\n' && p[3] != '\r'))
		return false;
	sh_block_title(p, n, &len);
	return len > 0;
}

void lt_structure_step(lt_doc *doc)
{
	if (doc->finished)
		return;
	sh_reader ps;
	sh_init(&ps, doc);
	size_t n = doc->npara;
	size_t limit = doc->done ? n : n > 0 ? n - 1 : 0;
	if (!learn_plan(&ps)) {
		sh_free(&ps);
		return;
	}
	if (doc->struct_next == 0)
		doc->body_start = 1; /* until an essay starts: as if one had */
	if (doc->plan->mode == PL_RULES) {
		for (size_t i = doc->struct_next; i < limit; i++) {
			/* a paragraph's first bytes and the end of the one
			 * before, wanted a few steps from now */
			if (i + 4 < n)
				__builtin_prefetch(lt_doc_text(
				    doc, lt_para_start(doc, i + 4) - 1,
				    lt_para_start(doc, i + 4)));
			step_para(&ps, i);
		}
		if (limit > doc->struct_next)
			doc->struct_next = limit;
	} else {
		size_t i = doc->struct_next;
		while (i < limit) {
			size_t next = plan_step(&ps, i, limit);
			if (next == LT_NONE)
				break;
			i = next;
		}
		doc->struct_next = i < limit ? i : limit;
		limit = doc->struct_next;
	}
	/* keep the lines of the paragraphs still to look at, and two more */
	lt_doc_facts_drop(doc, doc->struct_next > 1 ? doc->struct_next - 2 : 0);
	if (doc->done) {
		/* the last paragraph: nothing follows it to make it a heading
		 */
		if (n > 0 && doc->rules == LT_STRUCT_BLOG &&
		    doc->plan->mode == PL_RULES && doc->end_para == LT_NONE &&
		    n - 1 >= doc->struct_floor)
			settle_heading(&ps, n - 1,
			               n - 1 >= doc->body_start &&
			                   sh_heading_like(&ps, n - 1));
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
			    &ps, first, 1, 1, 0,
			    titled_front(doc, first) ? LT_TITLE_YAML
			                             : LT_TITLE_FIRST_LINE,
			    LT_WHY_WHOLE, NULL,
			    lt_doc_line_at(doc, lt_para_start(doc, first)));
			doc->essays[0].first_section = 0;
		}
		doc->front_end = doc->nessays ? doc->essays[0].title_para : n;
		doc->back_start = find_back(&ps);
		if (doc->nessays > 0)
			close_essay(&ps, doc->nessays - 1, doc->back_start);
		doc->finished = true;
		lt_structure_authors(doc);
		lt_doc_facts_drop(doc, SIZE_MAX);
	}
	sh_free(&ps);
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
		if (!sh_in_list(w, core, name_suffixes) || w == name) {
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
void lt_structure_authors(lt_doc *doc)
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

static pcre2_code *compile_start(const char *re, const char *what, char *err,
                                 size_t errlen)
{
	int code;
	PCRE2_SIZE at;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
	                              PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
	                              &code, &at, NULL);
	if (!c) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(code, msg, sizeof msg);
		snprintf(err, errlen, "%s: %s at offset %zu", what,
		         (const char *)msg, (size_t)at);
		return NULL;
	}
	pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
	return c;
}

static void free_starts(lt_doc *doc)
{
	if (!doc->starts)
		return;
	pcre2_code_free(doc->starts->essay);
	pcre2_code_free(doc->starts->section);
	pcre2_match_data_free(doc->starts->md);
	free(doc->starts);
	doc->starts = NULL;
}

bool lt_doc_set_starts(lt_doc *doc, const char *essay_re,
                       const char *section_re, char *err, size_t errlen)
{
	free_starts(doc);
	pcre2_code *e = NULL, *s = NULL;
	if (essay_re && *essay_re &&
	    !(e = compile_start(essay_re, "--essay-start", err, errlen)))
		return false;
	if (section_re && *section_re &&
	    !(s = compile_start(section_re, "--section-start", err, errlen))) {
		pcre2_code_free(e);
		return false;
	}
	if (doc->folder) /* every file's */
		fo_set_starts(doc, e ? essay_re : NULL, s ? section_re : NULL);
	if (!e && !s)
		return true;
	doc->starts = lt_xcalloc(1, sizeof *doc->starts);
	doc->starts->essay = e;
	doc->starts->section = s;
	doc->starts->md = pcre2_match_data_create(4, NULL);
	return true;
}

void lt_structure_free(lt_doc *doc)
{
	free_starts(doc);
	if (doc->plan)
		pl_free(doc->plan);
	free(doc->plan);
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
	if (doc->folder)
		return fo_essay(doc, k);
	const lt_essay_rec *r = &doc->essays[k];
	lt_essay e;
	e.title_para = r->title_para;
	e.byline_para = r->byline ? r->title_para + r->byline : LT_NONE;
	e.end_para = essay_end(doc, k);
	e.bio_para = essay_bio(doc, k);
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

/* Drop Markdown markup from folded text, in place: a heading's '#'s, and
 * the inline markup the reader hides (mdinline.h), so that a title shows
 * what its text shows. */
static void md_unmark(lt_buf *b)
{
	char *s = b->s;
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
	lt_buf shown = {0};
	md_plain(s + i, e - i, &shown);
	/* markup gone, white space may run double */
	size_t len = 0;
	for (size_t k = 0; k < shown.len; k++)
		if (!(shown.s[k] == ' ' && (len == 0 || s[len - 1] == ' ')))
			s[len++] = shown.s[k];
	while (len > 0 && s[len - 1] == ' ')
		len--;
	s[len] = '\0';
	b->len = len;
	lt_buf_free(&shown);
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
	if (!b->len || !memchr(s, '[', b->len))
		return;    /* the common case: no mark */
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
		else if (s[i] == ' ' && o == 0)
			i++; /* what a mark opened no longer starts with a space
			      */
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
	const char *p = lt_doc_text(doc, r.start, r.end);
	size_t n = (size_t)(r.end - r.start);
	/* (a title is short: a longer paragraph is not searched through,
	 * as each title asked for would be, a file on one line say) */
	if (doc->rules == LT_STRUCT_MARKDOWN && n > 0 && p[0] != '#' &&
	    n <= SH_TITLE_MAX + 240) {
		size_t k = n;
		while (k > 0 && p[k - 1] != '\n' && p[k - 1] != '\r')
			k--;
		if (k > 0 && lt_md_underline(p + k, n - k))
			r.end = r.start + k - 1;
	} else if (doc->plan && doc->plan->mode != PL_RULES &&
	           n <= SH_TITLE_MAX + 240) {
		sh_underline u = sh_find_underline(p, n);
		if (u.c)
			r = line_range(p, n, u.line, r.start, NULL);
	}
	return r;
}

/* Line k of paragraph p[0..n) that starts at byte off, as a range; with
 * u, only the columns its underline covers, and no "> " before. */
static lt_range line_range(const char *p, size_t n, unsigned k, uint64_t off,
                           const sh_underline *u)
{
	const char *l = p, *end = p + n, *le = end;
	for (unsigned m = 0; l < end; m++) {
		/* the line ends at an LF, a CR, or a CRLF */
		const char *lf = memchr(l, '\n', (size_t)(end - l));
		const char *cr = memchr(l, '\r', (size_t)((lf ? lf : end) - l));
		le = cr ? cr : lf ? lf : end;
		if (m == k)
			break;
		l = le == end                                        ? end
		    : le[0] == '\r' && le + 1 < end && le[1] == '\n' ? le + 2
		                                                     : le + 1;
		le = end;
	}
	const char *from = l;
	if (u) {
		if ((size_t)(le - l) > u->to + 1)
			le = l + u->to + 1;
		if ((size_t)(le - l) > u->from)
			from = l + u->from;
		if (u->quoted && from < l + 2 && le - l >= 2)
			from = l + 2;
		/* a character cut by the columns: to its start */
		while (le < end && le > from &&
		       ((unsigned char)*le & 0xC0) == 0x80)
			le--;
	}
	return (lt_range){off + (uint64_t)(from - p), off + (uint64_t)(le - p)};
}

const char *lt_doc_essay_title(const lt_doc *doc, size_t k, lt_buf *out)
{
	if (doc->folder)
		return fo_essay_title(doc, k, out);
	const lt_essay_rec *e = &doc->essays[k];
	lt_range pr = title_range(doc, e->title_para + e->lead);
	const char *p = lt_doc_text(doc, pr.start, pr.end);
	size_t n = (size_t)(pr.end - pr.start);
	lt_buf_clear(out);
	if (e->how == LT_TITLE_FIRST_LINE || e->how == LT_TITLE_LINE2) {
		/* its first line ("12." over its title: its second), cut on
		 * a character's start; looked for in the paragraph's first
		 * bytes only (a whole file may be one line) */
		if (n > 4 * SH_TITLE_MAX)
			n = 4 * SH_TITLE_MAX;
		lt_range l =
		    line_range(p, n, e->how == LT_TITLE_LINE2, 0, NULL);
		p += l.start;
		n = (size_t)(l.end - l.start);
		if (n > SH_TITLE_MAX) {
			n = SH_TITLE_MAX;
			while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
				n--;
		}
	} else if (e->how == LT_TITLE_YAML || e->how == LT_TITLE_KV) {
		p = sh_block_title(p, n, &n);
	} else if (e->how == LT_TITLE_AFTER_DATE) {
		/* the title after a date on its line */
		lt_fold(p, n, out);
		size_t ds, de;
		if (sh_date_span(out->s, &ds, &de)) {
			size_t skip = de;
			while (out->s[skip] == ' ')
				skip++;
			memmove(out->s, out->s + skip, out->len - skip + 1);
			out->len -= skip;
		}
		drop_note_marks(out);
		return out->s;
	} else if (e->how == LT_TITLE_UNDERLINED) {
		lt_range r = lt_doc_para(doc, e->title_para + e->lead);
		p = lt_doc_text(doc, r.start, r.end);
		n = (size_t)(r.end - r.start);
		sh_underline u = sh_find_underline(p, n);
		lt_range t = line_range(p, n, u.line, r.start, &u);
		p = lt_doc_text(doc, t.start, t.end);
		n = (size_t)(t.end - t.start);
	}
	lt_fold(p, n, out);
	for (size_t t = 1; t < e->ntitle; t++) {
		/* "FEDERALIST No. 1: General Introduction" */
		ucs4_t last = out->len ? sh_last_uc(out->s, out->len) : 0;
		if (uc_is_alnum(last) && e->why == LT_WHY_NUMBERING)
			lt_buf_put(out, ":", 1, 0);
		lt_buf_put(out, " ", 1, 0);
		pr = title_range(doc, e->title_para + e->lead + t);
		lt_fold(lt_doc_text(doc, pr.start, pr.end),
		        (size_t)(pr.end - pr.start), out);
	}
	if (doc->rules == LT_STRUCT_MARKDOWN)
		md_unmark(out);
	drop_note_marks(out);
	return out->s;
}

lt_section lt_doc_section(const lt_doc *doc, size_t i)
{
	if (doc->folder)
		return fo_section(doc, i);
	lt_section s;
	s.para = doc->sections[i].para;
	s.line = doc->sections[i].line;
	s.essay = lt_doc_para_essay(doc, s.para);
	return s;
}

const char *lt_doc_section_heading(const lt_doc *doc, size_t i, lt_buf *out)
{
	if (doc->folder)
		return fo_section_heading(doc, i, out);
	lt_range pr = title_range(doc, doc->sections[i].para);
	fold_into(lt_doc_text(doc, pr.start, pr.end),
	          (size_t)(pr.end - pr.start), out);
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
	if (doc->folder)
		return i < doc->npara ? fo_para_essay(doc, i) : LT_NONE;
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
	if (doc->folder)
		return fo_para_kind(doc, i);
	size_t k = lt_doc_para_essay(doc, i);
	if (k == LT_NONE) {
		if (doc->nessays > 0 && i < doc->essays[0].title_para)
			return LT_PARA_FRONT;
		if (!doc->finished)
			return LT_PARA_BODY; /* not known yet */
		return doc->nessays == 0 ? LT_PARA_FRONT : LT_PARA_BACK;
	}
	const lt_essay_rec *e = &doc->essays[k];
	/* a name or a date before the title heads the essay with it */
	if (i < e->title_para + e->lead + e->ntitle)
		return LT_PARA_TITLE;
	if (i < e->title_para + e->header)
		return LT_PARA_BYLINE; /* subtitle, publication, author lines */
	if (k >= doc->nclosed)
		return LT_PARA_BODY; /* bio and sections not known yet */
	if (i == essay_bio(doc, k))
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

/* ---- why (--explain) -------------------------------------------------------
 */

const char *lt_doc_essay_evidence(const lt_doc *doc, size_t i, lt_buf *out)
{
	if (doc->folder)
		return fo_essay_evidence(doc, i, out);
	const lt_essay_rec *e = &doc->essays[i];
	lt_buf_clear(out);
	char num[64];
	switch (e->why) {
	case LT_WHY_BYLINE: lt_buf_puts(out, "a byline under its title"); break;
	case LT_WHY_NUMBERING: lt_buf_puts(out, "a numbering line"); break;
	case LT_WHY_MARKDOWN:
		snprintf(num, sizeof num, "a Markdown heading of level %u",
		         (unsigned)doc->md_level);
		lt_buf_puts(out, num);
		break;
	case LT_WHY_YAML: lt_buf_puts(out, "front matter with a title"); break;
	case LT_WHY_CONTENTS:
		lt_buf_puts(out, "an entry of the contents list");
		break;
	case LT_WHY_STYLE:
		lt_buf_puts(out, "the heading style the headers repeat: ");
		lt_buf_puts(out, pl_kind_name(doc->plan->style));
		break;
	case LT_WHY_USER:
		lt_buf_puts(out, "a line matching --essay-start");
		break;
	default:
		lt_buf_puts(out, "nothing: the whole text is one essay");
		break;
	}
	static const char *const from[] = {
	    "none found",
	    "its header (a byline or a name line)",
	    "a front matter or header block",
	    "a byline closing it",
	    "the book's one author (title page or ebook header)",
	    "a name signing it",
	};
	lt_buf_puts(out, "; author: ");
	lt_buf_puts(out, e->author_from < 6 ? from[e->author_from] : from[0]);
	return out->s;
}

const char *lt_doc_section_evidence(const lt_doc *doc, size_t i, lt_buf *out)
{
	if (doc->folder)
		return fo_section_evidence(doc, i, out);
	sh_reader rd;
	sh_init(&rd, (lt_doc *)doc);
	size_t para = doc->sections[i].para;
	lt_range r = sh_para(&rd, para);
	const char *p = lt_doc_text(doc, r.start, r.end);
	size_t n = (size_t)(r.end - r.start);
	const char *why = "a short title-case line over text";
	int level;
	if (doc->starts && doc->starts->section)
		why = "a line matching --section-start";
	else if (doc->rules == LT_STRUCT_MARKDOWN &&
	         (level = sh_md_heading(&rd, para)) > 0)
		why = "a Markdown heading below the essays' level";
	else if (sh_bold_line(&rd, para))
		why = "a line in bold";
	else if (n <= SH_TITLE_MAX + 240 && sh_find_underline(p, n).c)
		why = "an underlined line";
	else if (sh_bare_number(&rd, para))
		why = "a number alone on its line";
	else if (doc->plan && doc->plan->mode == PL_CONTENTS &&
	         sh_lead_line(&rd, para))
		why = "a numbered heading line";
	sh_free(&rd);
	lt_buf_clear(out);
	lt_buf_puts(out, why);
	return out->s;
}

const char *lt_doc_structure_label(const lt_doc *doc)
{
	if (doc->folder)
		return "a file at a time";
	if (!doc->plan)
		return NULL;
	switch (doc->plan->mode) {
	case PL_CONTENTS: return "contents list";
	case PL_STYLE: return "repeated headings";
	case PL_USER: return "--essay-start";
	default: return NULL;
	}
}

double lt_doc_structure_confidence(const lt_doc *doc)
{
	if (!doc->plan && !doc->folder)
		return 0;
	if (doc->plan && doc->plan->mode != PL_RULES)
		return doc->plan->confidence;
	if (doc->rules == LT_STRUCT_PLAIN)
		return 1;
	if (doc->nessays == 0 || doc->essays[0].why == LT_WHY_WHOLE)
		return 0.2;
	/* the share of essays whose author was found */
	size_t named = 0;
	for (size_t k = 0; k < doc->nessays; k++)
		named += doc->essays[k].spelling != LT_NO_SPELLING;
	return 0.6 + 0.4 * (double)named / (double)doc->nessays;
}

const char *lt_doc_structure_summary(const lt_doc *doc, lt_buf *out)
{
	if (doc->folder)
		return fo_summary(doc, out);
	lt_buf_clear(out);
	char buf[160];
	const lt_plan *plan = doc->plan;
	if (doc->rules == LT_STRUCT_PLAIN &&
	    (!plan || plan->mode == PL_RULES)) {
		lt_buf_puts(out, "plain: one essay, no sections (chosen)");
		return out->s;
	}
	if (!plan) {
		lt_buf_puts(out,
		            "not decided yet: the start of the text is being "
		            "read");
		return out->s;
	}
	switch (plan->mode) {
	case PL_CONTENTS:
		snprintf(buf, sizeof buf,
		         "the contents list: %zu entries, %zu of them matched "
		         "to headings in order",
		         plan->contents.ntop, plan->matched);
		lt_buf_puts(out, buf);
		break;
	case PL_STYLE:
		snprintf(buf, sizeof buf,
		         "a repeated heading style: %s (%u seen)",
		         pl_kind_name(plan->style), plan->nstyle);
		lt_buf_puts(out, buf);
		break;
	case PL_USER: lt_buf_puts(out, "your --essay-start"); break;
	default:
		lt_buf_puts(out, doc->rules == LT_STRUCT_MARKDOWN
		                     ? "Markdown: headings and front matter"
		                     : "bylines, numbering lines and headings");
		break;
	}
	if (doc->starts && doc->starts->section)
		lt_buf_puts(out, "; sections: your --section-start");
	return out->s;
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
	if (doc->folder)
		return; /* each file's, given when it was opened */
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

/* Words that name no one person as a book's author. */
static const char *const not_authors[] = {
    "various", "anonymous", "unknown", "editor", "editors", "edited", NULL,
};

/* An ebook's header p[0..n) names its author ("Author: NAME"): the author
 * of the essays that name none, unless it names several or none. */
static void header_author(lt_doc *doc, const char *p, size_t n)
{
	size_t len;
	const char *v = sh_block_value(p, n, "author", &len);
	if (len == 0 || memchr(v, ':', len) || memchr(v, '&', len) ||
	    sh_find_ci(v, len, " and ", 5, false))
		return;
	for (const char *const *w = not_authors; *w; w++)
		if (sh_find_ci(v, len, *w, strlen(*w), true))
			return;
	char *a = sh_author_value(v, len);
	if (a)
		doc->book_spelling = lt_spelling_of(doc, a);
	free(a);
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
	if (so) {
		doc->start_off = doc->pos + so;
		header_author(doc, p, so);
	}
	int levels[7] = {0}, atx = 0, setext_eq = 0, setext = 0, titled = 0;
	int first_level = 0, headings = 0;
	bool text_after_first = false; /* text between the first two */
	bool fence = false, prev_text = false, para_start = true;
	bool overlined = false; /* the paragraph opened with a rule line */
	bool front = false, post = false; /* a block opens the text, with a
	                                   * title */
	int await = 0;                    /* the level of a heading just read */
	bool bylined[7] = {false}; /* a heading of the level has a byline */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (para_start && n == 3 &&
		    (memcmp(p, "---", 3) == 0 || memcmp(p, "+++", 3) == 0)) {
			/* front matter: a closing "---" (TOML: "+++") within
			 * a few lines */
			bool toml = *p == '+';
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
				if (m == 3 &&
				    (toml ? memcmp(q, "+++", 3) == 0
				          : memcmp(q, "---", 3) == 0 ||
				                memcmp(q, "...", 3) == 0)) {
					size_t len;
					if (p == start) {
						/* its author writes the essays
						 * that name none */
						char *a = sh_block_author(
						    p, (size_t)(q - p));
						if (a)
							doc->book_spelling =
							    lt_spelling_of(doc,
							                   a);
						free(a);
						front = true;
					}
					sh_block_value(p, (size_t)(q - p),
					               "title", &len);
					titled += len > 0;
					post = post || (p == start && len > 0);
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
			/* a rule over the lines a rule closes is a box, as
			 * reStructuredText overlines a title: no Markdown */
			int s =
			    prev_text && !overlined ? lt_md_underline(p, n) : 0;
			int a = para_start ? sh_md_atx(p, n) : 0;
			setext_eq += s == 1;
			setext += s > 0;
			atx += a > 0;
			levels[s ? s : a]++;
			if (!first_level && (s || a))
				first_level = s ? s : a;
			if (s || a)
				headings++;
			else if (headings == 1 && !lt_md_underline(p, n))
				text_after_first = true;
			if (s || a) {
				await = s ? s : a;
			} else if (await) { /* the line under a heading */
				char *by = sh_byline_text(p, n, false);
				bylined[await] = bylined[await] || by;
				free(by);
				await = 0;
			}
			if (para_start)
				overlined = lt_md_underline(p, n) > 0;
		}
		prev_text = n > 0 && !lt_md_underline(p, n);
		para_start = n == 0 || sh_md_atx(p, n);
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
	/* one post: a block with a title opens the text, no heading is of
	 * the first level (the title is the page's, as static site
	 * generators have it) and the top level used is used again and
	 * again, without bylines (an anthology's pieces have them): the
	 * block opens the one essay, the headings are its sections */
	if (post && titled == 1 && levels[1] == 0 &&
	    levels[doc->md_level] >= 2 && !bylined[doc->md_level]) {
		doc->md_level = 0;
		return;
	}
	/* ... unless it is used once, by the first heading, straight over
	 * a level used again and again: that one is the collection's
	 * title, and the essays are a level down (a heading with a byline
	 * or text under it is an essay's, its sections below it) */
	if (levels[doc->md_level] == 1 && first_level == doc->md_level &&
	    !text_after_first)
		for (int k = doc->md_level + 1; k <= 6; k++)
			if (levels[k] >= 2) {
				doc->md_level = (uint8_t)k;
				break;
			}
}
