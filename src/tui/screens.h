/* The screens' constructors, for the loop: each returns a new screen, or
 * NULL after saying why it cannot open (no essays, no hits). */
#ifndef LECTERN_TUI_SCREENS_H
#define LECTERN_TUI_SCREENS_H

#include "app.h"

screen *reader_new(tui_app *a);
screen *toc_new(tui_app *a);
screen *authors_new(tui_app *a);
screen *results_new(tui_app *a);
screen *help_new(tui_app *a);
screen *marks_new(tui_app *a);
/* kind: '/', '?' or '&' */
screen *prompt_new(tui_app *a, int kind);

#endif
