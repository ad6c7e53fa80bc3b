/* The reader's screen: the text, painted from the view's rows as styled
 * runs, and the reader's keys. What a key does to the text is the view's
 * (src/view); this screen words how it went. */
#include <curses.h>
#include <stdlib.h>

#include "app.h"
#include "core/util.h"
#include "paint.h"
#include "screens.h"
#include "statusline.h"
#include "term.h"
#include "view/nav.h"
#include "view/runs.h"

typedef struct {
	screen base;
	tui_app *app;
	lv_runs runs; /* scratch for a row's runs */
} reader;

/* ---- drawing ------------------------------------------------------------ */

static bool is_current(void *find, size_t para, lt_range hit)
{
	return lv_find_is_current(find, para, hit);
}

static void paint_line(void *ctx, size_t y, const lv_line *l)
{
	reader *r = ctx;
	tui_app *a = r->app;
	const lt_block *b = l->block;
	size_t x = a->view.left + b->indent;
	if (l->row->kind == LT_ROW_LABEL) {
		paint_clipped((int)y, (int)x, lt_block_label(b), a->view.colw,
		              A_BOLD | a->dim);
		return;
	}
	if (l->row->kind == LT_ROW_TITLE) {
		paint_clipped((int)y, (int)x, lt_block_title(b), a->view.colw,
		              paint_kind_attr(a, LV_RUN_TITLE));
		return;
	}
	lv_find *f = &a->find;
	const lt_spans *hits = f->search && f->highlight && b->para != LT_NONE
	                           ? lv_find_window_hits(f, b->para, b->window)
	                           : NULL;
	size_t width = a->view.colw - 2 * b->indent;
	lv_row_runs(b, l->row, width, hits, is_current, f, &r->runs);
	paint_runs(a, (int)y, (int)x, b, width, &r->runs);
}

static void reader_draw(screen *s, tui_app *a)
{
	erase();
	lv_view_each_line(&a->view, paint_line, s);
	statusline_draw(a);
}

/* ---- keys ------------------------------------------------------------- */

/* Say how a move went; what: "essays" or "sections" for LV_NAV_NO_MORE. */
static void say_nav(tui_app *a, lv_nav r, const char *what, int dir)
{
	switch (r.code) {
	case LV_NAV_OK:
	case LV_NAV_MARK_SET: break;
	case LV_NAV_AUTHOR: app_say(a, "%s", r.name); break;
	case LV_NAV_INDEXING:
		app_say(a, "Still indexing the document (%u%%)", r.percent);
		break;
	case LV_NAV_NO_ESSAYS: app_say(a, "No essays in this document"); break;
	case LV_NAV_NO_MORE:
		if (!what)
			app_say(a, "This is the last author");
		else if (r.more_may_come)
			app_say(a, "No more %s found yet (indexing %u%%)", what,
			        r.percent);
		else
			app_say(a, "No more %s", what);
		break;
	case LV_NAV_FIRST_ESSAY: app_say(a, "This is the first essay"); break;
	case LV_NAV_NO_EARLIER: app_say(a, "No earlier section"); break;
	case LV_NAV_NO_AUTHORS:
		app_say(a, "No authors in this document");
		break;
	case LV_NAV_NO_AUTHOR:
		app_say(a, "Not in an essay with an author");
		break;
	case LV_NAV_AUTHOR_EDGE:
		app_say(a, "%s has no %s essay", r.name,
		        dir > 0 ? "later" : "earlier");
		break;
	case LV_NAV_FIRST_AUTHOR: app_say(a, "This is the first author"); break;
	case LV_NAV_MARK_LETTERS:
		app_say(a, "Marks are the letters a to z");
		break;
	case LV_NAV_MARK_UNSET: break; /* the caller names the mark */
	}
}

static void change_measure(tui_app *a, int delta)
{
	size_t m = a->view.measure;
	if (delta > 0 && m + LV_MEASURE_STEP <= LV_MEASURE_MAX)
		m += LV_MEASURE_STEP;
	else if (delta < 0 && m >= LV_MEASURE_MIN + LV_MEASURE_STEP)
		m -= LV_MEASURE_STEP;
	else if (delta == 0)
		m = a->opts->measure ? a->opts->measure : TUI_DEFAULT_MEASURE;
	lv_view_set_measure(&a->view, m);
	app_say(a, "Text width %zu%s", a->view.measure,
	        a->view.colw < a->view.measure ? " (limited by the terminal)"
	                                       : "");
}

static void move_rows(tui_app *a, long n)
{
	lv_scroll r = lv_view_scroll(&a->view, n);
	if (r == LV_AT_END)
		app_say(a, "(END)");
	else if (r == LV_AT_TOP)
		app_say(a, "(TOP)");
}

static void mouse(tui_app *a)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED))
		for (int i = 0; i < 3; i++)
			move_rows(a, ev.bstate & BUTTON4_PRESSED ? -1 : 1);
	a->msg[0] = '\0';
}

/* Is the structure known well enough to open the list? */
static bool structure_known(tui_app *a, bool whole)
{
	lv_nav r = lv_nav_structure(&a->view, whole);
	say_nav(a, r, NULL, 0);
	return r.code == LV_NAV_OK;
}

/* ] [ } { ) ( . , with their count: the move, and what is said of it */
static void structure_move(tui_app *a, const keys_event *ev)
{
	static const struct {
		action act;
		lv_move move;
		int dir;
		const char *what; /* for LV_NAV_NO_MORE; NULL: authors */
	} moves[] = {
	    {ACT_NEXT_ESSAY, LV_MOVE_ESSAY, 1, "essays"},
	    {ACT_PREV_ESSAY, LV_MOVE_ESSAY, -1, "essays"},
	    {ACT_NEXT_SECTION, LV_MOVE_SECTION, 1, "sections"},
	    {ACT_PREV_SECTION, LV_MOVE_SECTION, -1, "sections"},
	    {ACT_NEXT_AUTHOR, LV_MOVE_AUTHOR, 1, NULL},
	    {ACT_PREV_AUTHOR, LV_MOVE_AUTHOR, -1, NULL},
	    {ACT_SAME_AUTHOR_NEXT, LV_MOVE_SAME_AUTHOR, 1, NULL},
	    {ACT_SAME_AUTHOR_PREV, LV_MOVE_SAME_AUTHOR, -1, NULL},
	};
	for (size_t i = 0; i < sizeof moves / sizeof *moves; i++)
		if (moves[i].act == ev->act)
			say_nav(a,
			        lv_nav_times(&a->view, moves[i].move,
			                     moves[i].dir, ev->count),
			        moves[i].what, moves[i].dir);
}

/* n and N, count times: the last hit gone to is said, with any wrap */
static void next_hit(tui_app *a, int dir, long count)
{
	lv_find_result r = {LV_FIND_NO_SEARCH, 0};
	int wrapped = 0;
	size_t total = a->find.hits ? lt_hits_count(a->find.hits) : 0;
	/* n wraps around: a count past the hits comes back round */
	if (!lv_find_busy(&a->find) && total > 0 && (size_t)count > total)
		count = (long)(((size_t)count - 1) % total + 1);
	for (long i = 0; i < count && i < 100000; i++) {
		r = lv_find_next(&a->find, dir);
		if (r.code != LV_FIND_HIT)
			break;
		if (r.wrapped)
			wrapped = r.wrapped;
	}
	if (r.code == LV_FIND_HIT)
		r.wrapped = wrapped;
	app_say_find(a, r);
}

static screen_next act(tui_app *a, const keys_event *ev)
{
	lv_view *v = &a->view;
	long count = ev->have_count ? (long)ev->count : 1;
	long page = (long)v->rows;
	lv_nav r;
	switch (ev->act) {
	case ACT_COUNTING: app_say(a, ":%zu", ev->count); break;
	case ACT_PERCENT:
		lv_nav_percent(v, ev->have_count ? ev->count : 0);
		break;
	case ACT_HIGHLIGHT:
		a->find.highlight = !a->find.highlight;
		app_say(a, "Highlighting %s", a->find.highlight ? "on" : "off");
		break;
	case ACT_HIGHLIGHT_OFF:
		if (lv_find_filter_active(&a->find)) { /* Esc leaves the & */
			lv_find_filter_off(&a->find);
			lv_view_relayout(v);
			app_say(a, "All paragraphs shown");
		} else {
			a->find.highlight = false;
		}
		break;
	case ACT_MARK:
		r = lv_nav_mark(v, ev->arg);
		if (r.code == LV_NAV_MARK_SET)
			app_say(a, "Mark %c set", ev->arg);
		say_nav(a, r, NULL, 0);
		break;
	case ACT_GOTO_MARK:
	case ACT_BACK:
		r = lv_nav_goto_mark(v, ev->act == ACT_BACK ? '\'' : ev->arg);
		if (r.code == LV_NAV_MARK_UNSET)
			app_say(a, "Mark %c is not set",
			        ev->arg >= ' ' && ev->arg < 127 ? ev->arg
			                                        : '?');
		break;
	case ACT_LINE_DOWN: move_rows(a, count); break;
	case ACT_LINE_UP: move_rows(a, -count); break;
	case ACT_PAGE_DOWN: move_rows(a, page * count); break;
	case ACT_PAGE_UP: move_rows(a, -page * count); break;
	case ACT_HALF_DOWN: move_rows(a, page / 2 * count); break;
	case ACT_HALF_UP: move_rows(a, -(page / 2) * count); break;
	case ACT_TOP:
		if (ev->have_count)
			lv_nav_line(v, ev->count);
		else
			lv_view_jump(v, (lv_pos){0, 0}, false);
		break;
	case ACT_BOTTOM:
		if (ev->have_count) {
			lv_nav_line(v, ev->count);
			break;
		}
		v->back = lv_view_position(v);
		v->back_set = true;
		if (!lt_doc_scan_done(a->doc) &&
		    !lv_find_filter_active(&a->find))
			v->tail_view =
			    true; /* the index catches up meanwhile */
		else
			lv_view_end(v);
		break;
	case ACT_WIDER: change_measure(a, 1); break;
	case ACT_NARROWER: change_measure(a, -1); break;
	case ACT_RESET_WIDTH: change_measure(a, 0); break;
	case ACT_NEXT_ESSAY:
	case ACT_PREV_ESSAY:
	case ACT_NEXT_SECTION:
	case ACT_PREV_SECTION:
	case ACT_NEXT_AUTHOR:
	case ACT_PREV_AUTHOR:
	case ACT_SAME_AUTHOR_NEXT:
	case ACT_SAME_AUTHOR_PREV: structure_move(a, ev); break;
	case ACT_CONTENTS:
		if (structure_known(a, false))
			return screen_push(SCREEN_CONTENTS, 0);
		break;
	case ACT_AUTHORS:
		if (structure_known(a, true))
			return screen_push(SCREEN_AUTHORS, 0);
		break;
	case ACT_HELP: return screen_push(SCREEN_HELP, 0);
	case ACT_MARKS: return screen_push(SCREEN_MARKS, 0);
	case ACT_WHERE: statusline_where(a); break;
	case ACT_SEARCH: return screen_push(SCREEN_PROMPT, '/');
	case ACT_SEARCH_BACK: return screen_push(SCREEN_PROMPT, '?');
	case ACT_FILTER: return screen_push(SCREEN_PROMPT, '&');
	case ACT_NEXT_HIT: next_hit(a, 1, count); break;
	case ACT_PREV_HIT: next_hit(a, -1, count); break;
	case ACT_RESULTS:
		if (!a->find.search)
			app_say(a, "No search yet: / searches forward");
		else
			return screen_push(SCREEN_RESULTS, 0);
		break;
	case ACT_REDRAW: clearok(curscr, TRUE); break;
	case ACT_MOUSE:
		a->mouse = !a->mouse;
		term_mouse(a->mouse);
		if (a->session.store)
			lt_state_set_mouse(a->session.store, a->mouse);
		app_say(a, a->mouse ? "Mouse on: the wheel scrolls, a click "
		                      "chooses"
		                    : "Mouse off: the terminal selects text");
		break;
	case ACT_QUIT: a->quit = true; break;
	default: app_say(a, "Unknown key; press h for help"); break;
	}
	return screen_stay();
}

static screen_next reader_key(screen *s, tui_app *a, const keys_event *ev)
{
	lv_view *v = &a->view;
	if (ev->act == ACT_HIGHLIGHT_OFF && lv_find_busy(&a->find)) {
		/* Esc stops a running search */
		a->find.stopped = true;
		app_say(a, "Search stopped: %zu hits so far",
		        lt_hits_count(a->find.hits));
		return screen_stay();
	}
	a->msg[0] = '\0';
	a->note[0] = '\0';
	if (ev->act != ACT_WIDER && ev->act != ACT_NARROWER &&
	    ev->act != ACT_RESET_WIDTH)
		v->anchored = false;
	if (v->tail_view && !ev->dropped && ev->act != ACT_QUIT)
		lv_view_tail_done(v);
	if (ev->dropped)
		return screen_stay();
	if (ev->key == KEY_MOUSE && ev->act == ACT_NONE) {
		mouse(a);
		return screen_stay();
	}
	return act(a, ev);
}

static void reader_changed(screen *s, tui_app *a, unsigned what)
{
	if (!(what & CHANGED_STRUCTURE))
		return;
	/* the scan found more of the structure: blocks may have new kinds */
	lv_view_relayout(&a->view);
	if (a->view.tail_view && lt_doc_scan_done(a->doc))
		lv_view_end(&a->view);
}

static void reader_free(screen *s)
{
	reader *r = (reader *)s;
	lv_runs_free(&r->runs);
	free(r);
}

static const screen_ops reader_ops = {
    .map = KM_READER,
    .draw = reader_draw,
    .key = reader_key,
    .changed = reader_changed,
    .free = reader_free,
};

screen *reader_new(tui_app *a)
{
	reader *r = lt_xcalloc(1, sizeof *r);
	r->base.ops = &reader_ops;
	r->app = a;
	return &r->base;
}
