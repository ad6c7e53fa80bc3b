/* The reader: the only part of lectern that uses curses. */
#ifndef LECTERN_TUI_H
#define LECTERN_TUI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lectern/doc.h"
#include "lectern/search.h"

typedef struct {
	const char *name;      /* shown in messages; sanitized when drawn */
	size_t measure;        /* text width in cells (0: the default) */
	size_t start_essay;    /* open at this essay (LT_NONE: the start) */
	const char *in_tty;    /* where keys come from: NULL for stdin */
	const char *pattern;   /* search for it at the start (+/PATTERN) */
	lt_search_opts search; /* how patterns match */
	bool no_state;         /* keep no positions or history (--no-state) */
	uint64_t start_line;   /* open at this line of the file (+N; 0: no) */
	bool start_end;        /* open at the end (+G) */
	bool no_mouse; /* leave the mouse to the terminal (--no-mouse) */
	/* what the saved state knows the document by (lv_session_open's
	 * key): NULL for name's real path */
	const char *state_key;
} tui_options;

/* Restore the terminal on a crash, then pass the signal on to whatever
 * handled it before (so sanitizer reports still print). Call before the
 * document is opened, so that the document's own SIGBUS handler comes
 * first. */
void tui_install_crash_handlers(void);

/* Why curses cannot drive the terminal on stdout (TERM unset, unknown,
 * or one that cannot move the cursor, as dumb), or NULL when it can. */
const char *tui_cannot_drive(void);

/* Run the reader until the user quits. Returns the exit status; on a
 * terminal that cannot be used, prints why and returns 1. */
int tui_run(lt_doc *doc, const tui_options *opts);

/* Print the key table: as roff for the man page (roff != 0) or as text. */
void tui_print_keys(int roff);
/* Print the reader's most used keys, two to a line, for --help. */
void tui_print_key_summary(FILE *f);

#define TUI_DEFAULT_MEASURE 76

#endif
