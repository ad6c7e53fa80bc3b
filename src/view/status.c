/* The status line's words, fitted to a width. */
#include "view/status.h"

#include <stdio.h>
#include <string.h>

#include "lectern/layout.h"
#include "lectern/text.h"
#include "view/nav.h"

const char *lv_clip(const char *s, size_t width, char *buf, size_t size)
{
	size_t n = strlen(s);
	if (lt_text_width(s, n) <= width)
		return s;
	size_t col = 0, i = 0;
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

static size_t cells(const char *s) { return lt_text_width(s, strlen(s)); }

static void put(lt_buf *b, const char *s) { lt_buf_put(b, s, strlen(s), 0); }

/* Empty, and a string: "" */
static void reset(lt_buf *b)
{
	lt_buf_clear(b);
	lt_buf_put(b, "", 0, 0);
}

/* The title cut to leave room for fixed cells; false when less than a
 * few of its cells would be left. */
static bool fit_title(const char *title, size_t width, size_t fixed, char *buf,
                      size_t size, const char **out)
{
	size_t min = 12;
	if (fixed + (cells(title) < min ? cells(title) : min) > width)
		return false;
	*out = lv_clip(title, width - fixed, buf, size);
	return true;
}

void lv_status_place(lv_view *v, size_t width, lt_buf *out)
{
	reset(out);
	size_t e = lv_view_essay(v);
	if (e == LT_NONE)
		return;
	lt_essay es = lt_doc_essay(v->doc, e);
	lt_buf tb = {0}, hb = {0};
	const char *title = lt_doc_essay_title(v->doc, e, &tb);
	size_t secno = lv_section_of(v->doc, e, v->top_para);
	char num[64], sec[48] = "";
	snprintf(num, sizeof num, "essay %zu/%zu%s", e + 1,
	         lt_doc_nessays(v->doc), lt_doc_scan_done(v->doc) ? "" : "+");
	const char *heading = "";
	if (secno) {
		snprintf(sec, sizeof sec, "%zu.%zu ", e + 1, secno);
		heading = lt_doc_section_heading(
		    v->doc, es.first_section + secno - 1, &hb);
	}
	const char *author = es.byline_name ? es.byline_name : "";
	const char *dot = " · ";
	/* the section: its number and as much of its heading as fits */
	char secbuf[512], titlebuf[512];
	char section[600] = "";
	if (secno)
		snprintf(section, sizeof section, "%s%s%s", dot, sec, heading);
	size_t fixed = cells(num) + cells(section);
	size_t with_author = author[0] ? cells(dot) + cells(author) : 0;
	const char *t = NULL;
	bool show_author = true;
	if (!fit_title(title, width, fixed + with_author + cells(dot), titlebuf,
	               sizeof titlebuf, &t)) {
		show_author = false;
		if (!fit_title(title, width, fixed + cells(dot), titlebuf,
		               sizeof titlebuf, &t))
			t = NULL;
	}
	put(out, num);
	if (show_author && t && author[0]) {
		put(out, dot);
		put(out, author);
	}
	if (t) {
		put(out, dot);
		put(out, t);
	}
	size_t used = cells(out->s);
	if (secno)
		put(out, lv_clip(section, width > used ? width - used : 0,
		                 secbuf, sizeof secbuf));
	lt_buf_free(&tb);
	lt_buf_free(&hb);
}

size_t lv_find_essay_number(lv_find *f, size_t *total)
{
	*total = 0;
	if (!f->search || !f->have_cur || !f->hits)
		return 0;
	size_t all, e, n = lv_find_number(f, &all, &e);
	if (e == LT_NONE || n == 0)
		return 0;
	lt_essay es = lt_doc_essay(f->doc, e);
	size_t np = lt_hits_nparas(f->hits);
	size_t j0 = lt_hits_find(f->hits, es.title_para);
	size_t j1 = lt_hits_find(f->hits, es.end_para);
	size_t before = j0 < np ? lt_hits_para(f->hits, j0).before : all;
	size_t after = j1 < np ? lt_hits_para(f->hits, j1).before : all;
	*total = after - before;
	return n - before;
}

void lv_status_hit(lv_find *f, bool brief, lt_buf *out)
{
	reset(out);
	if (!f->search || !f->highlight || !f->have_cur)
		return;
	const lt_spans *sp = lv_find_para_hits(f, f->cur_para);
	if (!sp || f->cur_k >= sp->n ||
	    !lv_view_visible(f->view,
	                     (lv_pos){f->cur_para, sp->v[f->cur_k].start}))
		return;
	size_t all, e, n = lv_find_number(f, &all, &e);
	if (n == 0)
		return;
	char s[128];
	int len = snprintf(s, sizeof s, "hit %zu/%zu%s", n, all,
	                   lv_find_busy(f) ? "+" : "");
	size_t in_total, in = lv_find_essay_number(f, &in_total);
	char where[32] = "this essay";
	if (e != lv_view_essay(f->view)) /* the top is above its essay */
		snprintf(where, sizeof where, "essay %zu", e + 1);
	if (in && len > 0 && !brief)
		snprintf(s + len, sizeof s - (size_t)len, " · %zu of %zu in %s",
		         in, in_total, where);
	put(out, s);
}

void lv_status_filter(const lv_find *f, lt_buf *out)
{
	reset(out);
	if (!f->fpattern)
		return;
	put(out, "& ");
	lt_sanitize(f->fpattern, strlen(f->fpattern), out);
}
