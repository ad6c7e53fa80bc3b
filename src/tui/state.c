/* The reader's side of the saved state: the place, marks and text width
 * of each document and the search history, restored when a document is
 * opened and saved on jumps, every few seconds of reading and on the way
 * out. The store itself is in src/core/state.c. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define SAVE_EVERY      5.0 /* seconds, while reading */
#define SAVE_AFTER_JUMP 1.0 /* at most this often for jumps */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static void copy_place(lt_state_place *to, const lt_state_place *from)
{
	*to = *from;
	to->title = dup_or_null(from->title);
}

static uint64_t para_hash(tui *t, size_t para)
{
	lt_range r = lt_doc_para(t->doc, para);
	return lt_state_hash(lt_doc_bytes(t->doc) + r.start,
	                     (size_t)(r.end - r.start));
}

/* The saved place as a position: the same paragraph when its text is
 * unchanged (returns 2); else the start of the essay with the same title
 * (1); else nothing (0). The fallback needs the whole structure. */
static int resolve(tui *t, const lt_state_place *pl, position *out)
{
	size_t np = lt_doc_npara(t->doc);
	if (pl->para < np && para_hash(t, pl->para) == pl->para_hash &&
	    lt_doc_para_essay(t->doc, pl->para) == pl->essay) {
		*out = (position){pl->para, pl->off};
		return 2;
	}
	if (!pl->title || !lt_doc_scan_done(t->doc))
		return 0;
	size_t n = lt_doc_nessays(t->doc);
	lt_buf b = {0};
	int found = 0;
	/* the essay of the same number first, then any */
	for (size_t i = 0; i <= n && !found; i++) {
		size_t k = i == 0 ? pl->essay : i - 1;
		if (k < n &&
		    strcmp(lt_doc_essay_title(t->doc, k, &b), pl->title) == 0) {
			*out =
			    (position){lt_doc_essay(t->doc, k).title_para, 0};
			found = 1;
		}
	}
	lt_buf_free(&b);
	return found;
}

static void say_resumed(tui *t, const char *how)
{
	size_t e = current_essay(t);
	if (e == LT_NONE) {
		tui_message(t, "%s", how);
		return;
	}
	size_t secno;
	tui_message(t, "%s essay %zu · %s", how, e + 1,
	            current_heading(t, e, &secno));
}

/* Go to the saved place if it can be found now; with final (the scan is
 * done), fall back and say so. */
static void try_resume(tui *t, bool final)
{
	position p;
	int r = resolve(t, &t->saved.at, &p);
	if (r == 0 && !final)
		return;
	t->resume_pending = false;
	if (r == 2 && p.para == 0 && p.off == 0) {
		/* left at the beginning: nothing to say */
	} else if (r == 2) {
		jump_to(t, p, false);
		say_resumed(t, current_essay(t) == LT_NONE
		                   ? "resumed where you left off"
		                   : "resumed at");
	} else if (r == 1) {
		jump_to(t, p, true);
		say_resumed(t, "The text changed; resumed at the start of");
	} else {
		tui_message(t, "The text changed; the saved place is gone, "
		               "starting at the beginning");
	}
	/* a resize keeps this place, not the first screen's */
	t->anchored = false;
	/* '' goes back to where the document begins */
	t->back = (position){0, 0};
	t->back_set = true;
	t->jumped = false;
}

void state_open(tui *t)
{
	if (t->opts->no_state)
		return;
	const char *why;
	char *dir = lt_state_dir(&why);
	if (!dir) {
		if (why)
			tui_message(t, "%s", why);
		return;
	}
	lt_state *st = lt_state_new(dir);
	free(dir);
	if (!lt_state_load(st))
		tui_message(t, "%s", lt_state_message(st));
	/* before t->store is set, so that nothing is saved again */
	for (size_t i = lt_state_nhistory(st); i-- > 0;)
		history_add(t, lt_state_history(st, i));
	t->store = st;
	/* the path, absolute, to find the file again once it changed */
	t->path = realpath(t->opts->name, NULL);
	t->fingerprint =
	    lt_state_fingerprint(lt_doc_bytes(t->doc), lt_doc_size(t->doc));
	const lt_state_doc *d =
	    lt_state_find(t->store, lt_doc_size(t->doc), t->fingerprint);
	if (!d) /* the same file, changed since */
		d = lt_state_find_path(t->store, t->path);
	t->saved_at = now();
	if (!d)
		return;
	t->have_saved = true;
	t->saved = *d;
	t->saved.path = NULL;
	t->saved.essay_start = t->saved.section_start = NULL;
	t->saved.starts_set = false;
	copy_place(&t->saved.at, &d->at);
	for (int m = 0; m < 26; m++)
		copy_place(&t->saved.marks[m], &d->marks[m]);
	if (d->width && !t->opts->measure && d->width >= MEASURE_MIN &&
	    d->width <= MEASURE_MAX && d->width != t->measure) {
		t->measure = d->width;
		layout_changed(t);
	}
	/* --essay, --author and +/PATTERN say where to start instead */
	if (d->at.set && t->opts->start_essay == LT_NONE && !t->opts->pattern) {
		/* index as far as the saved place, as a jump there would */
		while (!lt_doc_scan_done(t->doc) &&
		       lt_doc_npara(t->doc) <= d->at.para + 1 &&
		       !lt_stop_asked())
			lt_doc_scan(t->doc, 4u << 20);
		t->resume_pending = true;
		try_resume(t, false);
	}
}

void state_scan_done(tui *t)
{
	if (!t->have_saved)
		return;
	if (t->resume_pending) {
		/* not if the reader has moved on meanwhile */
		if (t->top_para == 0 && t->top_row == 0)
			try_resume(t, true);
		t->resume_pending = false;
	}
	for (int m = 0; m < 26; m++) {
		position p;
		if (t->saved.marks[m].set && !t->mark_set[m] &&
		    resolve(t, &t->saved.marks[m], &p)) {
			t->marks[m] = p;
			t->mark_set[m] = true;
		}
	}
}

static void place_of(tui *t, position p, lt_state_place *pl, lt_buf *title)
{
	size_t e = lt_doc_para_essay(t->doc, p.para);
	pl->set = true;
	pl->essay = e;
	pl->para = p.para;
	pl->off = p.off;
	pl->para_hash = para_hash(t, p.para);
	pl->title =
	    e == LT_NONE ? NULL : strdup(lt_doc_essay_title(t->doc, e, title));
}

/* A digest of what a save would hold, to see whether anything changed. */
static uint64_t signature(tui *t)
{
	struct {
		position at, marks[26];
		size_t measure;
		bool set[26];
	} s;
	memset(&s, 0, sizeof s);
	s.at = lt_doc_npara(t->doc) ? current_position(t) : (position){0, 0};
	s.measure = t->measure;
	for (int m = 0; m < 26; m++) {
		s.set[m] = t->mark_set[m];
		if (s.set[m])
			s.marks[m] = t->marks[m];
	}
	return lt_state_hash(&s, sizeof s);
}

bool state_save(tui *t)
{
	if (!t->store)
		return true;
	/* until the saved place is reached, there is nothing new to keep */
	if (t->resume_pending)
		return true;
	lt_state_doc d = {0};
	lt_buf title = {0};
	d.size = lt_doc_size(t->doc);
	d.hash = t->fingerprint;
	d.path = strdup(t->path ? t->path : t->opts->name);
	d.width = t->measure;
	d.time = (int64_t)time(NULL);
	if (lt_doc_npara(t->doc))
		place_of(t, current_position(t), &d.at, &title);
	for (int m = 0; m < 26; m++)
		if (t->mark_set[m] && t->marks[m].para < lt_doc_npara(t->doc))
			place_of(t, t->marks[m], &d.marks[m], &title);
	bool ok = lt_state_save_doc(t->store, &d);
	lt_state_doc_clear(&d);
	lt_buf_free(&title);
	t->saved_sig = signature(t);
	t->saved_at = now();
	t->jumped = false;
	if (!ok && !t->save_failed) {
		t->save_failed = true;
		tui_message(t, "%s", lt_state_message(t->store));
	} else if (ok && lt_state_message(t->store)[0]) {
		tui_message(t, "%s", lt_state_message(t->store));
	}
	return ok;
}

void state_tick(tui *t)
{
	if (!t->store || t->resume_pending)
		return;
	double since = now() - t->saved_at;
	if (since < (t->jumped ? SAVE_AFTER_JUMP : SAVE_EVERY))
		return;
	if (signature(t) != t->saved_sig)
		state_save(t);
	else
		t->jumped = false;
}

void state_search(tui *t, const char *pattern)
{
	if (!t->store)
		return;
	if (!lt_state_add_search(t->store, pattern) && !t->save_failed) {
		t->save_failed = true;
		tui_message(t, "%s", lt_state_message(t->store));
	}
}

void state_close(tui *t)
{
	lt_state_doc_clear(&t->saved);
	lt_state_free(t->store);
	free(t->path);
	t->path = NULL;
	t->store = NULL;
}
