/* A contents list in the front matter, and matching its entries against
 * the headers of the body (structure.c uses both). */
#ifndef LECTERN_CONTENTS_H
#define LECTERN_CONTENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shape.h"

/* Words as hashes, case and punctuation dropped: how entries and headers
 * are compared. */
typedef struct {
	uint32_t *w;
	size_t n, cap;
} ct_words;

void ct_words_clear(ct_words *ws);
void ct_words_free(ct_words *ws);
/* Append the words of p[0..n) (raw text; Markdown links keep their text,
 * emphasis marks are dropped). */
void ct_words_add(ct_words *ws, const char *p, size_t n);
/* Dice's likeness of two word lists: 2|A∩B| / (|A| + |B|), 0..1. */
double ct_likeness(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

typedef struct {
	uint32_t first, n; /* its words in the list's word array */
	uint32_t line;     /* the entry's first line, as the scan counts */
	bool sub;          /* a numbered part of the entry before it */
	bool name;         /* a name in capitals: an author heading the
	                    * entries after it */
} ct_entry;

typedef struct {
	ct_entry *e;
	size_t n, cap, ntop; /* entries, and those neither sub nor name */
	ct_words words;
	size_t start, end; /* its paragraphs: [start, end) */
} ct_list;

void ct_free(ct_list *l);

/* Look for a contents list in paragraphs [from, to): a contents heading
 * ("CONTENTS", "Table of Contents", "# Summary") and the short lines
 * after it, up to a wide gap, prose, or a line that repeats an entry (the
 * body has begun). Fills *l and returns true when it has entries. */
bool ct_find(sh_reader *rd, size_t from, size_t to, ct_list *l);

/* The best match of entries [lo, hi) with runs of up to four paragraphs
 * paras[0..n): true when one is alike enough (0.6); *entry, *run_start,
 * *run_len and *score say which. Later runs win ties (the title nearest
 * the body, under a half-title or a part heading). */
bool ct_match(sh_reader *rd, const ct_list *l, size_t lo, size_t hi,
              const size_t *paras, size_t n, size_t *entry, size_t *run_start,
              size_t *run_len, double *score);

#endif
