/* The results of a search: every hit, by essay and section, each with
 * the text around it. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "listing.h"
#include "screens.h"
#include "view/nav.h"

/* Hits in one section of one essay: a header row (two when the essay
 * changes), then a row per hit. */
typedef struct {
	size_t first_row;
	size_t first_entry; /* into the document's paragraphs with hits */
	size_t first_hit, nhits;
	size_t essay, section; /* LT_NONE: front or back matter; 0: none */
	bool essay_header;
} result_group;

/* How much of a hit's paragraph a row shows, in bytes: the row is cut
 * at the screen's edge. */
#define CONTEXT_BEFORE 40
#define CONTEXT_AFTER  200

typedef struct {
	listing list;
	result_group *groups;
	size_t ngroups;
} results;

static size_t group_headers(const result_group *g)
{
	return (g->essay_header ? 1 : 0) + (g->section > 0 ? 1 : 0) +
	       (g->essay == LT_NONE ? 1 : 0);
}

static void results_index(results *rs)
{
	const lt_doc *d = rs->list.app->doc;
	const lt_hits *hits = rs->list.app->find.hits;
	size_t cap = 0, row = 0;
	size_t last_essay = LT_NONE - 1, last_section = 0;
	for (size_t j = 0; j < lt_hits_nparas(hits); j++) {
		lt_para_hits ph = lt_hits_para(hits, j);
		size_t e = lt_doc_para_essay(d, ph.para);
		size_t sec = e == LT_NONE ? 0 : lv_section_of(d, e, ph.para);
		if (rs->ngroups == 0 || e != last_essay ||
		    sec != last_section) {
			if (rs->ngroups > 0) {
				result_group *g = &rs->groups[rs->ngroups - 1];
				row += group_headers(g) + g->nhits;
			}
			if (rs->ngroups == cap) {
				cap = cap ? 2 * cap : 64;
				rs->groups = lt_xrealloc(
				    rs->groups, cap * sizeof *rs->groups);
			}
			rs->groups[rs->ngroups++] = (result_group){
			    row, j, ph.before, 0, e, sec, e != last_essay};
			last_essay = e;
			last_section = sec;
		}
		rs->groups[rs->ngroups - 1].nhits += ph.count;
	}
	if (rs->ngroups > 0) {
		result_group *g = &rs->groups[rs->ngroups - 1];
		row += group_headers(g) + g->nhits;
	}
	rs->list.nlist = row;
}

/* The paragraph around hit k of paragraph para, white space folded, with
 * the hit's bytes marked. */
static listing_entry hit_entry(listing *l, size_t para, size_t k)
{
	const lt_doc *d = l->app->doc;
	listing_entry le = {.selectable = true, .is_hit = true, .indent = 6};
	le.hit_para = para;
	le.hit_k = k;
	le.target = para;
	const lt_spans *sp = lv_find_para_hits(&l->app->find, para);
	if (k >= sp->n) {
		le.text = "";
		return le;
	}
	/* (of a front matter block, only its title is text) */
	lt_range r = lt_doc_para_text(d, para);
	uint64_t skip = r.start - lt_doc_para(d, para).start;
	lt_range hit = {sp->v[k].start - skip, sp->v[k].end - skip};
	lt_search_snippet(lt_doc_bytes(d) + r.start, (size_t)(r.end - r.start),
	                  hit, CONTEXT_BEFORE, CONTEXT_AFTER, &l->text,
	                  &le.mark_from, &le.mark_to);
	le.text = l->text.s;
	return le;
}

static listing_entry results_entry(listing *l, size_t row)
{
	const results *rs = (const results *)l;
	const lt_doc *d = l->app->doc;
	const lt_hits *hits = l->app->find.hits;
	const size_t *essay_hits = l->app->find.essay_hits;
	size_t lo = 0, hi = rs->ngroups;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (rs->groups[mid].first_row <= row)
			lo = mid;
		else
			hi = mid;
	}
	const result_group *g = &rs->groups[lo];
	size_t r = row - g->first_row;
	listing_entry le = {.selectable = true, .attr = A_BOLD};
	lt_buf title = {0};
	if (g->essay == LT_NONE && r == 0) {
		bool front = lt_doc_para_kind(
		                 d, lt_hits_para(hits, g->first_entry).para) ==
		             LT_PARA_FRONT;
		le.target = lt_hits_para(hits, g->first_entry).para;
		le.text = listing_text(l, "%s · %zu hit%s",
		                       front ? "Front matter" : "Back matter",
		                       g->nhits, g->nhits == 1 ? "" : "s");
		return le;
	}
	if (g->essay_header && r == 0 && g->essay != LT_NONE) {
		le.target = lt_doc_essay(d, g->essay).title_para;
		lt_doc_essay_title(d, g->essay, &title);
		size_t n = essay_hits ? essay_hits[g->essay] : g->nhits;
		le.text = listing_text(l, "%zu  (%zu hit%s) %s", g->essay + 1,
		                       n, n == 1 ? "" : "s", title.s);
		lt_buf_free(&title);
		return le;
	}
	if (g->section > 0 && r == (g->essay_header ? 1u : 0u)) {
		lt_essay e = lt_doc_essay(d, g->essay);
		size_t si = e.first_section + g->section - 1;
		le.target = lt_doc_section(d, si).para;
		le.indent = 3;
		lt_doc_section_heading(d, si, &title);
		le.text = listing_text(l, "%zu.%zu  %s", g->essay + 1,
		                       g->section, title.s);
		lt_buf_free(&title);
		return le;
	}
	/* a hit: find its paragraph among the group's */
	size_t hit = g->first_hit + (r - group_headers(g));
	size_t j = g->first_entry;
	while (j + 1 < lt_hits_nparas(hits) &&
	       lt_hits_para(hits, j + 1).before <= hit)
		j++;
	lt_para_hits ph = lt_hits_para(hits, j);
	return hit_entry(l, ph.para, hit - ph.before);
}

static size_t results_current(const results *rs)
{
	const lv_find *f = &rs->list.app->find;
	const lt_hits *hits = f->hits;
	if (!f->have_cur)
		return LT_NONE;
	for (size_t g = 0; g < rs->ngroups; g++) {
		const result_group *gr = &rs->groups[g];
		size_t j = lt_hits_find(hits, f->cur_para);
		if (j >= lt_hits_nparas(hits))
			return LT_NONE;
		size_t hit = lt_hits_para(hits, j).before + f->cur_k;
		if (hit >= gr->first_hit && hit < gr->first_hit + gr->nhits)
			return gr->first_row + group_headers(gr) +
			       (hit - gr->first_hit);
	}
	return LT_NONE;
}

static void results_title(listing *l, char *buf, size_t size)
{
	const lv_find *f = &l->app->find;
	size_t n = lt_hits_count(f->hits);
	snprintf(buf, size, "Results for %s · %zu hit%s", f->pattern, n,
	         n == 1 ? "" : "s");
}

static void results_free(screen *s)
{
	results *rs = (results *)s;
	listing_done(&rs->list);
	free(rs->groups);
	free(rs);
}

static const screen_ops results_ops = {
    .map = KM_LIST,
    .draw = listing_draw,
    .key = listing_key,
    .free = results_free,
};

screen *results_new(tui_app *a)
{
	lv_find *f = &a->find;
	lv_find_all(f);
	if (lt_hits_count(f->hits) == 0) {
		app_say(a, "Pattern not found: %s", f->pattern);
		return NULL;
	}
	lv_find_count_essays(f);
	results *rs = lt_xcalloc(1, sizeof *rs);
	rs->list.base.ops = &results_ops;
	rs->list.entry = results_entry;
	rs->list.title = results_title;
	rs->list.app = a;
	results_index(rs);
	listing_init(&rs->list, a, ACT_RESULTS, rs->list.nlist,
	             results_current(rs));
	return &rs->list.base;
}
