/* The help: every keymap's keys, drawn from the key table, a section a
 * keymap (the text, the lists, the search prompt), its long lines wrapped
 * to the terminal's width. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lectern/text.h"
#include "listing.h"
#include "screens.h"

#define KEYS_COL 20 /* the help text starts here, after the keys */

typedef struct {
	listing list;
	lt_buf text;   /* every row, each ended by a NUL */
	size_t *start; /* where each row starts in text */
	int *attr;     /* and its attributes */
	size_t n, cap;
	size_t width; /* the width they were wrapped at */
} help;

static void add_row(help *h, const char *s, size_t len, int attr)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 64;
		h->start = lt_xrealloc(h->start, h->cap * sizeof *h->start);
		h->attr = lt_xrealloc(h->attr, h->cap * sizeof *h->attr);
	}
	h->start[h->n] = h->text.len;
	h->attr[h->n++] = attr;
	lt_buf_put(&h->text, s, len, 0);
	lt_buf_put(&h->text, "", 1, 0); /* the row's end */
}

/* keys, then help wrapped at word ends to width cells, its later rows
 * under its first */
static void add_binding(help *h, const keys_binding *b, size_t width)
{
	char row[512];
	size_t room = width > KEYS_COL + 10 ? width - KEYS_COL : 10;
	const char *t = b->help;
	bool first = true;
	while (*t || first) {
		size_t n = strlen(t), cut = n;
		if (lt_text_width(t, n) > room) {
			cut = 0;
			for (size_t i = 0; i < n && lt_text_width(t, i) <= room;
			     i++)
				if (t[i] == ' ')
					cut = i;
			if (cut == 0) /* one long word: cut it at the width */
				for (cut = 1; cut < n &&
				              lt_text_width(t, cut + 1) <= room;
				     cut++)
					;
		}
		int len = snprintf(row, sizeof row, "  %-*s%.*s", KEYS_COL - 2,
		                   first ? b->keys : "", (int)cut, t);
		add_row(h, row, len > 0 ? (size_t)len : 0, 0);
		t += cut;
		while (*t == ' ')
			t++;
		first = false;
	}
}

static const struct {
	keymap map;
	const char *title;
} sections[] = {
    {KM_READER, "IN THE TEXT"},
    {KM_LIST, "IN THE LISTS (contents, authors, hits, this help)"},
    {KM_PROMPT, "IN THE SEARCH PROMPT (/ ? &)"},
};

static void build(help *h, size_t width)
{
	lt_buf_clear(&h->text);
	h->n = 0;
	h->width = width;
	for (size_t s = 0; s < sizeof sections / sizeof *sections; s++) {
		if (s > 0)
			add_row(h, "", 0, 0);
		add_row(h, sections[s].title, strlen(sections[s].title),
		        A_BOLD | A_UNDERLINE);
		const char *group = "";
		for (size_t i = 1; i < keys_table_len; i++) {
			const keys_binding *b = &keys_table[i];
			if (b->map != sections[s].map)
				continue;
			if (sections[s].map == KM_READER &&
			    strcmp(group, b->group) != 0) {
				group = b->group;
				add_row(h, group, strlen(group), A_BOLD);
			}
			add_binding(h, b, width);
		}
	}
	h->list.nlist = h->n;
}

static listing_entry help_entry(listing *l, size_t row)
{
	help *h = (help *)l;
	listing_entry le = {.text = ""};
	if (row < h->n) {
		le.text = h->text.s + h->start[row];
		le.attr = h->attr[row];
	}
	return le;
}

static void help_title(listing *l, char *buf, size_t size)
{
	snprintf(buf, size, "lectern — keys");
}

static size_t text_width(const tui_app *a)
{
	return a->cols > 6 ? (size_t)a->cols - 4 : 2; /* a margin each side */
}

static void help_changed(screen *s, tui_app *a, unsigned what)
{
	help *h = (help *)s;
	if ((what & CHANGED_SIZE) && h->width != text_width(a))
		build(h, text_width(a));
}

static void help_free(screen *s)
{
	help *h = (help *)s;
	listing_done(&h->list);
	lt_buf_free(&h->text);
	free(h->start);
	free(h->attr);
	free(h);
}

static const screen_ops help_ops = {
    .map = KM_LIST,
    .draw = listing_draw,
    .key = listing_key,
    .changed = help_changed,
    .free = help_free,
};

screen *help_new(tui_app *a)
{
	help *h = lt_xcalloc(1, sizeof *h);
	h->list.base.ops = &help_ops;
	h->list.entry = help_entry;
	h->list.title = help_title;
	h->list.scroll_only = true;
	listing_init(&h->list, a, ACT_HELP, 0, LT_NONE);
	build(h, text_width(a));
	return &h->list.base;
}
