/* The list screens' shared part. */
#include "listing.h"
#include "core/util.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paint.h"

void listing_init(listing *l, tui_app *a, action opener, size_t nlist,
                  size_t current)
{
	l->app = a;
	l->opener = opener;
	l->nlist = nlist;
	l->current = current;
	if (current != LT_NONE)
		l->sel = current;
	a->msg[0] = '\0';
}

void listing_done(listing *l) { lt_buf_free(&l->text); }

const char *listing_text(listing *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	lt_buf_clear(&l->text);
	lt_buf_put(&l->text, "", 0, 0);
	if (n > 0) {
		char *tmp = lt_xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(tmp, (size_t)n + 1, fmt, ap);
		va_end(ap);
		lt_buf_put(&l->text, tmp, (size_t)n, 0);
		free(tmp);
	}
	return l->text.s;
}

static size_t list_rows(const listing *l)
{
	return l->app->rows > 3 ? (size_t)l->app->rows - 3 : 1;
}

static void keep_visible(listing *l)
{
	size_t n = list_rows(l);
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + n)
		l->top = l->sel - n + 1;
	if (l->scroll_only && l->nlist > n && l->top > l->nlist - n)
		l->top = l->nlist - n;
}

void listing_draw(screen *s, tui_app *a)
{
	listing *l = (listing *)s;
	erase();
	char title[600];
	l->title(l, title, sizeof title);
	paint_clipped(0, 2, title, (size_t)a->cols, A_BOLD | A_UNDERLINE);
	keep_visible(l);
	size_t n = list_rows(l);
	for (size_t i = 0; i < n && l->top + i < l->nlist; i++) {
		size_t idx = l->top + i;
		listing_entry e = l->entry(l, idx);
		int y = (int)i + 2;
		bool sel = !l->scroll_only && idx == l->sel;
		int attr = e.attr | (sel ? A_REVERSE : 0);
		if (idx == l->current)
			paint_clipped(
			    y, 0, "▸", 1,
			    A_BOLD | (a->color ? COLOR_PAIR(PAIR_MARK) : 0));
		size_t x = 2 + e.indent;
		if ((size_t)a->cols > x && e.is_hit)
			paint_marked(y, (int)x, e.text, (size_t)a->cols - x,
			             attr, e.mark_from, e.mark_to,
			             A_REVERSE |
			                 (sel ? A_BOLD | A_UNDERLINE : 0));
		else if ((size_t)a->cols > x)
			paint_clipped(y, (int)x, e.text, (size_t)a->cols - x,
			              attr);
	}
	move(a->rows - 1, 0);
	clrtoeol();
	if (a->msg[0])
		paint_clipped(a->rows - 1, 0, a->msg, (size_t)a->cols, A_BOLD);
	else
		paint_clipped(a->rows - 1, 0,
		              l->scroll_only
		                  ? " j k PgUp PgDn scroll · Esc q close"
		                  : " Enter go · j k move · Esc q close",
		              (size_t)a->cols, A_REVERSE);
}

static void move_by(listing *l, long delta)
{
	if (l->scroll_only) {
		long top = (long)l->top + delta;
		long max = (long)l->nlist - (long)list_rows(l);
		if (top > max)
			top = max;
		if (top < 0)
			top = 0;
		l->top = (size_t)top;
		l->sel = l->top;
		return;
	}
	long sel = (long)l->sel + delta;
	if (sel < 0)
		sel = 0;
	if (sel >= (long)l->nlist)
		sel = (long)l->nlist - 1;
	l->sel = (size_t)sel;
}

/* Go to row idx, if it goes anywhere: the list closes. */
static screen_next choose(listing *l, size_t idx)
{
	if (idx >= l->nlist)
		return screen_stay();
	listing_entry e = l->entry(l, idx);
	if (!e.selectable)
		return screen_stay();
	tui_app *a = l->app;
	if (e.is_hit) {
		lv_find_goto(&a->find, e.hit_para, e.hit_k);
		app_say_find(a, (lv_find_result){LV_FIND_HIT, 0});
	} else {
		lv_view_jump(&a->view, (lv_pos){e.target, 0}, true);
	}
	return screen_close();
}

static screen_next mouse(listing *l)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return screen_stay();
	if (ev.bstate & BUTTON4_PRESSED)
		move_by(l, -3);
	else if (ev.bstate & BUTTON5_PRESSED)
		move_by(l, 3);
	else if (ev.bstate &
	             (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED) &&
	         ev.y >= 2 && !l->scroll_only) {
		size_t idx = l->top + (size_t)(ev.y - 2);
		if (idx < l->nlist) {
			l->sel = idx;
			return choose(l, idx);
		}
	}
	return screen_stay();
}

screen_next listing_key(screen *s, tui_app *a, const keys_event *ev)
{
	listing *l = (listing *)s;
	a->msg[0] = '\0';
	long page = (long)list_rows(l);
	switch (ev->act) {
	case ACT_L_CLOSE: return screen_close();
	case ACT_L_DOWN: move_by(l, 1); break;
	case ACT_L_UP: move_by(l, -1); break;
	case ACT_L_PAGE_DOWN: move_by(l, page); break;
	case ACT_L_PAGE_UP: move_by(l, -page); break;
	case ACT_L_TOP: move_by(l, -(long)l->nlist); break;
	case ACT_L_BOTTOM: move_by(l, (long)l->nlist); break;
	case ACT_L_CHOOSE: return choose(l, l->sel);
	default:
		if (ev->key == KEY_MOUSE)
			return mouse(l);
		if (keys_action(KM_READER, ev->key) == l->opener)
			return screen_close();
		app_say(a, "Enter goes there, Esc returns to the text");
		break;
	}
	return screen_stay();
}
