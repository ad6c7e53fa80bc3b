/* The message line, and the sessions' news put into words. */
#include "app.h"

#include <stdarg.h>
#include <stdio.h>

#include "term.h"
#include "view/nav.h"

void app_say(tui_app *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
}

void app_say_find(tui_app *a, lv_find_result r)
{
	lv_find *f = &a->find;
	if (r.code == LV_FIND_NO_SEARCH) {
		app_say(a, "No search yet: / searches forward, ? back");
		return;
	}
	if (r.code == LV_FIND_NONE) {
		/* what a stop left searched holds none: the stop said so */
		if (!f->stopped)
			app_say(a, "Pattern not found: %s",
			        f->pattern ? f->pattern : "");
		return;
	}
	snprintf(a->note, sizeof a->note, "%s",
	         r.wrapped > 0   ? "wrapped to the top"
	         : r.wrapped < 0 ? "wrapped to the bottom"
	                         : "");
}

void app_find_stopped(void *app, unsigned percent, size_t hits)
{
	term_search_stopped(); /* the stop is answered */
	app_say(app, "Search stopped at %u%%: %zu hits so far", percent, hits);
}

/* "resumed at essay 3 · heading" */
static void say_resumed(tui_app *a, const char *how)
{
	size_t e = lv_view_essay(&a->view);
	if (e == LT_NONE) {
		app_say(a, "%s", how);
		return;
	}
	size_t secno;
	lt_buf h = {0};
	app_say(a, "%s essay %zu · %s", how, e + 1,
	        lv_nav_heading(&a->view, e, &secno, &h));
	lt_buf_free(&h);
}

void app_session_say(void *app, lv_session_news news, const char *text)
{
	tui_app *a = app;
	switch (news) {
	case LV_SESSION_STORE: app_say(a, "%s", text); break;
	case LV_SESSION_RESUMED:
		say_resumed(a, lv_view_essay(&a->view) == LT_NONE
		                   ? "resumed where you left off"
		                   : "resumed at");
		break;
	case LV_SESSION_RESUMED_ESSAY:
		say_resumed(a, "The text changed; resumed at the start of");
		break;
	case LV_SESSION_GONE:
		app_say(a, "The text changed; the saved place is gone, "
		           "starting at the beginning");
		break;
	}
}
