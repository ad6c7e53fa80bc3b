/* The list screens over the text: the table of contents, the author index
 * and the help, drawn from the document's structure and the key table.
 * Rows are made only when drawn, so a collection of any size opens its
 * contents at once. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void list_free(tui *t)
{
	free(t->author_first);
	t->author_first = NULL;
	free(t->groups);
	t->groups = NULL;
	t->ngroups = 0;
	t->nlist = t->list_sel = t->list_top = 0;
	t->list_current = LT_NONE;
}

/* Format into the scratch buffer and return it. */
static const char *entry_text(tui *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *entry_text(tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	lt_buf_clear(&t->list_text);
	lt_buf_put(&t->list_text, "", 0, 0);
	if (n > 0) {
		char *tmp = malloc((size_t)n + 1);
		if (!tmp)
			abort();
		va_start(ap, fmt);
		vsnprintf(tmp, (size_t)n + 1, fmt, ap);
		va_end(ap);
		lt_buf_put(&t->list_text, tmp, (size_t)n, 0);
		free(tmp);
	}
	return t->list_text.s;
}

/* ---- contents: essay k is row k + its first section; its sections follow */

static size_t contents_rows(tui *t)
{
	if (!lt_doc_scan_done(t->doc))
		return lt_doc_nessays(t->doc) + lt_doc_nsections(t->doc) + 1;
	return lt_doc_nessays(t->doc) + lt_doc_nsections(t->doc);
}

static size_t essay_row(tui *t, size_t k)
{
	return k + lt_doc_essay(t->doc, k).first_section;
}

static list_entry contents_entry(tui *t, size_t row)
{
	size_t n = lt_doc_nessays(t->doc);
	list_entry le = {.selectable = true};
	if (row >= n + lt_doc_nsections(t->doc)) {
		le.selectable = false;
		le.attr = t->dim;
		le.text = entry_text(
		    t, "indexing… %llu%%",
		    (unsigned long long)(lt_doc_scanned(t->doc) * 100 /
		                         (lt_doc_size(t->doc) + 1)));
		return le;
	}
	size_t lo = 0, hi = n; /* the last essay whose row is <= row */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (essay_row(t, mid) <= row)
			lo = mid;
		else
			hi = mid;
	}
	lt_essay e = lt_doc_essay(t->doc, lo);
	size_t first = essay_row(t, lo);
	lt_buf title = {0};
	if (row == first) {
		le.attr = A_BOLD;
		le.target = e.title_para;
		lt_doc_essay_title(t->doc, lo, &title);
		/* the count first: a long title is cut, the count never */
		char count[48] = "";
		if (t->essay_hits && t->essay_hits[lo])
			snprintf(count, sizeof count, "(%zu hit%s) ",
			         t->essay_hits[lo],
			         t->essay_hits[lo] == 1 ? "" : "s");
		le.text = entry_text(t, "%zu  %s%s%s%s", lo + 1, count, title.s,
		                     e.byline_name ? " — " : "",
		                     e.byline_name ? e.byline_name : "");
	} else {
		size_t s = row - first - 1;
		le.indent = 4;
		le.target = lt_doc_section(t->doc, e.first_section + s).para;
		lt_doc_section_heading(t->doc, e.first_section + s, &title);
		le.text = entry_text(t, "%zu.%zu  %s", lo + 1, s + 1, title.s);
	}
	lt_buf_free(&title);
	return le;
}

/* The row of the contents that holds the top of the screen. */
static size_t contents_current(tui *t)
{
	size_t k = current_essay(t);
	if (k == LT_NONE)
		return LT_NONE;
	lt_essay e = lt_doc_essay(t->doc, k);
	size_t row = essay_row(t, k);
	for (size_t s = 0; s < e.nsections; s++)
		if (lt_doc_section(t->doc, e.first_section + s).para <=
		    t->top_para)
			row = essay_row(t, k) + 1 + s;
	return row;
}

/* ---- the author index: each author's row, then their essays ---------- */

static void authors_index(tui *t)
{
	size_t na = lt_doc_nauthors(t->doc), row = 0;
	t->author_first = malloc((na + 1) * sizeof *t->author_first);
	if (!t->author_first)
		abort();
	for (size_t a = 0; a < na; a++) {
		t->author_first[a] = row;
		row += 1 + lt_doc_author(t->doc, a)->nessays;
	}
	t->author_first[na] = row;
}

static list_entry authors_entry(tui *t, size_t row)
{
	size_t lo = 0, hi = lt_doc_nauthors(t->doc);
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->author_first[mid] <= row)
			lo = mid;
		else
			hi = mid;
	}
	const lt_author *au = lt_doc_author(t->doc, lo);
	list_entry le = {.selectable = true};
	if (row == t->author_first[lo]) {
		le.attr = A_BOLD;
		le.target = lt_doc_essay(t->doc, au->essays[0]).title_para;
		le.text = entry_text(t, "%s", au->name);
		return le;
	}
	size_t k = au->essays[row - t->author_first[lo] - 1];
	lt_buf title = {0};
	lt_doc_essay_title(t->doc, k, &title);
	le.indent = 4;
	le.target = lt_doc_essay(t->doc, k).title_para;
	le.text = entry_text(t, "%zu  %s", k + 1, title.s);
	lt_buf_free(&title);
	return le;
}

static size_t authors_current(tui *t)
{
	size_t k = current_essay(t);
	if (k == LT_NONE || lt_doc_essay(t->doc, k).author == LT_NONE)
		return LT_NONE;
	size_t a = lt_doc_essay(t->doc, k).author;
	const lt_author *au = lt_doc_author(t->doc, a);
	for (size_t i = 0; i < au->nessays; i++)
		if (au->essays[i] == k)
			return t->author_first[a] + 1 + i;
	return LT_NONE;
}

/* ---- the results of a search: hits by essay and section ---------------- */

/* Hits per essay, for the contents and the results' headers. */
static void count_essay_hits(tui *t)
{
	free(t->essay_hits);
	t->essay_hits = NULL;
	size_t n = lt_doc_nessays(t->doc);
	if (!t->hits || n == 0)
		return;
	t->essay_hits = calloc(n, sizeof *t->essay_hits);
	if (!t->essay_hits)
		abort();
	for (size_t j = 0; j < lt_hits_nparas(t->hits); j++) {
		lt_para_hits ph = lt_hits_para(t->hits, j);
		size_t e = lt_doc_para_essay(t->doc, ph.para);
		if (e != LT_NONE)
			t->essay_hits[e] += ph.count;
	}
}

/* The section of essay e that holds paragraph para (0: none). */
static size_t section_of(tui *t, size_t e, size_t para)
{
	lt_essay es = lt_doc_essay(t->doc, e);
	size_t sec = 0;
	for (size_t s = 0; s < es.nsections; s++)
		if (lt_doc_section(t->doc, es.first_section + s).para <= para)
			sec = s + 1;
	return sec;
}

static size_t group_headers(const struct result_group *g)
{
	return (g->essay_header ? 1 : 0) + (g->section > 0 ? 1 : 0) +
	       (g->essay == LT_NONE ? 1 : 0);
}

static void results_index(tui *t)
{
	size_t cap = 0, row = 0;
	size_t last_essay = LT_NONE - 1, last_section = 0;
	for (size_t j = 0; j < lt_hits_nparas(t->hits); j++) {
		lt_para_hits ph = lt_hits_para(t->hits, j);
		size_t e = lt_doc_para_essay(t->doc, ph.para);
		size_t sec = e == LT_NONE ? 0 : section_of(t, e, ph.para);
		if (t->ngroups == 0 || e != last_essay || sec != last_section) {
			if (t->ngroups > 0) {
				struct result_group *g =
				    &t->groups[t->ngroups - 1];
				row += group_headers(g) + g->nhits;
			}
			if (t->ngroups == cap) {
				cap = cap ? 2 * cap : 64;
				t->groups =
				    realloc(t->groups, cap * sizeof *t->groups);
				if (!t->groups)
					abort();
			}
			t->groups[t->ngroups++] = (struct result_group){
			    row, j, ph.before, 0, e, sec, e != last_essay};
			last_essay = e;
			last_section = sec;
		}
		t->groups[t->ngroups - 1].nhits += ph.count;
	}
	if (t->ngroups > 0) {
		struct result_group *g = &t->groups[t->ngroups - 1];
		row += group_headers(g) + g->nhits;
	}
	t->nlist = row;
}

/* The paragraph around hit k of paragraph para, white space folded, with
 * the hit's bytes marked. */
static list_entry hit_entry(tui *t, size_t para, size_t k)
{
	list_entry le = {.selectable = true, .is_hit = true, .indent = 6};
	le.hit_para = para;
	le.hit_k = k;
	le.target = para;
	const lt_spans *sp = para_hits(t, para);
	if (k >= sp->n) {
		le.text = "";
		return le;
	}
	lt_range r = lt_doc_para(t->doc, para);
	const char *p = lt_doc_bytes(t->doc) + r.start;
	lt_range h = sp->v[k];
	size_t from = h.start > 40 ? (size_t)h.start - 40 : 0;
	while (from > 0 && ((unsigned char)p[from] & 0xC0) == 0x80)
		from--;
	size_t to = (size_t)(r.end - r.start);
	if (h.end + 200 < to)
		to = (size_t)h.end + 200;
	while (to < (size_t)(r.end - r.start) &&
	       ((unsigned char)p[to] & 0xC0) == 0x80)
		to++;
	lt_buf_clear(&t->list_text);
	lt_buf *b = &t->list_text;
	if (from > 0)
		lt_buf_put(b, "…", strlen("…"), 0);
	lt_fold(p + from, (size_t)h.start - from, b);
	if (from < h.start && b->len &&
	    lt_uc_is_space((unsigned char)p[h.start - 1]))
		lt_buf_put(b, " ", 1, 0);
	le.mark_from = b->len;
	lt_fold(p + h.start, (size_t)(h.end - h.start), b);
	le.mark_to = b->len;
	if (h.end < to && lt_uc_is_space((unsigned char)p[h.end]))
		lt_buf_put(b, " ", 1, 0);
	lt_fold(p + h.end, to - (size_t)h.end, b);
	le.text = b->s;
	return le;
}

static list_entry results_entry(tui *t, size_t row)
{
	size_t lo = 0, hi = t->ngroups;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->groups[mid].first_row <= row)
			lo = mid;
		else
			hi = mid;
	}
	const struct result_group *g = &t->groups[lo];
	size_t r = row - g->first_row;
	list_entry le = {.selectable = true, .attr = A_BOLD};
	lt_buf title = {0};
	if (g->essay == LT_NONE && r == 0) {
		bool front =
		    lt_doc_para_kind(
		        t->doc, lt_hits_para(t->hits, g->first_entry).para) ==
		    LT_PARA_FRONT;
		le.target = lt_hits_para(t->hits, g->first_entry).para;
		le.text = entry_text(t, "%s · %zu hit%s",
		                     front ? "Front matter" : "Back matter",
		                     g->nhits, g->nhits == 1 ? "" : "s");
		return le;
	}
	if (g->essay_header && r == 0 && g->essay != LT_NONE) {
		le.target = lt_doc_essay(t->doc, g->essay).title_para;
		lt_doc_essay_title(t->doc, g->essay, &title);
		size_t n = t->essay_hits ? t->essay_hits[g->essay] : g->nhits;
		le.text = entry_text(t, "%zu  (%zu hit%s) %s", g->essay + 1, n,
		                     n == 1 ? "" : "s", title.s);
		lt_buf_free(&title);
		return le;
	}
	if (g->section > 0 && r == (g->essay_header ? 1u : 0u)) {
		lt_essay e = lt_doc_essay(t->doc, g->essay);
		size_t si = e.first_section + g->section - 1;
		le.target = lt_doc_section(t->doc, si).para;
		le.indent = 3;
		lt_doc_section_heading(t->doc, si, &title);
		le.text = entry_text(t, "%zu.%zu  %s", g->essay + 1, g->section,
		                     title.s);
		lt_buf_free(&title);
		return le;
	}
	/* a hit: find its paragraph among the group's */
	size_t hit = g->first_hit + (r - group_headers(g));
	size_t j = g->first_entry;
	while (j + 1 < lt_hits_nparas(t->hits) &&
	       lt_hits_para(t->hits, j + 1).before <= hit)
		j++;
	lt_para_hits ph = lt_hits_para(t->hits, j);
	return hit_entry(t, ph.para, hit - ph.before);
}

static size_t results_current(tui *t)
{
	if (!t->have_cur)
		return LT_NONE;
	for (size_t g = 0; g < t->ngroups; g++) {
		const struct result_group *gr = &t->groups[g];
		size_t j = lt_hits_find(t->hits, t->cur_para);
		if (j >= lt_hits_nparas(t->hits))
			return LT_NONE;
		size_t hit = lt_hits_para(t->hits, j).before + t->cur_k;
		if (hit >= gr->first_hit && hit < gr->first_hit + gr->nhits)
			return gr->first_row + group_headers(gr) +
			       (hit - gr->first_hit);
	}
	return LT_NONE;
}

/* ---- help: the key table ------------------------------------------------- */

/* Help rows: each group's name, its bindings, a blank row; then a note. */
static size_t help_rows(void)
{
	size_t rows = 0;
	const char *group = "";
	for (size_t i = 1; i < key_table_len; i++) {
		if (strcmp(group, key_table[i].group) != 0) {
			group = key_table[i].group;
			rows += i > 1 ? 2 : 1;
		}
		rows++;
	}
	return rows;
}

static list_entry help_entry(tui *t, size_t row)
{
	list_entry le = {.text = ""};
	const char *group = "";
	size_t r = 0;
	for (size_t i = 1; i < key_table_len; i++) {
		const key_binding *b = &key_table[i];
		if (strcmp(group, b->group) != 0) {
			group = b->group;
			if (i > 1 && r++ == row)
				return le;
			if (r++ == row) {
				le.attr = A_BOLD;
				le.text = entry_text(t, "%s", group);
				return le;
			}
		}
		if (r++ == row) {
			le.text = entry_text(t, "  %-18s %s", b->keys, b->help);
			return le;
		}
	}
	return le;
}

static list_entry entry(tui *t, size_t row)
{
	switch (t->screen) {
	case SCREEN_CONTENTS: return contents_entry(t, row);
	case SCREEN_AUTHORS: return authors_entry(t, row);
	case SCREEN_RESULTS: return results_entry(t, row);
	default: return help_entry(t, row);
	}
}

/* The scan found more essays: the contents grow, the cursor stays. */
void list_refresh(tui *t)
{
	if (t->screen != SCREEN_CONTENTS)
		return;
	t->nlist = contents_rows(t);
	t->list_current = contents_current(t);
	if (t->list_sel >= t->nlist)
		t->list_sel = t->nlist ? t->nlist - 1 : 0;
}

void list_open(tui *t, screen_id which)
{
	list_free(t);
	size_t n;
	if (which == SCREEN_RESULTS) {
		search_all(t);
		n = lt_hits_count(t->hits);
		if (n == 0) {
			tui_message(t, "Pattern not found: %s", t->pattern);
			return;
		}
	} else if (which == SCREEN_CONTENTS) {
		n = lt_doc_nessays(t->doc) ? contents_rows(t) : 0;
	} else if (which == SCREEN_AUTHORS) {
		n = lt_doc_nauthors(t->doc);
	} else {
		n = help_rows();
	}
	if (n == 0) {
		tui_message(t, which == SCREEN_AUTHORS
		                   ? "No authors in this document"
		                   : "No essays in this document");
		return;
	}
	t->screen = which;
	t->msg[0] = '\0';
	if (which == SCREEN_RESULTS) {
		count_essay_hits(t);
		results_index(t);
		t->list_current = results_current(t);
	} else if (which == SCREEN_CONTENTS) {
		count_essay_hits(t);
		t->nlist = n;
		t->list_current = contents_current(t);
	} else if (which == SCREEN_AUTHORS) {
		authors_index(t);
		t->nlist = t->author_first[lt_doc_nauthors(t->doc)];
		t->list_current = authors_current(t);
	} else {
		t->nlist = n;
	}
	if (t->list_current != LT_NONE)
		t->list_sel = t->list_current;
	t->list_top = 0;
}

static size_t list_rows(const tui *t)
{
	return t->rows > 3 ? (size_t)t->rows - 3 : 1;
}

static void keep_visible(tui *t)
{
	size_t n = list_rows(t);
	if (t->list_sel < t->list_top)
		t->list_top = t->list_sel;
	if (t->list_sel >= t->list_top + n)
		t->list_top = t->list_sel - n + 1;
	if (t->screen == SCREEN_HELP && t->nlist > n &&
	    t->list_top > t->nlist - n)
		t->list_top = t->nlist - n;
}

void list_draw(tui *t)
{
	erase();
	static const char *const titles[] = {
	    [SCREEN_CONTENTS] = "Contents",
	    [SCREEN_AUTHORS] = "Authors",
	    [SCREEN_HELP] = "lectern — keys",
	    [SCREEN_RESULTS] = "Results",
	};
	char title[600];
	if (t->screen == SCREEN_RESULTS)
		snprintf(title, sizeof title, "Results for %s · %zu hit%s",
		         t->pattern, lt_hits_count(t->hits),
		         lt_hits_count(t->hits) == 1 ? "" : "s");
	else
		snprintf(title, sizeof title, "%s", titles[t->screen]);
	draw_clipped(0, 2, title, (size_t)t->cols, A_BOLD | A_UNDERLINE);
	keep_visible(t);
	size_t n = list_rows(t);
	for (size_t i = 0; i < n && t->list_top + i < t->nlist; i++) {
		size_t idx = t->list_top + i;
		list_entry e = entry(t, idx);
		int y = (int)i + 2;
		bool sel = t->screen != SCREEN_HELP && idx == t->list_sel;
		int attr = e.attr | (sel ? A_REVERSE : 0);
		if (idx == t->list_current)
			draw_clipped(
			    y, 0, "▸", 1,
			    A_BOLD | (t->color ? COLOR_PAIR(PAIR_MARK) : 0));
		size_t x = 2 + e.indent;
		if ((size_t)t->cols > x && e.is_hit)
			draw_marked(y, (int)x, e.text, (size_t)t->cols - x,
			            attr, e.mark_from, e.mark_to,
			            A_REVERSE |
			                (sel ? A_BOLD | A_UNDERLINE : 0));
		else if ((size_t)t->cols > x)
			draw_clipped(y, (int)x, e.text, (size_t)t->cols - x,
			             attr);
	}
	move(t->rows - 1, 0);
	clrtoeol();
	if (t->msg[0])
		draw_clipped(t->rows - 1, 0, t->msg, (size_t)t->cols, A_BOLD);
	else
		draw_clipped(t->rows - 1, 0,
		             t->screen == SCREEN_HELP
		                 ? " j k PgUp PgDn scroll · Esc q close"
		                 : " Enter go · j k move · Esc q close",
		             (size_t)t->cols, A_REVERSE);
}

static void list_move(tui *t, long delta)
{
	if (t->screen == SCREEN_HELP) {
		long top = (long)t->list_top + delta;
		long max = (long)t->nlist - (long)list_rows(t);
		if (top > max)
			top = max;
		if (top < 0)
			top = 0;
		t->list_top = (size_t)top;
		t->list_sel = t->list_top;
		return;
	}
	long sel = (long)t->list_sel + delta;
	if (sel < 0)
		sel = 0;
	if (sel >= (long)t->nlist)
		sel = (long)t->nlist - 1;
	t->list_sel = (size_t)sel;
}

static void list_close(tui *t)
{
	t->screen = SCREEN_READ;
	list_free(t);
}

static void list_choose(tui *t, size_t idx)
{
	if (idx >= t->nlist)
		return;
	list_entry e = entry(t, idx);
	if (!e.selectable)
		return;
	list_close(t);
	if (e.is_hit)
		search_goto_hit(t, e.hit_para, e.hit_k);
	else
		jump_to(t, (position){e.target, 0}, true);
}

void list_mouse(tui *t)
{
	t->msg[0] = '\0';
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		list_move(t, -3);
	else if (ev.bstate & BUTTON5_PRESSED)
		list_move(t, 3);
	else if (ev.bstate &
	             (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED) &&
	         ev.y >= 2 && t->screen != SCREEN_HELP) {
		size_t idx = t->list_top + (size_t)(ev.y - 2);
		if (idx < t->nlist) {
			t->list_sel = idx;
			list_choose(t, idx);
		}
	}
}

/* The reader's action that opens each list: its keys close it again. */
static const action openers[] = {
    [SCREEN_CONTENTS] = ACT_CONTENTS,
    [SCREEN_AUTHORS] = ACT_AUTHORS,
    [SCREEN_HELP] = ACT_HELP,
    [SCREEN_RESULTS] = ACT_RESULTS,
};

void list_key(tui *t, const key_event *ev)
{
	t->msg[0] = '\0';
	long page = (long)list_rows(t);
	switch (ev->act) {
	case ACT_L_CLOSE: list_close(t); return;
	case ACT_L_DOWN: list_move(t, 1); return;
	case ACT_L_UP: list_move(t, -1); return;
	case ACT_L_PAGE_DOWN: list_move(t, page); return;
	case ACT_L_PAGE_UP: list_move(t, -page); return;
	case ACT_L_TOP: list_move(t, -(long)t->nlist); return;
	case ACT_L_BOTTOM: list_move(t, (long)t->nlist); return;
	case ACT_L_CHOOSE: list_choose(t, t->list_sel); return;
	default: break;
	}
	if (keys_action(KM_READER, ev->key) == openers[t->screen]) {
		list_close(t);
		return;
	}
	tui_message(t, "Enter goes there, Esc returns to the text");
}
