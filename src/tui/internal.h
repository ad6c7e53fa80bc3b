/* The reader's state, shared by its screens. One screen = a draw function
 * and a key function; t->screen picks the one in front. */
#ifndef LECTERN_TUI_INTERNAL_H
#define LECTERN_TUI_INTERNAL_H

#include <curses.h>
#include <stdbool.h>

#include "keys.h"
#include "lectern/doc.h"
#include "lectern/layout.h"
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
} screen_id;

/* One row of a list screen (contents, author index, help), made when it
 * is drawn: a list of a hundred thousand essays costs nothing until seen. */
typedef struct {
	const char *text; /* valid until the next entry is made */
	int attr;
	bool selectable;
	size_t target; /* paragraph to jump to */
	size_t indent;
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

	size_t count; /* numeric prefix being typed */
	bool have_count;
	int pending; /* first key of a sequence: 'Z', 'm', '\'' */
	bool quit;
	bool color;
	int dim;    /* A_DIM, or A_UNDERLINE where the terminal has no dim */
	int italic; /* A_ITALIC, or nothing */
} tui;

enum { PAIR_TITLE = 1, PAIR_HEADING, PAIR_MARK };

/* reader.c */
void read_draw(tui *t);
void read_key(tui *t, int key);
void tui_message(tui *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
position current_position(tui *t);
uint64_t position_offset(position p);
void jump_to(tui *t, position p, bool to_text);
void layout_changed(tui *t);
void structure_changed(tui *t);
size_t current_essay(tui *t);

/* lists.c: contents, author index, help */
void list_open(tui *t, screen_id which);
void list_draw(tui *t);
void list_key(tui *t, int key);
void list_free(tui *t);
void list_refresh(tui *t);

/* draw.c */
void draw_clipped(int y, int x, const char *s, size_t maxw, int attr);
size_t text_width(const char *s);

#endif
