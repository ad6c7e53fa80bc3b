/* The reader's last line: where the text is (essay, author, heading,
 * percent) or the message; and the fuller "where am I" of = and ^G. */
#include "statusline.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "lectern/text.h"
#include "paint.h"
#include "view/nav.h"
#include "view/status.h"

static size_t npara(const tui_app *a) { return lt_doc_npara(a->doc); }

static unsigned percent(const tui_app *a)
{
	if (a->view.at_end)
		return 100;
	return lt_doc_percent(a->doc, a->view.bottom_off);
}

/* The file, essay, section, line, percent and rules. What does not fit the
 * terminal gives way in that order of least use: the rules, the file's
 * folders, then the end of the heading; the line and percent stay. */
void statusline_where(tui_app *t)
{
	lv_pos p = lv_view_position(&t->view);
	uint64_t off =
	    npara(t) ? lt_doc_para(t->doc, p.para).start + lv_pos_offset(p) : 0;
	uint64_t line = npara(t) ? lt_doc_line_at(t->doc, off) : 1;
	/* in a collection of files, the file read now, its date when its
	 * front matter has one; its line */
	const char *name = t->name, *date = NULL;
	if (lt_doc_nfiles(t->doc) > 1 && npara(t)) {
		lt_file f = lt_doc_file(t->doc, lt_doc_file_at(t->doc, off));
		name = f.path;
		date = f.date;
	}
	lt_buf hbuf = {0};
	/* name · place heading · tail */
	char place[128] = "", tail[160];
	const char *h = "";
	size_t e = lv_view_essay(&t->view);
	if (e != LT_NONE) {
		size_t secno;
		h = lv_nav_heading(&t->view, e, &secno, &hbuf);
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
	lt_buf shown = {0};
	lt_sanitize(name, strlen(name), &shown);
	const char *slash = strrchr(shown.s, '/');
	size_t base_at = slash && slash[1] ? (size_t)(slash + 1 - shown.s) : 0;
	if (date) {
		lt_buf_puts(&shown, " (");
		lt_sanitize(date, strlen(date), &shown);
		lt_buf_puts(&shown, ")");
	}
	const char *base = shown.s + base_at;
	size_t cols = t->cols > 0 ? (size_t)t->cols : 1;
	/* in order: the full path, the file's name (both with the rules,
	 * then without), the file's name with the heading cut, no name with
	 * the heading cut, no heading */
	const char *names[] = {shown.s, base, shown.s, base, base, "", ""};
	char hb[512];
	for (size_t k = 0; k < 7; k++) {
		snprintf(tail, sizeof tail, "line %llu · %u%%%s",
		         (unsigned long long)line, percent(t),
		         k < 2 ? rules : "");
		const char *dot = " · ";
		const char *name_sep = names[k][0] && place[0] ? dot : "";
		const char *heading = k < 6 ? h : "";
		const char *tail_sep = names[k][0] || place[0] ? dot : "";
		size_t fixed = paint_width(names[k]) + paint_width(name_sep) +
		               paint_width(place) + paint_width(tail_sep) +
		               paint_width(tail);
		if (k == 4 || k == 5) {
			if (fixed + 8 > cols)
				continue;
			heading = paint_clip(h, cols - fixed, hb, sizeof hb);
		}
		if (fixed + paint_width(heading) <= cols || k == 6) {
			app_say(t, "%s%s%s%s%s%s", names[k], name_sep, place,
			        heading,
			        heading[0] || !place[0] ? tail_sep : "· ",
			        tail);
			break;
		}
	}
	lt_buf_free(&hbuf);
	lt_buf_free(&shown);
}
/* The right of the status line into more: the note of a wrap, the
 * current hit and the filter before the percent (right), as many as leave
 * the place a few cells; returns its width. */
static size_t right_part(tui_app *t, const char *right, lt_buf *more)
{
	lt_buf hit = {0}, filter = {0};
	lv_status_filter(&t->find, &filter);
	size_t rw = 0;
	for (int level = 0; level < 4; level++) {
		lv_status_hit(&t->find, level > 0, &hit);
		const char *note = !t->note[0]  ? ""
		                   : level == 0 ? t->note
		                   : level == 1 ? "wrapped"
		                                : "";
		const char *parts[] = {note, level < 3 ? hit.s : "",
		                       level < 3 ? filter.s : ""};
		lt_buf_clear(more);
		for (size_t i = 0; i < 3; i++)
			if (parts[i] && parts[i][0]) {
				lt_buf_put(more, " ", 1, 0);
				lt_buf_put(more, parts[i], strlen(parts[i]), 0);
				lt_buf_put(more, " ·", strlen(" ·"), 0);
			}
		lt_buf_put(more, right, strlen(right), 0);
		rw = paint_width(more->s);
		if (rw + 12 <= (size_t)t->cols)
			break;
	}
	lt_buf_free(&hit);
	lt_buf_free(&filter);
	return rw;
}

void statusline_draw(tui_app *t)
{
	int y = t->rows - 1;
	move(y, 0);
	clrtoeol();
	if (t->msg[0]) {
		paint_clipped(y, 0, t->msg, (size_t)t->cols, A_BOLD);
		return;
	}
	attrset(A_REVERSE);
	mvprintw(y, 0, "%*s", t->cols, "");
	char right[64];
	if (lv_find_busy(&t->find))
		snprintf(right, sizeof right, " searching %u%% ",
		         lv_find_percent(&t->find));
	else if (!lt_doc_scan_done(t->doc))
		snprintf(right, sizeof right, " indexing %llu%% ",
		         (unsigned long long)lv_nav_scanned(t->doc));
	else
		snprintf(right, sizeof right, " %u%% ", percent(t));
	/* the current hit, the filter and the note of a wrap go before the
	 * percent, the place takes what is left */
	lt_buf more = {0};
	size_t rw = right_part(t, right, &more);
	char left[1024];
	size_t avail = (size_t)t->cols > rw ? (size_t)t->cols - rw : 0;
	lt_buf place = {0};
	lv_status_place(&t->view, avail > 1 ? avail - 1 : 0, &place);
	if (place.len) {
		snprintf(left, sizeof left, " %s", place.s);
	} else if (lt_doc_scan_done(t->doc) && npara(t) > 0) {
		bool front =
		    lt_doc_para_kind(t->doc, t->view.top_para) == LT_PARA_FRONT;
		snprintf(left, sizeof left, " %s · %s", t->name,
		         front ? "front matter" : "back matter");
	} else {
		snprintf(left, sizeof left, " %s", t->name);
	}
	paint_clipped(y, 0, left, avail, A_REVERSE);
	if ((size_t)t->cols >= rw) {
		attrset(A_REVERSE);
		mvaddstr(y, t->cols - (int)rw, more.s);
	}
	attrset(A_NORMAL);
	lt_buf_free(&place);
	lt_buf_free(&more);
}
