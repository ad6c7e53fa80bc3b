/* The terminal: signals (the ones that end lectern, ^C during work, a
 * key coming during a search, crashes), starting curses on the right
 * terminal and putting it back, and reading keys. */
#include "term.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "app.h"
#include "lectern/stop.h"
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
bool term_key_waiting(void)
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

volatile sig_atomic_t term_stop_search;

static void on_quit_signal(int sig)
{
	if (sig == SIGINT && working)
		interrupted = 1;
	else
		quit_signal = sig;
	stop_flag = 1;
	term_stop_search = 1;
}

void term_search_stopped(void)
{
	if (interrupted)
		term_interrupt_done();
	term_stop_search = quit_signal != 0; /* ending: every task stops */
}

/* An interrupt was answered: work may go on (unless lectern is ending). */
void term_interrupt_done(void)
{
	interrupted = 0;
	key_came = 0;
	stop_flag = quit_signal != 0;
	term_stop_search = quit_signal != 0;
}

static void on_input(int sig)
{
	(void)sig;
	int e = errno;
	if (key_stops && term_key_waiting()) {
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

/* After a slice of the search: ^C answered, and a key typed meanwhile
 * looked at; Esc or ^C ask the search to stop, any other key is kept. */
static void look_at_keys(void)
{
	if (interrupted) {
		term_interrupt_done();
		term_stop_search = 1;
		return;
	}
	nodelay(stdscr, TRUE);
	wint_t wch;
	int rc = get_wch(&wch);
	nodelay(stdscr, FALSE);
	if (rc == OK && (wch == 27 || wch == ('c' & 0x1f)))
		term_stop_search = 1;
	else if (rc == KEY_CODE_YES)
		ungetch((int)wch);
	else if (rc == OK)
		unget_wch((wchar_t)wch);
}

void term_keys_stop(void *unused, bool on)
{
	key_stops = on;
	if (on && term_key_waiting()) { /* one came before: it goes first */
		key_came = 1;
		stop_flag = 1;
	}
	if (!on && key_came) { /* the key is read next: work may go on */
		key_came = 0;
		stop_flag = quit_signal || interrupted;
	}
	if (!on)
		look_at_keys();
}

/* Has the terminal gone (closed, hung up: reads fail with EIO)? */
bool term_tty_gone(void)
{
	struct pollfd p = {.fd = tty_fd, .events = POLLIN};
	return tty_fd >= 0 && poll(&p, 1, 0) > 0 &&
	       (p.revents & (POLLHUP | POLLERR | POLLNVAL));
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
		         "terminal type '%s' cannot move the cursor", b.s);
		lt_buf_free(&b);
		return why;
	}
	return NULL;
}

/* Every distinction must show on any terminal: where dim is missing
 * (a monochrome vt100, xterm-mono), underline stands in for it. */
static void pick_attributes(tui_app *t)
{
	attr_t have = term_attrs();
	t->dim = have & WA_DIM ? A_DIM : A_UNDERLINE;
	t->italic = have & WA_ITALIC ? A_ITALIC : 0;
}

static void start_colors(tui_app *t)
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

void term_working(bool on) { working = on; }

int term_quit_signal(void) { return quit_signal; }

bool term_take_interrupt(void)
{
	if (!interrupted)
		return false;
	term_interrupt_done();
	return true;
}

int term_read_key(void)
{
	wint_t wch;
	int rc = get_wch(&wch);
	if (rc == ERR)
		return ERR;
	if (rc == KEY_CODE_YES)
		return (int)wch;
	return wch < 0x80 ? (int)wch : KEY_UCHAR + (int)wch;
}

const char *tui_cannot_drive(void)
{
	return check_term(getenv("TERM"), STDOUT_FILENO);
}

static FILE *in;
static bool own_in;
static SCREEN *scr;

int term_start(tui_app *a)
{
	in = stdin;
	own_in = false;
	if (a->opts->in_tty || !isatty(STDIN_FILENO)) {
		in = fopen(a->opts->in_tty ? a->opts->in_tty : "/dev/tty", "r");
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
	scr = newterm(term, stdout, in);
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
	mouseinterval(0);
	start_colors(a);
	pick_attributes(a);
	return 0;
}

void term_mouse(bool on)
{
	mousemask(on ? BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
	                   BUTTON5_PRESSED
	             : 0,
	          NULL);
}

void term_end(void)
{
	release_input();
	endwin();
	curses_active = 0;
	delscreen(scr);
	if (own_in)
		fclose(in);
}

void term_reraise(void)
{
	if (quit_signal) {
		signal(quit_signal, SIG_DFL);
		raise(quit_signal);
	}
}
