/* The reading view: paragraphs laid out lazily, a block at a time, and
 * moved through by rows; positions kept as (paragraph, row) on screen and
 * as (paragraph, byte offset) across widths. A long paragraph is laid out
 * a window at a time (layout.h): its rows are numbered window by window,
 * WIN_ROWS apart, so that a place in it is still a (paragraph, row). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Scan more of the document until paragraph i is complete (the paragraph
 * after it has begun) or the scan is done, or a stop is asked for (^C, a
 * signal that ends lectern: then what is indexed is all there is). */
static void ensure_para(tui *t, size_t i)
{
	while (!lt_doc_scan_done(t->doc) && lt_doc_npara(t->doc) <= i + 1 &&
	       !lt_stop_asked())
		lt_doc_scan(t->doc, 4u << 20);
}

/* Index the whole document, unless a stop is asked for. */
static bool scan_all(tui *t)
{
	while (!lt_doc_scan_done(t->doc) && !lt_stop_asked())
		lt_doc_scan(t->doc, 64u << 20);
	return lt_doc_scan_done(t->doc);
}

static size_t npara(tui *t) { return lt_doc_npara(t->doc); }

/* Rows of one window, at most: a window of LT_WINDOW bytes at width 1. */
#define WIN_ROWS ((size_t)1 << 24)

/* Window win of paragraph para, laid out. */
static lt_block *block_window(tui *t, size_t para, size_t win)
{
	for (size_t i = 0; i < CACHE_SIZE; i++)
		if (t->cached[i] && t->cache[i].para == para &&
		    t->cache[i].window == win && t->cache[i].width == t->colw)
			return &t->cache[i];
	ensure_para(t, para);
	size_t slot = t->cache_next++ % CACHE_SIZE;
	lt_block_build(&t->cache[slot], t->doc, para, win, t->colw);
	t->cached[slot] = true;
	return &t->cache[slot];
}

/* The window of paragraph para that row r is in, and r's index there. */
static lt_block *block(tui *t, size_t para, size_t r, size_t *index)
{
	if (index)
		*index = r % WIN_ROWS;
	return block_window(t, para, r / WIN_ROWS);
}

static const lt_row *row_in(tui *t, size_t para, size_t r, lt_block **b)
{
	size_t i;
	*b = block(t, para, r, &i);
	return &(*b)->rows.rows[i];
}

/* The last row of paragraph para. */
static size_t last_row(tui *t, size_t para)
{
	size_t nw = block_window(t, para, 0)->nwindows;
	return (nw - 1) * WIN_ROWS + block_window(t, para, nw - 1)->rows.nrows -
	       1;
}

/* The row of paragraph para that shows its byte off (lt_block_row_at). */
static size_t row_at(tui *t, size_t para, uint64_t off)
{
	lt_range r = lt_doc_para(t->doc, para);
	size_t win = lt_window_at(lt_doc_bytes(t->doc) + r.start,
	                          (size_t)(r.end - r.start), off);
	return win * WIN_ROWS +
	       lt_block_row_at(block_window(t, para, win), off);
}

/* Forget every laid-out block: the width or the structure changed. */
static void cache_clear(tui *t)
{
	for (size_t i = 0; i < CACHE_SIZE; i++)
		t->cached[i] = false;
}

static size_t text_rows(const tui *t)
{
	return t->rows > 1 ? (size_t)t->rows - 1 : 1;
}

void tui_message(tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
}

/* ---- positions ------------------------------------------------------- */

static bool next_row(tui *t, size_t *p, size_t *r)
{
	size_t i;
	lt_block *b = block(t, *p, *r, &i);
	if (i + 1 < b->rows.nrows) {
		++*r;
		return true;
	}
	if (b->window + 1 < b->nwindows) {
		*r = (b->window + 1) * WIN_ROWS;
		return true;
	}
	ensure_para(t, *p + 1);
	if (*p + 1 >= npara(t))
		return false;
	size_t next = filter_para(t, *p + 1, 1);
	if (next == LT_NONE || next >= npara(t))
		return false;
	*p = next;
	*r = 0;
	return true;
}

static bool prev_row(tui *t, size_t *p, size_t *r)
{
	if (*r % WIN_ROWS > 0) {
		--*r;
		return true;
	}
	if (*r > 0) { /* the last row of the window before */
		size_t win = *r / WIN_ROWS - 1;
		*r = win * WIN_ROWS + block_window(t, *p, win)->rows.nrows - 1;
		return true;
	}
	if (*p == 0)
		return false;
	size_t prev = filter_para(t, *p - 1, -1);
	if (prev == LT_NONE)
		return false;
	*p = prev;
	*r = last_row(t, *p);
	return true;
}

/* The top position that puts the document's last row on the last line. */
static void max_top(tui *t, size_t *p, size_t *r)
{
	*p = npara(t) ? npara(t) - 1 : 0;
	if (t->filter && npara(t)) { /* the last paragraph that shows */
		size_t f = filter_para(t, *p, -1);
		*p = f == LT_NONE ? 0 : f;
	}
	*r = npara(t) ? last_row(t, *p) : 0;
	for (size_t k = 1; k < text_rows(t); k++)
		if (!prev_row(t, p, r))
			break;
}

static bool before(size_t p1, size_t r1, size_t p2, size_t r2)
{
	return p1 < p2 || (p1 == p2 && r1 < r2);
}

static void clamp(tui *t)
{
	if (npara(t) == 0) {
		t->top_para = t->top_row = 0;
		return;
	}
	if (t->top_para >= npara(t)) {
		t->top_para = npara(t) - 1;
		t->top_row = 0;
	}
	if (!lt_doc_scan_done(t->doc))
		return;
	size_t mp, mr;
	max_top(t, &mp, &mr);
	if (before(mp, mr, t->top_para, t->top_row)) {
		t->top_para = mp;
		t->top_row = mr;
	}
}

static void scroll_down(tui *t, size_t n)
{
	if (npara(t) == 0)
		return;
	if (t->at_end) {
		tui_message(t, "(END)");
		return;
	}
	for (size_t k = 0; k < n; k++)
		if (!next_row(t, &t->top_para, &t->top_row))
			break;
	if (!lt_doc_scan_done(t->doc))
		ensure_para(t, t->top_para + text_rows(t));
	clamp(t);
}

static void scroll_up(tui *t, size_t n)
{
	if (npara(t) == 0)
		return;
	if (t->top_para == 0 && t->top_row == 0) {
		tui_message(t, "(TOP)");
		return;
	}
	for (size_t k = 0; k < n; k++)
		if (!prev_row(t, &t->top_para, &t->top_row))
			break;
}

/* A row that is not text (spacing, a label) is kept as its place in the
 * block: before the text by its index, after it as the last row. */
#define OFF_AFTER       UINT64_MAX
#define OFF_BEFORE(r)   (UINT64_MAX - 1 - (r))
#define OFF_IS_ROW(off) ((off) >= OFF_BEFORE(64))

position current_position(tui *t)
{
	position p = {t->top_para, 0};
	if (npara(t) == 0)
		return p;
	size_t i;
	lt_block *b = block(t, t->top_para, t->top_row, &i);
	const lt_row *row = &b->rows.rows[i];
	if (row->kind == LT_ROW_TEXT)
		p.off = lt_block_row_offset(b, i);
	else if (t->top_row < lt_block_row_at(b, 0) && t->top_row < 64)
		p.off = OFF_BEFORE(t->top_row); /* in the first window */
	else
		p.off = OFF_AFTER;
	return p;
}

/* The source offset a position stands for, rows taken as the text's start. */
uint64_t position_offset(position p) { return OFF_IS_ROW(p.off) ? 0 : p.off; }

/* Put paragraph p.para on top, at the row showing p.off; with to_text,
 * skip the spacing above a title or heading so the text lands on top. */
static void go_to(tui *t, position p, bool to_text)
{
	if (npara(t) == 0)
		return;
	ensure_para(t, p.para);
	if (p.para >= npara(t))
		p.para = npara(t) - 1;
	if (t->filter) {
		size_t f = filter_para(t, p.para, 1);
		if (f == LT_NONE)
			f = filter_para(t, p.para, -1);
		if (f == LT_NONE) {
			t->top_para = t->top_row = 0;
			return;
		}
		if (f != p.para)
			p = (position){f, 0};
	}
	t->top_para = p.para;
	size_t last = last_row(t, p.para);
	if (to_text)
		t->top_row = row_at(t, p.para, position_offset(p));
	else if (p.off == OFF_AFTER)
		t->top_row = last;
	else if (OFF_IS_ROW(p.off))
		t->top_row = OFF_BEFORE(0) - p.off;
	else
		t->top_row = row_at(t, p.para, p.off);
	size_t first_rows = block_window(t, p.para, 0)->rows.nrows;
	if (t->top_row < WIN_ROWS && t->top_row >= first_rows)
		t->top_row = first_rows - 1;
	if (t->top_row > last)
		t->top_row = last;
	clamp(t);
}

/* A jump: remember where we were for ''. */
void jump_to(tui *t, position p, bool to_text)
{
	t->back = current_position(t);
	t->back_set = true;
	t->jumped = true;
	go_to(t, p, to_text);
}

/* Go to p without remembering it as a jump (the search prompt moves the
 * view as the pattern is typed). */
void go_quietly(tui *t, position p) { go_to(t, p, false); }

/* A jump to p with context rows above it (a hit): near the end, the
 * last screen is shown whole instead. */
void jump_with_context(tui *t, position p, size_t context)
{
	jump_to(t, p, false);
	/* where the end of the document held the view back, the hit is on
	 * screen already, below the top */
	if (t->top_para != p.para || t->top_row != row_at(t, p.para, p.off))
		return;
	for (size_t k = 0; k < context; k++)
		if (!prev_row(t, &t->top_para, &t->top_row))
			break;
}

/* Is the row that shows p on screen? */
bool hit_visible(tui *t, position p)
{
	size_t pp = t->top_para, r = t->top_row;
	for (size_t y = 0; y < text_rows(t); y++) {
		if (pp == p.para && r == row_at(t, pp, p.off))
			return true;
		if (pp > p.para || !next_row(t, &pp, &r))
			break;
	}
	return false;
}

/* The text column: the measure, or the terminal less its margins. */
static void compute_column(tui *t)
{
	size_t margin = t->cols >= 40 ? 2 : t->cols >= 24 ? 1 : 0;
	size_t avail =
	    (size_t)t->cols > 2 * margin ? (size_t)t->cols - 2 * margin : 1;
	t->colw = t->measure < avail ? t->measure : avail;
	t->left = ((size_t)t->cols - t->colw) / 2;
}

/* The terminal or the measure changed: keep the anchor (paragraph and
 * character on top) where it was. The anchor is taken when the first of a
 * run of such changes comes, so that many resizes do not drift. */
void layout_changed(tui *t)
{
	if (!t->anchored && npara(t)) {
		t->anchor = current_position(t);
		t->anchored = true;
	}
	getmaxyx(stdscr, t->rows, t->cols);
	compute_column(t);
	cache_clear(t);
	if (npara(t))
		go_to(t, t->anchor, false);
}

/* ---- structure --------------------------------------------------------- */

size_t current_essay(tui *t)
{
	if (npara(t) == 0)
		return LT_NONE;
	return lt_doc_para_essay(t->doc, t->top_para);
}

static bool at_text_start(tui *t, size_t para)
{
	return t->top_para == para && t->top_row <= row_at(t, para, 0);
}

static unsigned scanned_percent(tui *t)
{
	return (unsigned)(lt_doc_scanned(t->doc) * 100 /
	                  (lt_doc_size(t->doc) + 1));
}

/* Is enough of the structure known? Essays and sections are as soon as
 * the scan finds them; with whole, the rest (the author index) too. */
static bool need_structure(tui *t, bool whole)
{
	if (lt_doc_scan_done(t->doc) || (!whole && lt_doc_nessays(t->doc) > 0))
		return true;
	tui_message(t, "Still indexing the document (%u%%)",
	            scanned_percent(t));
	return false;
}

/* At the end of what is known: say so, and whether more may come. */
static void no_more(tui *t, const char *what)
{
	if (lt_doc_scan_done(t->doc))
		tui_message(t, "%s", what);
	else
		tui_message(t, "%s found yet (indexing %u%%)", what,
		            scanned_percent(t));
}

static void go_essay(tui *t, size_t k)
{
	jump_to(t, (position){lt_doc_essay(t->doc, k).title_para, 0}, true);
}

static void next_essay(tui *t, int dir)
{
	if (!need_structure(t, false))
		return;
	size_t n = lt_doc_nessays(t->doc);
	if (n == 0) {
		tui_message(t, "No essays in this document");
		return;
	}
	size_t cur = current_essay(t);
	bool in_front =
	    cur == LT_NONE && t->top_para < lt_doc_essay(t->doc, 0).title_para;
	if (cur == LT_NONE)
		cur = in_front ? LT_NONE : n; /* back matter: after the last */
	if (dir > 0) {
		size_t next = cur == LT_NONE ? 0 : cur + 1;
		if (next >= n) {
			no_more(t, "No more essays");
			return;
		}
		go_essay(t, next);
		return;
	}
	if (cur != LT_NONE && cur < n &&
	    !at_text_start(t, lt_doc_essay(t->doc, cur).title_para)) {
		go_essay(t, cur);
		return;
	}
	if (cur == LT_NONE || cur == 0) {
		tui_message(t, "This is the first essay");
		return;
	}
	go_essay(t, cur - 1);
}

/* Section stops are every essay title and section heading, in order.
 * The first stop after the top of the screen (dir > 0), or the last one
 * before it (dir < 0; a stop on top whose text is not yet at the top
 * counts as before), or LT_NONE. Looks only at the essays around the top. */
static size_t find_stop(tui *t, int dir)
{
	size_t n = lt_doc_nessays(t->doc);
	size_t k = current_essay(t);
	size_t top = t->top_para;
	if (k == LT_NONE) { /* front or back matter */
		if (n == 0)
			return LT_NONE;
		bool front = top < lt_doc_essay(t->doc, 0).title_para;
		if (dir > 0)
			return front ? lt_doc_essay(t->doc, 0).title_para
			             : LT_NONE;
		if (front)
			return LT_NONE;
		k = n - 1; /* back matter: the last essay's stops are before */
		top = lt_doc_essay(t->doc, k).end_para;
	}
	if (dir > 0) {
		lt_essay e = lt_doc_essay(t->doc, k);
		for (size_t s = 0; s < e.nsections; s++) {
			size_t p =
			    lt_doc_section(t->doc, e.first_section + s).para;
			if (p > top)
				return p;
		}
		return k + 1 < n ? lt_doc_essay(t->doc, k + 1).title_para
		                 : LT_NONE;
	}
	for (size_t j = k + 1; j-- > 0;) {
		lt_essay e = lt_doc_essay(t->doc, j);
		for (size_t s = e.nsections; s-- > 0;) {
			size_t p =
			    lt_doc_section(t->doc, e.first_section + s).para;
			if (p < top || (p == top && !at_text_start(t, p)))
				return p;
		}
		size_t p = e.title_para;
		if (p < top || (p == top && !at_text_start(t, p)))
			return p;
	}
	return LT_NONE;
}

static void next_section(tui *t, int dir)
{
	if (!need_structure(t, false))
		return;
	size_t target = find_stop(t, dir);
	if (target == LT_NONE) {
		if (dir > 0)
			no_more(t, "No more sections");
		else
			tui_message(t, "No earlier section");
		return;
	}
	jump_to(t, (position){target, 0}, true);
}

static void author_move(tui *t, int dir, bool same)
{
	if (!need_structure(t, true))
		return;
	size_t na = lt_doc_nauthors(t->doc);
	size_t cur = current_essay(t);
	if (na == 0) {
		tui_message(t, "No authors in this document");
		return;
	}
	size_t a = cur == LT_NONE ? LT_NONE : lt_doc_essay(t->doc, cur).author;
	if (same) {
		if (a == LT_NONE) {
			tui_message(t, "Not in an essay with an author");
			return;
		}
		const lt_author *au = lt_doc_author(t->doc, a);
		size_t k = 0;
		while (k < au->nessays && au->essays[k] != cur)
			k++;
		if ((dir > 0 && k + 1 >= au->nessays) || (dir < 0 && k == 0)) {
			tui_message(t, "%s has no %s essay", au->name,
			            dir > 0 ? "later" : "earlier");
			return;
		}
		go_essay(t, au->essays[dir > 0 ? k + 1 : k - 1]);
		return;
	}
	size_t next;
	if (a == LT_NONE)
		next = dir > 0 ? 0 : na - 1;
	else if ((dir > 0 && a + 1 >= na) || (dir < 0 && a == 0)) {
		tui_message(t, dir > 0 ? "This is the last author"
		                       : "This is the first author");
		return;
	} else
		next = dir > 0 ? a + 1 : a - 1;
	const lt_author *au = lt_doc_author(t->doc, next);
	go_essay(t, au->essays[0]);
	tui_message(t, "%s", au->name);
}

/* ---- where am I -------------------------------------------------------- */

static unsigned percent(tui *t)
{
	uint64_t size = lt_doc_size(t->doc);
	if (size == 0 || t->at_end)
		return 100;
	return (unsigned)(t->bottom_off * 100 / size);
}

/* The heading shown in the status line: the section the top row is in,
 * else the essay's title (in t->heading, until the next call). */
const char *current_heading(tui *t, size_t e, size_t *secno)
{
	lt_essay es = lt_doc_essay(t->doc, e);
	*secno = 0;
	for (size_t s = 0; s < es.nsections; s++)
		if (lt_doc_section(t->doc, es.first_section + s).para <=
		    t->top_para)
			*secno = s + 1;
	if (*secno)
		return lt_doc_section_heading(
		    t->doc, es.first_section + *secno - 1, &t->heading);
	return lt_doc_essay_title(t->doc, e, &t->heading);
}

/* s cut to at most width cells, ending in "…" when cut (in buf). */
static const char *clip(const char *s, size_t width, char *buf, size_t size)
{
	if (text_width(s) <= width)
		return s;
	size_t n = strlen(s), col = 0, i = 0;
	while (i < n) {
		size_t w, len = lt_cell_next(s + i, n - i, col, SIZE_MAX, &w);
		if (col + w + 1 > width || i + len + 4 > size)
			break;
		col += w;
		i += len;
	}
	memcpy(buf, s, i);
	strcpy(buf + i, "…");
	return buf;
}

/* The file, essay, section, line, percent and rules. What does not fit the
 * terminal gives way in that order of least use: the rules, the file's
 * folders, then the end of the heading; the line and percent stay. */
static void where_am_i(tui *t)
{
	position p = current_position(t);
	uint64_t line =
	    npara(t)
	        ? lt_doc_line_at(t->doc, lt_doc_para(t->doc, p.para).start +
	                                     position_offset(p))
	        : 1;
	/* name · place heading · tail */
	char place[128] = "", tail[160];
	const char *h = "";
	size_t e = current_essay(t);
	if (e != LT_NONE) {
		size_t secno;
		h = current_heading(t, e, &secno);
		if (secno)
			snprintf(place, sizeof place,
			         "essay %zu/%zu · section %zu.%zu ", e + 1,
			         lt_doc_nessays(t->doc), e + 1, secno);
		else
			snprintf(place, sizeof place, "essay %zu/%zu ", e + 1,
			         lt_doc_nessays(t->doc));
	}
	/* the rules that found the structure (--structure) come last and
	 * give way first */
	char rules[96];
	const char *label = lt_doc_structure_label(t->doc);
	if (!lt_doc_structure_guessed(t->doc) && !label)
		snprintf(rules, sizeof rules, " · %s rules (chosen)",
		         lt_structure_name(lt_doc_structure(t->doc)));
	else if (label)
		snprintf(rules, sizeof rules, " · %s, sure %.0f%%", label,
		         100 * lt_doc_structure_confidence(t->doc));
	else if (lt_doc_structure_confidence(t->doc) > 0)
		snprintf(rules, sizeof rules, " · %s rules, sure %.0f%%",
		         lt_structure_name(lt_doc_structure(t->doc)),
		         100 * lt_doc_structure_confidence(t->doc));
	else /* not decided yet: the start of a large text is being read */
		snprintf(rules, sizeof rules, " · %s rules",
		         lt_structure_name(lt_doc_structure(t->doc)));
	const char *base = strrchr(t->name, '/');
	base = base && base[1] ? base + 1 : t->name;
	size_t cols = t->cols > 0 ? (size_t)t->cols : 1;
	/* in order: the full path, the file's name (both with the rules,
	 * then without), the file's name with the heading cut, no name with
	 * the heading cut, no heading */
	const char *names[] = {t->name, base, t->name, base, base, "", ""};
	char hb[512];
	for (size_t k = 0; k < 7; k++) {
		snprintf(tail, sizeof tail, "line %llu · %u%%%s",
		         (unsigned long long)line, percent(t),
		         k < 2 ? rules : "");
		const char *dot = " · ";
		const char *name_sep = names[k][0] && place[0] ? dot : "";
		const char *heading = k < 6 ? h : "";
		const char *tail_sep = names[k][0] || place[0] ? dot : "";
		size_t fixed = text_width(names[k]) + text_width(name_sep) +
		               text_width(place) + text_width(tail_sep) +
		               text_width(tail);
		if (k == 4 || k == 5) {
			if (fixed + 8 > cols)
				continue;
			heading = clip(h, cols - fixed, hb, sizeof hb);
		}
		if (fixed + text_width(heading) <= cols || k == 6) {
			tui_message(t, "%s%s%s%s%s%s", names[k], name_sep,
			            place, heading,
			            heading[0] || !place[0] ? tail_sep : "· ",
			            tail);
			return;
		}
	}
}

/* ---- drawing ------------------------------------------------------------- */

static int kind_attr(tui *t, lt_para_kind kind)
{
	switch (kind) {
	case LT_PARA_TITLE:
		return A_BOLD | (t->color ? COLOR_PAIR(PAIR_TITLE) : 0);
	case LT_PARA_HEADING:
		return A_BOLD | (t->color ? COLOR_PAIR(PAIR_HEADING) : 0);
	case LT_PARA_BYLINE: return t->dim | t->italic;
	case LT_PARA_BIO:
	case LT_PARA_FRONT:
	case LT_PARA_BACK: return t->dim;
	default: return A_NORMAL;
	}
}

/* A hit is in reverse video, the current one also bold and underlined:
 * distinct with colours, without, and on a monochrome terminal. */
static int hit_attr(tui *t, size_t para, lt_range hit)
{
	if (is_current_hit(t, para, hit))
		return A_REVERSE | A_BOLD | A_UNDERLINE |
		       (t->color ? COLOR_PAIR(PAIR_CURRENT) : 0);
	return A_REVERSE | (t->color ? COLOR_PAIR(PAIR_HIT) : 0);
}

/* The attributes of a Markdown style: bold, and italic where the terminal
 * has it, else underline. */
static int style_attr(const tui *t, uint8_t style)
{
	int italic = t->italic ? t->italic : (int)A_UNDERLINE;
	return (style & LT_STYLE_BOLD ? (int)A_BOLD : 0) |
	       (style & LT_STYLE_ITALIC ? italic : 0);
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

static void draw_text_row(tui *t, int y, const lt_block *b, const lt_row *row)
{
	const char *s = b->text.s;
	size_t col = 0, x = t->left + b->indent;
	int attr = kind_attr(t, b->kind);
	if (row->kind == LT_ROW_LABEL) {
		draw_clipped(y, (int)x, lt_block_label(b), t->colw,
		             A_BOLD | t->dim);
		return;
	}
	if (row->kind != LT_ROW_TEXT)
		return;
	const lt_spans *hits = t->search && t->highlight && b->para != LT_NONE
	                           ? window_hits(t, b->para, b->window)
	                           : NULL;
	size_t h = 0, st = style_from(b, row->start);
	if (hits && row->start < b->text.len) { /* the first hit ending past
		                                 * the row's first byte */
		uint64_t src = b->text.src[row->start];
		size_t lo = 0, hi = hits->n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (hits->v[mid].end <= src)
				lo = mid + 1;
			else
				hi = mid;
		}
		h = lo;
	}
	size_t width = t->colw - 2 * b->indent;
	for (size_t i = row->start; i < row->end && col < row->width;) {
		size_t w,
		    len = lt_cell_next(s + i, row->end - i, col, width, &w);
		int a = attr;
		while (st < b->styles.n && b->styles.v[st].end <= i)
			st++;
		if (st < b->styles.n && b->styles.v[st].start <= i)
			a |= style_attr(t, b->styles.v[st].style);
		if (hits) { /* is the source byte of this cell in a hit? */
			uint64_t src = b->text.src[i];
			while (h < hits->n && hits->v[h].end <= src)
				h++;
			if (h < hits->n && hits->v[h].start <= src)
				a = hit_attr(t, b->para, hits->v[h]);
		}
		attrset(a);
		if (s[i] == '\t')
			mvprintw(y, (int)(x + col), "%*s", (int)w, "");
		else if (s[i] != '\n')
			mvaddnstr(y, (int)(x + col), s + i, (int)len);
		col += w;
		i += len;
	}
	attrset(A_NORMAL);
}

static void draw_status(tui *t)
{
	int y = t->rows - 1;
	move(y, 0);
	clrtoeol();
	if (t->msg[0]) {
		draw_clipped(y, 0, t->msg, (size_t)t->cols, A_BOLD);
		return;
	}
	attrset(A_REVERSE);
	mvprintw(y, 0, "%*s", t->cols, "");
	char right[64];
	if (search_busy(t))
		snprintf(right, sizeof right, " searching %llu%% ",
		         (unsigned long long)(lt_hits_searched(t->hits) * 100 /
		                              (lt_doc_size(t->doc) + 1)));
	else if (!lt_doc_scan_done(t->doc))
		snprintf(right, sizeof right, " indexing %llu%% ",
		         (unsigned long long)(lt_doc_scanned(t->doc) * 100 /
		                              (lt_doc_size(t->doc) + 1)));
	else
		snprintf(right, sizeof right, " %u%% ", percent(t));
	size_t rw = strlen(right);
	char left[1024];
	size_t e = current_essay(t);
	if (e != LT_NONE) {
		size_t secno;
		const char *h = current_heading(t, e, &secno);
		lt_essay es = lt_doc_essay(t->doc, e);
		const char *more = lt_doc_scan_done(t->doc) ? "" : "+";
		if (es.byline_name)
			snprintf(left, sizeof left,
			         " essay %zu/%zu%s · %s · %s", e + 1,
			         lt_doc_nessays(t->doc), more, es.byline_name,
			         h);
		else
			snprintf(left, sizeof left, " essay %zu/%zu%s · %s",
			         e + 1, lt_doc_nessays(t->doc), more, h);
	} else if (lt_doc_scan_done(t->doc) && npara(t) > 0) {
		bool front =
		    lt_doc_para_kind(t->doc, t->top_para) == LT_PARA_FRONT;
		snprintf(left, sizeof left, " %s · %s", t->name,
		         front ? "front matter" : "back matter");
	} else {
		snprintf(left, sizeof left, " %s", t->name);
	}
	size_t avail = (size_t)t->cols > rw ? (size_t)t->cols - rw : 0;
	draw_clipped(y, 0, left, avail, A_REVERSE);
	if ((size_t)t->cols >= rw) {
		attrset(A_REVERSE);
		mvaddstr(y, t->cols - (int)rw, right);
	}
	attrset(A_NORMAL);
}

/* ---- the end before the index reaches it -------------------------------- */

/* The last screen of a file not indexed to its end yet (G on a large
 * file): paragraphs found backwards from the end in the text itself
 * (lt_doc_para_around), laid out as body text; the index catches up in
 * the background and then takes over (tail_done). */
static void draw_tail(tui *t)
{
	const char *d = lt_doc_bytes(t->doc);
	size_t n = text_rows(t);
	struct {
		lt_range para;
		size_t window;
	} parts[64]; /* the windows laid out, the last first */
	size_t np = 0, rows = 0;
	uint64_t end = lt_doc_size(t->doc);
	while (rows < n && np < 64 && end > 0) {
		uint64_t x = end;
		while (x > 0 && (d[x - 1] == ' ' ||
		                 (d[x - 1] >= '\t' && d[x - 1] <= '\r')))
			x--;
		if (x == 0)
			break;
		lt_range r = lt_doc_para_around(t->doc, x - 1);
		if (r.end <= r.start) { /* a line of other white space */
			end = x - 1;
			continue;
		}
		size_t nw =
		    lt_window_count(d + r.start, (size_t)(r.end - r.start));
		for (size_t w = nw; w-- > 0 && rows < n && np < 64;) {
			lt_block_build_range(&t->tail, t->doc, r, LT_PARA_BODY,
			                     w, t->colw);
			rows += t->tail.rows.nrows;
			parts[np].para = r;
			parts[np++].window = w;
		}
		end = r.start;
	}
	/* the oldest window first, its first rows cut so that the last
	 * row of the text is on the last line */
	size_t skip = rows > n ? rows - n : 0, y = 0;
	for (size_t k = np; k-- > 0 && y < n;) {
		lt_block_build_range(&t->tail, t->doc, parts[k].para,
		                     LT_PARA_BODY, parts[k].window, t->colw);
		for (size_t r = 0; r < t->tail.rows.nrows && y < n; r++) {
			if (skip) {
				skip--;
				continue;
			}
			draw_text_row(t, (int)y++, &t->tail,
			              &t->tail.rows.rows[r]);
		}
	}
	t->at_end = true;
}

/* The view at the end of the (indexed) document. */
void go_end(tui *t)
{
	t->tail_view = false;
	if (npara(t)) {
		t->top_para = npara(t) - 1;
		t->top_row = last_row(t, t->top_para);
		clamp(t);
	}
}

/* The index reached the end: the real last screen replaces the
 * provisional one; a key that moves waits for it. */
void tail_done(tui *t)
{
	if (scan_all(t))
		go_end(t);
}

void read_draw(tui *t)
{
	erase();
	if (t->tail_view) {
		draw_tail(t);
		draw_status(t);
		return;
	}
	size_t p = t->top_para, r = t->top_row;
	size_t n = text_rows(t);
	bool more = npara(t) > 0;
	t->bottom_off = 0;
	t->at_end = npara(t) == 0;
	for (size_t y = 0; y < n && more; y++) {
		lt_block *b;
		const lt_row *row = row_in(t, p, r, &b);
		draw_text_row(t, (int)y, b, row);
		if (row->kind == LT_ROW_TEXT && row->end > row->start)
			t->bottom_off = lt_doc_para(t->doc, p).start +
			                b->text.src[row->end - 1] + 1;
		more = next_row(t, &p, &r);
		if (!more && lt_doc_scan_done(t->doc))
			t->at_end = true;
	}
	draw_status(t);
}

/* ---- keys ------------------------------------------------------------------
 */

static void change_measure(tui *t, int delta)
{
	size_t m = t->measure;
	if (delta > 0 && m + MEASURE_STEP <= MEASURE_MAX)
		m += MEASURE_STEP;
	else if (delta < 0 && m >= MEASURE_MIN + MEASURE_STEP)
		m -= MEASURE_STEP;
	else if (delta == 0)
		m = t->opts->measure ? t->opts->measure : TUI_DEFAULT_MEASURE;
	t->measure = m;
	layout_changed(t);
	tui_message(t, "Text width %zu%s", t->measure,
	            t->colw < t->measure ? " (limited by the terminal)" : "");
}

static void go_percent(tui *t, size_t pct)
{
	if (pct > 100)
		pct = 100;
	if (!scan_all(t) || npara(t) == 0)
		return;
	uint64_t off = lt_doc_size(t->doc) * pct / 100;
	size_t para = lt_doc_para_at(t->doc, off);
	if (para >= npara(t))
		para = npara(t) - 1;
	/* inside a paragraph longer than a window: the row with that byte
	 * (others are shown from their start) */
	lt_range r = lt_doc_para(t->doc, para);
	uint64_t in =
	    off > r.start && r.end - r.start > LT_WINDOW ? off - r.start : 0;
	jump_to(t, (position){para, in}, false);
}

/* m<letter>, '<letter> and '' */
static void mark_key(tui *t, action act, int key)
{
	if (act == ACT_MARK) {
		if (key >= 'a' && key <= 'z') {
			t->marks[key - 'a'] = current_position(t);
			t->mark_set[key - 'a'] = true;
			tui_message(t, "Mark %c set", key);
		} else {
			tui_message(t, "Marks are the letters a to z");
		}
		return;
	}
	if (act == ACT_BACK) {
		if (!t->back_set) {
			jump_to(t, (position){0, 0}, false);
			return;
		}
		jump_to(t, t->back, false);
		return;
	}
	if (key >= 'a' && key <= 'z' && t->mark_set[key - 'a']) {
		jump_to(t, t->marks[key - 'a'], false);
		return;
	}
	tui_message(t, "Mark %c is not set",
	            key >= ' ' && key < 127 ? key : '?');
}

void read_key(tui *t, const key_event *ev)
{
	if (t->tail_view && !ev->dropped && ev->act != ACT_QUIT)
		tail_done(t);
	if (ev->dropped)
		return;
	size_t count = ev->have_count ? ev->count : 1;
	size_t page = text_rows(t);
	switch (ev->act) {
	case ACT_COUNTING: tui_message(t, ":%zu", ev->count); break;
	case ACT_PERCENT: go_percent(t, ev->have_count ? ev->count : 0); break;
	case ACT_HIGHLIGHT:
		t->highlight = !t->highlight;
		tui_message(t, "Highlighting %s", t->highlight ? "on" : "off");
		break;
	case ACT_HIGHLIGHT_OFF: t->highlight = false; break;
	case ACT_MARK:
	case ACT_GOTO_MARK:
	case ACT_BACK: mark_key(t, ev->act, ev->arg); break;
	case ACT_LINE_DOWN: scroll_down(t, count); break;
	case ACT_LINE_UP: scroll_up(t, count); break;
	case ACT_PAGE_DOWN: scroll_down(t, page * count); break;
	case ACT_PAGE_UP: scroll_up(t, page * count); break;
	case ACT_HALF_DOWN: scroll_down(t, page / 2 * count); break;
	case ACT_HALF_UP: scroll_up(t, page / 2 * count); break;
	case ACT_TOP: jump_to(t, (position){0, 0}, false); break;
	case ACT_BOTTOM:
		t->back = current_position(t);
		t->back_set = true;
		if (!lt_doc_scan_done(t->doc) && !t->filter) {
			/* show the end now; the index catches up meanwhile */
			t->tail_view = true;
			break;
		}
		go_end(t);
		break;
	case ACT_WIDER: change_measure(t, 1); break;
	case ACT_NARROWER: change_measure(t, -1); break;
	case ACT_RESET_WIDTH: change_measure(t, 0); break;
	case ACT_NEXT_ESSAY: next_essay(t, 1); break;
	case ACT_PREV_ESSAY: next_essay(t, -1); break;
	case ACT_NEXT_SECTION: next_section(t, 1); break;
	case ACT_PREV_SECTION: next_section(t, -1); break;
	case ACT_NEXT_AUTHOR: author_move(t, 1, false); break;
	case ACT_PREV_AUTHOR: author_move(t, -1, false); break;
	case ACT_SAME_AUTHOR_NEXT: author_move(t, 1, true); break;
	case ACT_SAME_AUTHOR_PREV: author_move(t, -1, true); break;
	case ACT_CONTENTS:
		if (need_structure(t, false))
			list_open(t, SCREEN_CONTENTS);
		break;
	case ACT_AUTHORS:
		if (need_structure(t, true))
			list_open(t, SCREEN_AUTHORS);
		break;
	case ACT_HELP: list_open(t, SCREEN_HELP); break;
	case ACT_WHERE: where_am_i(t); break;
	case ACT_SEARCH: prompt_open(t, '/'); break;
	case ACT_SEARCH_BACK: prompt_open(t, '?'); break;
	case ACT_FILTER: prompt_open(t, '&'); break;
	case ACT_NEXT_HIT: search_next(t, 1); break;
	case ACT_PREV_HIT: search_next(t, -1); break;
	case ACT_RESULTS:
		if (!t->search)
			tui_message(t, "No search yet: / searches forward");
		else
			list_open(t, SCREEN_RESULTS);
		break;
	case ACT_REDRAW: clearok(curscr, TRUE); break;
	case ACT_QUIT: t->quit = true; break;
	default: tui_message(t, "Unknown key; press h for help"); break;
	}
}

/* The scan found more of the structure: blocks may have new kinds. */
void structure_changed(tui *t)
{
	position p = current_position(t);
	cache_clear(t);
	go_to(t, p, false);
	list_refresh(t);
}
