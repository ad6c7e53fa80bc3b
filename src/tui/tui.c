/* Terminal setup and teardown, signals, and the loop that hands keys to
 * the screen in front. */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "internal.h"
#include "lectern/text.h"

/* ---- signals ------------------------------------------------------------ */

/* A signal that ends lectern (TERM, HUP, QUIT, and INT while idle). */
static volatile sig_atomic_t quit_signal;
/* ^C (SIGINT) while work runs (a search, a key's work): it stops the work
 * and lectern goes on, as less does. */
static volatile sig_atomic_t interrupted;
static volatile sig_atomic_t working;
/* A key came while a search ran (SIGIO on the terminal): the search stops
 * so that the key is answered at once, and goes on after it. */
static volatile sig_atomic_t key_stops, key_came;
/* What the core's long loops look at (lectern/stop.h): any of those. */
static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t curses_active;
static int tty_fd = -1;

/* Is a key waiting to be read from the terminal? */
static bool key_waiting(void)
{
	struct pollfd p = {.fd = tty_fd, .events = POLLIN};
	return tty_fd >= 0 && poll(&p, 1, 0) > 0;
}
static struct termios saved_tios;
static bool have_tios;
/* What the terminal needs to leave the alternate screen and show the
 * cursor again, taken from terminfo while it is safe to. */
static char restore_seq[128];

static const int fatal_signals[] = {SIGSEGV, SIGABRT, SIGFPE, SIGILL, SIGBUS};
static struct sigaction old_fatal[sizeof fatal_signals / sizeof *fatal_signals];

/* Async-signal-safe: put the terminal back as it was. */
static void restore_terminal_raw(void)
{
	if (!curses_active)
		return;
	curses_active = 0;
	if (restore_seq[0] && tty_fd >= 0) {
		ssize_t r =
		    write(STDOUT_FILENO, restore_seq, strlen(restore_seq));
		(void)r;
	}
	if (have_tios)
		tcsetattr(tty_fd, TCSAFLUSH, &saved_tios);
	if (tty_fd >= 0) /* no SIGIO for the shell's terminal after us */
		fcntl(tty_fd, F_SETFL, fcntl(tty_fd, F_GETFL) & ~O_ASYNC);
}

static void on_fatal(int sig, siginfo_t *si, void *ctx)
{
	restore_terminal_raw();
	for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals;
	     i++) {
		if (fatal_signals[i] != sig)
			continue;
		struct sigaction *old = &old_fatal[i];
		if ((old->sa_flags & SA_SIGINFO) && old->sa_sigaction) {
			old->sa_sigaction(sig, si, ctx);
			return;
		}
		if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
			old->sa_handler(sig);
			return;
		}
		sigaction(sig, old, NULL);
		raise(sig);
		return;
	}
}

void tui_install_crash_handlers(void)
{
	for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals;
	     i++) {
		struct sigaction sa = {0};
		sa.sa_sigaction = on_fatal;
		sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESETHAND;
		sigemptyset(&sa.sa_mask);
		sigaction(fatal_signals[i], &sa, &old_fatal[i]);
	}
}

static void on_quit_signal(int sig)
{
	if (sig == SIGINT && working)
		interrupted = 1;
	else
		quit_signal = sig;
	stop_flag = 1;
}

/* An interrupt was answered: work may go on (unless lectern is ending). */
static void interrupt_done(void)
{
	interrupted = 0;
	key_came = 0;
	stop_flag = quit_signal != 0;
}

static void on_input(int sig)
{
	(void)sig;
	int e = errno;
	if (key_stops && key_waiting()) {
		key_came = 1;
		stop_flag = 1;
	}
	errno = e;
}

/* Input on the terminal raises SIGIO, so that a search that runs stops
 * for a key (tui_keys_stop). */
static void catch_input(void)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_input;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGIO, &sa, NULL);
	if (tty_fd >= 0 && fcntl(tty_fd, F_SETOWN, getpid()) == 0)
		fcntl(tty_fd, F_SETFL, fcntl(tty_fd, F_GETFL) | O_ASYNC);
}

static void release_input(void)
{
	if (tty_fd >= 0)
		fcntl(tty_fd, F_SETFL, fcntl(tty_fd, F_GETFL) & ~O_ASYNC);
	signal(SIGIO, SIG_IGN);
}

void tui_keys_stop(bool on)
{
	key_stops = on;
	if (on && key_waiting()) { /* one came before: it goes first */
		key_came = 1;
		stop_flag = 1;
	}
	if (!on && key_came) { /* the key is read next: work may go on */
		key_came = 0;
		stop_flag = quit_signal || interrupted;
	}
}

/* Has the terminal gone (closed, hung up: reads fail with EIO)? */
static bool tty_gone(void)
{
	struct pollfd p = {.fd = tty_fd, .events = POLLIN};
	return tty_fd >= 0 && poll(&p, 1, 0) > 0 &&
	       (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

bool tui_interrupted(void)
{
	if (quit_signal) /* ending: every task stops */
		return true;
	if (interrupted) {
		interrupt_done();
		return true;
	}
	/* a key typed meanwhile: Esc or ^C stop; any other is kept */
	nodelay(stdscr, TRUE);
	wint_t wch;
	int rc = get_wch(&wch);
	nodelay(stdscr, FALSE);
	if (rc == OK && (wch == 27 || wch == ('c' & 0x1f)))
		return true;
	if (rc == KEY_CODE_YES)
		ungetch((int)wch);
	else if (rc == OK)
		unget_wch((wchar_t)wch);
	return false;
}

static const int quit_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

/* A signal ignored when lectern started (nohup, a background job) stays
 * ignored. */
static void catch_quit_signals(void)
{
	for (size_t i = 0; i < sizeof quit_signals / sizeof *quit_signals;
	     i++) {
		struct sigaction old, sa = {0};
		if (sigaction(quit_signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sa.sa_handler = on_quit_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(quit_signals[i], &sa, NULL);
	}
	lt_stop_on(&stop_flag);
	catch_input();
}

/* ---- the terminal ----------------------------------------------------------
 */

static void take_restore_sequence(void)
{
	const char *caps[] = {"rmcup", "cnorm", "sgr0"};
	restore_seq[0] = '\0';
	for (size_t i = 0; i < 3; i++) {
		const char *s = tigetstr(caps[i]);
		if (s && s != (char *)-1 &&
		    strlen(restore_seq) + strlen(s) < sizeof restore_seq)
			strcat(restore_seq, s);
	}
}

static int fail(const char *what)
{
	fprintf(stderr, "lectern: %s\n", what);
	return 1;
}

/* Can TERM drive a full-screen program? NULL when it can, else why not. */
static const char *check_term(const char *term, int fd)
{
	static char why[256];
	if (!term || !*term)
		return "TERM is not set; set it to your terminal's type (e.g. "
		       "xterm-256color)";
	int err = 0;
	if (setupterm(term, fd, &err) != OK) {
		lt_buf b = {0};
		lt_sanitize(term, strlen(term), &b);
		snprintf(why, sizeof why, "unknown terminal type '%s'", b.s);
		lt_buf_free(&b);
		return why;
	}
	const char *cup = tigetstr("cup");
	bool ok = cup && cup != (char *)-1;
	del_curterm(cur_term);
	if (!ok) {
		lt_buf b = {0};
		lt_sanitize(term, strlen(term), &b);
		snprintf(why, sizeof why,
		         "terminal type '%s' cannot move the cursor; pipe the "
		         "output to read it as plain text",
		         b.s);
		lt_buf_free(&b);
		return why;
	}
	return NULL;
}

/* Every distinction must show on any terminal: where dim is missing
 * (a monochrome vt100, xterm-mono), underline stands in for it. */
static void pick_attributes(tui *t)
{
	attr_t have = term_attrs();
	t->dim = have & WA_DIM ? A_DIM : A_UNDERLINE;
	t->italic = have & WA_ITALIC ? A_ITALIC : 0;
}

static void start_colors(tui *t)
{
	const char *nc = getenv("NO_COLOR");
	t->color = has_colors() && !(nc && *nc);
	if (!t->color)
		return;
	start_color();
	use_default_colors();
	init_pair(PAIR_TITLE, COLOR_CYAN, -1);
	init_pair(PAIR_HEADING, COLOR_CYAN, -1);
	init_pair(PAIR_MARK, COLOR_GREEN, -1);
	/* in reverse video: the foreground becomes the hit's background */
	init_pair(PAIR_HIT, COLOR_YELLOW, -1);
	init_pair(PAIR_CURRENT, COLOR_GREEN, -1);
}

static void draw(tui *t)
{
	if (t->cols < MIN_COLS || t->rows < MIN_ROWS) {
		erase();
		const char *m = "terminal too small";
		size_t w =
		    strlen(m) < (size_t)t->cols ? strlen(m) : (size_t)t->cols;
		mvaddnstr(t->rows / 2, ((int)t->cols - (int)w) / 2, m, (int)w);
	} else if (t->screen == SCREEN_READ) {
		read_draw(t);
		if (t->prompt)
			prompt_draw(t);
	} else {
		list_draw(t);
	}
	refresh();
}

static void handle_mouse(tui *t)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	t->anchored = false;
	key_event wheel = {.act = ev.bstate & BUTTON4_PRESSED ? ACT_LINE_UP
	                                                      : ACT_LINE_DOWN};
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED))
		for (int i = 0; i < 3; i++)
			read_key(t, &wheel);
	t->msg[0] = '\0';
}

/* The next key: curses' code for a function key, the character for an
 * ASCII one, KEY_UCHAR + the code point for any other; ERR when none. */
static int read_key_code(void)
{
	wint_t wch;
	int rc = get_wch(&wch);
	if (rc == ERR)
		return ERR;
	if (rc == KEY_CODE_YES)
		return (int)wch;
	return wch < 0x80 ? (int)wch : KEY_UCHAR + (int)wch;
}

/* The keymap of the screen in front. */
static keymap front_keymap(const tui *t)
{
	if (t->screen != SCREEN_READ)
		return KM_LIST;
	return t->prompt ? KM_PROMPT : KM_READER;
}

/* One decoded key, to the screen in front. */
static void dispatch_event(tui *t, const key_event *ev)
{
	if (t->screen != SCREEN_READ) {
		list_key(t, ev);
		return;
	}
	if (t->prompt) {
		prompt_key(t, ev);
		return;
	}
	/* Esc stops a running search */
	if (ev->act == ACT_HIGHLIGHT_OFF && search_busy(t)) {
		t->search_stopped = true;
		tui_message(t, "Search stopped: %zu hits so far",
		            lt_hits_count(t->hits));
		return;
	}
	t->msg[0] = '\0';
	if (ev->act != ACT_WIDER && ev->act != ACT_NARROWER &&
	    ev->act != ACT_RESET_WIDTH)
		t->anchored = false;
	read_key(t, ev);
}

/* A key (ERR: none came after the first of a sequence) to the decoder,
 * and what it decodes to the screen in front. */
static void dispatch(tui *t, key_decoder *d, int key)
{
	if (key == KEY_RESIZE) {
		layout_changed(t);
		return;
	}
	if (t->cols < MIN_COLS || t->rows < MIN_ROWS) {
		if (key == 'q' || key == 'Q')
			t->quit = true;
		return;
	}
	if (key == KEY_MOUSE) {
		keys_reset(d);
		if (t->screen != SCREEN_READ)
			list_mouse(t);
		else if (!t->prompt)
			handle_mouse(t);
		return;
	}
	key_event ev[2];
	keymap map = front_keymap(t);
	size_t n = keys_feed(d, map, key, ev);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && front_keymap(t) != map) /* the screen changed */
			break;
		dispatch_event(t, &ev[i]);
	}
}

static void start_position(tui *t)
{
	state_scan_done(t);
	size_t e = t->opts->start_essay;
	if (e != LT_NONE && e < lt_doc_nessays(t->doc)) {
		jump_to(t, (position){lt_doc_essay(t->doc, e).title_para, 0},
		        true);
		t->anchored = false; /* a resize keeps the essay on top */
	}
	t->back_set = false;
}

int tui_run(lt_doc *doc, const tui_options *opts)
{
	FILE *in = stdin;
	bool own_in = false;
	if (opts->in_tty || !isatty(STDIN_FILENO)) {
		in = fopen(opts->in_tty ? opts->in_tty : "/dev/tty", "r");
		if (!in)
			return fail("no terminal to read keys from (/dev/tty "
			            "cannot be opened)");
		own_in = true;
	}
	const char *term = getenv("TERM");
	const char *why = check_term(term, STDOUT_FILENO);
	if (why) {
		if (own_in)
			fclose(in);
		return fail(why);
	}
	tty_fd = fileno(in);
	have_tios = tcgetattr(tty_fd, &saved_tios) == 0;

	/* LINES and COLUMNS must not freeze the size: the terminal's own
	 * size (TIOCGWINSZ) wins, at start and on every resize */
	unsetenv("LINES");
	unsetenv("COLUMNS");
	use_tioctl(TRUE);
	SCREEN *scr = newterm(term, stdout, in);
	if (!scr) {
		if (own_in)
			fclose(in);
		return fail("cannot start the terminal");
	}
	set_term(scr);
	take_restore_sequence();
	curses_active = 1;
	catch_quit_signals();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
	              BUTTON5_PRESSED,
	          NULL);
	mouseinterval(0);

	tui t = {0};
	t.doc = doc;
	t.opts = opts;
	lt_buf nb = {0};
	lt_sanitize(opts->name, strlen(opts->name), &nb);
	t.name = nb.s;
	t.measure = opts->measure ? opts->measure : TUI_DEFAULT_MEASURE;
	start_colors(&t);
	pick_attributes(&t);
	layout_changed(&t);
	state_open(&t);
	bool was_done = lt_doc_scan_done(doc);
	size_t known_essays = lt_doc_nessays(doc);
	if (was_done)
		start_position(&t);
	t.sdir = 1;
	t.sopts = opts->search;
	t.wait_hits = true;
	if (opts->pattern && search_set(&t, opts->pattern)) {
		history_add(&t, opts->pattern);
		search_next(&t, 1);
	}

	bool tty_lost = false;
	key_decoder keys = {0};
	while (!t.quit && !quit_signal) {
		/* ^C while a search runs stops it, wherever in the loop */
		working = search_busy(&t);
		draw(&t);
		bool done = lt_doc_scan_done(doc);
		bool busy = !done || search_busy(&t);
		bool waiting = keys_waiting(&keys, front_keymap(&t));
		timeout(busy ? 0 : waiting ? 300 : 250);
		int key = read_key_code();
		if (key == ERR && tty_gone()) { /* EIO: save, and go */
			tty_lost = true;
			break;
		}
		if (key == ERR && waiting && done) {
			/* Esc alone (at once while a search runs: it stops
			 * it; while indexing, it waits for its next key) */
			dispatch(&t, &keys, ERR);
		} else if (key == ERR) {
			if (!done) {
				/* index a slice in steps, stopping when a key
				 * comes: a key (G, a page) waits well under a
				 * millisecond */
				for (int k = 0; k < 8 && !key_waiting(); k++)
					if (lt_doc_scan(doc, 128u << 10))
						break;
			} else if (search_busy(&t))
				search_idle(&t);
		} else {
			working = 1; /* ^C stops what the key started */
			dispatch(&t, &keys, key);
		}
		if (known_essays != lt_doc_nessays(doc) ||
		    was_done != lt_doc_scan_done(doc)) {
			known_essays = lt_doc_nessays(doc);
			structure_changed(&t);
			if (t.tail_view && lt_doc_scan_done(doc))
				go_end(&t);
			if (!was_done && lt_doc_scan_done(doc))
				start_position(&t);
			was_done = lt_doc_scan_done(doc);
		}
		if (interrupted) { /* ^C: what ran stopped, say so */
			interrupt_done();
			if (search_busy(&t)) {
				t.search_stopped = true;
				tui_message(&t,
				            "Search stopped: %zu hits so far",
				            lt_hits_count(t.hits));
			} else if (!t.msg[0]) {
				tui_message(&t, "Interrupted");
			}
		}
		working = 0;
		if (lt_doc_changed(doc) && !t.msg[0])
			tui_message(&t, "The file changed on disk; what was "
			                "lost reads as ^@");
		state_tick(&t);
	}
	/* on q, and on SIGTERM or SIGHUP too: the handler only set a flag */
	bool shown = t.save_failed; /* a failure is told once */
	bool unsaved = !state_save(&t) && !shown;
	char save_msg[sizeof t.msg];
	snprintf(save_msg, sizeof save_msg, "%s",
	         t.store ? lt_state_message(t.store) : "");
	state_close(&t);

	list_free(&t);
	search_free(&t);
	lt_buf_free(&t.list_text);
	lt_buf_free(&t.heading);
	for (size_t i = 0; i < CACHE_SIZE; i++)
		lt_block_free(&t.cache[i]);
	lt_block_free(&t.tail);
	lt_buf_free(&nb);
	release_input();
	endwin();
	curses_active = 0;
	delscreen(scr);
	if (own_in)
		fclose(in);
	if (unsaved)
		fprintf(stderr, "lectern: %s\n", save_msg);
	if (quit_signal) {
		signal(quit_signal, SIG_DFL);
		raise(quit_signal);
	}
	return tty_lost ? 1 : 0;
}
