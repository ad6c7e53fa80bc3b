/* Painting helpers shared by the screens. */
#include "paint.h"
#include "view/status.h"

#include <curses.h>
#include <string.h>

#include "lectern/layout.h"
#include "lectern/text.h"

/* Paint the cells of s[0..n) from column col of a row width cells wide
 * at (y, x + col): a tab as blanks, a line end as nothing. Returns the
 * column after the last cell painted, stopping before limit. */
static size_t cells(int y, int x, const char *s, size_t n, size_t col,
                    size_t width, size_t limit, size_t from, size_t to,
                    int attr, int mark)
{
	for (size_t i = 0; i < n;) {
		size_t w, len = lt_cell_next(s + i, n - i, col, width, &w);
		if (col + w > limit)
			break;
		attrset(i >= from && i < to ? attr | mark : attr);
		if (s[i] == '\t')
			mvprintw(y, x + (int)col, "%*s", (int)w, "");
		else if (s[i] != '\n')
			mvaddnstr(y, x + (int)col, s + i, (int)len);
		col += w;
		i += len;
	}
	return col;
}

size_t paint_width(const char *s) { return lt_text_width(s, strlen(s)); }

void paint_marked(int y, int x, const char *s, size_t maxw, int attr,
                  size_t from, size_t to, int mark)
{
	size_t n = strlen(s), total = paint_width(s);
	size_t limit = total <= maxw ? maxw : maxw > 0 ? maxw - 1 : 0;
	move(y, x);
	size_t col =
	    cells(y, x, s, n, 0, SIZE_MAX, limit, from, to, attr, mark);
	attrset(attr);
	if (total > maxw && maxw > 0)
		mvaddstr(y, x + (int)col, "…");
	attrset(A_NORMAL);
}

void paint_clipped(int y, int x, const char *s, size_t maxw, int attr)
{
	paint_marked(y, x, s, maxw, attr, 0, 0, 0);
}

const char *paint_clip(const char *s, size_t width, char *buf, size_t size)
{
	return lv_clip(s, width, buf, size);
}

int paint_kind_attr(const tui_app *a, lv_run_kind kind)
{
	switch (kind) {
	case LV_RUN_TITLE:
		return A_BOLD | (a->color ? COLOR_PAIR(PAIR_TITLE) : 0);
	case LV_RUN_HEADING:
		return A_BOLD | (a->color ? COLOR_PAIR(PAIR_HEADING) : 0);
	case LV_RUN_BYLINE: return a->dim | a->italic;
	case LV_RUN_DIM: return a->dim;
	default: return A_NORMAL;
	}
}

/* A hit is in reverse video, the current one also bold and underlined:
 * distinct with colours, without, and on a monochrome terminal. Emphasis
 * is bold, and italic where the terminal has it, else underline. */
static int run_attr(const tui_app *a, const lv_run *r)
{
	if (r->hit == LV_HIT_CURRENT)
		return A_REVERSE | A_BOLD | A_UNDERLINE |
		       (a->color ? COLOR_PAIR(PAIR_CURRENT) : 0);
	if (r->hit == LV_HIT_OTHER)
		return A_REVERSE | (a->color ? COLOR_PAIR(PAIR_HIT) : 0);
	int italic = a->italic ? a->italic : (int)A_UNDERLINE;
	return paint_kind_attr(a, (lv_run_kind)r->kind) |
	       (r->emph & LV_EMPH_BOLD ? (int)A_BOLD : 0) |
	       (r->emph & LV_EMPH_ITALIC ? italic : 0) |
	       (r->emph & LV_EMPH_LINK ? (int)a->dim : 0);
}

void paint_runs(const tui_app *a, int y, int x, const lt_block *b, size_t width,
                const lv_runs *runs)
{
	for (size_t k = 0; k < runs->n; k++) {
		const lv_run *r = &runs->v[k];
		cells(y, x, b->text.s + r->start, r->end - r->start, r->col,
		      width, SIZE_MAX, 0, 0, run_attr(a, r), 0);
	}
	attrset(A_NORMAL);
}
