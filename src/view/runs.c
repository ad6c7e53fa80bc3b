/* A row of text as runs of styled cells. */
#include "view/runs.h"
#include "core/util.h"

#include <stdlib.h>

lv_run_kind lv_run_kind_of(lt_para_kind kind)
{
	switch (kind) {
	case LT_PARA_TITLE: return LV_RUN_TITLE;
	case LT_PARA_HEADING: return LV_RUN_HEADING;
	case LT_PARA_BYLINE: return LV_RUN_BYLINE;
	case LT_PARA_BIO:
	case LT_PARA_FRONT:
	case LT_PARA_BACK: return LV_RUN_DIM;
	default: return LV_RUN_BODY;
	}
}

void lv_runs_free(lv_runs *r)
{
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

static void push(lv_runs *r, lv_run run)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->v = lt_xrealloc(r->v, r->cap * sizeof *r->v);
	}
	r->v[r->n++] = run;
}

/* The first span of v[0..n) that ends after x. */
static size_t first_ending_after(const lt_range *v, size_t n, uint64_t x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].end <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first style span of b that ends after text byte i. */
static size_t style_from(const lt_block *b, size_t i)
{
	size_t lo = 0, hi = b->styles.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->styles.v[mid].end <= i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void lv_row_runs(const lt_block *b, const lt_row *row, size_t width,
                 const lt_spans *hits, lv_is_current current, void *ctx,
                 lv_runs *out)
{
	out->n = 0;
	if (row->kind != LT_ROW_TEXT)
		return;
	const char *s = b->text.s;
	uint8_t kind = (uint8_t)lv_run_kind_of(b->kind);
	size_t col = 0, h = 0, st = style_from(b, row->start);
	if (hits && row->start < b->text.len)
		h = first_ending_after(hits->v, hits->n,
		                       b->text.src[row->start]);
	for (size_t i = row->start; i < row->end && col < row->width;) {
		size_t w,
		    len = lt_cell_next(s + i, row->end - i, col, width, &w);
		lv_run run = {
		    (uint32_t)i, (uint32_t)(i + len), (uint32_t)col, kind,
		    0,           LV_HIT_NONE,         s[i] == '\t'};
		while (st < b->styles.n && b->styles.v[st].end <= i)
			st++;
		if (st < b->styles.n && b->styles.v[st].start <= i)
			run.emph = b->styles.v[st].style;
		if (hits) { /* is the source byte of this cell in a hit? */
			uint64_t src = b->text.src[i];
			while (h < hits->n && hits->v[h].end <= src)
				h++;
			if (h < hits->n && hits->v[h].start <= src)
				run.hit =
				    current && current(ctx, b->para, hits->v[h])
				        ? LV_HIT_CURRENT
				        : LV_HIT_OTHER;
		}
		lv_run *last = out->n ? &out->v[out->n - 1] : NULL;
		if (s[i] == '\n') {
			/* no cells of its own */
		} else if (last && !last->blank && !run.blank &&
		           last->end == run.start && last->kind == run.kind &&
		           last->emph == run.emph && last->hit == run.hit) {
			last->end = run.end;
		} else {
			push(out, run);
		}
		col += w;
		i += len;
	}
}
