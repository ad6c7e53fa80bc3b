/* The list screens' shared part. */
#include "listing.h"
#include "core/util.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

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
	if (l->typing) {
		char line[300];
		snprintf(line, sizeof line, "/%s", l->pat);
		paint_clipped(a->rows - 1, 0, line, (size_t)a->cols, A_BOLD);
		curs_set(1);
		move(a->rows - 1, (int)paint_width(line) < a->cols
		                      ? (int)paint_width(line)
		                      : a->cols - 1);
		return;
	}
	curs_set(0);
	if (a->msg[0])
		paint_clipped(a->rows - 1, 0, a->msg, (size_t)a->cols, A_BOLD);
	else
		paint_clipped(a->rows - 1, 0,
		              l->scroll_only
		                  ? " j k PgUp PgDn scroll · / search · Esc q "
		                    "close"
		                  : " Enter go · j k move · / search · Esc q "
		                    "close",
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
		lv_view_jump(&a->view, (lv_pos){e.target, e.target_off},
		             e.target_off == 0);
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

/* Put row idx in view: the selection, or the top of a scrolled list. */
static void show_row(listing *l, size_t idx)
{
	if (l->scroll_only)
		move_by(l, (long)idx - (long)l->top);
	else
		l->sel = idx;
}

/* The next row (dir > 0) or the previous one from the selection whose
 * text matches the pattern, wrapping; said when there is none. */
static void find_row(listing *l, int dir)
{
	tui_app *a = l->app;
	if (!l->pat[0]) {
		app_say(a, "No search yet: / searches the rows");
		return;
	}
	char err[256];
	lt_search *sr = lt_search_new(l->pat, &a->find.opts, err, sizeof err);
	if (!sr) {
		app_say(a, "%s", err);
		return;
	}
	lt_spans sp = {0};
	size_t from = l->scroll_only ? l->top : l->sel, found = LT_NONE;
	for (size_t k = 1; k <= l->nlist && found == LT_NONE; k++) {
		size_t idx = dir > 0
		                 ? (from + k) % l->nlist
		                 : (from + l->nlist - k % l->nlist) % l->nlist;
		const char *t = l->entry(l, idx).text;
		if (lt_search_text(sr, t, strlen(t), &sp) > 0)
			found = idx;
	}
	lt_spans_free(&sp);
	lt_search_free(sr);
	if (found == LT_NONE)
		app_say(a, "Not in this list: %s", l->pat);
	else
		show_row(l, found);
}

/* A key while the rows' pattern is typed: Enter searches, Esc cancels. */
static void type_pattern(listing *l, int key)
{
	if (key == 27 || key == ('c' & 0x1f) || key == ('g' & 0x1f)) {
		l->typing = false;
	} else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		l->typing = false;
		find_row(l, 1);
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		while (l->plen > 0 &&
		       ((unsigned char)l->pat[--l->plen] & 0xc0) == 0x80)
			;
		l->pat[l->plen] = '\0';
	} else if ((key >= ' ' && key < 127) || key >= KEY_UCHAR) {
		char buf[8];
		int n = u8_uctomb((uint8_t *)buf,
		                  key >= KEY_UCHAR ? (ucs4_t)(key - KEY_UCHAR)
		                                   : (ucs4_t)key,
		                  sizeof buf);
		if (n > 0 && l->plen + (size_t)n < sizeof l->pat) {
			memcpy(l->pat + l->plen, buf, (size_t)n);
			l->plen += (size_t)n;
			l->pat[l->plen] = '\0';
		}
	}
}

/* A digit: the number typed so far goes to its row. */
static void type_digit(listing *l, int key)
{
	l->num = l->num * 10 + (size_t)(key - '0');
	if (l->num > 100000000)
		l->num = (size_t)(key - '0');
	size_t row = l->number(l, l->num);
	if (row != LT_NONE)
		show_row(l, row);
	app_say(l->app, "%zu", l->num);
}

screen_next listing_key(screen *s, tui_app *a, const keys_event *ev)
{
	listing *l = (listing *)s;
	a->msg[0] = '\0';
	if (l->typing) {
		type_pattern(l, ev->key);
		return screen_stay();
	}
	if (l->number && ev->key >= '0' && ev->key <= '9') {
		type_digit(l, ev->key);
		return screen_stay();
	}
	l->num = 0;
	long page = (long)list_rows(l);
	switch (ev->act) {
	case ACT_L_SEARCH:
		l->typing = true;
		l->plen = 0;
		l->pat[0] = '\0';
		break;
	case ACT_L_NEXT: find_row(l, 1); break;
	case ACT_L_PREV: find_row(l, -1); break;
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
