/* The reading view: a document laid out a block at a time at a text
 * width, a window of rows on it, moved through by rows. No terminal here:
 * the reader tells it its size and paints what it hands out.
 *
 * A place on screen is (paragraph, row); a place that survives any width
 * is an lv_pos, (paragraph, byte offset in it). A long paragraph is laid
 * out a window at a time (layout.h): its rows are numbered window by
 * window, LV_WIN_ROWS apart. */
#ifndef LECTERN_VIEW_VIEW_H
#define LECTERN_VIEW_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lectern/doc.h"
#include "lectern/layout.h"

#define LV_CACHE        64
#define LV_MEASURE_MIN  20
#define LV_MEASURE_MAX  400
#define LV_MEASURE_STEP 4
#define LV_NMARKS       26

/* A reading position: a paragraph and a source byte offset inside it (or
 * a row that is not text: see lv_pos_offset). */
typedef struct {
	size_t para;
	uint64_t off;
} lv_pos;

/* The source offset a position stands for, rows taken as the text's
 * start. */
uint64_t lv_pos_offset(lv_pos p);

/* The & filter, as a hook: next(ctx, para, dir) is the paragraph that
 * shows at or after (dir > 0) or at or before para, or LT_NONE; active()
 * says whether a filter is on. */
typedef struct {
	size_t (*next)(void *ctx, size_t para, int dir);
	bool (*active)(void *ctx);
	void *ctx;
} lv_filter;

typedef struct {
	lt_doc *doc;
	size_t rows;     /* text rows on screen */
	size_t cols;     /* the screen's width */
	size_t measure;  /* wanted text width */
	size_t colw;     /* actual text column: min(measure, cols - margins) */
	size_t left;     /* first column of the text */
	size_t top_para; /* row top_row of paragraph top_para is on top */
	size_t top_row;
	lv_pos anchor;       /* kept across resizes and width changes */
	bool anchored;       /* the anchor holds until the reader moves */
	uint64_t bottom_off; /* source offset just past the last row shown */
	bool at_end;         /* the document's last row is on screen */
	bool tail_view;      /* G before the index reached the end */
	lv_pos back;         /* '': where the last jump came from */
	bool back_set;
	bool jumped; /* a jump since the session last saved */
	lv_pos marks[LV_NMARKS];
	bool mark_set[LV_NMARKS];
	lv_filter filter;

	lt_block cache[LV_CACHE];
	bool cached[LV_CACHE];
	size_t cache_next;
	lt_block tail; /* scratch for the tail's windows */
} lv_view;

/* A view of doc (not owned) at text width measure; size it with
 * lv_view_resize before use. Free with lv_view_free. */
void lv_view_init(lv_view *v, lt_doc *doc, size_t measure);
void lv_view_free(lv_view *v);

/* The screen is rows text rows by cols cells, or the measure changed
 * (lv_view_set_measure): the anchor, the paragraph and character on top
 * when the first of a run of such changes came, stays on top (many
 * resizes do not drift). */
void lv_view_resize(lv_view *v, size_t rows, size_t cols);
void lv_view_set_measure(lv_view *v, size_t measure);

/* The position on top. */
lv_pos lv_view_position(lv_view *v);
/* Put p on top without remembering it as a jump; with to_text, skip the
 * spacing above a title or heading so the text lands on top. */
void lv_view_go(lv_view *v, lv_pos p, bool to_text);
/* A jump: '' comes back to where the view was. */
void lv_view_jump(lv_view *v, lv_pos p, bool to_text);
/* A jump to p with context rows above it (a hit): near the end, the
 * last screen is shown whole instead. */
void lv_view_jump_context(lv_view *v, lv_pos p, size_t context);
/* Is the row that shows p on screen? */
bool lv_view_visible(lv_view *v, lv_pos p);
/* Bytes r of paragraph para start on screen: scroll down until their
 * last row shows too, as long as their first stays on. */
void lv_view_show_whole(lv_view *v, size_t para, lt_range r);

typedef enum {
	LV_MOVED,
	LV_AT_TOP, /* nothing moved: the top is on screen */
	LV_AT_END, /* nothing moved: the end is on screen */
} lv_scroll;

/* Scroll n rows down (n > 0) or up. */
lv_scroll lv_view_scroll(lv_view *v, long n);
/* G: the end of the (indexed) document. */
void lv_view_end(lv_view *v);
/* The index reached the end: the real last screen replaces the tail
 * (lt_doc_para_around) that G showed meanwhile. */
void lv_view_tail_done(lv_view *v);
/* The structure, or the filter, changed: blocks are laid out anew and
 * the position on top kept. */
void lv_view_relayout(lv_view *v);

/* Index more of the document until paragraph i is complete, or all of
 * it; both stop when a stop is asked for (lectern/stop.h). */
void lv_view_need_para(lv_view *v, size_t i);
bool lv_view_scan_all(lv_view *v);

/* The essay the top row is in, or LT_NONE. */
size_t lv_view_essay(lv_view *v);
/* Is the top row paragraph para's first row of text (or above it)? */
bool lv_view_at_text_start(lv_view *v, size_t para);

/* One row on screen: a row of a laid-out block (valid until the next
 * call into the view). */
typedef struct {
	const lt_block *block;
	const lt_row *row;
	size_t para; /* LT_NONE in the tail */
} lv_line;

/* Call fn (if not NULL) for each row on screen, top down, and note
 * bottom_off and at_end; in the tail view, the last rows of the file. */
void lv_view_each_line(lv_view *v,
                       void (*fn)(void *ctx, size_t y, const lv_line *l),
                       void *ctx);

#endif
