/* The help: every keymap's keys, drawn from the key table. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "listing.h"
#include "screens.h"

/* Help rows: each group's name, its bindings, a blank row between. */
static size_t help_rows(void)
{
	size_t rows = 0;
	const char *group = "";
	for (size_t i = 1; i < keys_table_len; i++) {
		if (strcmp(group, keys_table[i].group) != 0) {
			group = keys_table[i].group;
			rows += i > 1 ? 2 : 1;
		}
		rows++;
	}
	return rows;
}

static listing_entry help_entry(listing *l, size_t row)
{
	listing_entry le = {.text = ""};
	const char *group = "";
	size_t r = 0;
	for (size_t i = 1; i < keys_table_len; i++) {
		const keys_binding *b = &keys_table[i];
		if (strcmp(group, b->group) != 0) {
			group = b->group;
			if (i > 1 && r++ == row)
				return le;
			if (r++ == row) {
				le.attr = A_BOLD;
				le.text = listing_text(l, "%s", group);
				return le;
			}
		}
		if (r++ == row) {
			le.text =
			    listing_text(l, "  %-18s %s", b->keys, b->help);
			return le;
		}
	}
	return le;
}

static void help_title(listing *l, char *buf, size_t size)
{
	snprintf(buf, size, "lectern — keys");
}

static void help_free(screen *s)
{
	listing_done((listing *)s);
	free(s);
}

static const screen_ops help_ops = {
    .map = KM_LIST,
    .draw = listing_draw,
    .key = listing_key,
    .free = help_free,
};

screen *help_new(tui_app *a)
{
	listing *l = lt_xcalloc(1, sizeof *l);
	l->base.ops = &help_ops;
	l->entry = help_entry;
	l->title = help_title;
	l->scroll_only = true;
	listing_init(l, a, ACT_HELP, help_rows(), LT_NONE);
	return &l->base;
}
