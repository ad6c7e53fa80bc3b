/* A row of text as runs of cells, each with one style class, so that the
 * reader only paints: what a row's cells are (the paragraph's kind,
 * Markdown emphasis, a search hit, the current hit) is decided here. */
#ifndef LECTERN_VIEW_RUNS_H
#define LECTERN_VIEW_RUNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lectern/layout.h"
#include "lectern/search.h"

typedef enum {
	LV_RUN_BODY,
	LV_RUN_TITLE,
	LV_RUN_HEADING,
	LV_RUN_BYLINE,
	LV_RUN_DIM, /* a bio, front or back matter */
} lv_run_kind;

/* lt_style_span's bits */
enum { LV_EMPH_ITALIC = 1, LV_EMPH_BOLD = 2, LV_EMPH_LINK = 4 };

typedef enum {
	LV_HIT_NONE,
	LV_HIT_OTHER,   /* a hit */
	LV_HIT_CURRENT, /* the current hit */
} lv_hit_kind;

/* Bytes [start, end) of the block's text, from cell col of the row on.
 * A tab is a run of its own (blank: paint its cells as spaces); a line
 * end has none. A hit's run shows as a hit, whatever its emphasis. */
typedef struct {
	uint32_t start, end, col;
	uint8_t kind; /* lv_run_kind */
	uint8_t emph; /* LV_EMPH_* bits */
	uint8_t hit;  /* lv_hit_kind */
	bool blank;
} lv_run;

typedef struct {
	lv_run *v;
	size_t n, cap;
} lv_runs;

/* Is range hit of paragraph para the current hit? */
typedef bool (*lv_is_current)(void *ctx, size_t para, lt_range hit);

/* The runs of TEXT row of block b, in a column width cells wide; hits
 * (offsets from the paragraph's start, sorted; NULL: none) are marked,
 * current(ctx, ...) picks out the current one. out is cleared first. */
void lv_row_runs(const lt_block *b, const lt_row *row, size_t width,
                 const lt_spans *hits, lv_is_current current, void *ctx,
                 lv_runs *out);
void lv_runs_free(lv_runs *r);

/* The run kind of a paragraph kind. */
lv_run_kind lv_run_kind_of(lt_para_kind kind);

#endif
