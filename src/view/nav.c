/* Moves through the structure, as codes. */
#include "view/nav.h"

#include <string.h>

unsigned lv_nav_scanned(const lt_doc *doc)
{
	unsigned p = lt_doc_percent(doc, lt_doc_scanned(doc));
	return p < 99 ? p : 99; /* not done yet */
}

static lv_nav result(lv_nav_code code) { return (lv_nav){.code = code}; }

lv_nav lv_nav_structure(lv_view *v, bool whole)
{
	if (lt_doc_scan_done(v->doc) || (!whole && lt_doc_nessays(v->doc) > 0))
		return result(LV_NAV_OK);
	lv_nav r = result(LV_NAV_INDEXING);
	r.percent = lv_nav_scanned(v->doc);
	return r;
}

/* At the end of what is known: say whether more may come. */
static lv_nav no_more(lv_view *v)
{
	lv_nav r = result(LV_NAV_NO_MORE);
	r.more_may_come = !lt_doc_scan_done(v->doc);
	r.percent = lv_nav_scanned(v->doc);
	return r;
}

static lv_nav go_essay(lv_view *v, size_t k)
{
	lv_view_jump(v, (lv_pos){lt_doc_essay(v->doc, k).title_para, 0}, true);
	return result(LV_NAV_OK);
}

lv_nav lv_nav_essay(lv_view *v, int dir)
{
	lv_nav r = lv_nav_structure(v, false);
	if (r.code != LV_NAV_OK)
		return r;
	size_t n = lt_doc_nessays(v->doc);
	if (n == 0)
		return result(LV_NAV_NO_ESSAYS);
	size_t cur = lv_view_essay(v);
	bool in_front =
	    cur == LT_NONE && v->top_para < lt_doc_essay(v->doc, 0).title_para;
	if (cur == LT_NONE)
		cur = in_front ? LT_NONE : n; /* back matter: after the last */
	if (dir > 0) {
		size_t next = cur == LT_NONE ? 0 : cur + 1;
		return next >= n ? no_more(v) : go_essay(v, next);
	}
	if (cur != LT_NONE && cur < n &&
	    !lv_view_at_text_start(v, lt_doc_essay(v->doc, cur).title_para))
		return go_essay(v, cur);
	if (cur == LT_NONE || cur == 0)
		return result(LV_NAV_FIRST_ESSAY);
	return go_essay(v, cur - 1);
}

/* Is stop p before the top of the screen (a stop on top whose text is
 * not yet at the top counts as before)? */
static bool stop_before(lv_view *v, size_t p, size_t top)
{
	return p < top || (p == top && !lv_view_at_text_start(v, p));
}

/* Section stops are every essay title and section heading, in order.
 * The first stop after the top of the screen (dir > 0), or the last one
 * before it, or LT_NONE. Looks only at the essays around the top. */
static size_t find_stop(lv_view *v, int dir)
{
	const lt_doc *d = v->doc;
	size_t n = lt_doc_nessays(d);
	size_t k = lv_view_essay(v);
	size_t top = v->top_para;
	if (k == LT_NONE) { /* front or back matter */
		if (n == 0)
			return LT_NONE;
		bool front = top < lt_doc_essay(d, 0).title_para;
		if (dir > 0)
			return front ? lt_doc_essay(d, 0).title_para : LT_NONE;
		if (front)
			return LT_NONE;
		k = n - 1; /* back matter: the last essay's stops are before */
		top = lt_doc_essay(d, k).end_para;
	}
	if (dir > 0) {
		lt_essay e = lt_doc_essay(d, k);
		for (size_t s = 0; s < e.nsections; s++) {
			size_t p = lt_doc_section(d, e.first_section + s).para;
			if (p > top)
				return p;
		}
		return k + 1 < n ? lt_doc_essay(d, k + 1).title_para : LT_NONE;
	}
	for (size_t j = k + 1; j-- > 0;) {
		lt_essay e = lt_doc_essay(d, j);
		for (size_t s = e.nsections; s-- > 0;) {
			size_t p = lt_doc_section(d, e.first_section + s).para;
			if (stop_before(v, p, top))
				return p;
		}
		if (stop_before(v, e.title_para, top))
			return e.title_para;
	}
	return LT_NONE;
}

lv_nav lv_nav_section(lv_view *v, int dir)
{
	lv_nav r = lv_nav_structure(v, false);
	if (r.code != LV_NAV_OK)
		return r;
	size_t target = find_stop(v, dir);
	if (target == LT_NONE)
		return dir > 0 ? no_more(v) : result(LV_NAV_NO_EARLIER);
	lv_view_jump(v, (lv_pos){target, 0}, true);
	return result(LV_NAV_OK);
}

lv_nav lv_nav_author(lv_view *v, int dir, bool same)
{
	lv_nav r = lv_nav_structure(v, true);
	if (r.code != LV_NAV_OK)
		return r;
	size_t cur = lv_view_essay(v);
	if (lt_doc_nauthors(v->doc) == 0)
		return result(LV_NAV_NO_AUTHORS);
	size_t a = cur == LT_NONE ? LT_NONE : lt_doc_essay(v->doc, cur).author;
	if (same) {
		if (a == LT_NONE)
			return result(LV_NAV_NO_AUTHOR);
		const lt_author *au = lt_doc_author(v->doc, a);
		size_t k = 0;
		while (k < au->nessays && au->essays[k] != cur)
			k++;
		if ((dir > 0 && k + 1 >= au->nessays) || (dir < 0 && k == 0)) {
			r = result(LV_NAV_AUTHOR_EDGE);
			r.name = au->name;
			return r;
		}
		return go_essay(v, au->essays[dir > 0 ? k + 1 : k - 1]);
	}
	/* the essay to step from: before the first in the front matter,
	 * after the last in the back matter */
	size_t n = lt_doc_nessays(v->doc), from = cur;
	if (cur == LT_NONE)
		from = v->top_para < lt_doc_essay(v->doc, 0).title_para
		           ? LT_NONE
		           : n;
	size_t next = lv_nav_author_run(v->doc, from, dir);
	if (next == LT_NONE)
		return result(dir > 0 ? LV_NAV_NO_MORE : LV_NAV_FIRST_AUTHOR);
	go_essay(v, next);
	r = result(LV_NAV_AUTHOR);
	r.name = lt_doc_author(v->doc, lt_doc_essay(v->doc, next).author)->name;
	return r;
}

static size_t author_of(const lt_doc *doc, size_t e)
{
	return lt_doc_essay(doc, e).author;
}

size_t lv_nav_author_run(const lt_doc *doc, size_t from, int dir)
{
	size_t n = lt_doc_nessays(doc);
	size_t a = from < n ? author_of(doc, from) : LT_NONE;
	if (dir > 0) {
		for (size_t k = from == LT_NONE ? 0 : from + 1; k < n; k++) {
			size_t b = author_of(doc, k);
			if (b != LT_NONE && b != a)
				return k;
		}
		return LT_NONE;
	}
	/* back: the start of the nearest earlier run of another author */
	size_t k = from == LT_NONE ? 0 : from > n ? n : from;
	while (k > 0 &&
	       (author_of(doc, k - 1) == LT_NONE || author_of(doc, k - 1) == a))
		k--;
	if (k == 0)
		return LT_NONE;
	size_t b = author_of(doc, --k);
	while (k > 0 && author_of(doc, k - 1) == b)
		k--;
	return k;
}

lv_nav lv_nav_times(lv_view *v, lv_move move, int dir, size_t count)
{
	lv_nav r = result(LV_NAV_OK);
	for (size_t i = 0; i < (count ? count : 1); i++) {
		switch (move) {
		case LV_MOVE_ESSAY: r = lv_nav_essay(v, dir); break;
		case LV_MOVE_SECTION: r = lv_nav_section(v, dir); break;
		case LV_MOVE_AUTHOR: r = lv_nav_author(v, dir, false); break;
		case LV_MOVE_SAME_AUTHOR:
			r = lv_nav_author(v, dir, true);
			break;
		}
		if (r.code != LV_NAV_OK && r.code != LV_NAV_AUTHOR)
			break;
	}
	return r;
}

uint64_t lv_line_start(const char *text, uint64_t size, uint64_t n)
{
	uint64_t off = 0;
	for (uint64_t line = 1; line < n; line++) {
		const char *nl = memchr(text + off, '\n', size - off);
		if (!nl || (uint64_t)(nl - text) + 1 >= size)
			break; /* no line after this one */
		off = (uint64_t)(nl - text) + 1;
	}
	return off;
}

/* Put byte off of the file on top: the row that holds it. */
static void go_offset(lv_view *v, uint64_t off, bool whole_para)
{
	size_t para = lt_doc_para_at(v->doc, off);
	if (para >= lt_doc_npara(v->doc))
		para = lt_doc_npara(v->doc) - 1;
	lt_range r = lt_doc_para(v->doc, para);
	uint64_t in =
	    off > r.start && (!whole_para || r.end - r.start > LT_WINDOW)
	        ? off - r.start
	        : 0;
	lv_view_jump(v, (lv_pos){para, in}, false);
}

void lv_nav_line(lv_view *v, uint64_t n)
{
	if (!lv_view_scan_all(v) || lt_doc_npara(v->doc) == 0)
		return;
	/* in a collection, line n of the file read now, as '=' counts */
	lv_pos p = lv_view_position(v);
	uint64_t at = lt_doc_para(v->doc, p.para).start + lv_pos_offset(p);
	lt_range f = lt_doc_file(v->doc, lt_doc_file_at(v->doc, at)).bytes;
	const char *d = lt_doc_bytes(v->doc) + f.start;
	go_offset(v, f.start + lv_line_start(d, f.end - f.start, n), false);
}

void lv_nav_percent(lv_view *v, size_t pct)
{
	if (pct > 100)
		pct = 100;
	if (!lv_view_scan_all(v) || lt_doc_npara(v->doc) == 0)
		return;
	/* inside a paragraph longer than a window: the row with that byte
	 * (others are shown from their start) */
	go_offset(v, lt_doc_fraction_offset(v->doc, (double)pct / 100), true);
}

lv_nav lv_nav_mark(lv_view *v, int letter)
{
	if (letter < 'a' || letter > 'z')
		return result(LV_NAV_MARK_LETTERS);
	v->marks[letter - 'a'] = lv_view_position(v);
	v->mark_set[letter - 'a'] = true;
	return result(LV_NAV_MARK_SET);
}

lv_nav lv_nav_goto_mark(lv_view *v, int letter)
{
	if (letter == '\'') {
		lv_view_jump(v, v->back_set ? v->back : (lv_pos){0, 0}, false);
		return result(LV_NAV_OK);
	}
	if (letter < 'a' || letter > 'z' || !v->mark_set[letter - 'a'])
		return result(LV_NAV_MARK_UNSET);
	lv_view_jump(v, v->marks[letter - 'a'], false);
	return result(LV_NAV_OK);
}

size_t lv_section_of(const lt_doc *doc, size_t e, size_t para)
{
	lt_essay es = lt_doc_essay(doc, e);
	size_t sec = 0;
	for (size_t s = 0; s < es.nsections; s++)
		if (lt_doc_section(doc, es.first_section + s).para <= para)
			sec = s + 1;
	return sec;
}

const char *lv_nav_heading(lv_view *v, size_t e, size_t *secno, lt_buf *out)
{
	*secno = lv_section_of(v->doc, e, v->top_para);
	lt_essay es = lt_doc_essay(v->doc, e);
	if (*secno)
		return lt_doc_section_heading(
		    v->doc, es.first_section + *secno - 1, out);
	return lt_doc_essay_title(v->doc, e, out);
}
