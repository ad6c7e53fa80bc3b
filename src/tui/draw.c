/* Drawing helpers shared by the screens. */
#include <string.h>

#include "internal.h"

size_t text_width(const char *s)
{
	size_t n = strlen(s), col = 0;
	for (size_t i = 0; i < n;) {
		size_t w;
		i += lt_cell_next(s + i, n - i, col, SIZE_MAX, &w);
		col += w;
	}
	return col;
}

/* Draw valid UTF-8 s at (y, x) in at most maxw cells; when it does not fit
 * it is cut at a character boundary and ends in "…". */
void draw_clipped(int y, int x, const char *s, size_t maxw, int attr)
{
	size_t n = strlen(s), total = text_width(s);
	size_t limit = total <= maxw ? maxw : maxw > 0 ? maxw - 1 : 0;
	size_t col = 0;
	attrset(attr);
	move(y, x);
	for (size_t i = 0; i < n;) {
		size_t w, len = lt_cell_next(s + i, n - i, col, SIZE_MAX, &w);
		if (col + w > limit)
			break;
		if (s[i] == '\t' || s[i] == '\n')
			printw("%*s", (int)w, "");
		else
			addnstr(s + i, (int)len);
		col += w;
		i += len;
	}
	if (total > maxw && maxw > 0)
		addstr("…");
	attrset(A_NORMAL);
}

/* As draw_clipped, with the bytes [from, to) of s drawn with mark. */
void draw_marked(int y, int x, const char *s, size_t maxw, int attr,
                 size_t from, size_t to, int mark)
{
	size_t n = strlen(s), total = text_width(s);
	size_t limit = total <= maxw ? maxw : maxw > 0 ? maxw - 1 : 0;
	size_t col = 0;
	move(y, x);
	for (size_t i = 0; i < n;) {
		size_t w, len = lt_cell_next(s + i, n - i, col, SIZE_MAX, &w);
		if (col + w > limit)
			break;
		attrset(i >= from && i < to ? attr | mark : attr);
		if (s[i] == '\t' || s[i] == '\n')
			printw("%*s", (int)w, "");
		else
			addnstr(s + i, (int)len);
		col += w;
		i += len;
	}
	attrset(attr);
	if (total > maxw && maxw > 0)
		addstr("…");
	attrset(A_NORMAL);
}
