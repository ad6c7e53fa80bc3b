/* The reader's loop: a stack of screens, the reader at the bottom; keys
 * decoded from the key table and handed to the screen on top; idle
 * moments index the document and run the search; changes to the model
 * told to every screen. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lectern/text.h"
#include "paint.h"
#include "screens.h"
#include "term.h"
#include "view/nav.h"

#define STACK_MAX 8

typedef struct {
	tui_app *app;
	screen *stack[STACK_MAX];
	size_t n;
	keys_decoder keys;
} loop;

static screen *top(const loop *l) { return l->stack[l->n - 1]; }

static keymap front_keymap(const loop *l) { return top(l)->ops->map; }

static void draw(loop *l)
{
	tui_app *a = l->app;
	if (a->cols < APP_MIN_COLS || a->rows < APP_MIN_ROWS) {
		erase();
		const char *m = "terminal too small";
		size_t w =
		    strlen(m) < (size_t)a->cols ? strlen(m) : (size_t)a->cols;
		mvaddnstr(a->rows / 2, ((int)a->cols - (int)w) / 2, m, (int)w);
	} else {
		size_t from = l->n - 1; /* the top screen and what it covers */
		while (from > 0 && l->stack[from]->ops->overlay)
			from--;
		for (size_t i = from; i < l->n; i++)
			l->stack[i]->ops->draw(l->stack[i], a);
	}
	refresh();
}

static void notify(loop *l, unsigned what)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->stack[i]->ops->changed)
			l->stack[i]->ops->changed(l->stack[i], l->app, what);
}

static screen *make(tui_app *a, screen_kind kind, int arg)
{
	switch (kind) {
	case SCREEN_READER: return reader_new(a);
	case SCREEN_CONTENTS: return toc_new(a);
	case SCREEN_AUTHORS: return authors_new(a);
	case SCREEN_RESULTS: return results_new(a);
	case SCREEN_HELP: return help_new(a);
	case SCREEN_MARKS: return marks_new(a);
	case SCREEN_PROMPT: return prompt_new(a, arg);
	}
	return NULL;
}

static void follow(loop *l, screen_next next)
{
	if (next.verdict == SCREEN_CLOSE && l->n > 1) {
		screen *s = top(l);
		l->n--;
		s->ops->free(s);
	} else if (next.verdict == SCREEN_PUSH && l->n < STACK_MAX) {
		screen *s = make(l->app, next.push, next.arg);
		if (s)
			l->stack[l->n++] = s;
	}
}

static void resize(loop *l)
{
	tui_app *a = l->app;
	getmaxyx(stdscr, a->rows, a->cols);
	lv_view_resize(&a->view, a->rows > 1 ? (size_t)a->rows - 1 : 1,
	               (size_t)a->cols);
	notify(l, CHANGED_SIZE);
}

/* A key (ERR: none came after the first of a sequence) to the decoder,
 * and what it decodes to the screen on top. */
static void dispatch(loop *l, int key)
{
	tui_app *a = l->app;
	if (key == KEY_RESIZE) {
		resize(l);
		return;
	}
	if (a->cols < APP_MIN_COLS || a->rows < APP_MIN_ROWS) {
		if (key == 'q' || key == 'Q')
			a->quit = true;
		return;
	}
	keys_event ev[2];
	size_t n;
	keymap map = front_keymap(l);
	if (key == KEY_MOUSE) {
		keys_reset(&l->keys);
		ev[0] = (keys_event){.act = ACT_NONE, .key = KEY_MOUSE};
		n = 1;
	} else {
		n = keys_feed(&l->keys, map, key, ev);
	}
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && front_keymap(l) != map) /* the screen changed */
			break;
		screen *s = top(l);
		follow(l, s->ops->key(s, a, &ev[i]));
	}
}

/* The scan is done: the saved place and marks, or --essay. */
static void start_position(tui_app *a)
{
	lv_session_scan_done(&a->session);
	size_t e = a->opts->start_essay;
	if (e != LT_NONE && e < lt_doc_nessays(a->doc)) {
		lv_view_jump(&a->view,
		             (lv_pos){lt_doc_essay(a->doc, e).title_para, 0},
		             true);
		a->view.anchored = false; /* a resize keeps the essay on top */
	}
	if (a->opts->start_line)
		lv_nav_line(&a->view, a->opts->start_line);
	a->view.back_set = false;
}

/* An idle moment: index a slice, or search one. */
static void idle(loop *l)
{
	tui_app *a = l->app;
	if (!lt_doc_scan_done(a->doc)) {
		/* index a slice in steps, stopping when a key comes: a key (G,
		 * a page) waits well under a millisecond */
		for (int k = 0;
		     k < 8 && !term_key_waiting() && !lt_doc_scan_waits(a->doc);
		     k++)
			if (lt_doc_scan(a->doc, 128u << 10))
				break;
	} else if (lv_find_busy(&a->find)) {
		lv_find_idle(&a->find);
	}
}

static void open_app(tui_app *a, lt_doc *doc, const tui_options *opts,
                     lt_buf *name)
{
	a->doc = doc;
	a->opts = opts;
	lt_sanitize(opts->name, strlen(opts->name), name);
	a->name = name->s;
	lv_view_init(&a->view, doc,
	             opts->measure ? opts->measure : TUI_DEFAULT_MEASURE);
	lv_find_init(&a->find, &a->view, &opts->search,
	             (lv_find_hooks){&term_stop_search, term_keys_stop,
	                             app_find_stopped, a});
	a->view.filter =
	    (lv_filter){lv_find_filter_next, lv_find_filter_active, &a->find};
}

int tui_run(lt_doc *doc, const tui_options *opts)
{
	tui_app a = {0};
	lt_buf name = {0};
	open_app(&a, doc, opts, &name);
	if (term_start(&a) != 0) {
		lv_find_free(&a.find);
		lv_view_free(&a.view);
		lt_buf_free(&name);
		return 1;
	}
	loop l = {.app = &a};
	l.stack[l.n++] = reader_new(&a);
	resize(&l);
	/* --essay, --author and +/PATTERN say where to start instead */
	lv_session_open(&a.session, &a.view, opts->name, opts->state_key,
	                !opts->no_state, opts->measure != 0,
	                opts->start_essay == LT_NONE && !opts->pattern &&
	                    !opts->start_line && !opts->start_end,
	                (lv_session_hooks){app_session_say, &a});
	/* the mouse as last chosen, unless --no-mouse */
	a.mouse = !opts->no_mouse &&
	          (!a.session.store || lt_state_mouse(a.session.store) != 0);
	term_mouse(a.mouse);
	bool was_done = lt_doc_scan_done(doc);
	size_t known_essays = lt_doc_nessays(doc);
	if (was_done)
		start_position(&a);
	if (opts->start_end) { /* as G: the tail while the index catches up */
		if (was_done)
			lv_view_end(&a.view);
		else
			a.view.tail_view = true;
	}
	char err[256];
	if (opts->pattern &&
	    lv_find_set(&a.find, opts->pattern, err, sizeof err)) {
		lv_session_add_search(&a.session, opts->pattern);
		app_say_find(&a, lv_find_next(&a.find, 1));
	}

	bool tty_lost = false;
	while (!a.quit && !term_quit_signal()) {
		/* ^C while a search runs stops it, wherever in the loop */
		term_working(lv_find_busy(&a.find));
		draw(&l);
		lv_session_note_read(&a.session); /* the rows just drawn */
		bool done = lt_doc_scan_done(doc);
		bool busy = !done || lv_find_busy(&a.find);
		bool waiting = keys_waiting(&l.keys, front_keymap(&l));
		/* (while the scan ahead has nothing to hand over, a key is
		 * looked for every millisecond, not waited for in the scan) */
		timeout(busy      ? (!done && lt_doc_scan_waits(doc) ? 1 : 0)
		        : waiting ? 300
		                  : 250);
		int key = term_read_key();
		if (key == ERR && term_tty_gone()) { /* EIO: save, and go */
			tty_lost = true;
			break;
		}
		if (key == ERR && waiting && done) {
			/* Esc alone (at once while a search runs: it stops
			 * it; while indexing, it waits for its next key) */
			dispatch(&l, ERR);
		} else if (key == ERR) {
			idle(&l);
		} else {
			term_working(true); /* ^C stops what the key started */
			dispatch(&l, key);
		}
		if (known_essays != lt_doc_nessays(doc) ||
		    was_done != lt_doc_scan_done(doc)) {
			known_essays = lt_doc_nessays(doc);
			notify(&l, CHANGED_STRUCTURE);
			if (!was_done && lt_doc_scan_done(doc))
				start_position(&a);
			was_done = lt_doc_scan_done(doc);
		}
		if (term_take_interrupt()) { /* ^C: what ran stopped */
			if (lv_find_busy(&a.find)) {
				a.find.stopped = true;
				app_say(&a, "Search stopped: %zu hits so far",
				        lt_hits_count(a.find.hits));
			} else if (!a.msg[0]) {
				app_say(&a, "Interrupted");
			}
		}
		term_working(false);
		if (lt_doc_changed(doc) && !a.msg[0])
			app_say(&a, "The file changed on disk; what was "
			            "lost reads as ^@");
		lv_session_tick(&a.session);
	}
	/* on q, and on SIGTERM or SIGHUP too: the handler only set a flag */
	bool shown = a.session.save_failed; /* a failure is told once */
	bool unsaved = !lv_session_save(&a.session) && !shown;
	char save_msg[sizeof a.msg];
	snprintf(save_msg, sizeof save_msg, "%s",
	         a.session.store ? lt_state_message(a.session.store) : "");
	lv_session_close(&a.session);
	while (l.n > 0) {
		screen *s = l.stack[--l.n];
		s->ops->free(s);
	}
	lv_find_free(&a.find);
	lv_view_free(&a.view);
	lt_buf_free(&name);
	term_end();
	if (unsaved)
		fprintf(stderr, "lectern: %s\n", save_msg);
	term_reraise();
	return tty_lost ? 1 : 0;
}
