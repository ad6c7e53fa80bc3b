/* The plan of a collection: what opens its essays, learnt from the start
 * of the text as a whole (its contents list, the heading style its
 * headers repeat), then applied to every paragraph as the scan goes
 * (structure.c). */
#ifndef LECTERN_PLAN_H
#define LECTERN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "contents.h"
#include "shape.h"

/* A header paragraph is looked at in blocks of at most this many. */
#define PL_BLOCK_MAX 8

/* How a paragraph looks as a heading. */
typedef enum {
	PL_BODY,  /* not like a heading at all */
	PL_KV,    /* "Title: ...", "Author: ..." lines */
	PL_UNDER, /* an underlined (or overlined and underlined) title */
	PL_GAP3,  /* three or more blank lines before it */
	PL_GAP2,  /* two */
	PL_PLAIN, /* one */
	PL_DATED, /* a title line over its date, or a date over its title */
} pl_kind;

typedef struct {
	uint8_t kind;    /* pl_kind */
	char ul;         /* PL_UNDER: the underline's character */
	bool quoted;     /* ... under a "> " line */
	bool over;       /* ... with an overline too */
	bool first_line; /* only the first line of a paragraph of text
	                  * ("EUPHORION." over a poem's lines) */
	bool line2;      /* PL_DATED: the title is the second line */
} pl_style;

/* What opens essays. */
typedef enum {
	PL_RULES,    /* the paragraph rules alone: bylines, numbering lines,
	              * Markdown headings (structure.c) */
	PL_CONTENTS, /* the entries of a contents list, found in order */
	PL_STYLE,    /* headers of the heading style the document repeats */
	PL_USER,     /* lines that match the user's --essay-start */
} pl_mode;

typedef struct lt_plan {
	pl_mode mode;
	pl_style style;    /* PL_STYLE: the essays' */
	ct_list contents;  /* PL_CONTENTS: the list */
	size_t cursor;     /* the next entry expected */
	size_t matched;    /* entries matched while learning */
	bool name_first;   /* a name line opens headers (before the title),
	                    * rather than closing them */
	unsigned nstyle;   /* headers of the style seen while learning */
	double confidence; /* 0..1: how well the plan fits what was seen */
} lt_plan;

/* Is paragraph i shaped like a heading (short, capitalised, not a list
 * item or a footnote), and how: its style in *st. */
bool pl_head(sh_reader *rd, size_t i, pl_style *st);
/* A title by its looks: capitals, title case, or quoted. */
bool pl_title_like(sh_reader *rd, size_t i);
/* The end of the block of heading-shaped paragraphs from i (at most
 * PL_BLOCK_MAX, not past limit). */
size_t pl_block_end(sh_reader *rd, size_t i, size_t limit);
bool pl_same_style(pl_style a, pl_style b);

/* Learn the plan from paragraphs [from, to): a contents list whose
 * entries head blocks of the body, else a heading style that repeats and
 * no other rule applies. */
void pl_learn(sh_reader *rd, size_t from, size_t to, bool markdown,
              lt_plan *plan);
void pl_free(lt_plan *plan);

/* PL_CONTENTS: does the block paras[0..n) hold the next entries' title?
 * *run and *len say which paragraphs; *sub whether it is a sub-entry (a
 * section, not an essay). Advances the cursor. */
bool pl_match(sh_reader *rd, lt_plan *plan, const size_t *paras, size_t n,
              size_t *run, size_t *len, bool *sub);

const char *pl_kind_name(pl_style st);

#endif
