/* The search session: the pattern, every hit found so far (a slice at a
 * time), the current hit, the hits of the paragraphs on screen, hits per
 * essay, and the & filter. It moves the view (lv_view) to the hits it
 * goes to. The matching itself is the core's.
 *
 * Long searches stop as less stops them on ABORT_SIGS: *stop is a flag
 * the reader sets (its signal handlers, and its look at the keys typed
 * after each slice: Esc or ^C) and looks at between slices; the reader
 * clears it. run() brackets a slice (while it runs, a key coming may cut
 * it short), and stopped() hears that a search was stopped. */
#ifndef LECTERN_VIEW_FIND_H
#define LECTERN_VIEW_FIND_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "lectern/search.h"
#include "view/view.h"

#define LV_HIT_CACHE 32

typedef struct {
	volatile sig_atomic_t *stop;
	void (*run)(void *ctx, bool begin);
	void (*stopped)(void *ctx, unsigned percent, size_t hits);
	void *ctx;
} lv_find_hooks;

typedef struct {
	lt_doc *doc;
	lv_view *view;
	lv_find_hooks hooks;
	lt_search_opts opts; /* how the next pattern matches */
	lt_search *search;   /* NULL: no search */
	lt_hits *hits;
	char *pattern;
	int dir;            /* 1: / (forward), -1: ? (backward) */
	bool highlight;     /* hits are painted */
	lt_search *fsearch; /* &: only the paragraphs that match it (and */
	lt_hits *fhits;     /* their essays' titles), or NULL */
	char *fpattern;
	bool stopped;        /* stopped before the end */
	bool wait_hits;      /* may a lookup search on (false while typing) */
	bool first_pending;  /* typing: the first hit not found yet */
	lv_pos first_origin; /* typing: where the view was */
	int first_dir;
	unsigned gen;
	bool have_cur;
	size_t cur_para, cur_k; /* the current hit: paragraph, index in it */
	size_t *essay_hits;     /* hits per essay (lv_find_count_essays) */

	bool cur_known; /* the current hit's range, kept */
	unsigned cur_known_gen;
	size_t cur_known_para, cur_known_k;
	lt_range cur_range;
	struct {
		size_t para, window; /* LT_NONE: the whole paragraph */
		unsigned gen;
		bool used;
		lt_spans spans;
	} cache[LV_HIT_CACHE];
	size_t cache_next;
} lv_find;

void lv_find_init(lv_find *f, lv_view *v, const lt_search_opts *opts,
                  lv_find_hooks hooks);
void lv_find_free(lv_find *f);

/* Compile pattern and start finding its hits (the filter stays as it
 * was). False, with the reason in err, when it does not compile. */
bool lv_find_set(lv_find *f, const char *pattern, char *err, size_t size);
/* No search (the filter stays). */
void lv_find_clear(lv_find *f);
/* &: show only the paragraphs that match pattern, and the title of each
 * essay that holds one; a search (/ ?) then goes only to them. False, with
 * the reason in err, when it does not compile. */
bool lv_find_set_filter(lv_find *f, const char *pattern, char *err,
                        size_t size);
void lv_find_filter_off(lv_find *f);

bool lv_find_busy(const lv_find *f);
/* A slice of the search, from the reader's idle moments. */
void lv_find_idle(lv_find *f);
/* Search to the end, unless stopped. */
void lv_find_all(lv_find *f);
/* Percent of the document searched. */
unsigned lv_find_percent(const lv_find *f);

/* The hits of paragraph para (offsets from its start), or those that
 * show in its window win (layout.h): for a long paragraph only its text
 * around the window is searched. Valid until the next call. */
const lt_spans *lv_find_para_hits(lv_find *f, size_t para);
const lt_spans *lv_find_window_hits(lv_find *f, size_t para, size_t win);
/* Is hit of paragraph para the current hit? */
bool lv_find_is_current(lv_find *f, size_t para, lt_range hit);

typedef enum {
	LV_FIND_HIT,       /* a hit is current and on screen */
	LV_FIND_NONE,      /* no hit (or none in what a stop left searched) */
	LV_FIND_NO_SEARCH, /* no pattern yet */
} lv_find_code;

typedef struct {
	lv_find_code code;
	int wrapped; /* 1: past the end to the top, -1: past the top */
} lv_find_result;

/* n (dir 1) and N (dir -1): the next hit in the search's direction, or
 * against it; at the end, wrap around. */
lv_find_result lv_find_next(lv_find *f, int dir);
/* The first hit from p in direction dir, wrapping; made current. */
lv_find_result lv_find_from(lv_find *f, lv_pos p, int dir);
/* Make hit k of paragraph para current and show it. */
void lv_find_goto(lv_find *f, size_t para, size_t k);
/* While a pattern is typed: the first hit from p among those found so
 * far, made current; if the search has not got there, lv_find_idle looks
 * again as it goes on, so typing never waits for a large file. */
void lv_find_first(lv_find *f, lv_pos p, int dir);

/* The current hit's number (1-based) among *total, and its essay
 * (LT_NONE outside essays). */
size_t lv_find_number(lv_find *f, size_t *total, size_t *essay);

/* Count the hits of each essay into f->essay_hits (after lv_find_all). */
void lv_find_count_essays(lv_find *f);

/* The & filter, for lv_filter: f is the lv_find. A paragraph shows when
 * it matches the filter, or is the title of an essay where one does. */
size_t lv_find_filter_next(void *f, size_t para, int dir);
bool lv_find_filter_active(void *f);

#endif
