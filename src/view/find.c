/* The search session. */
#include "view/find.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How much of a large document one idle moment searches. */
#define SEARCH_SLICE (8u << 20)
/* Around a window, this much more of its paragraph is searched, so that
 * a hit that crosses the window's edge is painted too. */
#define WINDOW_MARGIN (4u << 10)

static size_t npara(const lv_find *f) { return lt_doc_npara(f->doc); }

void lv_find_init(lv_find *f, lv_view *v, const lt_search_opts *opts,
                  lv_find_hooks hooks)
{
	memset(f, 0, sizeof *f);
	f->doc = v->doc;
	f->view = v;
	f->opts = *opts;
	f->hooks = hooks;
	f->dir = 1;
	f->wait_hits = true;
}

void lv_find_clear(lv_find *f)
{
	lt_hits_free(f->hits);
	lt_search_free(f->search);
	f->hits = NULL;
	f->search = NULL;
	free(f->pattern);
	f->pattern = NULL;
	f->have_cur = false;
	f->gen++;
	free(f->essay_hits);
	f->essay_hits = NULL;
}

void lv_find_filter_off(lv_find *f)
{
	lt_hits_free(f->fhits);
	lt_search_free(f->fsearch);
	free(f->fpattern);
	f->fhits = NULL;
	f->fsearch = NULL;
	f->fpattern = NULL;
}

/* A search of pattern with its hits and its pattern, into *s, *h, *pat
 * (after free_old, when it compiles). */
static bool start(lv_find *f, const char *pattern, char *err, size_t size,
                  void (*free_old)(lv_find *), lt_search **s, lt_hits **h,
                  char **pat)
{
	lt_search *ns = lt_search_new(pattern, &f->opts, err, size);
	if (!ns)
		return false;
	free_old(f);
	*s = ns;
	*h = lt_hits_new(ns, f->doc);
	*pat = lt_xstrndup(pattern, strlen(pattern));
	return true;
}

bool lv_find_set_filter(lv_find *f, const char *pattern, char *err, size_t size)
{
	return start(f, pattern, err, size, lv_find_filter_off, &f->fsearch,
	             &f->fhits, &f->fpattern);
}

void lv_find_free(lv_find *f)
{
	lv_find_clear(f);
	lv_find_filter_off(f);
	for (size_t i = 0; i < LV_HIT_CACHE; i++)
		lt_spans_free(&f->cache[i].spans);
}

bool lv_find_set(lv_find *f, const char *pattern, char *err, size_t size)
{
	if (!start(f, pattern, err, size, lv_find_clear, &f->search, &f->hits,
	           &f->pattern))
		return false;
	f->stopped = false;
	f->first_pending = false;
	f->highlight = true;
	/* the search runs from the reader's idle moments (lv_find_idle),
	 * or from what asks for hits */
	return true;
}

bool lv_find_busy(const lv_find *f)
{
	return f->hits && !f->stopped && !lt_hits_done(f->hits);
}

unsigned lv_find_percent(const lv_find *f)
{
	unsigned p = lt_doc_percent(f->doc, lt_hits_searched(f->hits));
	return p < 99 ? p : 99; /* not done yet */
}

/* A slice of the search; a key that comes meanwhile may cut it short. */
static void run_on(lv_find *f, lt_hits *h, uint64_t budget)
{
	if (f->hooks.run)
		f->hooks.run(f->hooks.ctx, true);
	lt_hits_run(h, budget);
	if (f->hooks.run)
		f->hooks.run(f->hooks.ctx, false);
}

static void run_hits(lv_find *f, uint64_t budget)
{
	run_on(f, f->hits, budget);
}

/* Is a stop asked for? Then the search stops where it is. */
static bool stop_asked(lv_find *f)
{
	if (!f->hooks.stop || !*f->hooks.stop)
		return false;
	f->stopped = true;
	if (f->hooks.stopped)
		f->hooks.stopped(f->hooks.ctx, lv_find_percent(f),
		                 lt_hits_count(f->hits));
	return true;
}

/* ---- the hits of a paragraph ------------------------------------------- */

static const lt_spans *hits_in(lv_find *f, size_t para, size_t win)
{
	if (!f->search)
		return NULL;
	for (size_t i = 0; i < LV_HIT_CACHE; i++)
		if (f->cache[i].used && f->cache[i].para == para &&
		    f->cache[i].window == win && f->cache[i].gen == f->gen)
			return &f->cache[i].spans;
	size_t slot = f->cache_next++ % LV_HIT_CACHE;
	lt_spans *sp = &f->cache[slot].spans;
	sp->n = 0;
	lt_range r = lt_doc_para(f->doc, para);
	const char *p = lt_doc_bytes(f->doc) + r.start;
	size_t n = (size_t)(r.end - r.start), from = 0, to = n;
	if (win != LT_NONE && lt_window_count(p, n) > 1) {
		lt_range w = lt_window(p, n, win);
		from = w.start > WINDOW_MARGIN ? w.start - WINDOW_MARGIN : 0;
		while (from > 0 && ((unsigned char)p[from] & 0xC0) == 0x80)
			from--;
		to = n - w.end > WINDOW_MARGIN ? w.end + WINDOW_MARGIN : n;
	}
	lt_search_shown(f->search, f->doc, p + from, to - from, sp);
	for (size_t k = 0; k < sp->n; k++) {
		sp->v[k].start += from;
		sp->v[k].end += from;
	}
	f->cache[slot].para = para;
	f->cache[slot].window = win;
	f->cache[slot].gen = f->gen;
	/* cut short by a stop (^C, a signal): used once, never kept */
	f->cache[slot].used = !lt_stop_asked();
	return sp;
}

const lt_spans *lv_find_para_hits(lv_find *f, size_t para)
{
	return hits_in(f, para, LT_NONE);
}

const lt_spans *lv_find_window_hits(lv_find *f, size_t para, size_t win)
{
	return hits_in(f, para, win);
}

bool lv_find_is_current(lv_find *f, size_t para, lt_range hit)
{
	if (!f->have_cur || f->cur_para != para)
		return false;
	/* the current hit's place, kept: finding it again in a long
	 * paragraph would search the whole of it */
	if (!f->cur_known || f->cur_known_gen != f->gen ||
	    f->cur_known_para != para || f->cur_known_k != f->cur_k) {
		const lt_spans *sp = lv_find_para_hits(f, para);
		f->cur_range =
		    sp && f->cur_k < sp->n ? sp->v[f->cur_k] : (lt_range){0, 0};
		f->cur_known = true;
		f->cur_known_gen = f->gen;
		f->cur_known_para = para;
		f->cur_known_k = f->cur_k;
	}
	return f->cur_range.start == hit.start && f->cur_range.end == hit.end &&
	       hit.end > hit.start;
}

/* ---- searching on ------------------------------------------------------ */

/* Is search h (the search's or the filter's) still running? */
static bool running(const lv_find *f, const lt_hits *h)
{
	return h && !lt_hits_done(h) && (h != f->hits || !f->stopped);
}

/* Search h on until its hits reach past paragraph para, or the end. */
static void hits_upto(lv_find *f, lt_hits *h, size_t para)
{
	while (running(f, h) && !stop_asked(f)) {
		size_t n = lt_hits_nparas(h);
		if (n > 0 && lt_hits_para(h, n - 1).para > para)
			break;
		if (!lt_doc_scan_done(f->doc))
			lt_doc_scan(f->doc, SEARCH_SLICE);
		run_on(f, h, SEARCH_SLICE);
	}
}

static void search_upto(lv_find *f, size_t para)
{
	hits_upto(f, f->hits, para);
}

/* Does paragraph para show under the filter (there is none: yes)? */
static bool kept(lv_find *f, size_t para)
{
	return !f->fhits || lv_find_filter_next(f, para, 1) == para;
}

void lv_find_all(lv_find *f)
{
	while (lv_find_busy(f) && !stop_asked(f)) {
		if (!lt_doc_scan_done(f->doc))
			lt_doc_scan(f->doc, 64u << 20);
		run_hits(f, 64u << 20);
	}
}

void lv_find_idle(lv_find *f)
{
	if (!lv_find_busy(f))
		return;
	run_hits(f, SEARCH_SLICE);
	if (f->first_pending)
		lv_find_first(f, f->first_origin, f->first_dir);
}

/* The first hit at or after (para, off) going forward, or the last one
 * before it going backward; false when there is none that way. */
static bool hit_from(lv_find *f, size_t para, uint64_t off, int dir, size_t *hp,
                     size_t *hk)
{
	if (dir > 0) {
		if (f->wait_hits)
			search_upto(f, para);
		size_t j = lt_hits_find(f->hits, para);
		for (; j < lt_hits_nparas(f->hits); j++) {
			lt_para_hits ph = lt_hits_para(f->hits, j);
			const lt_spans *sp = kept(f, ph.para)
			                         ? lv_find_para_hits(f, ph.para)
			                         : &(lt_spans){0};
			for (size_t k = 0; k < sp->n; k++) {
				if (ph.para == para && sp->v[k].start < off)
					continue;
				*hp = ph.para;
				*hk = k;
				return true;
			}
			if (j + 1 == lt_hits_nparas(f->hits) && f->wait_hits)
				search_upto(f, ph.para);
		}
		return false;
	}
	if (f->wait_hits)
		search_upto(f, para);
	size_t j = lt_hits_find(f->hits, para + 1);
	while (j-- > 0) {
		lt_para_hits ph = lt_hits_para(f->hits, j);
		if (!kept(f, ph.para))
			continue;
		const lt_spans *sp = lv_find_para_hits(f, ph.para);
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

/* Make hit k of paragraph para the current one and put it on screen:
 * where it is if it shows already, else two rows below the top. */
static void make_current(lv_find *f, size_t para, size_t k)
{
	f->cur_para = para;
	f->cur_k = k;
	f->have_cur = true;
	const lt_spans *sp = lv_find_para_hits(f, para);
	if (k >= sp->n)
		return;
	lv_pos p = {para, sp->v[k].start};
	if (!lv_view_visible(f->view, p))
		lv_view_jump_context(f->view, p, 2);
	lv_view_show_whole(f->view, para, sp->v[k]);
}

void lv_find_goto(lv_find *f, size_t para, size_t k)
{
	f->highlight = true;
	make_current(f, para, k);
}

/* The first hit from (para, off) in direction dir, wrapping around the
 * document when there is none that way. */
static lv_find_result hit_or_wrap(lv_find *f, size_t para, uint64_t off,
                                  int dir)
{
	lv_find_result r = {LV_FIND_HIT, 0};
	size_t hp, hk;
	bool found = hit_from(f, para, off, dir, &hp, &hk);
	if (!found) {
		if (dir < 0)
			lv_find_all(f);
		r.wrapped = dir;
		found = dir > 0 ? hit_from(f, 0, 0, 1, &hp, &hk)
		                : hit_from(f, npara(f), 0, -1, &hp, &hk);
	}
	if (!found) {
		r.code = LV_FIND_NONE;
		return r;
	}
	make_current(f, hp, hk);
	return r;
}

lv_find_result lv_find_from(lv_find *f, lv_pos p, int dir)
{
	return hit_or_wrap(f, p.para, lv_pos_offset(p), dir);
}

lv_find_result lv_find_next(lv_find *f, int dir)
{
	if (!f->search)
		return (lv_find_result){LV_FIND_NO_SEARCH, 0};
	f->highlight = true;
	int d = dir * f->dir;
	const lt_spans *cur =
	    f->have_cur ? lv_find_para_hits(f, f->cur_para) : NULL;
	uint64_t cur_off =
	    cur && f->cur_k < cur->n ? cur->v[f->cur_k].start : 0;
	/* on from the current hit while it is on screen; once the reader has
	 * moved away, from where the view is */
	lv_pos from = lv_view_position(f->view);
	from.off = lv_pos_offset(from);
	if (cur && lv_view_visible(f->view, (lv_pos){f->cur_para, cur_off}))
		from = (lv_pos){f->cur_para, d > 0 ? cur_off + 1 : cur_off};
	return hit_or_wrap(f, from.para, from.off, d);
}

void lv_find_first(lv_find *f, lv_pos p, int dir)
{
	size_t hp, hk;
	f->first_origin = p;
	f->first_dir = dir;
	f->wait_hits = false;
	bool found = hit_from(f, p.para, lv_pos_offset(p), dir, &hp, &hk);
	f->wait_hits = true;
	/* backward, the hits before the origin are all known only once the
	 * search has passed it */
	if (found && dir < 0 && lv_find_busy(f) &&
	    lt_hits_searched(f->hits) < lt_doc_para(f->doc, p.para).end)
		found = false;
	f->first_pending = !found && lv_find_busy(f);
	if (found)
		make_current(f, hp, hk);
}

size_t lv_find_number(lv_find *f, size_t *total, size_t *essay)
{
	size_t j = lt_hits_find(f->hits, f->cur_para);
	*total = lt_hits_count(f->hits);
	*essay = lt_doc_para_essay(f->doc, f->cur_para);
	return j < lt_hits_nparas(f->hits)
	           ? lt_hits_para(f->hits, j).before + f->cur_k + 1
	           : 0;
}

void lv_find_count_essays(lv_find *f)
{
	free(f->essay_hits);
	f->essay_hits = NULL;
	size_t n = lt_doc_nessays(f->doc);
	if (!f->hits || n == 0)
		return;
	f->essay_hits = lt_xcalloc(n, sizeof *f->essay_hits);
	for (size_t j = 0; j < lt_hits_nparas(f->hits); j++) {
		lt_para_hits ph = lt_hits_para(f->hits, j);
		size_t e = lt_doc_para_essay(f->doc, ph.para);
		if (e != LT_NONE)
			f->essay_hits[e] += ph.count;
	}
}

/* ---- the & filter ------------------------------------------------------ */

bool lv_find_filter_active(void *fp)
{
	const lv_find *f = fp;
	return f->fhits != NULL;
}

/* The first paragraph at or after para that matches the filter, or
 * LT_NONE. */
static size_t match_after(lv_find *f, size_t para)
{
	hits_upto(f, f->fhits, para);
	size_t j = lt_hits_find(f->fhits, para);
	while (j >= lt_hits_nparas(f->fhits) && running(f, f->fhits) &&
	       !stop_asked(f)) {
		hits_upto(f, f->fhits, para + 1);
		j = lt_hits_find(f->fhits, para);
	}
	return j < lt_hits_nparas(f->fhits) ? lt_hits_para(f->fhits, j).para
	                                    : LT_NONE;
}

/* The title of the essay that holds paragraph p, or LT_NONE. */
static size_t title_of(const lv_find *f, size_t p)
{
	size_t e = p == LT_NONE ? LT_NONE : lt_doc_para_essay(f->doc, p);
	return e == LT_NONE ? LT_NONE : lt_doc_essay(f->doc, e).title_para;
}

size_t lv_find_filter_next(void *fp, size_t para, int dir)
{
	lv_find *f = fp;
	if (!lv_find_filter_active(f))
		return para;
	if (dir > 0) {
		size_t p = match_after(f, para), t = title_of(f, p);
		return t != LT_NONE && t >= para && t < p ? t : p;
	}
	size_t j = lt_hits_find(f->fhits, para + 1);
	size_t p = j > 0 ? lt_hits_para(f->fhits, j - 1).para : LT_NONE;
	/* between a title and its essay's first match: the title */
	size_t t = title_of(f, match_after(f, para + 1));
	if (t != LT_NONE && t <= para && (p == LT_NONE || t > p))
		return t;
	return p;
}
