/* The reader's status line and "where am I". */
#ifndef LECTERN_TUI_STATUSLINE_H
#define LECTERN_TUI_STATUSLINE_H

#include "app.h"

/* The last line: the message, else where the text is. */
void statusline_draw(tui_app *a);
/* = and ^G: file, essay, section, line, percent and the rules that found
 * the structure, as the message, cut to the terminal's width. */
void statusline_where(tui_app *a);

#endif
