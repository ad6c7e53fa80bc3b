/* The list screens over the text: the table of contents, the author index
 * and the help, drawn from the document's structure and the key table. */
#define _GNU_SOURCE /* vasprintf */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void list_free(tui *t)
{
	for (size_t i = 0; i < t->nlist; i++)
		free(t->list[i].text);
	free(t->list);
	t->list = NULL;
	t->nlist = t->listcap = t->list_sel = t->list_top = 0;
}

static list_entry *add_entry(tui *t, int attr, bool selectable, size_t target,
                             const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static list_entry *add_entry(tui *t, int attr, bool selectable, size_t target,
                             const char *fmt, ...)
{
	if (t->nlist == t->listcap) {
		t->listcap = t->listcap ? t->listcap * 2 : 64;
		list_entry *l = realloc(t->list, t->listcap * sizeof *l);
		if (!l)
			abort();
		t->list = l;
	}
	va_list ap;
	va_start(ap, fmt);
	char *text = NULL;
	if (vasprintf(&text, fmt, ap) < 0)
		abort();
	va_end(ap);
	list_entry *e = &t->list[t->nlist++];
	*e = (list_entry){text, attr, selectable, false, target, 0};
	return e;
}

static void build_contents(tui *t)
{
	size_t cur = current_essay(t);
	size_t top = t->top_para;
	list_entry *mark = NULL;
	for (size_t k = 0; k < lt_doc_nessays(t->doc); k++) {
		const lt_essay *e = lt_doc_essay(t->doc, k);
		const char *author = e->byline_name;
		list_entry *le = add_entry(
		    t, A_BOLD, true, e->title_para, "%zu  %s%s%s", k + 1,
		    e->title, author ? " — " : "", author ? author : "");
		if (k == cur)
			mark = le;
		for (size_t s = 0; s < e->nsections; s++) {
			const lt_section *sec =
			    lt_doc_section(t->doc, e->first_section + s);
			le = add_entry(t, A_NORMAL, true, sec->para,
			               "%zu.%zu  %s", k + 1, s + 1,
			               sec->heading);
			le->indent = 4;
			if (k == cur && sec->para <= top)
				mark = le;
		}
	}
	if (mark)
		mark->current = true;
	if (!lt_doc_scan_done(t->doc))
		add_entry(t, A_DIM, false, 0, "indexing… %u%%",
		          (unsigned)(lt_doc_scanned(t->doc) * 100 /
		                     (lt_doc_size(t->doc) + 1)));
}

static void build_authors(tui *t)
{
	size_t cur = current_essay(t);
	for (size_t a = 0; a < lt_doc_nauthors(t->doc); a++) {
		const lt_author *au = lt_doc_author(t->doc, a);
		add_entry(t, A_BOLD, true,
		          lt_doc_essay(t->doc, au->essays[0])->title_para, "%s",
		          au->name);
		for (size_t k = 0; k < au->nessays; k++) {
			const lt_essay *e = lt_doc_essay(t->doc, au->essays[k]);
			list_entry *le =
			    add_entry(t, A_NORMAL, true, e->title_para,
			              "%zu  %s", au->essays[k] + 1, e->title);
			le->indent = 4;
			le->current = au->essays[k] == cur;
		}
	}
}

static void build_help(tui *t)
{
	const char *group = "";
	for (size_t i = 1; i < key_table_len; i++) {
		const key_binding *b = &key_table[i];
		if (strcmp(group, b->group) != 0) {
			group = b->group;
			if (i > 1)
				add_entry(t, A_NORMAL, false, 0, "%s", "");
			add_entry(t, A_BOLD, false, 0, "%s", group);
		}
		add_entry(t, A_NORMAL, false, 0, "  %-18s %s", b->keys,
		          b->help);
	}
	add_entry(t, A_NORMAL, false, 0, "%s", "");
	add_entry(t, A_DIM, false, 0, "%s",
	          "In the contents and the author index: j k arrows PgUp PgDn "
	          "move, Enter goes there, Esc q Tab close.");
}

/* The scan found more essays: the contents grow, the cursor stays. */
void list_refresh(tui *t)
{
	if (t->screen != SCREEN_CONTENTS)
		return;
	size_t sel = t->list_sel, top = t->list_top;
	list_free(t);
	build_contents(t);
	t->list_sel = sel < t->nlist ? sel : 0;
	t->list_top = top;
}

void list_open(tui *t, screen_id which)
{
	list_free(t);
	if (which == SCREEN_CONTENTS)
		build_contents(t);
	else if (which == SCREEN_AUTHORS)
		build_authors(t);
	else
		build_help(t);
	if (t->nlist == 0) {
		tui_message(t, which == SCREEN_AUTHORS
		                   ? "No authors in this document"
		                   : "No essays in this document");
		return;
	}
	t->screen = which;
	t->msg[0] = '\0';
	for (size_t i = 0; i < t->nlist; i++)
		if (t->list[i].current)
			t->list_sel = i;
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
	};
	draw_clipped(0, 2, titles[t->screen], (size_t)t->cols,
	             A_BOLD | A_UNDERLINE);
	keep_visible(t);
	size_t n = list_rows(t);
	for (size_t i = 0; i < n && t->list_top + i < t->nlist; i++) {
		size_t idx = t->list_top + i;
		const list_entry *e = &t->list[idx];
		int y = (int)i + 2;
		bool sel = t->screen != SCREEN_HELP && idx == t->list_sel;
		int attr = e->attr | (sel ? A_REVERSE : 0);
		if (e->current)
			draw_clipped(
			    y, 0, "▸", 1,
			    A_BOLD | (t->color ? COLOR_PAIR(PAIR_MARK) : 0));
		size_t x = 2 + e->indent;
		if ((size_t)t->cols > x)
			draw_clipped(y, (int)x, e->text, (size_t)t->cols - x,
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
	if (idx >= t->nlist || !t->list[idx].selectable)
		return;
	size_t para = t->list[idx].target;
	list_close(t);
	jump_to(t, (position){para, 0}, true);
}

void list_key(tui *t, int key)
{
	t->msg[0] = '\0';
	long page = (long)list_rows(t);
	if (key == KEY_MOUSE) {
		MEVENT ev;
		if (getmouse(&ev) != OK)
			return;
		if (ev.bstate & BUTTON4_PRESSED)
			list_move(t, -3);
		else if (ev.bstate & BUTTON5_PRESSED)
			list_move(t, 3);
		else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED |
		                      BUTTON1_RELEASED) &&
		         ev.y >= 2 && t->screen != SCREEN_HELP) {
			size_t idx = t->list_top + (size_t)(ev.y - 2);
			if (idx < t->nlist) {
				t->list_sel = idx;
				list_choose(t, idx);
			}
		}
		return;
	}
	switch (key) {
	case 27:
	case 'q':
	case 'Q': list_close(t); return;
	case '\t':
		if (t->screen == SCREEN_CONTENTS) {
			list_close(t);
			return;
		}
		break;
	case 'j':
	case KEY_DOWN:
	case 'n' & 0x1f: list_move(t, 1); return;
	case 'k':
	case KEY_UP:
	case 'p' & 0x1f: list_move(t, -1); return;
	case ' ':
	case 'f':
	case 'f' & 0x1f:
	case KEY_NPAGE: list_move(t, page); return;
	case 'b':
	case 'b' & 0x1f:
	case KEY_PPAGE: list_move(t, -page); return;
	case 'g':
	case KEY_HOME: list_move(t, -(long)t->nlist); return;
	case 'G':
	case KEY_END: list_move(t, (long)t->nlist); return;
	case '\n':
	case '\r':
	case KEY_ENTER: list_choose(t, t->list_sel); return;
	case 't':
		if (t->screen == SCREEN_CONTENTS) {
			list_close(t);
			return;
		}
		break;
	case 'a':
		if (t->screen == SCREEN_AUTHORS) {
			list_close(t);
			return;
		}
		break;
	case 'h':
	case 'H':
	case KEY_F(1):
		if (t->screen == SCREEN_HELP) {
			list_close(t);
			return;
		}
		break;
	case KEY_RESIZE: return;
	default: break;
	}
	tui_message(t, "Enter goes there, Esc returns to the text");
}
