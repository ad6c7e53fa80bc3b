/* The view library without a terminal: positions across widths and
 * resizes, the & filter, hits wrapping around, navigation, saved places,
 * and rows as styled runs. Argument: the bundled collection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"
#include "lectern/doc.h"
#include "view/find.h"
#include "view/nav.h"
#include "view/runs.h"
#include "view/session.h"
#include "view/status.h"
#include "view/view.h"

static lt_doc *open_doc(const char *path)
{
	lt_error err;
	lt_doc *doc = lt_doc_open(path, &err);
	if (doc)
		lt_doc_scan(doc, 0);
	return doc;
}

/* A view of doc, rows by cols, at measure 76. */
static void view_at(lv_view *v, lt_doc *doc, size_t rows, size_t cols)
{
	lv_view_init(v, doc, 76);
	lv_view_resize(v, rows, cols);
}

static void test_resize_keeps_anchor(const char *path)
{
	harness_test("the paragraph and character on top stay across "
	             "resizes, without drift");
	lt_doc *doc = open_doc(path);
	if (!OK(doc != NULL))
		return;
	lv_view v;
	view_at(&v, doc, 29, 100);
	lv_view_scroll(&v, 137);
	v.anchored = false; /* the reader moved */
	lv_pos before = lv_view_position(&v);
	OK(before.para > 0);
	size_t widths[] = {30, 61, 45, 100, 24, 77, 100};
	for (size_t i = 0; i < sizeof widths / sizeof *widths; i++) {
		lv_view_resize(&v, 20 + i, widths[i]);
		lv_pos p = lv_view_position(&v);
		INT_EQ(p.para, before.para);
		/* the row on top shows the anchor's character */
		OK(p.off <= before.off);
	}
	/* back at the first size: exactly where it was */
	lv_view_resize(&v, 29, 100);
	lv_pos after = lv_view_position(&v);
	INT_EQ(after.para, before.para);
	INT_EQ(after.off, before.off);
	/* a narrower measure is a resize too */
	lv_view_set_measure(&v, 40);
	INT_EQ(v.colw, 40);
	INT_EQ(lv_view_position(&v).para, before.para);
	lv_view_free(&v);
	lt_doc_free(doc);
}

static void test_positions_across_widths(const char *path)
{
	harness_test("a position taken at one width is found at any other");
	lt_doc *doc = open_doc(path);
	if (!OK(doc != NULL))
		return;
	lv_view v;
	view_at(&v, doc, 10, 80);
	for (long step = 1; step < 400; step += 37) {
		lv_view_go(&v, (lv_pos){0, 0}, false);
		lv_view_scroll(&v, step);
		lv_pos p = lv_view_position(&v);
		for (size_t w = 20; w <= 120; w += 25) {
			lv_view_resize(&v, 10, w);
			lv_view_go(&v, p, false);
			/* a row of text shows (spacing is kept as a row) */
			if (lv_pos_offset(p) == p.off)
				OK(lv_view_visible(&v, p));
			INT_EQ(lv_view_position(&v).para, p.para);
		}
		lv_view_resize(&v, 10, 80);
	}
	/* the top and the end: scrolling stops there */
	lv_view_go(&v, (lv_pos){0, 0}, false);
	INT_EQ(lv_view_scroll(&v, -1), LV_AT_TOP);
	lv_view_end(&v);
	size_t top = v.top_para, row = v.top_row;
	lv_view_each_line(&v, NULL, NULL);
	OK(v.at_end);
	INT_EQ(lv_view_scroll(&v, 5), LV_AT_END);
	INT_EQ(v.top_para, top);
	INT_EQ(v.top_row, row);
	lv_view_free(&v);
	lt_doc_free(doc);
}

/* lv_view_each_line's callback: the paragraphs on screen. */
typedef struct {
	size_t paras[256];
	size_t n;
	size_t lines;
} seen;

static void note_line(void *ctx, size_t y, const lv_line *l)
{
	seen *s = ctx;
	s->lines++;
	if (s->n < 256 && (s->n == 0 || s->paras[s->n - 1] != l->para))
		s->paras[s->n++] = l->para;
}

static void test_filter(const char *path)
{
	harness_test("with &, only the paragraphs that match show");
	lt_doc *doc = open_doc(path);
	if (!OK(doc != NULL))
		return;
	lv_view v;
	view_at(&v, doc, 40, 100);
	lv_find f;
	lt_search_opts opts = {0};
	lv_find_init(&f, &v, &opts, (lv_find_hooks){0});
	v.filter = (lv_filter){lv_find_filter_next, lv_find_filter_active, &f};
	char err[128];
	OK(lv_find_set(&f, "SCO", err, sizeof err));
	OK(lv_find_set_filter(&f, "SCO", err, sizeof err));
	lv_view_relayout(&v);
	seen s = {0};
	lv_view_each_line(&v, note_line, &s);
	OK(s.n > 1);
	/* they are the paragraphs with hits, in order, from the first, each
	 * essay's title above the first of its own */
	lv_find_all(&f);
	size_t j = 0, titles = 0;
	for (size_t i = 0; i < s.n; i++) {
		size_t p = s.paras[i], e = lt_doc_para_essay(doc, p);
		if (lv_find_para_hits(&f, p)->n == 0 ||
		    (e != LT_NONE && p == lt_doc_essay(doc, e).title_para &&
		     (j >= lt_hits_nparas(f.hits) ||
		      lt_hits_para(f.hits, j).para != p))) {
			OK(e != LT_NONE &&
			   p == lt_doc_essay(doc, e).title_para);
			if (i + 1 < s.n) /* (the screen may end under it) */
				INT_EQ(lt_doc_para_essay(doc, s.paras[i + 1]),
				       e);
			titles++;
			continue;
		}
		if (j < lt_hits_nparas(f.hits))
			INT_EQ(p, lt_hits_para(f.hits, j++).para);
	}
	OK(titles > 0);
	/* / within the filter leaves it as it was */
	OK(lv_find_set(&f, "Russia", err, sizeof err));
	OK(lv_find_filter_active(&f));
	STR_EQ(f.fpattern, "SCO");
	for (int k = 0; k < 20; k++) {
		INT_EQ(lv_find_next(&f, 1).code, LV_FIND_HIT);
		OK(lv_find_filter_next(&f, f.cur_para, 1) == f.cur_para);
	}
	/* an unfiltered view shows more */
	lv_find_filter_off(&f);
	lv_view_go(&v, (lv_pos){0, 0}, false);
	seen all = {0};
	lv_view_each_line(&v, note_line, &all);
	OK(all.paras[0] == 0);
	OK(all.lines == 40);
	lv_find_free(&f);
	lv_view_free(&v);
	lt_doc_free(doc);
}

static void test_hits_wrap(const char *path)
{
	harness_test("n and N wrap around the document, and say so");
	lt_doc *doc = open_doc(path);
	if (!OK(doc != NULL))
		return;
	lv_view v;
	view_at(&v, doc, 29, 100);
	lv_find f;
	lt_search_opts opts = {0};
	lv_find_init(&f, &v, &opts, (lv_find_hooks){0});
	lv_find_result r = lv_find_next(&f, 1);
	INT_EQ(r.code, LV_FIND_NO_SEARCH);
	char err[128];
	f.opts.regex = true;
	OK(!lv_find_set(&f, "(", err, sizeof err));
	f.opts.regex = false;
	OK(lv_find_set(&f, "SCO", err, sizeof err));
	size_t total, essay, n;
	r = lv_find_next(&f, 1);
	INT_EQ(r.code, LV_FIND_HIT);
	INT_EQ(r.wrapped, 0);
	n = lv_find_number(&f, &total, &essay);
	INT_EQ(n, 1);
	OK(total > 2);
	INT_EQ(essay, 0); /* essay 1 */
	/* the current hit is on screen and marked as current */
	const lt_spans *sp = lv_find_para_hits(&f, f.cur_para);
	OK(lv_view_visible(&v, (lv_pos){f.cur_para, sp->v[f.cur_k].start}));
	OK(lv_find_is_current(&f, f.cur_para, sp->v[f.cur_k]));
	/* N from the first hit: the last one, wrapped to the bottom */
	r = lv_find_next(&f, -1);
	INT_EQ(r.wrapped, -1);
	INT_EQ(lv_find_number(&f, &total, &essay), total);
	/* n from the last: the first again, wrapped to the top */
	r = lv_find_next(&f, 1);
	INT_EQ(r.wrapped, 1);
	INT_EQ(lv_find_number(&f, &total, &essay), 1);
	/* every hit in turn, and each is visible when current */
	for (size_t k = 2; k <= total; k++) {
		r = lv_find_next(&f, 1);
		INT_EQ(r.wrapped, 0);
		INT_EQ(lv_find_number(&f, &total, &essay), k);
		sp = lv_find_para_hits(&f, f.cur_para);
		OK(lv_view_visible(&v,
		                   (lv_pos){f.cur_para, sp->v[f.cur_k].start}));
	}
	/* ? searches backward: n goes up */
	f.dir = -1;
	r = lv_find_next(&f, 1);
	INT_EQ(lv_find_number(&f, &total, &essay), total - 1);
	/* a pattern with no hit */
	OK(lv_find_set(&f, "zzzqqq", err, sizeof err));
	INT_EQ(lv_find_next(&f, 1).code, LV_FIND_NONE);
	/* hits per essay add up */
	OK(lv_find_set(&f, "SCO", err, sizeof err));
	lv_find_all(&f);
	lv_find_count_essays(&f);
	size_t sum = 0;
	for (size_t e = 0; e < lt_doc_nessays(doc); e++)
		sum += f.essay_hits[e];
	OK(sum <= lt_hits_count(f.hits));
	OK(f.essay_hits[0] > 0);
	lv_find_free(&f);
	lv_view_free(&v);
	lt_doc_free(doc);
}

/* The bundled collection in a view rows high and 100 wide, searched for
 * pattern; false (the test failed) when it cannot be. */
static bool search_view(const char *path, size_t rows, const char *pattern,
                        lt_doc **doc, lv_view *v, lv_find *f)
{
	*doc = open_doc(path);
	if (!OK(*doc != NULL))
		return false;
	view_at(v, *doc, rows, 100);
	lt_search_opts opts = {0};
	lv_find_init(f, v, &opts, (lv_find_hooks){0});
	char err[128];
	return OK(lv_find_set(f, pattern, err, sizeof err));
}

static void search_done(lt_doc *doc, lv_view *v, lv_find *f)
{
	lv_find_free(f);
	lv_view_free(v);
	lt_doc_free(doc);
}

static void test_hit_whole(const char *path)
{
	harness_test("a hit that starts on the last row and wraps below is "
	             "scrolled into view whole");
	lt_doc *doc;
	lv_view v;
	lv_find f;
	if (!search_view(path, 10,
	                 "agreement on cooperation between the Eurasian "
	                 "Economic Union (EEU) and the One Road, One Belt "
	                 "project",
	                 &doc, &v, &f))
		return;
	INT_EQ(lv_find_next(&f, 1).code, LV_FIND_HIT);
	const lt_spans *sp = lv_find_para_hits(&f, f.cur_para);
	lt_range hit = sp->v[f.cur_k];
	size_t para = f.cur_para;
	lv_pos first = {para, hit.start}, last = {para, hit.end - 1};
	/* its first row on the screen's last: the rest is below */
	lv_view_go(&v, first, false);
	lv_view_scroll(&v, -9);
	OK(lv_view_visible(&v, first));
	OK(!lv_view_visible(&v, last));
	lv_view_go(&v, lv_view_position(&v), false);
	f.have_cur = false;
	INT_EQ(lv_find_next(&f, 1).code, LV_FIND_HIT);
	INT_EQ(f.cur_para, para);
	OK(lv_view_visible(&v, first));
	OK(lv_view_visible(&v, last));
	/* a range taller than the screen keeps its start on */
	lv_view_go(&v, first, false);
	lv_view_scroll(&v, -9);
	lt_range tall = {hit.start, lt_doc_para(doc, para).end -
	                                lt_doc_para(doc, para).start};
	lv_view_show_whole(&v, para, tall);
	OK(lv_view_visible(&v, first));
	search_done(doc, &v, &f);
}

static void test_status(const char *path)
{
	harness_test("the status line's place, hit in its essay and filter");
	lt_doc *doc;
	lv_view v;
	lv_find f;
	if (!search_view(path, 29, "OBOR", &doc, &v, &f))
		return;
	lv_find_all(&f);
	for (int i = 0; i < 3; i++)
		INT_EQ(lv_find_next(&f, 1).code, LV_FIND_HIT);
	size_t total, n = lv_find_essay_number(&f, &total);
	INT_EQ(n, 3);
	INT_EQ(total, 6);
	lt_buf b = {0};
	lv_status_hit(&f, false, &b);
	STR_EQ(b.s, "hit 3/6 · 3 of 6 in this essay");
	lv_status_hit(&f, true, &b);
	STR_EQ(b.s, "hit 3/6");
	lv_status_place(&v, 200, &b);
	STR_EQ(b.s, "essay 2/6 · Natasha Kuhrt · Russia and China: Competing "
	            "or complementary priorities?");
	for (size_t w = 10; w < 80; w += 7) {
		lv_status_place(&v, w, &b);
		OK(lt_text_width(b.s, b.len) <= w ||
		   strncmp(b.s, "essay 2/6", 9) == 0);
		OK(strncmp(b.s, "essay 2/6", 9) == 0);
	}
	lv_status_filter(&f, &b);
	STR_EQ(b.s, "");
	char err[128];
	OK(lv_find_set_filter(&f, "OBOR", err, sizeof err));
	lv_status_filter(&f, &b);
	STR_EQ(b.s, "& OBOR");
	lt_buf_free(&b);
	search_done(doc, &v, &f);
}

/* The stopped hook: how far the search had got. */
static unsigned stopped_calls, stopped_percent;
static void on_stopped(void *ctx, unsigned percent, size_t hits)
{
	(void)ctx;
	(void)hits;
	stopped_calls++;
	stopped_percent = percent;
}

/* A slice's end: the reader asks for a stop, as Esc typed then would. */
static volatile sig_atomic_t stop_now;
static unsigned slices;
static void on_run(void *ctx, bool begin)
{
	(void)ctx;
	if (!begin && ++slices == 1)
		stop_now = 1;
}

static void test_stop_flag(const char *path)
{
	harness_test("a search stops at the flag the reader sets");
	lt_doc *doc = open_doc(path);
	if (!OK(doc != NULL))
		return;
	lv_view v;
	view_at(&v, doc, 0, 100);
	lv_find f;
	lt_search_opts opts = {0};
	lv_find_init(&f, &v, &opts,
	             (lv_find_hooks){&stop_now, on_run, on_stopped, NULL});
	char err[128];
	/* set before: the search stops before its first slice */
	stop_now = 1;
	OK(lv_find_set(&f, "the", err, sizeof err));
	lv_find_all(&f);
	OK(f.stopped);
	INT_EQ(stopped_calls, 1);
	INT_EQ(slices, 0);
	OK(stop_now); /* the reader clears it, not the search */
	/* cleared: the search runs to the end */
	stop_now = 0;
	slices = 2; /* no stop from the hook */
	OK(lv_find_set(&f, "the", err, sizeof err));
	lv_find_all(&f);
	OK(!f.stopped);
	OK(!lv_find_busy(&f));
	INT_EQ(stopped_calls, 1);
	lv_find_free(&f);
	lv_view_free(&v);
	lt_doc_free(doc);

	/* set by the reader after the first slice of a search for a word
	 * only the end of 9 MB holds */
	static const char line[] = "A line of text that says nothing.\n\n";
	size_t n = (9u << 20) / (sizeof line - 1) + 1;
	char *big = malloc(n * (sizeof line - 1) + 32);
	if (!OK(big != NULL))
		return;
	for (size_t k = 0; k < n; k++)
		memcpy(big + k * (sizeof line - 1), line, sizeof line - 1);
	size_t len = n * (sizeof line - 1);
	memcpy(big + len, "zqxwunique\n", 11);
	doc = open_doc(harness_file("nine.txt", big, len + 11));
	free(big);
	if (!OK(doc != NULL))
		return;
	view_at(&v, doc, 0, 100);
	lv_find_init(&f, &v, &opts,
	             (lv_find_hooks){&stop_now, on_run, on_stopped, NULL});
	stop_now = 0;
	slices = 0;
	OK(lv_find_set(&f, "zqxwunique", err, sizeof err));
	lv_find_result r = lv_find_next(&f, 1);
	INT_EQ(r.code, LV_FIND_NONE);
	OK(f.stopped);
	INT_EQ(slices, 1);
	INT_EQ(stopped_calls, 2);
	OK(stopped_percent < 100);
	/* cleared, it finds the word */
	stop_now = 0;
	slices = 2;
	OK(lv_find_set(&f, "zqxwunique", err, sizeof err));
	INT_EQ(lv_find_next(&f, 1).code, LV_FIND_HIT);
	lv_find_free(&f);
	lv_view_free(&v);
	lt_doc_free(doc);
}

static void test_navigation(const char *path)
{
	harness_test("essays, sections, authors and marks, as codes");
	lt_doc *doc = open_doc(path);
	if (!OK(doc != NULL))
		return;
	lv_view v;
	view_at(&v, doc, 29, 100);
	size_t n = lt_doc_nessays(doc);
	OK(n >= 2);
	for (size_t k = 0; k < n; k++) {
		INT_EQ(lv_nav_essay(&v, 1).code, LV_NAV_OK);
		INT_EQ(lv_view_essay(&v), k);
		INT_EQ(v.top_para, lt_doc_essay(doc, k).title_para);
	}
	lv_nav r = lv_nav_essay(&v, 1);
	INT_EQ(r.code, LV_NAV_NO_MORE);
	OK(!r.more_may_come);
	/* [ inside an essay: its start; at its start: the one before */
	lv_view_scroll(&v, 5);
	INT_EQ(lv_nav_essay(&v, -1).code, LV_NAV_OK);
	INT_EQ(v.top_para, lt_doc_essay(doc, n - 1).title_para);
	INT_EQ(lv_nav_essay(&v, -1).code, LV_NAV_OK);
	INT_EQ(lv_view_essay(&v), n - 2);
	/* '' goes back to before the last jump */
	INT_EQ(lv_nav_goto_mark(&v, '\'').code, LV_NAV_OK);
	INT_EQ(lv_view_essay(&v), n - 1);
	/* sections: every heading of an essay in turn, then the next essay */
	lv_view_jump(&v, (lv_pos){0, 0}, false);
	size_t stops = 0;
	while (lv_nav_section(&v, 1).code == LV_NAV_OK)
		stops++;
	INT_EQ(stops, n + lt_doc_nsections(doc));
	INT_EQ(lv_nav_section(&v, 1).code, LV_NAV_NO_MORE);
	lv_view_jump(&v, (lv_pos){0, 0}, false);
	INT_EQ(lv_nav_section(&v, -1).code, LV_NAV_NO_EARLIER);
	/* the section of a paragraph, and the heading on top */
	for (size_t e = 0; e < n; e++) {
		lt_essay es = lt_doc_essay(doc, e);
		INT_EQ(lv_section_of(doc, e, es.title_para), 0);
		if (es.nsections)
			INT_EQ(lv_section_of(
			           doc, e,
			           lt_doc_section(doc, es.first_section).para),
			       1);
	}
	/* authors in reading order: ) stops at each essay whose author is
	 * not the one before's, ( comes back through the same stops */
	lv_view_jump(&v, (lv_pos){0, 0}, false);
	size_t changes[64], nchanges = 0, prev = LT_NONE;
	for (size_t k = 0; k < n && nchanges < 64; k++) {
		size_t au = lt_doc_essay(doc, k).author;
		if (au != LT_NONE && au != prev)
			changes[nchanges++] = k;
		if (au != LT_NONE)
			prev = au;
	}
	OK(nchanges > lt_doc_nauthors(doc) / 2);
	for (size_t c = 0; c < nchanges; c++) {
		r = lv_nav_author(&v, 1, false);
		INT_EQ(r.code, LV_NAV_AUTHOR);
		INT_EQ(lv_view_essay(&v), changes[c]);
		STR_EQ(r.name,
		       lt_doc_author(doc, lt_doc_essay(doc, changes[c]).author)
		           ->name);
	}
	INT_EQ(lv_nav_author(&v, 1, false).code, LV_NAV_NO_MORE);
	for (size_t c = nchanges - 1; c-- > 0;) {
		INT_EQ(lv_nav_author(&v, -1, false).code, LV_NAV_AUTHOR);
		INT_EQ(lv_view_essay(&v), changes[c]);
	}
	INT_EQ(lv_nav_author(&v, -1, false).code, LV_NAV_FIRST_AUTHOR);
	lv_view_jump(&v, (lv_pos){lt_doc_essay(doc, n - 1).title_para, 0},
	             true);
	r = lv_nav_author(&v, 1, true);
	INT_EQ(r.code, LV_NAV_AUTHOR_EDGE);
	/* marks */
	INT_EQ(lv_nav_mark(&v, '1').code, LV_NAV_MARK_LETTERS);
	INT_EQ(lv_nav_goto_mark(&v, 'q').code, LV_NAV_MARK_UNSET);
	lv_view_scroll(&v, 3);
	lv_pos at = lv_view_position(&v);
	INT_EQ(lv_nav_mark(&v, 'q').code, LV_NAV_MARK_SET);
	lv_view_jump(&v, (lv_pos){0, 0}, false);
	INT_EQ(lv_nav_goto_mark(&v, 'q').code, LV_NAV_OK);
	INT_EQ(lv_view_position(&v).para, at.para);
	INT_EQ(lv_view_position(&v).off, at.off);
	/* counts: 3] is three essays on; it stops at the last, saying so */
	lv_view_jump(&v, (lv_pos){0, 0}, false);
	INT_EQ(lv_nav_times(&v, LV_MOVE_ESSAY, 1, 3).code, LV_NAV_OK);
	INT_EQ(lv_view_essay(&v), 2);
	INT_EQ(lv_nav_times(&v, LV_MOVE_ESSAY, 1, 100).code, LV_NAV_NO_MORE);
	INT_EQ(lv_view_essay(&v), n - 1);
	/* line N of the file, as less's NG */
	INT_EQ(lv_line_start("a\nbb\n\nc\n", 8, 1), 0);
	INT_EQ(lv_line_start("a\nbb\n\nc\n", 8, 2), 2);
	INT_EQ(lv_line_start("a\nbb\n\nc\n", 8, 4), 6);
	INT_EQ(lv_line_start("a\nbb\n\nc\n", 8, 99), 6);
	INT_EQ(lv_line_start("a\nbb", 4, 99), 2);
	lt_essay e3 = lt_doc_essay(doc, 2);
	lv_nav_line(&v, e3.line);
	INT_EQ(v.top_para, e3.title_para);
	/* N% */
	lv_nav_percent(&v, 100);
	lv_view_each_line(&v, NULL, NULL);
	OK(v.at_end);
	lv_nav_percent(&v, 0);
	INT_EQ(v.top_para, 0);
	lv_view_free(&v);
	lt_doc_free(doc);
}

static int said;
static lv_session_news news;

static void hear(void *ctx, lv_session_news n, const char *text)
{
	said++;
	news = n;
}

static void test_resume(const char *path)
{
	harness_test("the place, marks, width and history come back");
	char dir[512];
	snprintf(dir, sizeof dir, "%s", harness_dir());
	setenv("XDG_STATE_HOME", dir, 1);
	unsetenv("LECTERN_STATE");
	lt_doc *doc = open_doc(path);
	if (!OK(doc != NULL))
		return;
	lv_view v;
	view_at(&v, doc, 29, 100);
	lv_session s;
	lv_session_open(&s, &v, path, NULL, true, false, true,
	                (lv_session_hooks){hear, NULL});
	INT_EQ(said, 0);
	lv_view_set_measure(&v, 60);
	lv_nav_essay(&v, 1);
	lv_nav_essay(&v, 1);
	lv_view_scroll(&v, 4);
	lv_nav_mark(&v, 'b');
	lv_view_scroll(&v, 3);
	lv_pos at = lv_view_position(&v);
	lv_session_add_search(&s, "first");
	lv_session_add_search(&s, "second");
	lv_session_add_search(&s, "first");
	INT_EQ(lv_session_nhistory(&s), 2);
	STR_EQ(lv_session_history(&s, 0), "first");
	OK(lv_session_save(&s));
	lv_session_close(&s);
	lv_view_free(&v);

	lv_view_init(&v, doc, 76);
	lv_view_resize(&v, 29, 100);
	lv_session_open(&s, &v, path, NULL, true, false, true,
	                (lv_session_hooks){hear, NULL});
	lv_session_scan_done(&s);
	INT_EQ(news, LV_SESSION_RESUMED);
	INT_EQ(v.measure, 60);
	INT_EQ(lv_view_position(&v).para, at.para);
	INT_EQ(lv_view_position(&v).off, at.off);
	OK(v.mark_set['b' - 'a']);
	STR_EQ(lv_session_history(&s, 1), "second");
	/* '' goes to where the document begins */
	OK(v.back_set);
	INT_EQ(v.back.para, 0);
	lv_session_close(&s);
	lv_view_free(&v);

	/* not resumed when told so (--essay, +/PATTERN) */
	lv_view_init(&v, doc, 76);
	lv_view_resize(&v, 29, 100);
	lv_session_open(&s, &v, path, NULL, true, true, false,
	                (lv_session_hooks){hear, NULL});
	INT_EQ(v.top_para, 0);
	INT_EQ(v.measure, 76); /* the width was given */
	lv_session_close(&s);
	lv_view_free(&v);
	lt_doc_free(doc);
	const char *files[] = {"lectern/state", "lectern/lock", "lectern"};
	for (size_t i = 0; i < 3; i++) {
		char f[600];
		snprintf(f, sizeof f, "%s/%s", dir, files[i]);
		remove(f);
	}
}

/* A post of the folder dir named name: front matter and five paragraphs
 * that name it. */
static void write_post(const char *dir, const char *name, const char *title)
{
	char path[700];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "---\ntitle: %s\nauthor: A. Writer\n---\n\n", title);
	for (int k = 1; k <= 5; k++)
		fprintf(f,
		        "Paragraph %d of %s, with words enough to wrap at "
		        "a narrow width of the view.\n\n",
		        k, title);
	fclose(f);
}

static void test_resume_folder(void)
{
	harness_test("a folder's place comes back after a post is added "
	             "before it");
	char dir[600], posts[640];
	snprintf(dir, sizeof dir, "%s", harness_dir());
	snprintf(posts, sizeof posts, "%s/posts", dir);
	mkdir(posts, 0755);
	write_post(posts, "2020-02-01-b.md", "Second");
	write_post(posts, "2020-03-01-c.md", "Third");
	setenv("XDG_STATE_HOME", dir, 1);
	unsetenv("LECTERN_STATE");
	const char *paths[] = {posts};
	lt_doc *doc = lt_doc_open_paths(paths, 1, NULL, NULL);
	if (!OK(doc != NULL))
		return;
	lt_doc_scan(doc, 0);
	lv_view v;
	view_at(&v, doc, 10, 40);
	lv_session s;
	lv_session_open(&s, &v, posts, NULL, true, false, true,
	                (lv_session_hooks){hear, NULL});
	lv_nav_essay(&v, 1); /* "Third" */
	lv_view_scroll(&v, 5);
	lv_pos at = lv_view_position(&v);
	lt_range r = lt_doc_para(doc, at.para);
	char *text =
	    strndup(lt_doc_bytes(doc) + r.start, (size_t)(r.end - r.start));
	OK(strstr(text, "of Third") != NULL);
	OK(lv_session_save(&s));
	lv_session_close(&s);
	lv_view_free(&v);
	lt_doc_free(doc);

	/* an older post: every paragraph after it moves on */
	write_post(posts, "2020-01-01-a.md", "First");
	doc = lt_doc_open_paths(paths, 1, NULL, NULL);
	if (!OK(doc != NULL))
		return;
	INT_EQ(lt_doc_nfiles(doc), 3);
	view_at(&v, doc, 10, 40);
	news = LV_SESSION_GONE;
	lv_session_open(&s, &v, posts, NULL, true, false, true,
	                (lv_session_hooks){hear, NULL});
	lv_view_scan_all(&v);
	lv_session_scan_done(&s);
	INT_EQ(news, LV_SESSION_RESUMED);
	lv_pos now = lv_view_position(&v);
	INT_EQ(now.off, at.off);
	r = lt_doc_para(doc, now.para);
	OK(r.end - r.start == strlen(text) &&
	   memcmp(lt_doc_bytes(doc) + r.start, text, strlen(text)) == 0);
	OK(now.para > at.para);
	free(text);
	lv_session_close(&s);
	lv_view_free(&v);
	lt_doc_free(doc);
	const char *files[] = {"posts/2020-01-01-a.md",
	                       "posts/2020-02-01-b.md",
	                       "posts/2020-03-01-c.md",
	                       "posts",
	                       "lectern/state",
	                       "lectern/lock",
	                       "lectern"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char f[700];
		snprintf(f, sizeof f, "%s/%s", dir, files[i]);
		remove(f);
	}
}

static bool never_current(void *ctx, size_t para, lt_range hit)
{
	return false;
}

static bool all_current(void *ctx, size_t para, lt_range hit) { return true; }

static void test_runs(void)
{
	harness_test("a row as runs: kind, emphasis, hits");
	const char md[] = "# The *Night* Walk\n\n"
	                  "Some **bold** text and a word\there.\n\n"
	                  "## Another\n";
	const char *path = harness_file("runs.txt", md, sizeof md - 1);
	lt_doc *doc = open_doc(path);
	if (!OK(doc != NULL))
		return;
	lt_block b = {0};
	lv_runs runs = {0};
	/* the title: a TITLE or HEADING run, "Night" in italic */
	lt_block_build(&b, doc, 0, 0, 76);
	size_t r = 0;
	while (r < b.rows.nrows && b.rows.rows[r].kind != LT_ROW_TEXT)
		r++;
	OK(r < b.rows.nrows);
	lv_row_runs(&b, &b.rows.rows[r], 76, NULL, never_current, NULL, &runs);
	OK(runs.n >= 2);
	bool italic = false;
	for (size_t k = 0; k < runs.n; k++) {
		OK(runs.v[k].kind == LV_RUN_TITLE ||
		   runs.v[k].kind == LV_RUN_HEADING);
		if (runs.v[k].emph & LV_EMPH_ITALIC) {
			italic = true;
			OK(strncmp(b.text.s + runs.v[k].start, "Night", 5) ==
			   0);
		}
	}
	OK(italic);
	/* the body: bold, a hit on "word", a tab as a blank run */
	lt_block_build(&b, doc, 1, 0, 76);
	lt_range h = {0, 0};
	const char *p = lt_doc_bytes(doc) + lt_doc_para(doc, 1).start;
	h.start = (uint64_t)(strstr(p, "word") - p);
	h.end = h.start + 4;
	lt_spans hits = {&h, 1, 1};
	r = 0;
	while (r < b.rows.nrows && b.rows.rows[r].kind != LT_ROW_TEXT)
		r++;
	lv_row_runs(&b, &b.rows.rows[r], 76, &hits, all_current, NULL, &runs);
	bool bold = false, hit = false, blank = false;
	uint32_t col = 0;
	for (size_t k = 0; k < runs.n; k++) {
		const lv_run *run = &runs.v[k];
		OK(run->col >= col);
		col = run->col;
		OK(run->kind == LV_RUN_BODY);
		if (run->emph & LV_EMPH_BOLD)
			bold = true;
		if (run->hit == LV_HIT_CURRENT) {
			hit = true;
			INT_EQ(run->end - run->start, 4);
		}
		if (run->blank)
			blank = true;
	}
	OK(bold && hit && blank);
	lv_runs_free(&runs);
	lt_block_free(&b);
	lt_doc_free(doc);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_view BUNDLED\n");
		return 2;
	}
	test_resize_keeps_anchor(argv[1]);
	test_positions_across_widths(argv[1]);
	test_filter(argv[1]);
	test_hits_wrap(argv[1]);
	test_hit_whole(argv[1]);
	test_status(argv[1]);
	test_stop_flag(argv[1]);
	test_navigation(argv[1]);
	test_resume(argv[1]);
	test_resume_folder();
	test_runs();
	return harness_done();
}
