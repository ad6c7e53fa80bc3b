/* Moves through the structure: essays, sections, authors, marks, a
 * percentage of the file. Each says how it went as a code (and, where
 * there is one, a name); the reader words it. */
#ifndef LECTERN_VIEW_NAV_H
#define LECTERN_VIEW_NAV_H

#include "lectern/text.h"
#include "view/view.h"

typedef enum {
	LV_NAV_OK,
	LV_NAV_AUTHOR,       /* went to an author: the name in the result */
	LV_NAV_INDEXING,     /* the structure is not known yet */
	LV_NAV_NO_ESSAYS,    /* the document has none */
	LV_NAV_NO_MORE,      /* no essay, section or author that way */
	LV_NAV_FIRST_ESSAY,  /* [ at the first essay */
	LV_NAV_NO_EARLIER,   /* { before the first section */
	LV_NAV_NO_AUTHORS,   /* the document names none */
	LV_NAV_NO_AUTHOR,    /* . , outside an essay with an author */
	LV_NAV_AUTHOR_EDGE,  /* . , past the author's last or first essay */
	LV_NAV_FIRST_AUTHOR, /* ( at the first author */
	LV_NAV_MARK_SET,     /* m<letter> */
	LV_NAV_MARK_LETTERS, /* m and not a letter */
	LV_NAV_MARK_UNSET,   /* '<letter> of a mark not set */
} lv_nav_code;

typedef struct {
	lv_nav_code code;
	const char *name;   /* the author (LV_NAV_AUTHOR, _AUTHOR_EDGE) */
	unsigned percent;   /* indexed so far (LV_NAV_INDEXING, _NO_MORE) */
	bool more_may_come; /* LV_NAV_NO_MORE while the scan goes on */
} lv_nav;

/* ] (dir 1) and [ (dir -1): the next essay, the start of this one, the
 * previous one. */
lv_nav lv_nav_essay(lv_view *v, int dir);
/* } and {: the next section or essay, the start of this one, the
 * previous one. */
lv_nav lv_nav_section(lv_view *v, int dir);
/* ) and (: in reading order, the next essay by someone else, or the
 * first essay of the run before this author's; with same (. and ,), this
 * author's next or previous essay. */
lv_nav lv_nav_author(lv_view *v, int dir, bool same);
/* The essay ) (dir > 0) or ( goes to from essay from (LT_NONE: before
 * the first; nessays: after the last), or LT_NONE. */
size_t lv_nav_author_run(const lt_doc *doc, size_t from, int dir);
/* The moves a count repeats. */
typedef enum {
	LV_MOVE_ESSAY,
	LV_MOVE_SECTION,
	LV_MOVE_AUTHOR,
	LV_MOVE_SAME_AUTHOR,
} lv_move;

/* A move made count times (0 counts as 1), stopping at the first that
 * does not go: its result, else the last one's. */
lv_nav lv_nav_times(lv_view *v, lv_move move, int dir, size_t count);
/* NG and Ng: the row holding the start of line n of the file (1-based;
 * past the last line: the last), on top. */
void lv_nav_line(lv_view *v, uint64_t n);
/* The byte offset where line n (1-based) of the text starts; past the
 * last line, the start of the last. */
uint64_t lv_line_start(const char *text, uint64_t size, uint64_t n);
/* N%: the paragraph holding byte pct% of the file. */
void lv_nav_percent(lv_view *v, size_t pct);
/* m<letter>, '<letter>, and '' (letter '\''). */
lv_nav lv_nav_mark(lv_view *v, int letter);
lv_nav lv_nav_goto_mark(lv_view *v, int letter);

/* Is the structure known well enough for the contents (whole: the author
 * index too)? Else LV_NAV_INDEXING. */
lv_nav lv_nav_structure(lv_view *v, bool whole);

/* The section of essay e that holds paragraph para: 1-based, 0 for none
 * (the part before its first heading). */
size_t lv_section_of(const lt_doc *doc, size_t e, size_t para);
/* The heading the top row is in, else its essay's title, into out; *secno
 * as lv_section_of. */
const char *lv_nav_heading(lv_view *v, size_t e, size_t *secno, lt_buf *out);
/* How much of the file the scan has read, in percent. */
unsigned lv_nav_scanned(const lt_doc *doc);

#endif
