/* The author index: each author's row, then their essays. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"
#include "listing.h"
#include "screens.h"

typedef struct {
	listing list;
	size_t *first; /* the row of each author, and the rows in all */
} authors;

static listing_entry authors_entry(listing *l, size_t row)
{
	const authors *au = (const authors *)l;
	const lt_doc *d = l->app->doc;
	size_t lo = 0, hi = lt_doc_nauthors(d);
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (au->first[mid] <= row)
			lo = mid;
		else
			hi = mid;
	}
	const lt_author *who = lt_doc_author(d, lo);
	listing_entry le = {.selectable = true};
	if (row == au->first[lo]) {
		le.attr = A_BOLD;
		le.target = lt_doc_essay(d, who->essays[0]).title_para;
		le.text =
		    listing_text(l, "%s (%zu essay%s)", who->name, who->nessays,
		                 who->nessays == 1 ? "" : "s");
		return le;
	}
	size_t k = who->essays[row - au->first[lo] - 1];
	lt_buf title = {0};
	lt_doc_essay_title(d, k, &title);
	le.indent = 4;
	le.target = lt_doc_essay(d, k).title_para;
	le.text = listing_text(l, "%zu  %s", k + 1, title.s);
	lt_buf_free(&title);
	return le;
}

/* The row of essay k, or LT_NONE. */
static size_t essay_row(const authors *au, tui_app *a, size_t k)
{
	if (k == LT_NONE || k >= lt_doc_nessays(a->doc) ||
	    lt_doc_essay(a->doc, k).author == LT_NONE)
		return LT_NONE;
	size_t who = lt_doc_essay(a->doc, k).author;
	const lt_author *w = lt_doc_author(a->doc, who);
	for (size_t i = 0; i < w->nessays; i++)
		if (w->essays[i] == k)
			return au->first[who] + 1 + i;
	return LT_NONE;
}

/* The row of the essay the reader is in. */
static size_t current(const authors *au, tui_app *a)
{
	return essay_row(au, a, lv_view_essay(&a->view));
}

/* A number typed: that essay's row under its author. */
static size_t authors_number(listing *l, size_t n)
{
	return n ? essay_row((const authors *)l, l->app, n - 1) : LT_NONE;
}

static void authors_title(listing *l, char *buf, size_t size)
{
	snprintf(buf, size, "Authors");
}

static void authors_free(screen *s)
{
	authors *au = (authors *)s;
	listing_done(&au->list);
	free(au->first);
	free(au);
}

static const screen_ops authors_ops = {
    .map = KM_LIST,
    .draw = listing_draw,
    .key = listing_key,
    .free = authors_free,
};

screen *authors_new(tui_app *a)
{
	size_t na = lt_doc_nauthors(a->doc), row = 0;
	if (na == 0) {
		app_say(a, "No authors in this document");
		return NULL;
	}
	authors *au = lt_xcalloc(1, sizeof *au);
	au->first = lt_xmalloc((na + 1) * sizeof *au->first);
	for (size_t k = 0; k < na; k++) {
		au->first[k] = row;
		row += 1 + lt_doc_author(a->doc, k)->nessays;
	}
	au->first[na] = row;
	au->list.base.ops = &authors_ops;
	au->list.entry = authors_entry;
	au->list.title = authors_title;
	au->list.number = authors_number;
	listing_init(&au->list, a, ACT_AUTHORS, row, current(au, a));
	return &au->list.base;
}
