/* The marks: each letter set, with where it is (essay, title, line);
 * Enter goes there. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"
#include "listing.h"
#include "screens.h"

typedef struct {
	listing list;
	int letters[LV_NMARKS]; /* the rows' letters, in order */
} marks;

static listing_entry marks_entry(listing *l, size_t row)
{
	const marks *m = (const marks *)l;
	tui_app *a = l->app;
	int c = m->letters[row];
	lv_pos p = a->view.marks[c - 'a'];
	listing_entry le = {.selectable = true};
	if (p.para >= lt_doc_npara(a->doc)) { /* the file shrank */
		le.selectable = false;
		le.text = listing_text(l, "%c  (past the end)", c);
		return le;
	}
	le.target = p.para;
	le.target_off = p.off;
	uint64_t line = lt_doc_line_at(
	    a->doc, lt_doc_para(a->doc, p.para).start + lv_pos_offset(p));
	size_t e = lt_doc_para_essay(a->doc, p.para);
	if (e == LT_NONE) {
		le.text = listing_text(l, "%c  line %llu", c,
		                       (unsigned long long)line);
		return le;
	}
	lt_buf title = {0};
	lt_doc_essay_title(a->doc, e, &title);
	le.text = listing_text(l, "%c  line %-7llu essay %zu  %s", c,
	                       (unsigned long long)line, e + 1, title.s);
	lt_buf_free(&title);
	return le;
}

static void marks_title(listing *l, char *buf, size_t size)
{
	snprintf(buf, size, "Marks");
}

static void marks_free(screen *s)
{
	listing_done((listing *)s);
	free(s);
}

static const screen_ops marks_ops = {
    .map = KM_LIST,
    .draw = listing_draw,
    .key = listing_key,
    .free = marks_free,
};

screen *marks_new(tui_app *a)
{
	marks *m = lt_xcalloc(1, sizeof *m);
	size_t n = 0;
	for (int c = 'a'; c <= 'z'; c++)
		if (a->view.mark_set[c - 'a'])
			m->letters[n++] = c;
	if (n == 0) {
		free(m);
		app_say(a, "No marks: m and a letter sets one");
		return NULL;
	}
	m->list.base.ops = &marks_ops;
	m->list.entry = marks_entry;
	m->list.title = marks_title;
	listing_init(&m->list, a, ACT_MARKS, n, LT_NONE);
	return &m->list.base;
}
