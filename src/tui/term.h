/* The terminal and the signals: curses started on the right terminal and
 * put back on the way out (and on a crash), keys read, ^C and the
 * signals that end lectern noted in flags. */
#ifndef LECTERN_TUI_TERM_H
#define LECTERN_TUI_TERM_H

#include <stdbool.h>

#include "app.h"

/* Start curses (keys from opts->in_tty, /dev/tty or stdin), the signal
 * handlers, colours and attributes. 0, or 1 after printing why not. */
int term_start(tui_app *a);
/* Put the terminal back. */
void term_end(void);
/* Take the mouse (clicks, the wheel) or leave it to the terminal, where a
 * drag selects text. */
void term_mouse(bool on);
/* A signal that ended lectern: raised again, now that all is put back. */
void term_reraise(void);

/* The next key: curses' code for a function key, the character for an
 * ASCII one, KEY_UCHAR + the code point for any other; ERR when none. */
int term_read_key(void);
/* Is a key waiting to be read from the terminal? */
bool term_key_waiting(void);
/* Has the terminal gone (closed, hung up: reads fail with EIO)? */
bool term_tty_gone(void);

/* The signal that ends lectern (TERM, HUP, QUIT, INT while idle), or 0. */
int term_quit_signal(void);
/* While on, ^C stops the work a key started instead of quitting. */
void term_working(bool on);
/* Was ^C typed during work? It is answered: work may go on. */
bool term_take_interrupt(void);
void term_interrupt_done(void);

/* For the search session (lv_find_hooks): the flag set when a stop is
 * asked for (a signal, or Esc or ^C typed during a slice), and cleared by
 * term_search_stopped. And: while on, a key that comes stops the core's
 * work (a search) at once; off again, the keys typed meanwhile are looked
 * at (Esc and ^C are taken; any other is kept) and the work may go on. */
extern volatile sig_atomic_t term_stop_search;
void term_search_stopped(void);
void term_keys_stop(void *unused, bool on);

#endif
