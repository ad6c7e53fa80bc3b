/* The reading view: paragraphs laid out lazily, a block at a time, and
 * moved through by rows. */
#include "view/view.h"

#include <string.h>

#include "lectern/stop.h"

/* Rows of one window, at most: a window of LT_WINDOW bytes at width 1. */
#define WIN_ROWS ((size_t)1 << 24)

/* A row that is not text (spacing, a label) is kept as its place in the
 * block: before the text by its index, after it as the last row. */
#define OFF_AFTER       UINT64_MAX
#define OFF_BEFORE(r)   (UINT64_MAX - 1 - (r))
#define OFF_IS_ROW(off) ((off) >= OFF_BEFORE(64))

static size_t npara(const lv_view *v) { return lt_doc_npara(v->doc); }

uint64_t lv_pos_offset(lv_pos p) { return OFF_IS_ROW(p.off) ? 0 : p.off; }

void lv_view_init(lv_view *v, lt_doc *doc, size_t measure)
{
	memset(v, 0, sizeof *v);
	v->doc = doc;
	v->measure = measure;
	v->rows = 1;
	v->cols = 1;
	v->colw = 1;
}

void lv_view_free(lv_view *v)
{
	for (size_t i = 0; i < LV_CACHE; i++)
		lt_block_free(&v->cache[i]);
	lt_block_free(&v->tail);
}

void lv_view_need_para(lv_view *v, size_t i)
{
	while (!lt_doc_scan_done(v->doc) && npara(v) <= i + 1 &&
	       !lt_stop_asked())
		lt_doc_scan(v->doc, 4u << 20);
}

bool lv_view_scan_all(lv_view *v)
{
	while (!lt_doc_scan_done(v->doc) && !lt_stop_asked())
		lt_doc_scan(v->doc, 64u << 20);
	return lt_doc_scan_done(v->doc);
}

static bool filtering(const lv_view *v)
{
	return v->filter.active && v->filter.active(v->filter.ctx);
}

static size_t shown_para(lv_view *v, size_t para, int dir)
{
	if (!filtering(v))
		return para;
	return v->filter.next(v->filter.ctx, para, dir);
}

/* Window win of paragraph para, laid out. */
static lt_block *block_window(lv_view *v, size_t para, size_t win)
{
	for (size_t i = 0; i < LV_CACHE; i++)
		if (v->cached[i] && v->cache[i].para == para &&
		    v->cache[i].window == win && v->cache[i].width == v->colw)
			return &v->cache[i];
	lv_view_need_para(v, para);
	size_t slot = v->cache_next++ % LV_CACHE;
	lt_block_build(&v->cache[slot], v->doc, para, win, v->colw);
	v->cached[slot] = true;
	return &v->cache[slot];
}

/* The window of paragraph para that row r is in, and r's index there. */
static lt_block *block(lv_view *v, size_t para, size_t r, size_t *index)
{
	if (index)
		*index = r % WIN_ROWS;
	return block_window(v, para, r / WIN_ROWS);
}

/* The last row of paragraph para. */
static size_t last_row(lv_view *v, size_t para)
{
	size_t nw = block_window(v, para, 0)->nwindows;
	return (nw - 1) * WIN_ROWS + block_window(v, para, nw - 1)->rows.nrows -
	       1;
}

/* The row of paragraph para that shows its byte off (lt_block_row_at). */
static size_t row_at(lv_view *v, size_t para, uint64_t off)
{
	lt_range r = lt_doc_para(v->doc, para);
	size_t win = lt_window_at(lt_doc_bytes(v->doc) + r.start,
	                          (size_t)(r.end - r.start), off);
	return win * WIN_ROWS +
	       lt_block_row_at(block_window(v, para, win), off);
}

static void cache_clear(lv_view *v)
{
	for (size_t i = 0; i < LV_CACHE; i++)
		v->cached[i] = false;
}

/* ---- moving by rows ---------------------------------------------------- */

static bool next_row(lv_view *v, size_t *p, size_t *r)
{
	size_t i;
	lt_block *b = block(v, *p, *r, &i);
	if (i + 1 < b->rows.nrows) {
		++*r;
		return true;
	}
	if (b->window + 1 < b->nwindows) {
		*r = (b->window + 1) * WIN_ROWS;
		return true;
	}
	lv_view_need_para(v, *p + 1);
	if (*p + 1 >= npara(v))
		return false;
	size_t next = shown_para(v, *p + 1, 1);
	if (next == LT_NONE || next >= npara(v))
		return false;
	*p = next;
	*r = 0;
	return true;
}

static bool prev_row(lv_view *v, size_t *p, size_t *r)
{
	if (*r % WIN_ROWS > 0) {
		--*r;
		return true;
	}
	if (*r > 0) { /* the last row of the window before */
		size_t win = *r / WIN_ROWS - 1;
		*r = win * WIN_ROWS + block_window(v, *p, win)->rows.nrows - 1;
		return true;
	}
	if (*p == 0)
		return false;
	size_t prev = shown_para(v, *p - 1, -1);
	if (prev == LT_NONE)
		return false;
	*p = prev;
	*r = last_row(v, *p);
	return true;
}

/* The top position that puts the document's last row on the last line. */
static void max_top(lv_view *v, size_t *p, size_t *r)
{
	*p = npara(v) ? npara(v) - 1 : 0;
	if (filtering(v) && npara(v)) { /* the last paragraph that shows */
		size_t f = shown_para(v, *p, -1);
		*p = f == LT_NONE ? 0 : f;
	}
	*r = npara(v) ? last_row(v, *p) : 0;
	for (size_t k = 1; k < v->rows; k++)
		if (!prev_row(v, p, r))
			break;
}

static bool before(size_t p1, size_t r1, size_t p2, size_t r2)
{
	return p1 < p2 || (p1 == p2 && r1 < r2);
}

static void clamp(lv_view *v)
{
	if (npara(v) == 0) {
		v->top_para = v->top_row = 0;
		return;
	}
	if (v->top_para >= npara(v)) {
		v->top_para = npara(v) - 1;
		v->top_row = 0;
	}
	if (!lt_doc_scan_done(v->doc))
		return;
	size_t mp, mr;
	max_top(v, &mp, &mr);
	if (before(mp, mr, v->top_para, v->top_row)) {
		v->top_para = mp;
		v->top_row = mr;
	}
}

lv_scroll lv_view_scroll(lv_view *v, long n)
{
	if (npara(v) == 0)
		return LV_MOVED;
	if (n > 0) {
		if (v->at_end)
			return LV_AT_END;
		for (long k = 0; k < n; k++)
			if (!next_row(v, &v->top_para, &v->top_row))
				break;
		if (!lt_doc_scan_done(v->doc))
			lv_view_need_para(v, v->top_para + v->rows);
		clamp(v);
		return LV_MOVED;
	}
	if (v->top_para == 0 && v->top_row == 0)
		return LV_AT_TOP;
	for (long k = 0; k < -n; k++)
		if (!prev_row(v, &v->top_para, &v->top_row))
			break;
	return LV_MOVED;
}

/* ---- positions --------------------------------------------------------- */

lv_pos lv_view_position(lv_view *v)
{
	lv_pos p = {v->top_para, 0};
	if (npara(v) == 0)
		return p;
	size_t i;
	lt_block *b = block(v, v->top_para, v->top_row, &i);
	const lt_row *row = &b->rows.rows[i];
	size_t text = 0; /* the first text row */
	while (text < b->rows.nrows && b->rows.rows[text].kind != LT_ROW_TEXT)
		text++;
	if (row->kind == LT_ROW_TEXT)
		p.off = lt_block_row_offset(b, i);
	else if (v->top_row < text && v->top_row < 64)
		p.off = OFF_BEFORE(v->top_row); /* in the first window */
	else
		p.off = OFF_AFTER;
	return p;
}

void lv_view_go(lv_view *v, lv_pos p, bool to_text)
{
	if (npara(v) == 0)
		return;
	lv_view_need_para(v, p.para);
	if (p.para >= npara(v))
		p.para = npara(v) - 1;
	if (filtering(v)) {
		size_t f = shown_para(v, p.para, 1);
		if (f == LT_NONE)
			f = shown_para(v, p.para, -1);
		if (f == LT_NONE) {
			v->top_para = v->top_row = 0;
			return;
		}
		if (f != p.para)
			p = (lv_pos){f, 0};
	}
	v->top_para = p.para;
	size_t last = last_row(v, p.para);
	if (to_text)
		v->top_row = row_at(v, p.para, lv_pos_offset(p));
	else if (p.off == OFF_AFTER)
		v->top_row = last;
	else if (OFF_IS_ROW(p.off))
		v->top_row = OFF_BEFORE(0) - p.off;
	else
		v->top_row = row_at(v, p.para, p.off);
	size_t first_rows = block_window(v, p.para, 0)->rows.nrows;
	if (v->top_row < WIN_ROWS && v->top_row >= first_rows)
		v->top_row = first_rows - 1;
	if (v->top_row > last)
		v->top_row = last;
	clamp(v);
}

void lv_view_jump(lv_view *v, lv_pos p, bool to_text)
{
	v->back = lv_view_position(v);
	v->back_set = true;
	v->jumped = true;
	lv_view_go(v, p, to_text);
}

void lv_view_jump_context(lv_view *v, lv_pos p, size_t context)
{
	lv_view_jump(v, p, false);
	/* where the end of the document held the view back, the hit is on
	 * screen already, below the top */
	if (v->top_para != p.para || v->top_row != row_at(v, p.para, p.off))
		return;
	for (size_t k = 0; k < context; k++)
		if (!prev_row(v, &v->top_para, &v->top_row))
			break;
}

bool lv_view_visible(lv_view *v, lv_pos p)
{
	size_t pp = v->top_para, r = v->top_row;
	for (size_t y = 0; y < v->rows; y++) {
		if (pp == p.para && r == row_at(v, pp, p.off))
			return true;
		if (pp > p.para || !next_row(v, &pp, &r))
			break;
	}
	return false;
}

void lv_view_show_whole(lv_view *v, size_t para, lt_range r)
{
	lv_pos first = {para, r.start};
	lv_pos last = {para, r.end > r.start ? r.end - 1 : r.start};
	if (!lv_view_visible(v, first))
		return;
	/* down a row at a time while the start stays on: a hit taller than
	 * the screen keeps its start */
	for (size_t i = 0; i < v->rows && !lv_view_visible(v, last); i++) {
		if (lv_view_scroll(v, 1) != LV_MOVED)
			break;
		if (!lv_view_visible(v, first)) {
			lv_view_scroll(v, -1);
			break;
		}
	}
}

/* The text column: the measure, or the screen less its margins. */
static void compute_column(lv_view *v)
{
	size_t margin = v->cols >= 40 ? 2 : v->cols >= 24 ? 1 : 0;
	size_t avail = v->cols > 2 * margin ? v->cols - 2 * margin : 1;
	v->colw = v->measure < avail ? v->measure : avail;
	v->left = (v->cols - v->colw) / 2;
}

void lv_view_resize(lv_view *v, size_t rows, size_t cols)
{
	if (!v->anchored && npara(v)) {
		v->anchor = lv_view_position(v);
		v->anchored = true;
	}
	v->rows = rows ? rows : 1;
	v->cols = cols;
	compute_column(v);
	cache_clear(v);
	if (npara(v))
		lv_view_go(v, v->anchor, false);
}

void lv_view_set_measure(lv_view *v, size_t measure)
{
	v->measure = measure;
	lv_view_resize(v, v->rows, v->cols);
}

void lv_view_relayout(lv_view *v)
{
	lv_pos p = lv_view_position(v);
	cache_clear(v);
	lv_view_go(v, p, false);
}

void lv_view_end(lv_view *v)
{
	v->tail_view = false;
	if (npara(v)) {
		v->top_para = npara(v) - 1;
		v->top_row = last_row(v, v->top_para);
		clamp(v);
	}
}

void lv_view_tail_done(lv_view *v)
{
	if (lv_view_scan_all(v))
		lv_view_end(v);
}

size_t lv_view_essay(lv_view *v)
{
	if (npara(v) == 0)
		return LT_NONE;
	return lt_doc_para_essay(v->doc, v->top_para);
}

bool lv_view_at_text_start(lv_view *v, size_t para)
{
	return v->top_para == para && v->top_row <= row_at(v, para, 0);
}

/* ---- the rows on screen ------------------------------------------------ */

/* The last screen of a file not indexed to its end yet (G on a large
 * file): paragraphs found backwards from the end in the text itself
 * (lt_doc_para_around), laid out as body text. */
static void each_tail_line(lv_view *v,
                           void (*fn)(void *ctx, size_t y, const lv_line *l),
                           void *ctx)
{
	const char *d = lt_doc_bytes(v->doc);
	size_t n = v->rows;
	struct {
		lt_range para;
		size_t window;
	} parts[64]; /* the windows laid out, the last first */
	size_t np = 0, rows = 0;
	uint64_t end = lt_doc_size(v->doc);
	while (rows < n && np < 64 && end > 0) {
		uint64_t x = end;
		while (x > 0 && (d[x - 1] == ' ' ||
		                 (d[x - 1] >= '\t' && d[x - 1] <= '\r')))
			x--;
		if (x == 0)
			break;
		lt_range r = lt_doc_para_around(v->doc, x - 1);
		if (r.end <= r.start) { /* a line of other white space */
			end = x - 1;
			continue;
		}
		size_t nw =
		    lt_window_count(d + r.start, (size_t)(r.end - r.start));
		for (size_t w = nw; w-- > 0 && rows < n && np < 64;) {
			lt_block_build_range(&v->tail, v->doc, r, LT_PARA_BODY,
			                     w, v->colw);
			rows += v->tail.rows.nrows;
			parts[np].para = r;
			parts[np++].window = w;
		}
		end = r.start;
	}
	/* the oldest window first, its first rows cut so that the last
	 * row of the text is on the last line */
	size_t skip = rows > n ? rows - n : 0, y = 0;
	for (size_t k = np; k-- > 0 && y < n;) {
		lt_block_build_range(&v->tail, v->doc, parts[k].para,
		                     LT_PARA_BODY, parts[k].window, v->colw);
		for (size_t r = 0; r < v->tail.rows.nrows && y < n; r++) {
			if (skip) {
				skip--;
				continue;
			}
			lv_line l = {&v->tail, &v->tail.rows.rows[r], LT_NONE};
			if (fn)
				fn(ctx, y, &l);
			y++;
		}
	}
	v->at_end = true;
}

void lv_view_each_line(lv_view *v,
                       void (*fn)(void *ctx, size_t y, const lv_line *l),
                       void *ctx)
{
	if (v->tail_view) {
		each_tail_line(v, fn, ctx);
		return;
	}
	size_t p = v->top_para, r = v->top_row;
	bool more = npara(v) > 0;
	v->bottom_off = 0;
	v->at_end = npara(v) == 0;
	for (size_t y = 0; y < v->rows && more; y++) {
		size_t i;
		lt_block *b = block(v, p, r, &i);
		lv_line l = {b, &b->rows.rows[i], p};
		if (fn)
			fn(ctx, y, &l);
		if (l.row->kind == LT_ROW_TEXT && l.row->end > l.row->start)
			v->bottom_off = lt_doc_para(v->doc, p).start +
			                b->text.src[l.row->end - 1] + 1;
		more = next_row(v, &p, &r);
		if (!more && lt_doc_scan_done(v->doc))
			v->at_end = true;
	}
}
