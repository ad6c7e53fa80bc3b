/* The saved-state session. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "view/session.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SAVE_EVERY      5.0 /* seconds, while reading */
#define SAVE_AFTER_JUMP 1.0 /* at most this often for jumps */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *dup_or_null(const char *s)
{
	return s ? lt_xstrndup(s, strlen(s)) : NULL;
}

static void say(lv_session *s, lv_session_news news, const char *text)
{
	if (s->hooks.say)
		s->hooks.say(s->hooks.ctx, news, text);
}

static void copy_place(lt_state_place *to, const lt_state_place *from)
{
	*to = *from;
	to->title = dup_or_null(from->title);
}

static uint64_t para_hash(const lt_doc *doc, size_t para)
{
	lt_range r = lt_doc_para(doc, para);
	return lt_state_hash(lt_doc_bytes(doc) + r.start,
	                     (size_t)(r.end - r.start));
}

/* The paragraph of essay k whose text hashes to hash, or LT_NONE. */
static size_t para_in_essay(const lt_doc *doc, size_t k, uint64_t hash)
{
	lt_essay e = lt_doc_essay(doc, k);
	for (size_t p = e.title_para; p < e.end_para; p++)
		if (para_hash(doc, p) == hash)
			return p;
	return LT_NONE;
}

/* The saved place as a position: the same paragraph when its text is
 * unchanged (returns 2), where it was or, when text before it changed (a
 * post added to a folder), in the essay with the same title; else the
 * start of that essay (1); else nothing (0). The fallback needs the whole
 * structure. */
static int resolve(const lt_doc *doc, const lt_state_place *pl, lv_pos *out)
{
	size_t np = lt_doc_npara(doc);
	if (pl->para < np && para_hash(doc, pl->para) == pl->para_hash &&
	    lt_doc_para_essay(doc, pl->para) == pl->essay) {
		*out = (lv_pos){pl->para, pl->off};
		return 2;
	}
	if (!pl->title || !lt_doc_scan_done(doc))
		return 0;
	size_t n = lt_doc_nessays(doc);
	lt_buf b = {0};
	int found = 0;
	/* the essay of the same number first, then any */
	for (size_t i = 0; i <= n && !found; i++) {
		size_t k = i == 0 ? pl->essay : i - 1;
		if (k < n &&
		    strcmp(lt_doc_essay_title(doc, k, &b), pl->title) == 0) {
			size_t p = para_in_essay(doc, k, pl->para_hash);
			*out =
			    p != LT_NONE
			        ? (lv_pos){p, pl->off}
			        : (lv_pos){lt_doc_essay(doc, k).title_para, 0};
			found = p != LT_NONE ? 2 : 1;
		}
	}
	lt_buf_free(&b);
	return found;
}

/* Go to the saved place if it can be found now; with final (the scan is
 * done), fall back and say so. */
static void try_resume(lv_session *s, bool final)
{
	lv_view *v = s->view;
	lv_pos p;
	int r = resolve(v->doc, &s->saved.at, &p);
	if (r == 0 && !final)
		return;
	s->resume_pending = false;
	if (r == 2 && p.para == 0 && p.off == 0) {
		/* left at the beginning: nothing to say */
	} else if (r == 2) {
		lv_view_jump(v, p, false);
		say(s, LV_SESSION_RESUMED, NULL);
	} else if (r == 1) {
		lv_view_jump(v, p, true);
		say(s, LV_SESSION_RESUMED_ESSAY, NULL);
	} else {
		say(s, LV_SESSION_GONE, NULL);
	}
	/* a resize keeps this place, not the first screen's */
	v->anchored = false;
	/* '' goes back to where the document begins */
	v->back = (lv_pos){0, 0};
	v->back_set = true;
	v->jumped = false;
}

void lv_session_open(lv_session *s, lv_view *v, const char *name,
                     const char *key, bool keep, bool width_given, bool resume,
                     lv_session_hooks hooks)
{
	memset(s, 0, sizeof *s);
	s->view = v;
	s->hooks = hooks;
	s->name = dup_or_null(name);
	if (!keep)
		return;
	const char *why;
	char *dir = lt_state_dir(&why);
	if (!dir) {
		if (why)
			say(s, LV_SESSION_STORE, why);
		return;
	}
	lt_state *st = lt_state_new(dir);
	free(dir);
	if (!lt_state_load(st))
		say(s, LV_SESSION_STORE, lt_state_message(st));
	/* before s->store is set, so that nothing is saved again */
	for (size_t i = lt_state_nhistory(st); i-- > 0;)
		lv_session_add_search(s, lt_state_history(st, i));
	s->store = st;
	lt_doc *doc = v->doc;
	/* the path, absolute, to find the file again once it changed */
	s->path = key ? dup_or_null(key) : realpath(name, NULL);
	/* the fingerprint only when a record could have it: else it is
	 * worked out when the place is first saved */
	/* (a folder is known by its path: its size would open every file) */
	const lt_state_doc *d =
	    lt_doc_nfiles(doc) < 2 &&
	            lt_state_knows_size(s->store, lt_doc_size(doc))
	        ? lt_state_find(s->store, lt_doc_size(doc),
	                        lt_doc_fingerprint(doc))
	        : NULL;
	if (!d) /* the same file, changed since */
		d = lt_state_find_path(s->store, s->path);
	s->saved_at = now();
	if (!d)
		return;
	s->have_saved = true;
	s->saved = *d;
	s->saved.path = NULL;
	s->saved.essay_start = s->saved.section_start = NULL;
	s->saved.starts_set = false;
	s->saved.read = dup_or_null(d->read);
	copy_place(&s->saved.at, &d->at);
	for (int m = 0; m < LV_NMARKS; m++)
		copy_place(&s->saved.marks[m], &d->marks[m]);
	if (d->width && !width_given && d->width >= LV_MEASURE_MIN &&
	    d->width <= LV_MEASURE_MAX && d->width != v->measure)
		lv_view_set_measure(v, d->width);
	if (d->at.set && resume) {
		/* index as far as the saved place, as a jump there would */
		lv_view_need_para(v, d->at.para);
		s->resume_pending = true;
		try_resume(s, false);
	}
}

/* "E:P,E:P": essay E (1-based) read P percent, for those begun */
static void read_decode(lv_session *s, const char *t)
{
	while (t && *t) {
		char *end;
		unsigned long e = strtoul(t, &end, 10), p = 0;
		if (*end == ':')
			p = strtoul(end + 1, &end, 10);
		if (e >= 1 && e <= s->nread && p <= 100)
			s->read[e - 1] = (unsigned char)p;
		t = strchr(end, ',');
		t = t ? t + 1 : NULL;
	}
}

static char *read_encode(const lv_session *s)
{
	lt_buf b = {0};
	lt_buf_put(&b, "", 0, 0);
	for (size_t e = 0; e < s->nread; e++)
		if (s->read[e]) {
			char one[48];
			int n = snprintf(one, sizeof one, "%s%zu:%u",
			                 b.len ? "," : "", e + 1, s->read[e]);
			lt_buf_put(&b, one, (size_t)n, 0);
		}
	char *r = dup_or_null(b.s);
	lt_buf_free(&b);
	return r;
}

unsigned lv_session_read(const lv_session *s, size_t e)
{
	return e < s->nread ? s->read[e] : 0;
}

void lv_session_note_read(lv_session *s)
{
	lv_view *v = s->view;
	const lt_doc *d = v->doc;
	if (s->nread == 0 || lt_doc_npara(d) == 0)
		return;
	uint64_t bottom = v->bottom_off;
	size_t first = lv_view_essay(v);
	size_t last = lt_doc_para_essay(
	    d, lt_doc_para_at(d, bottom > 0 ? bottom - 1 : 0));
	if (first == LT_NONE)
		first = last;
	if (first == LT_NONE)
		return;
	if (last == LT_NONE || last < first)
		last = first;
	for (size_t e = first; e <= last && e < s->nread; e++) {
		lt_essay es = lt_doc_essay(d, e);
		uint64_t from = lt_doc_para(d, es.title_para).start;
		uint64_t to = lt_doc_para(d, es.end_para - 1).end;
		uint64_t upto = v->at_end || bottom > to ? to : bottom;
		unsigned p = to > from && upto > from
		                 ? (unsigned)((upto - from) * 100 / (to - from))
		                 : 0;
		if (p > s->read[e])
			s->read[e] = (unsigned char)(p > 100 ? 100 : p);
	}
}

void lv_session_scan_done(lv_session *s)
{
	lv_view *v = s->view;
	if (!s->nread && lt_doc_nessays(v->doc)) {
		s->nread = lt_doc_nessays(v->doc);
		s->read = lt_xcalloc(s->nread, 1);
		if (s->have_saved)
			read_decode(s, s->saved.read);
	}
	if (!s->have_saved)
		return;
	if (s->resume_pending) {
		/* not if the reader has moved on meanwhile */
		if (v->top_para == 0 && v->top_row == 0)
			try_resume(s, true);
		s->resume_pending = false;
	}
	for (int m = 0; m < LV_NMARKS; m++) {
		lv_pos p;
		if (s->saved.marks[m].set && !v->mark_set[m] &&
		    resolve(v->doc, &s->saved.marks[m], &p)) {
			v->marks[m] = p;
			v->mark_set[m] = true;
		}
	}
}

static void place_of(const lt_doc *doc, lv_pos p, lt_state_place *pl,
                     lt_buf *title)
{
	size_t e = lt_doc_para_essay(doc, p.para);
	pl->set = true;
	pl->essay = e;
	pl->para = p.para;
	pl->off = p.off;
	pl->para_hash = para_hash(doc, p.para);
	pl->title = e == LT_NONE
	                ? NULL
	                : dup_or_null(lt_doc_essay_title(doc, e, title));
}

/* A digest of what a save would hold, to see whether anything changed. */
static uint64_t signature(lv_session *s)
{
	lv_view *v = s->view;
	struct {
		lv_pos at, marks[LV_NMARKS];
		size_t measure;
		bool set[LV_NMARKS];
		uint64_t read;
	} sig;
	memset(&sig, 0, sizeof sig);
	sig.at = lt_doc_npara(v->doc) ? lv_view_position(v) : (lv_pos){0, 0};
	sig.measure = v->measure;
	sig.read = s->nread ? lt_state_hash(s->read, s->nread) : 0;
	for (int m = 0; m < LV_NMARKS; m++) {
		sig.set[m] = v->mark_set[m];
		if (sig.set[m])
			sig.marks[m] = v->marks[m];
	}
	return lt_state_hash(&sig, sizeof sig);
}

bool lv_session_save(lv_session *s)
{
	if (!s->store)
		return true;
	/* until the saved place is reached, there is nothing new to keep */
	if (s->resume_pending)
		return true;
	lv_view *v = s->view;
	const lt_doc *doc = v->doc;
	lt_state_doc d = {0};
	lt_buf title = {0};
	d.size = lt_doc_size(doc);
	d.hash = lt_doc_fingerprint(v->doc);
	d.path = dup_or_null(s->path ? s->path : s->name);
	d.width = v->measure;
	d.time = (int64_t)time(NULL);
	if (lt_doc_npara(doc))
		place_of(doc, lv_view_position(v), &d.at, &title);
	for (int m = 0; m < LV_NMARKS; m++)
		if (v->mark_set[m] && v->marks[m].para < lt_doc_npara(doc))
			place_of(doc, v->marks[m], &d.marks[m], &title);
	if (s->nread)
		d.read = read_encode(s);
	bool ok = lt_state_save_doc(s->store, &d);
	lt_state_doc_clear(&d);
	lt_buf_free(&title);
	s->saved_sig = signature(s);
	s->saved_at = now();
	v->jumped = false;
	if (!ok && !s->save_failed) {
		s->save_failed = true;
		say(s, LV_SESSION_STORE, lt_state_message(s->store));
	} else if (ok && lt_state_message(s->store)[0]) {
		say(s, LV_SESSION_STORE, lt_state_message(s->store));
	}
	return ok;
}

void lv_session_tick(lv_session *s)
{
	if (!s->store || s->resume_pending)
		return;
	double since = now() - s->saved_at;
	if (since < (s->view->jumped ? SAVE_AFTER_JUMP : SAVE_EVERY))
		return;
	if (signature(s) != s->saved_sig)
		lv_session_save(s);
	else
		s->view->jumped = false;
}

void lv_session_add_search(lv_session *s, const char *pattern)
{
	if (!pattern[0])
		return;
	size_t at = s->nhistory;
	for (size_t i = 0; i < s->nhistory; i++)
		if (strcmp(s->history[i], pattern) == 0)
			at = i;
	char *keep = at < s->nhistory ? s->history[at] : dup_or_null(pattern);
	if (at == s->nhistory) {
		if (s->nhistory == LV_HISTORY_MAX)
			free(s->history[--s->nhistory]);
		at = s->nhistory++;
	}
	memmove(s->history + 1, s->history, at * sizeof *s->history);
	s->history[0] = keep;
	if (s->store && !lt_state_add_search(s->store, pattern) &&
	    !s->save_failed) {
		s->save_failed = true;
		say(s, LV_SESSION_STORE, lt_state_message(s->store));
	}
}

size_t lv_session_nhistory(const lv_session *s) { return s->nhistory; }

const char *lv_session_history(const lv_session *s, size_t i)
{
	return i < s->nhistory ? s->history[i] : NULL;
}

void lv_session_close(lv_session *s)
{
	lt_state_doc_clear(&s->saved);
	free(s->read);
	s->read = NULL;
	s->nread = 0;
	lt_state_free(s->store);
	for (size_t i = 0; i < s->nhistory; i++)
		free(s->history[i]);
	s->nhistory = 0;
	free(s->path);
	free(s->name);
	s->path = s->name = NULL;
	s->store = NULL;
}
