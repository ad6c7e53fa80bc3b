/* Searching in the reader: the prompt of / ? & (editing, history,
 * toggles, incremental), moving from hit to hit, and the hits of the
 * paragraphs on screen. The matching itself is the core's. */
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "internal.h"

/* How much of a large document one idle moment searches. */
#define SEARCH_SLICE (8u << 20)

static size_t npara(tui *t) { return lt_doc_npara(t->doc); }

/* ---- the hits of a paragraph, for painting ----------------------------- */

/* Around a window, this much more of its paragraph is searched, so that
 * a hit that crosses the window's edge is painted too. */
#define WINDOW_MARGIN (4u << 10)

static const lt_spans *hits_in(tui *t, size_t para, size_t win)
{
	if (!t->search)
		return NULL;
	for (size_t i = 0; i < HIT_CACHE; i++)
		if (t->hitcache[i].used && t->hitcache[i].para == para &&
		    t->hitcache[i].window == win &&
		    t->hitcache[i].gen == t->search_gen)
			return &t->hitcache[i].spans;
	size_t slot = t->hitcache_next++ % HIT_CACHE;
	lt_spans *sp = &t->hitcache[slot].spans;
	sp->n = 0;
	lt_range r = lt_doc_para(t->doc, para);
	const char *p = lt_doc_bytes(t->doc) + r.start;
	size_t n = (size_t)(r.end - r.start), from = 0, to = n;
	if (win != LT_NONE && lt_window_count(p, n) > 1) {
		lt_range w = lt_window(p, n, win);
		from = w.start > WINDOW_MARGIN ? w.start - WINDOW_MARGIN : 0;
		while (from > 0 && ((unsigned char)p[from] & 0xC0) == 0x80)
			from--;
		to = n - w.end > WINDOW_MARGIN ? w.end + WINDOW_MARGIN : n;
	}
	lt_search_text(t->search, p + from, to - from, sp);
	for (size_t k = 0; k < sp->n; k++) {
		sp->v[k].start += from;
		sp->v[k].end += from;
	}
	t->hitcache[slot].para = para;
	t->hitcache[slot].window = win;
	t->hitcache[slot].gen = t->search_gen;
	/* cut short by a stop (^C, a signal): used once, never kept */
	t->hitcache[slot].used = !lt_stop_asked();
	return sp;
}

const lt_spans *para_hits(tui *t, size_t para)
{
	return hits_in(t, para, LT_NONE);
}

const lt_spans *window_hits(tui *t, size_t para, size_t win)
{
	return hits_in(t, para, win);
}

bool is_current_hit(tui *t, size_t para, lt_range hit)
{
	if (!t->have_cur || t->cur_para != para)
		return false;
	/* the current hit's place, kept: finding it again in a long
	 * paragraph would search the whole of it */
	if (!t->cur_known || t->cur_known_gen != t->search_gen ||
	    t->cur_known_para != para || t->cur_known_k != t->cur_k) {
		const lt_spans *sp = para_hits(t, para);
		t->cur_range =
		    sp && t->cur_k < sp->n ? sp->v[t->cur_k] : (lt_range){0, 0};
		t->cur_known = true;
		t->cur_known_gen = t->search_gen;
		t->cur_known_para = para;
		t->cur_known_k = t->cur_k;
	}
	return t->cur_range.start == hit.start && t->cur_range.end == hit.end &&
	       hit.end > hit.start;
}

/* ---- the search ------------------------------------------------------------
 */

void search_clear(tui *t)
{
	lt_hits_free(t->hits);
	lt_search_free(t->search);
	t->hits = NULL;
	t->search = NULL;
	free(t->pattern);
	t->pattern = NULL;
	t->have_cur = false;
	t->filter = false;
	t->search_gen++;
	free(t->essay_hits);
	t->essay_hits = NULL;
}

void search_free(tui *t)
{
	search_clear(t);
	for (size_t i = 0; i < HIT_CACHE; i++)
		lt_spans_free(&t->hitcache[i].spans);
	for (size_t i = 0; i < t->nhistory; i++)
		free(t->history[i]);
	free(t->pold);
	free(t->hsaved);
	free(t->groups);
}

/* A slice of the search; a key that comes meanwhile cuts it short. */
static void run_hits(tui *t, uint64_t budget)
{
	tui_keys_stop(true);
	lt_hits_run(t->hits, budget);
	tui_keys_stop(false);
}

/* Compile pattern and start finding its hits. False, with the reason in
 * t->perr, when it does not compile. */
bool search_set(tui *t, const char *pattern)
{
	char err[256];
	lt_search *s = lt_search_new(pattern, &t->sopts, err, sizeof err);
	if (!s) {
		snprintf(t->perr, sizeof t->perr, "%s", err);
		return false;
	}
	bool filter = t->filter;
	search_clear(t);
	t->filter = filter;
	t->search = s;
	t->hits = lt_hits_new(s, t->doc);
	t->search_stopped = false;
	t->first_pending = false;
	t->pattern = strdup(pattern);
	t->highlight = true;
	t->perr[0] = '\0';
	/* the search runs from the main loop, after the screen shows what
	 * was typed (search_idle), or from what asks for hits */
	return true;
}

bool search_busy(const tui *t)
{
	return t->hits && !t->search_stopped && !lt_hits_done(t->hits);
}

/* Esc or ^C while a search runs: stop it where it is. */
static bool stop_asked(tui *t)
{
	if (!tui_interrupted())
		return false;
	t->search_stopped = true;
	tui_message(t, "Search stopped at %llu%%: %zu hits so far",
	            (unsigned long long)(lt_hits_searched(t->hits) * 100 /
	                                 (lt_doc_size(t->doc) + 1)),
	            lt_hits_count(t->hits));
	return true;
}

static void show_first_hit(tui *t);

void search_idle(tui *t)
{
	if (!search_busy(t))
		return;
	run_hits(t, SEARCH_SLICE);
	if (t->prompt && t->first_pending)
		show_first_hit(t);
}

/* Search on until the hits reach past paragraph para, or the end. */
static void search_upto(tui *t, size_t para)
{
	while (search_busy(t) && !stop_asked(t)) {
		size_t n = lt_hits_nparas(t->hits);
		if (n > 0 && lt_hits_para(t->hits, n - 1).para > para)
			break;
		if (!lt_doc_scan_done(t->doc))
			lt_doc_scan(t->doc, SEARCH_SLICE);
		run_hits(t, SEARCH_SLICE);
	}
}

void search_all(tui *t)
{
	while (search_busy(t) && !stop_asked(t)) {
		if (!lt_doc_scan_done(t->doc))
			lt_doc_scan(t->doc, 64u << 20);
		run_hits(t, 64u << 20);
	}
}

/* The first hit at or after (para, off) going forward, or the last one
 * before it going backward; false when there is none that way. */
static bool hit_from(tui *t, size_t para, uint64_t off, int dir, size_t *hp,
                     size_t *hk)
{
	if (dir > 0) {
		if (t->wait_hits)
			search_upto(t, para);
		size_t j = lt_hits_find(t->hits, para);
		for (; j < lt_hits_nparas(t->hits); j++) {
			lt_para_hits ph = lt_hits_para(t->hits, j);
			const lt_spans *sp = para_hits(t, ph.para);
			for (size_t k = 0; k < sp->n; k++) {
				if (ph.para == para && sp->v[k].start < off)
					continue;
				*hp = ph.para;
				*hk = k;
				return true;
			}
			if (j + 1 == lt_hits_nparas(t->hits) && t->wait_hits)
				search_upto(t, ph.para);
		}
		return false;
	}
	if (t->wait_hits)
		search_upto(t, para);
	size_t j = lt_hits_find(t->hits, para + 1);
	while (j-- > 0) {
		lt_para_hits ph = lt_hits_para(t->hits, j);
		const lt_spans *sp = para_hits(t, ph.para);
		for (size_t k = sp->n; k-- > 0;) {
			if (ph.para == para && sp->v[k].start >= off)
				continue;
			*hp = ph.para;
			*hk = k;
			return true;
		}
	}
	return false;
}

/* Put the current hit on screen: where it is if it shows already, else
 * two rows below the top. */
static void show_hit(tui *t)
{
	const lt_spans *sp = para_hits(t, t->cur_para);
	if (t->cur_k >= sp->n)
		return;
	uint64_t off = sp->v[t->cur_k].start;
	position p = {t->cur_para, off};
	if (hit_visible(t, p))
		return;
	jump_with_context(t, p, 2);
}

static void say_hit(tui *t, const char *note);

/* Make hit k of paragraph para the current one and show it. */
static void make_current(tui *t, size_t para, size_t k)
{
	t->cur_para = para;
	t->cur_k = k;
	t->have_cur = true;
	show_hit(t);
}

void search_goto_hit(tui *t, size_t para, size_t k)
{
	t->highlight = true;
	make_current(t, para, k);
	say_hit(t, "");
}

/* The first hit from (para, off) in direction dir, wrapping around the
 * document when there is none that way (*note then says so). */
static bool hit_or_wrap(tui *t, size_t para, uint64_t off, int dir, size_t *hp,
                        size_t *hk, const char **note)
{
	*note = "";
	if (hit_from(t, para, off, dir, hp, hk))
		return true;
	if (dir < 0)
		search_all(t);
	*note = dir > 0 ? " (search wrapped to the top)"
	                : " (search wrapped to the bottom)";
	return dir > 0 ? hit_from(t, 0, 0, 1, hp, hk)
	               : hit_from(t, npara(t), 0, -1, hp, hk);
}

/* "hit 3/6 · essay 5", the count marked + while the search goes on. */
static void say_hit(tui *t, const char *note)
{
	size_t j = lt_hits_find(t->hits, t->cur_para);
	size_t n = j < lt_hits_nparas(t->hits)
	               ? lt_hits_para(t->hits, j).before + t->cur_k + 1
	               : 0;
	size_t e = lt_doc_para_essay(t->doc, t->cur_para);
	char where[48] = "";
	if (e != LT_NONE)
		snprintf(where, sizeof where, " · essay %zu", e + 1);
	tui_message(t, "hit %zu/%zu%s%s%s", n, lt_hits_count(t->hits),
	            search_busy(t) ? "+" : "", where, note);
}

static void not_found(tui *t)
{
	if (t->search_stopped) /* what was searched holds none: it says so */
		return;
	tui_message(t, "Pattern not found: %s", t->pattern ? t->pattern : "");
}

/* n (dir 1) and N (dir -1): the next hit in the search's direction, or
 * against it; at the end, wrap around and say so. */
void search_next(tui *t, int dir)
{
	if (!t->search) {
		tui_message(t, "No search yet: / searches forward, ? back");
		return;
	}
	t->highlight = true;
	int d = dir * t->sdir;
	size_t hp, hk;
	const lt_spans *cur = t->have_cur ? para_hits(t, t->cur_para) : NULL;
	uint64_t cur_off =
	    cur && t->cur_k < cur->n ? cur->v[t->cur_k].start : 0;
	/* on from the current hit while it is on screen; once the reader has
	 * moved away, from where the view is */
	position from = current_position(t);
	from.off = position_offset(from);
	if (cur && hit_visible(t, (position){t->cur_para, cur_off}))
		from = (position){t->cur_para, d > 0 ? cur_off + 1 : cur_off};
	const char *note;
	if (!hit_or_wrap(t, from.para, from.off, d, &hp, &hk, &note)) {
		not_found(t);
		return;
	}
	make_current(t, hp, hk);
	say_hit(t, note);
}

size_t filter_para(tui *t, size_t para, int dir)
{
	if (!t->filter || !t->hits)
		return para;
	if (dir > 0) {
		search_upto(t, para);
		size_t j = lt_hits_find(t->hits, para);
		while (j >= lt_hits_nparas(t->hits) && search_busy(t)) {
			search_upto(t, para + 1);
			j = lt_hits_find(t->hits, para);
		}
		return j < lt_hits_nparas(t->hits)
		           ? lt_hits_para(t->hits, j).para
		           : LT_NONE;
	}
	size_t j = lt_hits_find(t->hits, para + 1);
	return j > 0 ? lt_hits_para(t->hits, j - 1).para : LT_NONE;
}

/* ---- history
 * ------------------------------------------------------------------ */

void history_add(tui *t, const char *pattern)
{
	if (!pattern[0])
		return;
	size_t at = t->nhistory;
	for (size_t i = 0; i < t->nhistory; i++)
		if (strcmp(t->history[i], pattern) == 0)
			at = i;
	char *keep = at < t->nhistory ? t->history[at] : strdup(pattern);
	if (at == t->nhistory) {
		if (t->nhistory == HISTORY_MAX)
			free(t->history[--t->nhistory]);
		at = t->nhistory++;
	}
	memmove(t->history + 1, t->history, at * sizeof *t->history);
	t->history[0] = keep;
	state_search(t, pattern);
}

/* ---- the prompt -------------------------------------------------------------
 */

static void prompt_set(tui *t, const char *s)
{
	size_t n = strlen(s);
	if (n >= sizeof t->pbuf)
		n = sizeof t->pbuf - 1;
	memcpy(t->pbuf, s, n);
	t->pbuf[n] = '\0';
	t->plen = t->pcur = n;
}

void prompt_open(tui *t, int kind)
{
	t->prompt = kind;
	t->plen = t->pcur = 0;
	t->pbuf[0] = '\0';
	t->perr[0] = '\0';
	t->hpos = 0;
	free(t->hsaved);
	t->hsaved = NULL;
	t->porigin = current_position(t);
	t->porigin_cur = t->have_cur;
	t->porigin_para = t->cur_para;
	t->porigin_k = t->cur_k;
	free(t->pold);
	t->pold = t->pattern ? strdup(t->pattern) : NULL;
	t->msg[0] = '\0';
	curs_set(1);
}

static void prompt_close(tui *t)
{
	t->prompt = 0;
	curs_set(0);
}

/* While typing: the first hit from where the view was, among the hits
 * found so far; if the search has not got there yet, look again as it
 * goes on (search_idle), so that typing never waits for a large file. */
static void show_first_hit(tui *t)
{
	size_t hp, hk;
	int dir = t->prompt == '?' ? -1 : 1;
	t->wait_hits = false;
	bool found = hit_from(t, t->porigin.para, position_offset(t->porigin),
	                      dir, &hp, &hk);
	t->wait_hits = true;
	/* backward, the hits before the origin are all known only once the
	 * search has passed it */
	if (found && dir < 0 && search_busy(t) &&
	    lt_hits_searched(t->hits) <
	        lt_doc_para(t->doc, t->porigin.para).end)
		found = false;
	t->first_pending = !found && search_busy(t);
	if (found)
		make_current(t, hp, hk);
}

/* As the pattern is typed: search for it and show the first hit from
 * where the view was, or put the view back when there is none. */
static void prompt_update(tui *t)
{
	t->perr[0] = '\0';
	go_quietly(t, t->porigin);
	t->have_cur = false;
	if (t->plen == 0) {
		search_clear(t);
		return;
	}
	if (!search_set(t, t->pbuf))
		return;
	if (t->prompt == '&')
		return;
	show_first_hit(t);
}

static void prompt_accept(tui *t)
{
	int kind = t->prompt;
	prompt_close(t);
	history_add(t, t->pbuf);
	if (kind == '&') {
		if (t->plen == 0) {
			t->filter = false;
			search_clear(t);
			tui_message(t, "All paragraphs shown");
			return;
		}
		if (!t->search && !search_set(t, t->pbuf)) {
			tui_message(t, "%s", t->perr);
			return;
		}
		t->filter = true;
		structure_changed(t);
		tui_message(t, "Only the paragraphs that match %s", t->pbuf);
		return;
	}
	if (t->plen == 0) { /* an empty pattern: the last search again */
		if (!t->pold) {
			tui_message(t, "No search yet");
			return;
		}
		t->sdir = kind == '?' ? -1 : 1;
		search_set(t, t->pold);
		search_next(t, 1);
		return;
	}
	t->sdir = kind == '?' ? -1 : 1;
	if (t->perr[0]) {
		tui_message(t, "%s", t->perr);
		return;
	}
	const char *note = "";
	if (!t->have_cur) {
		search_all(t);
		size_t hp, hk;
		if (!hit_or_wrap(t, t->porigin.para,
		                 position_offset(t->porigin), t->sdir, &hp, &hk,
		                 &note)) {
			go_quietly(t, t->porigin);
			not_found(t);
			return;
		}
		make_current(t, hp, hk);
	}
	say_hit(t, note);
}

static void prompt_cancel(tui *t)
{
	prompt_close(t);
	search_clear(t);
	if (t->pold)
		search_set(t, t->pold);
	t->have_cur = t->porigin_cur;
	t->cur_para = t->porigin_para;
	t->cur_k = t->porigin_k;
	go_quietly(t, t->porigin);
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

static void delete_range(tui *t, size_t from, size_t to)
{
	memmove(t->pbuf + from, t->pbuf + to, t->plen - to + 1);
	t->plen -= to - from;
	t->pcur = from;
}

static void insert(tui *t, const char *s, size_t n)
{
	if (t->plen + n >= sizeof t->pbuf)
		return;
	memmove(t->pbuf + t->pcur + n, t->pbuf + t->pcur,
	        t->plen - t->pcur + 1);
	memcpy(t->pbuf + t->pcur, s, n);
	t->plen += n;
	t->pcur += n;
}

static void history_move(tui *t, int dir)
{
	size_t to = t->hpos;
	if (dir > 0 && to < t->nhistory)
		to++;
	else if (dir < 0 && to > 0)
		to--;
	else
		return;
	if (t->hpos == 0) {
		free(t->hsaved);
		t->hsaved = strdup(t->pbuf);
	}
	t->hpos = to;
	prompt_set(t,
	           to == 0 ? (t->hsaved ? t->hsaved : "") : t->history[to - 1]);
}

void prompt_key(tui *t, const key_event *ev)
{
	bool edited = true;
	switch (ev->act) {
	case ACT_P_CANCEL: prompt_cancel(t); return;
	case ACT_P_ACCEPT: prompt_accept(t); return;
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
		if (t->pcur == 0 && t->plen == 0) {
			prompt_cancel(t);
			return;
		}
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
	case ACT_P_REGEX: t->sopts.regex = !t->sopts.regex; break;
	case ACT_P_WORD: t->sopts.word = !t->sopts.word; break;
	case ACT_P_CASE:
		t->sopts.casing = (lt_case_mode)((t->sopts.casing + 1) % 3);
		break;
	default:
		if (ev->key >= KEY_UCHAR) {
			uint8_t buf[8];
			int n = u8_uctomb(buf, (ucs4_t)(ev->key - KEY_UCHAR),
			                  sizeof buf);
			if (n > 0)
				insert(t, (const char *)buf, (size_t)n);
		} else if (ev->key >= ' ' && ev->key < 127) {
			char c = (char)ev->key;
			insert(t, &c, 1);
		} else {
			edited = false;
		}
		break;
	}
	if (edited)
		prompt_update(t);
}

/* The prompt on the status line: the kind, the pattern with the cursor,
 * and at the right the toggles in force (or why the pattern is bad). */
void prompt_draw(tui *t)
{
	int y = t->rows - 1;
	move(y, 0);
	clrtoeol();
	char right[320];
	static const char *const casing[] = {"smart case", "any case",
	                                     "exact case"};
	if (t->perr[0])
		snprintf(right, sizeof right, " %s ", t->perr);
	else
		snprintf(
		    right, sizeof right, " %s%s%s%s%s ",
		    t->sopts.regex ? "regex · " : "",
		    t->sopts.word ? "words · " : "", casing[t->sopts.casing],
		    /* what smart case made of the pattern typed */
		    t->sopts.casing != LT_CASE_SMART || !t->search || !t->plen
		        ? ""
		    : lt_search_case_sensitive(t->search) ? ": exact"
		                                          : ": any",
		    t->plen && t->search && lt_hits_done(t->hits) &&
		            lt_hits_count(t->hits) == 0
		        ? " · not found"
		        : "");
	size_t rw = text_width(right);
	size_t avail = (size_t)t->cols > rw + 10 ? (size_t)t->cols - rw : 10;
	char kind[2] = {(char)t->prompt, '\0'};
	mvaddstr(y, 0, kind);
	/* keep the cursor in view: show the end of a long pattern */
	size_t from = 0;
	while (text_width(t->pbuf + from) + 2 > avail && from < t->pcur)
		from = next_char(t->pbuf, t->plen, from);
	char shown[1024];
	memcpy(shown, t->pbuf + from, t->plen - from + 1);
	draw_clipped(y, 1, shown, avail - 1, A_NORMAL);
	if ((size_t)t->cols > rw + 10)
		draw_clipped(y, t->cols - (int)rw, right, rw,
		             t->perr[0] ? (int)A_BOLD : t->dim);
	char upto[1024];
	memcpy(upto, t->pbuf + from, t->pcur - from);
	upto[t->pcur - from] = '\0';
	move(y, 1 + (int)text_width(upto));
}
