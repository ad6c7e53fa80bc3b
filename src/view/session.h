/* The saved-state session: where each document was left (place, marks,
 * text width) and the search history, restored when a document is opened
 * and saved on jumps, every few seconds of reading and on the way out.
 * The one owner of the search history. The store itself is the core's
 * (lectern/state.h). */
#ifndef LECTERN_VIEW_SESSION_H
#define LECTERN_VIEW_SESSION_H

#include "lectern/state.h"
#include "view/view.h"

#define LV_HISTORY_MAX LT_STATE_HISTORY_MAX

typedef enum {
	LV_SESSION_STORE,         /* the store's message (text) */
	LV_SESSION_RESUMED,       /* at the saved place */
	LV_SESSION_RESUMED_ESSAY, /* the text changed: at its essay's start */
	LV_SESSION_GONE,          /* the text changed: the place is gone */
} lv_session_news;

typedef struct {
	/* what happened, for the reader to say (text: the store's words) */
	void (*say)(void *ctx, lv_session_news news, const char *text);
	void *ctx;
} lv_session_hooks;

typedef struct {
	lv_view *view;
	lv_session_hooks hooks;
	lt_state *store;    /* NULL: nothing is kept */
	lt_state_doc saved; /* a copy of its record when opened */
	bool have_saved;
	char *name;          /* the file as named */
	char *path;          /* its absolute path, or NULL */
	bool resume_pending; /* the saved place is still to be gone to */
	uint64_t saved_sig;  /* what the last save held */
	double saved_at;     /* when (monotonic seconds) */
	bool save_failed;    /* its message was said */
	unsigned char *read; /* how far each essay was read, in percent */
	size_t nread;        /* essays in read (0 until the scan is done) */
	char *history[LV_HISTORY_MAX]; /* newest first */
	size_t nhistory;
} lv_session;

/* Open the session of the document the view shows, named name and known
 * in the store by key (an absolute path, or several joined by newlines
 * for several files read as one; NULL: name's real path): read the store
 * (unless keep is false: then nothing is kept), take the saved width
 * (unless width_given) and go to the saved place (unless resume is
 * false). After the first layout. */
void lv_session_open(lv_session *s, lv_view *v, const char *name,
                     const char *key, bool keep, bool width_given, bool resume,
                     lv_session_hooks hooks);
/* The structure is whole: resume if the saved place was not found yet,
 * and restore the marks. */
void lv_session_scan_done(lv_session *s);
/* How far essay e was read, in percent (0: not at all, or not known). */
unsigned lv_session_read(const lv_session *s, size_t e);
/* The view drew a screen: the essays on it are read as far as its
 * bottom. */
void lv_session_note_read(lv_session *s);
/* From the reader's loop: save when due. */
void lv_session_tick(lv_session *s);
/* Save now; false when saving failed. */
bool lv_session_save(lv_session *s);
void lv_session_close(lv_session *s);

/* The history: put a pattern on top (and in the store), read it. */
void lv_session_add_search(lv_session *s, const char *pattern);
size_t lv_session_nhistory(const lv_session *s);
const char *lv_session_history(const lv_session *s, size_t i);

#endif
