/* Search: patterns matched against whole paragraphs, hits returned as byte
 * spans of the text. No curses here: the reader only paints the spans. */
#ifndef LECTERN_SEARCH_H
#define LECTERN_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lectern/doc.h"
#include "lectern/stop.h"

typedef enum {
	LT_CASE_SMART,     /* sensitive when the pattern has an upper case */
	LT_CASE_IGNORE,    /* full Unicode case folding */
	LT_CASE_SENSITIVE, /* exact case */
} lt_case_mode;

typedef struct {
	lt_case_mode casing;
	bool word;  /* hits start and end at word boundaries */
	bool regex; /* PCRE2, with UTF and Unicode properties */
	/* for tests: fold every paragraph whole, without the fast path that
	 * folds only around the places a hit can be (the results must not
	 * differ) */
	bool exhaustive;
} lt_search_opts;

typedef struct lt_search lt_search;

/* Compile pattern (NUL-terminated UTF-8). A literal pattern matches as
 * people type: a space matches any run of white space (line breaks and
 * no-break spaces too); ' matches ’ ‘ ′, " matches “ ” „, - matches the
 * dashes, ... matches …; NFC and NFD match each other; a pattern without
 * accents matches accented letters, one with accents only them; case
 * follows opts->casing (smart: exact when the pattern has an upper-case
 * letter). Returns NULL for an empty pattern or an invalid regular
 * expression, with a message in err (PCRE2's, with the offset). Free with
 * lt_search_free. */
lt_search *lt_search_new(const char *pattern, const lt_search_opts *opts,
                         char *err, size_t errsize);
void lt_search_free(lt_search *s);

/* Does the compiled search match case exactly? */
bool lt_search_case_sensitive(const lt_search *s);

typedef struct {
	lt_range *v;
	size_t n, cap;
} lt_spans;

void lt_spans_free(lt_spans *s);

/* Append the hits in p[0..n) (raw document bytes: a paragraph) to out as
 * byte ranges relative to p: in order, never overlapping, never splitting
 * a character. Returns how many there are (out NULL: only counts them,
 * in no memory however many). */
size_t lt_search_text(lt_search *s, const char *p, size_t n, lt_spans *out);

/* The same, for paragraph text p[0..n) of doc as the reader shows it: in
 * a Markdown document, in the text with its markup hidden (a phrase
 * across emphasis, "nobody *seems*", is one hit; what is hidden is never
 * one), each hit's range mapped back to the bytes it shows. */
size_t lt_search_shown(lt_search *s, const lt_doc *doc, const char *p, size_t n,
                       lt_spans *out);

/* How many hits the whole document holds, found as fast as can be: from
 * the text around each place a hit can be (no scan of the document is
 * needed for a literal pattern), on two cores for a large document. A
 * stop asked for (lectern/stop.h) leaves the count short. */
size_t lt_search_count(lt_search *s, lt_doc *doc);

/* Every hit in a document, found a slice at a time so that a large
 * document never freezes the caller: paragraphs with hits, in order, with
 * the number of hits before each. */
typedef struct lt_hits lt_hits;

lt_hits *lt_hits_new(lt_search *s, lt_doc *doc);
void lt_hits_free(lt_hits *h);

/* Search at most budget more bytes (0: all that the document has indexed).
 * Returns true once every paragraph of the (completely scanned) document
 * has been searched. A stop asked for (lectern/stop.h) ends it within a
 * millisecond or so; the paragraph it was in is searched anew next time.
 * Time and memory are linear in the text, in windows of bounded size,
 * however long a paragraph (but the hits it holds). */
bool lt_hits_run(lt_hits *h, uint64_t budget);
bool lt_hits_done(const lt_hits *h);
uint64_t lt_hits_searched(const lt_hits *h); /* bytes searched so far */

size_t lt_hits_count(const lt_hits *h); /* hits found so far */
size_t lt_hits_nparas(const lt_hits *h);

typedef struct {
	size_t para;   /* a paragraph with hits */
	size_t count;  /* how many */
	size_t before; /* hits in the paragraphs before it */
} lt_para_hits;

lt_para_hits lt_hits_para(const lt_hits *h, size_t k);
/* The first entry whose paragraph is at or after para (lt_hits_nparas()
 * when none is). */
size_t lt_hits_find(const lt_hits *h, size_t para);

/* A hit in its context, for a line of results (the reader's and
 * --search's): the raw paragraph p[0..n) from at most before bytes before
 * hit (offsets in p) to at most after bytes past it, each end at a
 * character's start and marked "…" where the paragraph goes on (white
 * space after the first "…" dropped); decoded, every run of white space
 * one space. *mark_from and *mark_to are the
 * hit's bytes in out, which is cleared first (it must not track). */
void lt_search_snippet(const char *p, size_t n, lt_range hit, size_t before,
                       size_t after, lt_buf *out, size_t *mark_from,
                       size_t *mark_to);

#endif
