/* What the list screens (contents, author index, results, help) share: a
 * list of rows made only when drawn, a selection, scrolling, the keys of
 * the list keymap, and choosing a row. Each list screen embeds a listing
 * and gives it its rows. */
#ifndef LECTERN_TUI_LISTING_H
#define LECTERN_TUI_LISTING_H

#include "app.h"
#include "lectern/text.h"

/* One row, made when it is drawn: a list of a hundred thousand essays
 * costs nothing until seen. */
typedef struct {
	const char *text; /* valid until the next row is made */
	int attr;
	bool selectable;
	size_t target;       /* paragraph to jump to */
	uint64_t target_off; /* and where in it (a mark) */
	size_t indent;
	bool is_hit; /* a row of the results: a hit, shown marked */
	size_t hit_para, hit_k;
	size_t mark_from, mark_to; /* bytes of text to show as the hit */
} listing_entry;

typedef struct listing listing;

struct listing {
	screen base;
	tui_app *app;
	action opener;    /* the reader's action that opened it closes it */
	bool scroll_only; /* help: no selection, the rows scroll */
	size_t nlist, sel, top;
	size_t current; /* the row where the reader is, or LT_NONE */
	lt_buf text;    /* scratch for a row's text */
	bool typing;    /* / was typed: the pattern is being typed */
	char pat[256];  /* the rows' search, as typed */
	size_t plen;
	/* digits typed go to number(): a row to go to, or LT_NONE */
	size_t (*number)(listing *l, size_t n);
	size_t num; /* the number typed so far (0: none) */
	listing_entry (*entry)(listing *l, size_t row);
	/* the title, into buf */
	void (*title)(listing *l, char *buf, size_t size);
};

/* Set up l's shared part; the selection starts on current. */
void listing_init(listing *l, tui_app *a, action opener, size_t nlist,
                  size_t current);
/* Format into l's scratch buffer and return it. */
const char *listing_text(listing *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The screen_ops functions every list has. */
void listing_draw(screen *s, tui_app *a);
screen_next listing_key(screen *s, tui_app *a, const keys_event *ev);
/* Free l's shared part (not l). */
void listing_done(listing *l);

#endif
