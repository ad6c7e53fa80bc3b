/* The status line's words, with no terminal: the place on top (essay,
 * author, title, section), the current hit and the & filter, fitted to a
 * width in cells. The reader paints them. */
#ifndef LECTERN_VIEW_STATUS_H
#define LECTERN_VIEW_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "view/find.h"
#include "view/view.h"

/* s cut to at most width cells, ending in "…" when cut, into buf (of
 * size bytes); s itself when it fits. */
const char *lv_clip(const char *s, size_t width, char *buf, size_t size);

/* The place on top in at most width cells, into out (cleared first):
 * "essay 4/6 · AUTHOR · TITLE · 4.2 HEADING". What gives way when it does
 * not fit: the title's end, then the author, then the title; the essay's
 * number and the section's stay. "" outside the essays. */
void lv_status_place(lv_view *v, size_t width, lt_buf *out);

/* "hit 3/6 · 2 of 4 in this essay" (the count marked + while the search
 * goes on; "in essay 5" when the top of the screen is not in the hit's
 * essay) while the current hit is on screen, into out (cleared first);
 * else "". brief: "hit 3/6" alone. */
void lv_status_hit(lv_find *f, bool brief, lt_buf *out);

/* "& PATTERN" while the & filter is on, into out (cleared first). */
void lv_status_filter(const lv_find *f, lt_buf *out);

/* The current hit's number in its essay (1-based) and the essay's hits
 * in *total; 0 outside the essays or with no current hit. */
size_t lv_find_essay_number(lv_find *f, size_t *total);

#endif
