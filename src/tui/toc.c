/* The table of contents: essay k is row k + its first section; its
 * sections follow. It grows as the scan finds more essays. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "listing.h"
#include "screens.h"
#include "view/nav.h"

typedef struct {
	listing list;
} toc;

/* Is there front matter (a row before the first essay's)? back matter
 * (a row after the last; known once the scan is done)? */
static size_t has_front(const lt_doc *d)
{
	return lt_doc_nessays(d) > 0 && lt_doc_essay(d, 0).title_para > 0;
}

static bool has_back(const lt_doc *d)
{
	return lt_doc_scan_done(d) && lt_doc_back_para(d) < lt_doc_npara(d);
}

static size_t rows(const lt_doc *d)
{
	return has_front(d) + lt_doc_nessays(d) + lt_doc_nsections(d) +
	       (!lt_doc_scan_done(d) || has_back(d) ? 1 : 0);
}

static size_t essay_row(const lt_doc *d, size_t k)
{
	return has_front(d) + k + lt_doc_essay(d, k).first_section;
}

/* "~12 min" at 230 words a minute, about six bytes a word */
static void reading_time(const lt_doc *d, size_t k, char *buf, size_t size)
{
	lt_essay e = lt_doc_essay(d, k);
	size_t last = e.end_para > e.title_para ? e.end_para - 1 : e.title_para;
	uint64_t bytes =
	    lt_doc_para(d, last).end - lt_doc_para(d, e.title_para).start;
	uint64_t min = (bytes + 6 * 230 - 1) / (6 * 230);
	snprintf(buf, size, "~%llu min", (unsigned long long)min);
}

static listing_entry toc_entry(listing *l, size_t row)
{
	tui_app *a = l->app;
	const lt_doc *d = a->doc;
	size_t n = lt_doc_nessays(d);
	listing_entry le = {.selectable = true};
	if (has_front(d) && row == 0) {
		le.attr = a->dim;
		le.text = listing_text(l, "Front matter");
		return le;
	}
	if (row >= has_front(d) + n + lt_doc_nsections(d)) {
		le.attr = a->dim;
		if (has_back(d)) {
			le.target = lt_doc_back_para(d);
			le.text = listing_text(l, "Back matter");
			return le;
		}
		le.selectable = false;
		le.text = listing_text(l, "indexing… %u%%", lv_nav_scanned(d));
		return le;
	}
	size_t lo = 0, hi = n; /* the last essay whose row is <= row */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (essay_row(d, mid) <= row)
			lo = mid;
		else
			hi = mid;
	}
	lt_essay e = lt_doc_essay(d, lo);
	size_t first = essay_row(d, lo);
	lt_buf title = {0};
	if (row == first) {
		le.attr = A_BOLD;
		le.target = e.title_para;
		lt_doc_essay_title(d, lo, &title);
		/* the count and the length first: a long title is cut, they
		 * never */
		const size_t *hits = a->find.essay_hits;
		char count[48] = "";
		if (hits && hits[lo])
			snprintf(count, sizeof count, "(%zu hit%s) ", hits[lo],
			         hits[lo] == 1 ? "" : "s");
		char len[48];
		reading_time(d, lo, len, sizeof len);
		unsigned read = lv_session_read(&a->session, lo);
		if (read)
			snprintf(len + strlen(len), sizeof len - strlen(len),
			         read >= 100 ? ", read " : ", %u%% read ",
			         read);
		le.text = listing_text(l, "%zu  %s%-7s %s%s%s", lo + 1, count,
		                       len, title.s, e.byline_name ? " — " : "",
		                       e.byline_name ? e.byline_name : "");
	} else {
		size_t s = row - first - 1;
		le.indent = 4;
		le.target = lt_doc_section(d, e.first_section + s).para;
		lt_doc_section_heading(d, e.first_section + s, &title);
		le.text =
		    listing_text(l, "%zu.%zu  %s", lo + 1, s + 1, title.s);
	}
	lt_buf_free(&title);
	return le;
}

/* The row that holds the top of the screen. */
static size_t current(tui_app *a)
{
	size_t k = lv_view_essay(&a->view);
	const lt_doc *d = a->doc;
	if (k == LT_NONE && lt_doc_nessays(d) > 0)
		return a->view.top_para < lt_doc_essay(d, 0).title_para
		           ? (has_front(d) ? 0 : LT_NONE)
		           : (has_back(d) ? rows(d) - 1 : LT_NONE);
	if (k == LT_NONE)
		return LT_NONE;
	size_t sec = lv_section_of(a->doc, k, a->view.top_para);
	return essay_row(a->doc, k) + sec;
}

/* A number typed: that essay's row. */
static size_t toc_number(listing *l, size_t n)
{
	const lt_doc *d = l->app->doc;
	return n >= 1 && n <= lt_doc_nessays(d) ? essay_row(d, n - 1) : LT_NONE;
}

static void toc_title(listing *l, char *buf, size_t size)
{
	snprintf(buf, size, "Contents");
}

/* The scan found more essays: the contents grow, the cursor stays. */
static void toc_changed(screen *s, tui_app *a, unsigned what)
{
	listing *l = (listing *)s;
	if (!(what & CHANGED_STRUCTURE))
		return;
	l->nlist = rows(a->doc);
	l->current = current(a);
	if (l->sel >= l->nlist)
		l->sel = l->nlist ? l->nlist - 1 : 0;
}

static void toc_free(screen *s)
{
	listing_done((listing *)s);
	free(s);
}

static const screen_ops toc_ops = {
    .map = KM_LIST,
    .draw = listing_draw,
    .key = listing_key,
    .changed = toc_changed,
    .free = toc_free,
};

screen *toc_new(tui_app *a)
{
	if (lt_doc_nessays(a->doc) == 0) {
		app_say(a, "No essays in this document");
		return NULL;
	}
	lv_find_count_essays(&a->find);
	toc *t = lt_xcalloc(1, sizeof *t);
	t->list.base.ops = &toc_ops;
	t->list.entry = toc_entry;
	t->list.title = toc_title;
	t->list.number = toc_number;
	listing_init(&t->list, a, ACT_CONTENTS, rows(a->doc), current(a));
	return &t->list.base;
}
