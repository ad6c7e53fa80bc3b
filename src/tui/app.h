/* What the reader's screens share: the document's model (the view, the
 * search and saved-state sessions, from src/view), the terminal's size
 * and looks, and the message line; and the one interface every screen
 * has. A screen owns its own state; it opens another by returning "push"
 * and leaves by returning "close", and hears of changes to the model
 * through changed(). No screen calls another screen's functions. */
#ifndef LECTERN_TUI_APP_H
#define LECTERN_TUI_APP_H

#include <stdbool.h>

#include "keys.h"
#include "lectern/doc.h"
#include "tui.h"
#include "view/find.h"
#include "view/session.h"
#include "view/view.h"

#define APP_MIN_COLS 20
#define APP_MIN_ROWS 5

/* A character typed that is not ASCII, as a key: above curses' codes. */
#define KEY_UCHAR 0x1000000

typedef struct {
	lt_doc *doc;
	const tui_options *opts;
	char *name; /* sanitized file name */
	int rows, cols;
	lv_view view;
	lv_find find;
	lv_session session;
	char msg[512]; /* the message on the last line, or "" */
	char note[64]; /* a word beside the place until the next key, or "" */
	bool quit;
	bool mouse; /* the mouse is taken (ESC-m turns it off and on) */
	bool color;
	int dim;    /* A_DIM, or A_UNDERLINE where the terminal has no dim */
	int italic; /* A_ITALIC, or nothing */
} tui_app;

enum { PAIR_TITLE = 1, PAIR_HEADING, PAIR_MARK, PAIR_HIT, PAIR_CURRENT };

void app_say(tui_app *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A hit gone to: the note of a wrap (the status line shows the hit
 * beside the place); or why there is no hit, as the message. */
void app_say_find(tui_app *a, lv_find_result r);

/* The hooks of the sessions that speak: their news as messages. */
void app_session_say(void *app, lv_session_news news, const char *text);
void app_find_stopped(void *app, unsigned percent, size_t hits);

/* ---- screens ------------------------------------------------------------ */

typedef enum {
	SCREEN_READER,
	SCREEN_CONTENTS,
	SCREEN_AUTHORS,
	SCREEN_RESULTS,
	SCREEN_HELP,
	SCREEN_MARKS,
	SCREEN_PROMPT,
} screen_kind;

typedef enum {
	SCREEN_STAY,  /* the key is handled */
	SCREEN_PUSH,  /* open screen push (arg: what for) on top */
	SCREEN_CLOSE, /* this screen is done */
} screen_verdict;

typedef struct {
	screen_verdict verdict;
	screen_kind push;
	int arg; /* the prompt's kind: '/', '?', '&' */
} screen_next;

/* What changed, for changed(). */
enum {
	CHANGED_STRUCTURE = 1, /* the scan found more of the document */
	CHANGED_SIZE = 2,      /* the terminal or the text width */
};

typedef struct screen screen;

typedef struct {
	keymap map;
	bool overlay; /* drawn over the screen below it (the prompt) */
	void (*draw)(screen *s, tui_app *a);
	/* A decoded key; KEY_MOUSE comes as the key of an ACT_NONE event. */
	screen_next (*key)(screen *s, tui_app *a, const keys_event *ev);
	void (*changed)(screen *s, tui_app *a, unsigned what);
	void (*free)(screen *s);
} screen_ops;

struct screen {
	const screen_ops *ops;
};

static inline screen_next screen_stay(void)
{
	return (screen_next){SCREEN_STAY, SCREEN_READER, 0};
}
static inline screen_next screen_close(void)
{
	return (screen_next){SCREEN_CLOSE, SCREEN_READER, 0};
}
static inline screen_next screen_push(screen_kind kind, int arg)
{
	return (screen_next){SCREEN_PUSH, kind, arg};
}

#endif
