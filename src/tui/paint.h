/* Painting: text clipped to a width, marked ranges, styled runs. The
 * only place that turns the view's style classes into attributes. */
#ifndef LECTERN_TUI_PAINT_H
#define LECTERN_TUI_PAINT_H

#include <stddef.h>

#include "app.h"
#include "view/runs.h"

/* Draw valid UTF-8 s at (y, x) in at most maxw cells; when it does not
 * fit it is cut at a character boundary and ends in "…". */
void paint_clipped(int y, int x, const char *s, size_t maxw, int attr);
/* As paint_clipped, with the bytes [from, to) of s drawn with mark. */
void paint_marked(int y, int x, const char *s, size_t maxw, int attr,
                  size_t from, size_t to, int mark);
/* The cells valid UTF-8 s takes. */
size_t paint_width(const char *s);
/* s cut to at most width cells, ending in "…" when cut (in buf). */
const char *paint_clip(const char *s, size_t width, char *buf, size_t size);

/* The runs of a row of block b, painted at (y, x) in a column width
 * cells wide. */
void paint_runs(const tui_app *a, int y, int x, const lt_block *b, size_t width,
                const lv_runs *runs);

/* The attributes of a paragraph kind's text. */
int paint_kind_attr(const tui_app *a, lv_run_kind kind);

#endif
