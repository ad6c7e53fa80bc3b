/* The prompt of / ? &: a line editor with the search history and the
 * search's toggles, searching as the pattern is typed; drawn over the
 * reader's status line. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "app.h"
#include "core/util.h"
#include "lectern/text.h"
#include "paint.h"
#include "screens.h"

typedef struct {
	screen base;
	tui_app *app;
	int kind; /* '/', '?', '&' */
	char pbuf[1024];
	size_t plen, pcur; /* bytes */
	lv_pos origin;     /* where the view was when the prompt opened */
	bool origin_cur;   /* and the current hit */
	size_t origin_para, origin_k;
	char *pold; /* the search before the prompt, to put back on Esc */
	char perr[256];
	size_t hpos; /* 0: the line being typed; k: the history's k - 1 */
	char *hsaved;
} prompt;

static char *dup_or_null(const char *s)
{
	return s ? lt_xstrndup(s, strlen(s)) : NULL;
}

static bool set_search(prompt *p, const char *pattern)
{
	return lv_find_set(&p->app->find, pattern, p->perr, sizeof p->perr);
}

static void prompt_set(prompt *p, const char *s)
{
	size_t n = strlen(s);
	if (n >= sizeof p->pbuf)
		n = sizeof p->pbuf - 1;
	memcpy(p->pbuf, s, n);
	p->pbuf[n] = '\0';
	p->plen = p->pcur = n;
}

static screen_next close_prompt(prompt *p)
{
	p->app->find.first_pending = false;
	return screen_close();
}

/* As the pattern is typed: search for it and show the first hit from
 * where the view was, or put the view back when there is none. */
static void update(prompt *p)
{
	lv_find *f = &p->app->find;
	p->perr[0] = '\0';
	lv_view_go(&p->app->view, p->origin, false);
	f->have_cur = false;
	if (p->plen == 0) {
		lv_find_clear(f);
		return;
	}
	if (!set_search(p, p->pbuf))
		return;
	if (p->kind == '&')
		return;
	lv_find_first(f, p->origin, p->kind == '?' ? -1 : 1);
}

static screen_next accept(prompt *p)
{
	tui_app *a = p->app;
	lv_find *f = &a->find;
	screen_next next = close_prompt(p);
	lv_session_add_search(&a->session, p->pbuf);
	if (p->kind == '&') {
		if (p->plen == 0) {
			lv_find_filter_off(f);
			lv_view_relayout(&a->view);
			app_say(a, "All paragraphs shown");
			return next;
		}
		if (!lv_find_set_filter(f, p->pbuf, p->perr, sizeof p->perr)) {
			app_say(a, "%s", p->perr);
			return next;
		}
		lv_view_relayout(&a->view);
		app_say(a, "Only the paragraphs that match %s", p->pbuf);
		return next;
	}
	f->dir = p->kind == '?' ? -1 : 1;
	if (p->plen == 0) { /* an empty pattern: the last search again */
		if (!p->pold) {
			app_say(a, "No search yet");
			return next;
		}
		set_search(p, p->pold);
		app_say_find(a, lv_find_next(f, 1));
		return next;
	}
	if (p->perr[0]) {
		app_say(a, "%s", p->perr);
		return next;
	}
	lv_find_result r = {LV_FIND_HIT, 0};
	if (!f->have_cur) {
		lv_find_all(f);
		r = lv_find_from(f, p->origin, f->dir);
		if (r.code != LV_FIND_HIT)
			lv_view_go(&a->view, p->origin, false);
	}
	app_say_find(a, r);
	return next;
}

static screen_next cancel(prompt *p)
{
	lv_find *f = &p->app->find;
	screen_next next = close_prompt(p);
	lv_find_clear(f);
	if (p->pold)
		set_search(p, p->pold);
	f->have_cur = p->origin_cur;
	f->cur_para = p->origin_para;
	f->cur_k = p->origin_k;
	lv_view_go(&p->app->view, p->origin, false);
	return next;
}

static size_t prev_char(const char *s, size_t at)
{
	while (at > 0 && ((unsigned char)s[--at] & 0xC0) == 0x80)
		;
	return at;
}

static size_t next_char(const char *s, size_t n, size_t at)
{
	if (at >= n)
		return n;
	at++;
	while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80)
		at++;
	return at;
}

static void delete_range(prompt *p, size_t from, size_t to)
{
	memmove(p->pbuf + from, p->pbuf + to, p->plen - to + 1);
	p->plen -= to - from;
	p->pcur = from;
}

static void insert(prompt *p, const char *s, size_t n)
{
	if (p->plen + n >= sizeof p->pbuf)
		return;
	memmove(p->pbuf + p->pcur + n, p->pbuf + p->pcur,
	        p->plen - p->pcur + 1);
	memcpy(p->pbuf + p->pcur, s, n);
	p->plen += n;
	p->pcur += n;
}

static void history_move(prompt *p, int dir)
{
	const lv_session *s = &p->app->session;
	size_t to = p->hpos;
	if (dir > 0 && to < lv_session_nhistory(s))
		to++;
	else if (dir < 0 && to > 0)
		to--;
	else
		return;
	if (p->hpos == 0) {
		free(p->hsaved);
		p->hsaved = dup_or_null(p->pbuf);
	}
	p->hpos = to;
	prompt_set(p, to == 0 ? (p->hsaved ? p->hsaved : "")
	                      : lv_session_history(s, to - 1));
}

/* A key that is no binding of the prompt: a character typed. */
static bool type(prompt *p, int key)
{
	if (key >= KEY_UCHAR) {
		uint8_t buf[8];
		int n = u8_uctomb(buf, (ucs4_t)(key - KEY_UCHAR), sizeof buf);
		if (n > 0)
			insert(p, (const char *)buf, (size_t)n);
		return true;
	}
	if (key >= ' ' && key < 127) {
		char c = (char)key;
		insert(p, &c, 1);
		return true;
	}
	return false;
}

static screen_next prompt_key(screen *s, tui_app *a, const keys_event *ev)
{
	prompt *t = (prompt *)s;
	lv_find *f = &a->find;
	bool edited = true;
	switch (ev->act) {
	case ACT_P_CANCEL: return cancel(t);
	case ACT_P_ACCEPT: return accept(t);
	case ACT_P_LEFT:
		t->pcur = prev_char(t->pbuf, t->pcur);
		edited = false;
		break;
	case ACT_P_RIGHT:
		t->pcur = next_char(t->pbuf, t->plen, t->pcur);
		edited = false;
		break;
	case ACT_P_HOME:
		t->pcur = 0;
		edited = false;
		break;
	case ACT_P_END:
		t->pcur = t->plen;
		edited = false;
		break;
	case ACT_P_BACKSPACE:
		if (t->pcur == 0 && t->plen == 0)
			return cancel(t);
		if (t->pcur > 0)
			delete_range(t, prev_char(t->pbuf, t->pcur), t->pcur);
		break;
	case ACT_P_DELETE:
		if (t->pcur < t->plen)
			delete_range(t, t->pcur,
			             next_char(t->pbuf, t->plen, t->pcur));
		break;
	case ACT_P_KILL: delete_range(t, 0, t->pcur); break;
	case ACT_P_KILL_WORD: {
		size_t at = t->pcur;
		while (at > 0 && t->pbuf[at - 1] == ' ')
			at--;
		while (at > 0 && t->pbuf[at - 1] != ' ')
			at--;
		delete_range(t, at, t->pcur);
		break;
	}
	case ACT_P_OLDER: history_move(t, 1); break;
	case ACT_P_NEWER: history_move(t, -1); break;
	case ACT_P_REGEX: f->opts.regex = !f->opts.regex; break;
	case ACT_P_WORD: f->opts.word = !f->opts.word; break;
	case ACT_P_CASE:
		f->opts.casing = (lt_case_mode)((f->opts.casing + 1) % 3);
		break;
	default: edited = type(t, ev->key); break;
	}
	if (edited)
		update(t);
	return screen_stay();
}

/* The prompt on the status line: the kind, the pattern with the cursor,
 * and at the right the toggles in force (or why the pattern is bad). */
static void prompt_draw(screen *s, tui_app *a)
{
	prompt *t = (prompt *)s;
	const lv_find *f = &a->find;
	int y = a->rows - 1;
	move(y, 0);
	clrtoeol();
	char right[320];
	static const char *const casing[] = {"smart case", "any case",
	                                     "exact case"};
	if (t->perr[0])
		snprintf(right, sizeof right, " %s ", t->perr);
	else
		snprintf(right, sizeof right, " %s%s%s%s%s ",
		         f->opts.regex ? "regex · " : "",
		         f->opts.word ? "words · " : "", casing[f->opts.casing],
		         /* what smart case made of the pattern typed */
		         f->opts.casing != LT_CASE_SMART || !f->search ||
		                 !t->plen
		             ? ""
		         : lt_search_case_sensitive(f->search) ? ": exact"
		                                               : ": any",
		         t->plen && f->search && lt_hits_done(f->hits) &&
		                 lt_hits_count(f->hits) == 0
		             ? " · not found"
		             : "");
	size_t rw = paint_width(right);
	size_t avail = (size_t)a->cols > rw + 10 ? (size_t)a->cols - rw : 10;
	char kind[2] = {(char)t->kind, '\0'};
	mvaddstr(y, 0, kind);
	/* keep the cursor in view: show the end of a long pattern */
	size_t from = 0;
	while (paint_width(t->pbuf + from) + 2 > avail && from < t->pcur)
		from = next_char(t->pbuf, t->plen, from);
	char shown[1024];
	memcpy(shown, t->pbuf + from, t->plen - from + 1);
	paint_clipped(y, 1, shown, avail - 1, A_NORMAL);
	if ((size_t)a->cols > rw + 10)
		paint_clipped(y, a->cols - (int)rw, right, rw,
		              t->perr[0] ? (int)A_BOLD : a->dim);
	char upto[1024];
	memcpy(upto, t->pbuf + from, t->pcur - from);
	upto[t->pcur - from] = '\0';
	move(y, 1 + (int)paint_width(upto));
}

static void prompt_free(screen *s)
{
	prompt *p = (prompt *)s;
	curs_set(0);
	free(p->pold);
	free(p->hsaved);
	free(p);
}

static const screen_ops prompt_ops = {
    .map = KM_PROMPT,
    .overlay = true,
    .draw = prompt_draw,
    .key = prompt_key,
    .free = prompt_free,
};

screen *prompt_new(tui_app *a, int kind)
{
	prompt *p = lt_xcalloc(1, sizeof *p);
	p->base.ops = &prompt_ops;
	p->app = a;
	p->kind = kind;
	p->origin = lv_view_position(&a->view);
	p->origin_cur = a->find.have_cur;
	p->origin_para = a->find.cur_para;
	p->origin_k = a->find.cur_k;
	p->pold = dup_or_null(a->find.pattern);
	a->msg[0] = '\0';
	curs_set(1);
	return &p->base;
}
