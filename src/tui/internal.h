/* The reader's state, shared by its screens. One screen = a draw function
 * and a key function; t->screen picks the one in front. */
#ifndef LECTERN_TUI_INTERNAL_H
#define LECTERN_TUI_INTERNAL_H

#include <curses.h>
#include <stdbool.h>

#include "keys.h"
#include "lectern/doc.h"
#include "lectern/layout.h"
#include "lectern/search.h"
#include "lectern/state.h"
#include "tui.h"

#define CACHE_SIZE   64
#define MIN_COLS     20
#define MIN_ROWS     5
#define MEASURE_MIN  20
#define MEASURE_MAX  400
#define MEASURE_STEP 4

/* A reading position that survives any width: a paragraph and a source
 * byte offset inside it. */
typedef struct {
	size_t para;
	uint64_t off;
} position;

typedef enum {
	SCREEN_READ,
	SCREEN_CONTENTS,
	SCREEN_AUTHORS,
	SCREEN_HELP,
	SCREEN_RESULTS,
} screen_id;

/* A character typed that is not ASCII, as a key: above curses' codes. */
#define KEY_UCHAR 0x1000000

#define HIT_CACHE   32
#define HISTORY_MAX 200

/* Hits in one section of one essay, in the results list: a header row
 * (two when the essay changes), then a row per hit. */
struct result_group {
	size_t first_row;
	size_t first_entry; /* into the document's paragraphs with hits */
	size_t first_hit, nhits;
	size_t essay, section; /* LT_NONE: front or back matter; 0: none */
	bool essay_header;
};

/* One row of a list screen (contents, author index, help), made when it
 * is drawn: a list of a hundred thousand essays costs nothing until seen. */
typedef struct {
	const char *text; /* valid until the next entry is made */
	int attr;
	bool selectable;
	size_t target; /* paragraph to jump to */
	size_t indent;
	bool is_hit; /* a row of the results: a hit, shown marked */
	size_t hit_para, hit_k;
	size_t mark_from, mark_to; /* bytes of text to show as the hit */
} list_entry;

typedef struct tui {
	lt_doc *doc;
	const tui_options *opts;
	char *name; /* sanitized file name */
	int rows, cols;
	size_t measure; /* wanted text width */
	size_t colw;    /* actual text column: min(measure, cols - margins) */
	size_t left;    /* first column of the text */

	/* the reading position: row top_row of paragraph top_para's block
	 * is the first row on screen */
	size_t top_para, top_row;
	position anchor;     /* kept across resizes and width changes */
	bool anchored;       /* anchor holds until the reader moves */
	uint64_t bottom_off; /* source offset just past the last row shown */
	bool at_end;         /* the last row of the document is on screen */
	bool tail_view;      /* G before the index reached the end */
	lt_block tail;       /* scratch for drawing it */

	lt_block cache[CACHE_SIZE];
	bool cached[CACHE_SIZE];
	size_t cache_next;

	position marks[26];
	bool mark_set[26];
	position back;
	bool back_set;

	char msg[512];
	screen_id screen;
	size_t nlist, list_sel, list_top;
	size_t list_current;  /* the entry where the reader is, or LT_NONE */
	size_t *author_first; /* the list row of each author, in the index */
	lt_buf list_text;     /* scratch for an entry's text */
	lt_buf heading;       /* scratch for the status line's heading */

	/* search: the pattern, every hit found so far, the current hit */
	lt_search *search;
	lt_hits *hits;
	char *pattern;
	lt_search_opts sopts;
	int sdir;            /* 1: / (forward), -1: ? (backward) */
	bool highlight;      /* hits are painted */
	bool filter;         /* &: only the paragraphs that match */
	bool search_stopped; /* Esc or ^C stopped it before the end */
	bool wait_hits;      /* may a lookup search on (false while typing) */
	bool first_pending;  /* typing: the first hit not found yet */
	unsigned search_gen;
	bool have_cur;
	size_t cur_para, cur_k; /* the current hit: paragraph, index in it */
	bool cur_known;         /* is_current_hit's memory of its place */
	unsigned cur_known_gen;
	size_t cur_known_para, cur_known_k;
	lt_range cur_range;
	struct {
		size_t para, window; /* LT_NONE: the whole paragraph */
		unsigned gen;
		bool used;
		lt_spans spans;
	} hitcache[HIT_CACHE];
	size_t hitcache_next;
	size_t *essay_hits; /* hits per essay, for the contents */
	struct result_group
	    *groups; /* the results list, by essay and section */
	size_t ngroups;

	/* the prompt of / ? & */
	int prompt; /* 0, or '/', '?', '&' */
	char pbuf[1024];
	size_t plen, pcur; /* bytes */
	position porigin;  /* where the view was when the prompt opened */
	bool porigin_cur;
	size_t porigin_para, porigin_k;
	char *pold; /* the search before the prompt, to put back on Esc */
	char perr[256];
	char *history[HISTORY_MAX]; /* newest first */
	size_t nhistory;
	size_t hpos; /* 0: the line being typed; k: history[k - 1] */
	char *hsaved;

	/* saved state (state.c) */
	lt_state *store;    /* NULL: nothing is kept */
	lt_state_doc saved; /* a copy of its record when opened */
	bool have_saved;
	uint64_t fingerprint;
	char *path;          /* the file's absolute path, or NULL */
	bool resume_pending; /* the saved place is still to be gone to */
	bool jumped;         /* a jump since the last save */
	uint64_t saved_sig;  /* what the last save held */
	double saved_at;     /* when (monotonic seconds) */
	bool save_failed;    /* its message was shown */

	bool quit;
	bool color;
	int dim;    /* A_DIM, or A_UNDERLINE where the terminal has no dim */
	int italic; /* A_ITALIC, or nothing */
} tui;

enum { PAIR_TITLE = 1, PAIR_HEADING, PAIR_MARK, PAIR_HIT, PAIR_CURRENT };

/* reader.c */
void read_draw(tui *t);
void read_key(tui *t, const key_event *ev);
void tui_message(tui *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
position current_position(tui *t);
uint64_t position_offset(position p);
void jump_to(tui *t, position p, bool to_text);
void layout_changed(tui *t);
void structure_changed(tui *t);
void go_end(tui *t);
void tail_done(tui *t);
void go_quietly(tui *t, position p);
void jump_with_context(tui *t, position p, size_t context);
bool hit_visible(tui *t, position p);
size_t current_essay(tui *t);
/* The section heading the top row is in, else the essay's title (in
 * t->heading, until the next call); *secno is 1-based, 0 for none. */
const char *current_heading(tui *t, size_t e, size_t *secno);

/* lists.c: contents, author index, help */
void list_open(tui *t, screen_id which);
void list_draw(tui *t);
void list_key(tui *t, const key_event *ev);
void list_mouse(tui *t);
void list_free(tui *t);
void list_refresh(tui *t);

/* search.c */
void prompt_open(tui *t, int kind);
void prompt_key(tui *t, const key_event *ev);
void prompt_draw(tui *t);
bool search_set(tui *t, const char *pattern);
void search_clear(tui *t);
void search_next(tui *t, int dir);
void search_idle(tui *t);
void search_all(tui *t);
bool search_busy(const tui *t);
const lt_spans *para_hits(tui *t, size_t para);
/* The hits of paragraph para that show in window win of it (layout.h),
 * offsets from the paragraph's start, for painting: for a long paragraph
 * only its text around the window is searched. */
const lt_spans *window_hits(tui *t, size_t para, size_t win);
/* Is [start, end) of paragraph para the current hit? */
bool is_current_hit(tui *t, size_t para, lt_range hit);
void search_free(tui *t);
void search_goto_hit(tui *t, size_t para, size_t k);
/* With &: the matching paragraph at or after (dir > 0) or before para. */
size_t filter_para(tui *t, size_t para, int dir);
void history_add(tui *t, const char *pattern);

/* state.c: where each document was left, kept across runs */
void state_open(tui *t);      /* after the first layout */
void state_scan_done(tui *t); /* the structure is whole: resume, marks */
void state_tick(tui *t);      /* from the main loop: save when due */
bool state_save(tui *t);      /* now; false when saving failed */
void state_search(tui *t, const char *pattern);
void state_close(tui *t);

/* tui.c: Esc or ^C asked for while a long task runs */
bool tui_interrupted(void);
/* tui.c: while on, a key that comes stops the core's work (a search) at
 * once; off again, the work may go on. */
void tui_keys_stop(bool on);

/* draw.c */
void draw_clipped(int y, int x, const char *s, size_t maxw, int attr);
size_t text_width(const char *s);
void draw_marked(int y, int x, const char *s, size_t maxw, int attr,
                 size_t from, size_t to, int mark);

#endif
