/* vtdrive: run a program on a pseudo-terminal, feed what it writes into a
 * libvterm screen, and drive it with a small script (tig-style):
 *
 *   vtdrive SCRIPT PROGRAM
 *
 * The script is read line by line; '#' starts a comment line. Commands:
 *
 *   size COLSxROWS           terminal size for the next start (80x24)
 *   env NAME=VALUE           set a variable for the next start
 *   unset NAME               remove a variable for the next start
 *   stdin FILE|-             standard input from FILE (relative to the
 *                            script's folder) instead of the terminal
 *   stdin-pipe FILE          standard input a pipe that a helper process
 *                            fills with FILE
 *   cd DIR                   the working folder for the next start
 *                            (relative to the script's folder)
 *   ctty yes|no              whether the next start has the terminal as
 *                            its controlling tty (yes; with no, it is in
 *                            a session of its own without one, so
 *                            /dev/tty cannot be opened)
 *   timeout SECONDS          how long waits and checks poll (5)
 *   start [ARGS...]          start PROGRAM with ARGS (a running one is
 *                            killed first) and wait for its first screen
 *   key NAME...              press keys: a character, ^X, Enter Tab Esc
 *                            Space Backspace Up Down Left Right Home End
 *                            PgUp PgDn F1..F12
 *   keys TEXT                type each character of TEXT (the rest of
 *                            the line, spaces included)
 *   send TEXT                write TEXT (\e, \r, \n, \t, \xHH, \\
 *                            escapes) to the terminal as one write, as
 *                            if typed: for a program reading lines in
 *                            canonical mode (end it with \r)
 *   send-busy TEXT           the same, without waiting for the program
 *                            to be idle after: keys that come while it
 *                            works
 *   mouse ACTION ROW COL     the mouse at ROW, COL (0-based): ACTION is
 *                            click (button 1 pressed and released),
 *                            press, release, wheel-up or wheel-down (one
 *                            notch); encoded by libvterm in the protocol
 *                            the program turned on (ncurses with
 *                            xterm-256color asks for SGR 1006 + 1000);
 *                            fails if it turned none on
 *   key-until NAME ROW TEXT  press NAME until expect-row ROW TEXT holds
 *                            (at most 2000 times)
 *   resize COLS ROWS         TIOCSWINSZ + SIGWINCH, then wait for the
 *                            redraw
 *   signal NAME              send TERM, HUP, INT, QUIT, KILL, ... to it
 *   settle                   wait until it is idle
 *   wait TEXT                TEXT appears on some row
 *   wait-row N TEXT          the same as expect-row
 *   expect-row N TEXT        row N, leading and trailing spaces removed,
 *                            starts with TEXT
 *   expect-row-has N TEXT    row N contains TEXT
 *   expect-row-is N TEXT     row N, trimmed, is exactly TEXT (no TEXT: a
 *                            blank row)
 *   expect-at ROW COL TEXT   the text from column COL of row ROW starts
 *                            with TEXT
 *   expect-screen-has TEXT   the same as wait
 *   expect-screen-lacks TEXT no row contains TEXT
 *   expect-attr ROW COL SPEC the cell has SPEC
 *   expect-no-attr ROW COL SPEC  the cell has none of SPEC
 *   expect-text-attr ROW SPEC TEXT  every non-blank cell of the first
 *                            TEXT on row ROW has SPEC
 *   expect-no-color          no cell has a colour other than the default
 *   expect-color             some cell has a colour other than the default
 *   expect-within LEFT WIDTH every non-blank cell of rows 0..ROWS-2 (all
 *                            but the status line) is in LEFT..LEFT+WIDTH-1
 *   expect-in-column MEASURE the same for lectern's text column: margins
 *                            of 2 cells from 40 columns, 1 from 24, else
 *                            0; width min(MEASURE, COLS - 2 margins);
 *                            centred
 *   expect-exit CODE         it exits with CODE
 *   expect-signal NAME       it is killed by signal NAME
 *   expect-clean-output      no byte it ever wrote is ESC ] (OSC), ESC P
 *                            (DCS), ESC _ ^ X, a raw C1 byte (0x80-0x9F
 *                            outside a UTF-8 sequence), a UTF-8-encoded C1
 *                            (U+0080-U+009F) or a bidi control (U+202A to
 *                            U+202E, U+2066 to U+2069, U+200E, U+200F,
 *                            U+061C)
 *   expect-output-has TEXT   it wrote TEXT (\e, \r, \n, \t, \xHH, \\
 *                            escapes) at some point
 *   expect-output-lacks TEXT it never wrote TEXT (the same escapes)
 *   expect-output-is TEXT    everything it wrote since it started is
 *                            exactly TEXT (the same escapes; the
 *                            terminal turns \n into \r\n)
 *   expect-tty-sane          the terminal is in cooked mode: icanon,
 *                            echo, isig, icrnl, opost and onlcr on
 *   expect-screen-mode MODE  MODE is normal or alternate: which screen
 *                            the terminal shows
 *   expect-cursor STATE      STATE is visible or hidden
 *   scribble TEXT            garble vtdrive's own screen (clear it, write
 *                            TEXT at the top), as line noise would; the
 *                            program is not told
 *   write FILE TEXT          write TEXT (the escapes of send) and a line
 *                            end to FILE, relative to ${HOME}, making
 *                            its folders
 *   copy FROM TO             copy FROM (relative to the script's folder)
 *                            to TO (relative to ${HOME})
 *   append FILE COUNT TEXT   append TEXT (the escapes of send, no line
 *                            end) COUNT times to FILE, relative to
 *                            ${HOME}: large inputs made at test time
 *   dump                     print the screen
 *   for VAR FROM TO [STEP] ... end   repeat, with ${VAR} replaced
 *
 * A space in TEXT also matches a no-break space on the screen.
 * ROW may be negative: -1 is the last row. SPEC is a comma-separated list
 * of bold dim italic reverse underline fg=N bg=N (N a colour index, or
 * "default"), each optionally prefixed with '!' (must not have it).
 * ${SCRIPTDIR} is the script's folder; ${HOME} the temporary folder that
 * HOME names for the program (XDG_STATE_HOME is ${HOME}/state), the same
 * for every start of one script.
 *
 * Every check polls the screen until it holds or the timeout passes. On
 * failure the screen is printed (text, then a row of attribute letters)
 * and vtdrive exits 1. Keys are sent through libvterm's keyboard, so they
 * follow the modes the program set (application cursor keys). After each
 * key vtdrive waits until the program has read it and is idle again:
 * asleep, nothing left to read, no signal pending, all its output read.
 *
 * libvterm 0.1.4 does not keep SGR 2 (dim); vtdrive rewrites it on the way
 * in to an alternative font (SGR 11), which it reads back as dim. It also
 * takes only the first mode of ESC [ ? a ; b h, so vtdrive splits those.
 *
 * VTDRIVE_WRAPPER, when set, is a command (words split at spaces, found on
 * PATH) that every start runs PROGRAM through, e.g. "valgrind -q";
 * VTDRIVE_TIMEOUT_SCALE multiplies the timeouts a script sets. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

#define MAXLINES 4096
#define MAXVARS  16

static VTerm *vt;
static VTermScreen *vs;
static int master = -1, slave = -1;
static pid_t child = -1;
static bool exited;
static int exit_status;
static int rows = 24, cols = 80;
static double timeout_s = 5.0;

static const char *program;
static const char *script_path;
static char script_dir[PATH_MAX];
static int lineno;
static char tmpdir[PATH_MAX];
static char *stdin_file;
static bool stdin_pipe; /* feed stdin_file through a pipe */
static pid_t feeder = -1;
static char *work_dir;
static bool want_ctty = true;

/* what the program turned on, as libvterm saw it */
static int mouse_mode;
static bool alt_screen, cursor_visible = true;

static char **envv;
static size_t envn;

/* VTDRIVE_WRAPPER: words run before PROGRAM at every start */
#define MAXWRAP 32
static char *wrapper_argv[MAXWRAP];
static int wrapper_argc;

/* every byte the program wrote */
static unsigned char *out_log;
static size_t out_len, out_cap;

/* ---- small helpers ------------------------------------------------------ */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("vtdrive: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d) {
		fputs("vtdrive: out of memory\n", stderr);
		exit(2);
	}
	return d;
}

static void dump_screen(FILE *f);
static void stop_child(void);
static void cleanup(void);

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Report a failed command with the screen, stop the program, exit 1. */
static void fail(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%d: ", script_path, lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (vt)
		dump_screen(stderr);
	stop_child();
	cleanup();
	exit(1);
}

/* ---- the SGR filter: SGR 2 (dim) becomes font 1 ------------------------ */

static enum { F_GROUND, F_ESC, F_CSI } fstate;
static char fbuf[256];
static size_t flen;

static void vt_write(const char *s, size_t n)
{
	if (n)
		vterm_input_write(vt, s, n);
}

/* A complete "ESC [ params m": rewrite 2 and 22, leave colours alone. */
static void rewrite_sgr(const char *params, size_t n)
{
	char out[512];
	size_t o = 0;
	o += (size_t)snprintf(out + o, sizeof out - o, "\033[");
	size_t i = 0;
	int skip = 0; /* parameters that belong to a colour */
	bool first = true;
	while (i <= n) {
		size_t j = i;
		while (j < n && params[j] != ';')
			j++;
		char tok[32];
		size_t tl = j - i < sizeof tok - 1 ? j - i : sizeof tok - 1;
		memcpy(tok, params + i, tl);
		tok[tl] = '\0';
		const char *rep = tok;
		if (skip > 0) {
			skip--;
		} else if (!strcmp(tok, "38") || !strcmp(tok, "48") ||
		           !strcmp(tok, "58")) {
			/* 38;5;N or 38;2;R;G;B: look at the next token */
			size_t k = j < n ? j + 1 : j;
			skip = params[k] == '5' ? 2 : params[k] == '2' ? 4 : 0;
		} else if (!strcmp(tok, "2")) {
			rep = "11";
		} else if (!strcmp(tok, "22")) {
			rep = "22;10";
		}
		if (o + strlen(rep) + 2 < sizeof out)
			o += (size_t)snprintf(out + o, sizeof out - o, "%s%s",
			                      first ? "" : ";", rep);
		first = false;
		i = j + 1;
	}
	if (o + 1 < sizeof out)
		out[o++] = 'm';
	vt_write(out, o);
}

/* libvterm 0.1.4 takes only the first mode of "ESC [ ? a ; b h" (ncurses
 * turns the mouse on with ESC [ ? 1006 ; 1000 h): one sequence a mode. */
static void split_decset(const char *params, size_t n, char final)
{
	size_t i = 0;
	while (i <= n) {
		size_t j = i;
		while (j < n && params[j] != ';')
			j++;
		char seq[64];
		int len =
		    snprintf(seq, sizeof seq, "\033[?%.*s%c",
		             (int)(j - i < 32 ? j - i : 32), params + i, final);
		vt_write(seq, (size_t)len);
		i = j + 1;
	}
}

static void filter_input(const char *s, size_t n)
{
	size_t plain = 0; /* start of a run passed through as is */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (fstate) {
		case F_GROUND:
			if (c == 0x1b) {
				vt_write(s + plain, i - plain);
				fstate = F_ESC;
				flen = 0;
				fbuf[flen++] = (char)c;
			}
			break;
		case F_ESC:
			fbuf[flen++] = (char)c;
			if (c == '[') {
				fstate = F_CSI;
			} else {
				vt_write(fbuf, flen);
				fstate = F_GROUND;
				plain = i + 1;
				if (c == 0x1b) { /* ESC ESC: start again */
					fstate = F_ESC;
					flen = 0;
					fbuf[flen++] = (char)c;
				}
			}
			break;
		case F_CSI:
			fbuf[flen++] = (char)c;
			if (c >= 0x40 && c <= 0x7e) {
				bool plain_sgr = c == 'm';
				for (size_t k = 2; k + 1 < flen; k++)
					if (!isdigit((unsigned char)fbuf[k]) &&
					    fbuf[k] != ';')
						plain_sgr = false;
				if (plain_sgr)
					rewrite_sgr(fbuf + 2, flen - 3);
				else if (fbuf[2] == '?' &&
				         (c == 'h' || c == 'l'))
					split_decset(fbuf + 3, flen - 4, c);
				else
					vt_write(fbuf, flen);
				fstate = F_GROUND;
				plain = i + 1;
			} else if (flen >= sizeof fbuf - 1 || c < 0x20) {
				vt_write(fbuf, flen);
				fstate = F_GROUND;
				plain = i + 1;
			}
			break;
		}
	}
	if (fstate == F_GROUND && plain < n)
		vt_write(s + plain, n - plain);
}

/* ---- the program's side -------------------------------------------------- */

static void log_output(const char *s, size_t n)
{
	if (out_len + n > out_cap) {
		out_cap = (out_len + n) * 2;
		out_log = xrealloc(out_log, out_cap);
	}
	memcpy(out_log + out_len, s, n);
	out_len += n;
}

static void reap(bool block)
{
	if (child <= 0 || exited)
		return;
	int st;
	pid_t r = waitpid(child, &st, block ? 0 : WNOHANG);
	if (r == child) {
		exited = true;
		exit_status = st;
	}
}

/* Read what the program wrote, waiting at most ms for the first byte.
 * Returns the number of bytes read. */
static size_t pump(int ms)
{
	size_t total = 0;
	if (master < 0)
		return 0;
	for (;;) {
		struct pollfd p = {master, POLLIN, 0};
		int r = poll(&p, 1, total ? 0 : ms);
		if (r <= 0 || !(p.revents & POLLIN))
			break;
		char buf[8192];
		ssize_t n = read(master, buf, sizeof buf);
		if (n <= 0)
			break;
		log_output(buf, (size_t)n);
		filter_input(buf, (size_t)n);
		total += (size_t)n;
	}
	reap(false);
	return total;
}

/* libvterm's answers and the keys we press go to the program. */
static void to_program(const char *s, size_t len, void *user)
{
	(void)user;
	while (len > 0 && master >= 0) {
		ssize_t n = write(master, s, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				pump(1);
				continue;
			}
			return;
		}
		s += n;
		len -= (size_t)n;
	}
}

static char proc_state(void)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)child);
	FILE *f = fopen(path, "r");
	if (!f)
		return '?';
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

/* Any signal pending for the program (SigPnd or ShdPnd not zero)? */
static bool signal_pending(void)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)child);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	bool pending = false;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "SigPnd:", 7) ||
		    !strncmp(line, "ShdPnd:", 7))
			if (strtoull(line + 7, NULL, 16) != 0)
				pending = true;
	fclose(f);
	return pending;
}

/* Bytes the program has read so far (rchar), or -1. */
static long long proc_rchar(void)
{
	char path[64], line[128];
	snprintf(path, sizeof path, "/proc/%d/io", (int)child);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	long long v = -1;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "rchar:", 6))
			v = strtoll(line + 6, NULL, 10);
	fclose(f);
	return v;
}

static int queued(int fd)
{
	int n = 0;
	if (fd < 0 || ioctl(fd, FIONREAD, &n) < 0)
		return 0;
	return n;
}

/* Wait until the program is idle: asleep, its input read, no signal
 * pending, its output all read, three times in a row. */
static void settle(void)
{
	double end = now() + timeout_s;
	int stable = 0;
	while (now() < end) {
		pump(0);
		if (exited || child <= 0) {
			pump(0);
			return;
		}
		bool idle = proc_state() == 'S' && queued(slave) == 0 &&
		            queued(master) == 0 && !signal_pending();
		stable = idle ? stable + 1 : 0;
		if (stable >= 3)
			return;
		pump(2);
	}
	fail("the program did not settle within %.1f s (state %c)", timeout_s,
	     proc_state());
}

/* After sending keys: wait until they reached the program (in its input
 * queue or already read), then until it is idle. */
static void after_input(long long rchar_before)
{
	double end = now() + timeout_s;
	while (now() < end && !exited) {
		if (queued(slave) > 0)
			break;
		long long r = proc_rchar();
		if (r < 0 || r > rchar_before)
			break;
		if (proc_state() == 'R')
			break;
		pump(1);
	}
	settle();
}

static void stop_child(void)
{
	if (child > 0 && !exited) {
		kill(child, SIGKILL);
		reap(true);
	}
	child = -1;
	if (feeder > 0) {
		kill(feeder, SIGKILL);
		waitpid(feeder, NULL, 0);
		feeder = -1;
	}
	if (master >= 0)
		close(master);
	if (slave >= 0)
		close(slave);
	master = slave = -1;
}

static void set_env(char *assignment)
{
	size_t n = strcspn(assignment, "=");
	for (size_t i = 0; i < envn; i++)
		if (!strncmp(envv[i], assignment, n) &&
		    (envv[i][n] == '=' || envv[i][n] == '\0')) {
			free(envv[i]);
			envv[i] = assignment;
			return;
		}
	envv = xrealloc(envv, (envn + 2) * sizeof *envv);
	envv[envn++] = assignment;
	envv[envn] = NULL;
}

static void unset_env(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < envn; i++)
		if (!strncmp(envv[i], name, n) && envv[i][n] == '=') {
			free(envv[i]);
			envv[i] = envv[--envn];
			envv[envn] = NULL;
			return;
		}
}

static void init_env(void)
{
	extern char **environ;
	envv = xrealloc(NULL, sizeof *envv);
	envv[0] = NULL;
	for (char **e = environ; *e; e++)
		set_env(xstrdup(*e));
	static const char *const drop[] = {
	    "LC_ALL",        "LC_CTYPE",        "LC_MESSAGES",
	    "LINES",         "COLUMNS",         "NO_COLOR",
	    "ESCDELAY",      "TERMINFO",        "TERMINFO_DIRS",
	    "TMUX",          "XDG_CONFIG_HOME", "XDG_STATE_HOME",
	    "XDG_DATA_HOME", "XDG_CACHE_HOME",  "TERMCAP"};
	for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
		unset_env(drop[i]);
	char buf[PATH_MAX + 32];
	set_env(xstrdup("TERM=xterm-256color"));
	set_env(xstrdup("LANG=C.UTF-8"));
	snprintf(buf, sizeof buf, "HOME=%s", tmpdir);
	set_env(xstrdup(buf));
	snprintf(buf, sizeof buf, "XDG_STATE_HOME=%s/state", tmpdir);
	set_env(xstrdup(buf));
	snprintf(buf, sizeof buf, "XDG_CONFIG_HOME=%s/config", tmpdir);
	set_env(xstrdup(buf));
	snprintf(buf, sizeof buf, "XDG_CACHE_HOME=%s/cache", tmpdir);
	set_env(xstrdup(buf));
}

static int on_termprop(VTermProp prop, VTermValue *val, void *user)
{
	(void)user;
	if (prop == VTERM_PROP_MOUSE)
		mouse_mode = val->number;
	else if (prop == VTERM_PROP_ALTSCREEN)
		alt_screen = val->boolean;
	else if (prop == VTERM_PROP_CURSORVISIBLE)
		cursor_visible = val->boolean;
	return 1;
}

static const VTermScreenCallbacks screen_callbacks = {
    .settermprop = on_termprop,
};

static void new_vterm(void)
{
	if (vt)
		vterm_free(vt);
	vt = vterm_new(rows, cols);
	vterm_set_utf8(vt, 1);
	vterm_output_set_callback(vt, to_program, NULL);
	vs = vterm_obtain_screen(vt);
	vterm_screen_enable_altscreen(vs, 1);
	vterm_screen_set_callbacks(vs, &screen_callbacks, NULL);
	mouse_mode = 0;
	alt_screen = false;
	cursor_visible = true;
	vterm_screen_reset(vs, 1);
	fstate = F_GROUND;
	out_len = 0;
}

static void start(char **argv)
{
	stop_child();
	new_vterm();
	exited = false;
	struct winsize ws = {(unsigned short)rows, (unsigned short)cols, 0, 0};
	if (openpty(&master, &slave, NULL, NULL, &ws) < 0)
		fail("openpty: %s", strerror(errno));
	int in = -1;
	if (stdin_file && stdin_pipe) {
		int src = open(stdin_file, O_RDONLY | O_CLOEXEC);
		if (src < 0)
			fail("%s: %s", stdin_file, strerror(errno));
		int p[2];
		if (pipe2(p, O_CLOEXEC) < 0)
			fail("pipe: %s", strerror(errno));
		fflush(NULL);
		feeder = fork();
		if (feeder < 0)
			fail("fork: %s", strerror(errno));
		if (feeder == 0) {
			/* the other side of "cat FILE | program" */
			char buf[8192];
			ssize_t n;
			while ((n = read(src, buf, sizeof buf)) > 0)
				if (write(p[1], buf, (size_t)n) != n)
					_exit(1);
			_exit(0);
		}
		close(src);
		close(p[1]);
		in = p[0];
	} else if (stdin_file) {
		in = open(stdin_file, O_RDONLY);
		if (in < 0)
			fail("%s: %s", stdin_file, strerror(errno));
	}
	fflush(NULL);
	child = fork();
	if (child < 0)
		fail("fork: %s", strerror(errno));
	if (child == 0) {
		close(master);
		setsid();
		if (want_ctty)
			ioctl(slave, TIOCSCTTY, 0);
		if (work_dir && chdir(work_dir) < 0) {
			fprintf(stderr, "vtdrive: %s: %s\n", work_dir,
			        strerror(errno));
			_exit(127);
		}
		dup2(in >= 0 ? in : slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		if (slave > 2)
			close(slave);
		if (in > 2)
			close(in);
		if (wrapper_argc > 0) {
			/* VTDRIVE_WRAPPER: e.g. valgrind, found on PATH */
			execvpe(argv[0], argv, envv);
			fprintf(stderr, "vtdrive: %s: %s\n", argv[0],
			        strerror(errno));
			_exit(127);
		}
		execve(program, argv, envv);
		fprintf(stderr, "vtdrive: %s: %s\n", program, strerror(errno));
		_exit(127);
	}
	if (in >= 0)
		close(in);
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	/* the first screen: wait for output, then for quiet */
	double end = now() + timeout_s;
	while (now() < end && !exited && pump(10) == 0)
		;
	settle();
}

/* ---- the screen ------------------------------------------------------- */

typedef struct {
	char text[4096]; /* the row as UTF-8 */
	int col[4096];   /* the column of each byte of text */
	size_t len;
} row_text;

static void get_cell(int r, int c, VTermScreenCell *cell)
{
	memset(cell, 0, sizeof *cell);
	vterm_screen_get_cell(vs, (VTermPos){r, c}, cell);
}

static size_t put_utf8(char *o, uint32_t u)
{
	if (u < 0x80) {
		o[0] = (char)u;
		return 1;
	}
	if (u < 0x800) {
		o[0] = (char)(0xc0 | (u >> 6));
		o[1] = (char)(0x80 | (u & 0x3f));
		return 2;
	}
	if (u < 0x10000) {
		o[0] = (char)(0xe0 | (u >> 12));
		o[1] = (char)(0x80 | ((u >> 6) & 0x3f));
		o[2] = (char)(0x80 | (u & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (u >> 18));
	o[1] = (char)(0x80 | ((u >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((u >> 6) & 0x3f));
	o[3] = (char)(0x80 | (u & 0x3f));
	return 4;
}

/* Row r's text: each cell's characters (a blank for an empty cell); the
 * right half of a wide character adds nothing. */
static void read_row(int r, row_text *rt)
{
	rt->len = 0;
	for (int c = 0; c < cols; c++) {
		VTermScreenCell cell;
		get_cell(r, c, &cell);
		size_t start = rt->len;
		if (cell.chars[0] == 0 || cell.chars[0] == (uint32_t)-1) {
			if (rt->len + 1 < sizeof rt->text)
				rt->text[rt->len++] = ' ';
		} else {
			for (int k = 0;
			     k < VTERM_MAX_CHARS_PER_CELL && cell.chars[k] &&
			     rt->len + 4 < sizeof rt->text;
			     k++)
				rt->len +=
				    put_utf8(rt->text + rt->len, cell.chars[k]);
		}
		for (size_t b = start; b < rt->len; b++)
			rt->col[b] = c;
		if (cell.width == 2)
			c++;
	}
	rt->text[rt->len] = '\0';
}

static bool cell_dim(const VTermScreenCell *c) { return c->attrs.font == 1; }

static bool has_color(const VTermScreenCell *c)
{
	return !VTERM_COLOR_IS_DEFAULT_FG(&c->fg) ||
	       !VTERM_COLOR_IS_DEFAULT_BG(&c->bg);
}

static char attr_letter(const VTermScreenCell *c)
{
	char l = ' ';
	if (c->attrs.italic)
		l = 'i';
	if (cell_dim(c))
		l = 'd';
	if (c->attrs.bold)
		l = 'b';
	if (c->attrs.bold && cell_dim(c))
		l = 'x';
	if (c->attrs.underline)
		l = 'u';
	if (c->attrs.reverse)
		l = 'r';
	if (has_color(c))
		l = l == ' ' ? 'c' : (char)toupper((unsigned char)l);
	return l;
}

static void dump_screen(FILE *f)
{
	fprintf(f,
	        "--- screen %dx%d (attributes: b bold, d dim, x bold+dim, i "
	        "italic, u underline, r reverse; capital: also coloured, c: "
	        "colour only)\n",
	        cols, rows);
	for (int r = 0; r < rows; r++) {
		row_text rt;
		read_row(r, &rt);
		fprintf(f, "%3d|%s|\n   |", r, rt.text);
		for (int c = 0; c < cols; c++) {
			VTermScreenCell cell;
			get_cell(r, c, &cell);
			fputc(attr_letter(&cell), f);
			if (cell.width == 2 && c + 1 < cols) {
				fputc(attr_letter(&cell), f);
				c++;
			}
		}
		fputs("|\n", f);
	}
	fputs("---\n", f);
}

/* ---- checks ----------------------------------------------------------- */

/* Text comparisons take a no-break space (U+00A0) on the screen for a
 * space in the script. The length of hay matched by needle at h, or -1. */
static long match_at(const char *h, const char *needle)
{
	const char *h0 = h;
	for (; *needle; needle++) {
		if (*needle == ' ' && (unsigned char)h[0] == 0xc2 &&
		    (unsigned char)h[1] == 0xa0)
			h += 2;
		else if (*h == *needle)
			h++;
		else
			return -1;
	}
	return h - h0;
}

static const char *find_text(const char *hay, const char *needle)
{
	for (; *hay; hay++)
		if (match_at(hay, needle) >= 0)
			return hay;
	return *needle ? NULL : hay;
}

static int row_index(const char *s)
{
	char *end;
	long r = strtol(s, &end, 10);
	if (end == s || *end)
		fail("not a row number: %s", s);
	if (r < 0)
		r += rows;
	if (r < 0 || r >= rows)
		fail("row %s is off the %d-row screen", s, rows);
	return (int)r;
}

static const char *trimmed(row_text *rt)
{
	char *s = rt->text;
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

typedef bool (*check_fn)(char **a, int n, char *rest, char *why, size_t whylen);

/* Poll: refresh the screen and try the check until it holds or the
 * timeout passes; then fail with its last reason. */
static void poll_check(check_fn fn, char **a, int n, char *rest)
{
	char why[1024] = "";
	double end = now() + timeout_s;
	for (;;) {
		pump(0);
		if (fn(a, n, rest, why, sizeof why))
			return;
		if (now() >= end)
			break;
		pump(5);
	}
	fail("%s", why);
}

static bool chk_row(char **a, int n, char *rest, char *why, size_t wl, int how)
{
	(void)n;
	int r = row_index(a[1]);
	row_text rt;
	read_row(r, &rt);
	const char *t = trimmed(&rt);
	long m = match_at(t, rest);
	bool ok = how == 0   ? m >= 0
	          : how == 1 ? find_text(rt.text, rest) != NULL
	                     : m >= 0 && t[m] == '\0';
	static const char *const verbs[] = {"start with", "contain", "be"};
	snprintf(why, wl, "row %d should %s \"%s\" but is \"%s\"", r,
	         verbs[how], rest, t);
	return ok;
}

static bool chk_row_starts(char **a, int n, char *rest, char *why, size_t wl)
{
	return chk_row(a, n, rest, why, wl, 0);
}
static bool chk_row_has(char **a, int n, char *rest, char *why, size_t wl)
{
	return chk_row(a, n, rest, why, wl, 1);
}
static bool chk_row_is(char **a, int n, char *rest, char *why, size_t wl)
{
	return chk_row(a, n, rest, why, wl, 2);
}

static bool chk_at(char **a, int n, char *rest, char *why, size_t wl)
{
	(void)n;
	int r = row_index(a[1]), c = atoi(a[2]);
	row_text rt;
	read_row(r, &rt);
	size_t b = 0;
	while (b < rt.len && rt.col[b] < c)
		b++;
	snprintf(why, wl,
	         "row %d from column %d should start with \"%s\" but is \"%s\"",
	         r, c, rest, rt.text + b);
	return match_at(rt.text + b, rest) >= 0;
}

static int find_on_screen(const char *text)
{
	for (int r = 0; r < rows; r++) {
		row_text rt;
		read_row(r, &rt);
		if (find_text(rt.text, text))
			return r;
	}
	return -1;
}

static bool chk_screen_has(char **a, int n, char *rest, char *why, size_t wl)
{
	(void)a, (void)n;
	snprintf(why, wl, "\"%s\" is not on the screen", rest);
	return find_on_screen(rest) >= 0;
}

/* Does the cell match every item of the comma-separated SPEC? */
static bool match_spec(const VTermScreenCell *c, const char *spec,
                       bool negate_all, char *why, size_t wl)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", spec);
	for (char *save, *it = strtok_r(buf, ",", &save); it;
	     it = strtok_r(NULL, ",", &save)) {
		bool neg = negate_all;
		if (*it == '!') {
			neg = !neg;
			it++;
		}
		bool have = false;
		if (!strcmp(it, "bold"))
			have = c->attrs.bold;
		else if (!strcmp(it, "dim"))
			have = cell_dim(c);
		else if (!strcmp(it, "italic"))
			have = c->attrs.italic;
		else if (!strcmp(it, "reverse"))
			have = c->attrs.reverse;
		else if (!strcmp(it, "underline"))
			have = c->attrs.underline != 0;
		else if (!strncmp(it, "fg=", 3) || !strncmp(it, "bg=", 3)) {
			const VTermColor *col = it[0] == 'f' ? &c->fg : &c->bg;
			bool def = it[0] == 'f'
			               ? VTERM_COLOR_IS_DEFAULT_FG(col)
			               : VTERM_COLOR_IS_DEFAULT_BG(col);
			if (!strcmp(it + 3, "default"))
				have = def;
			else
				have = !def && VTERM_COLOR_IS_INDEXED(col) &&
				       col->indexed.idx == atoi(it + 3);
		} else {
			fail("unknown attribute '%s'", it);
		}
		if (have == neg) {
			snprintf(why, wl, "the cell should %shave %s",
			         neg ? "not " : "", it);
			return false;
		}
	}
	return true;
}

static bool chk_attr_common(char **a, int n, char *why, size_t wl, bool neg)
{
	if (n < 4)
		fail("usage: %s ROW COL SPEC", a[0]);
	int r = row_index(a[1]);
	int c = atoi(a[2]);
	if (c < 0 || c >= cols)
		fail("column %d is off the screen", c);
	VTermScreenCell cell;
	get_cell(r, c, &cell);
	char sub[512];
	bool ok = match_spec(&cell, a[3], neg, sub, sizeof sub);
	snprintf(why, wl, "row %d column %d ('%c', attributes '%c'): %s", r, c,
	         cell.chars[0] > 32 && cell.chars[0] < 127 ? (char)cell.chars[0]
	                                                   : '?',
	         attr_letter(&cell), sub);
	return ok;
}

static bool chk_attr(char **a, int n, char *rest, char *why, size_t wl)
{
	(void)rest;
	return chk_attr_common(a, n, why, wl, false);
}
static bool chk_no_attr(char **a, int n, char *rest, char *why, size_t wl)
{
	(void)rest;
	return chk_attr_common(a, n, why, wl, true);
}

static bool chk_text_attr(char **a, int n, char *rest, char *why, size_t wl)
{
	(void)n;
	int r = row_index(a[1]);
	row_text rt;
	read_row(r, &rt);
	const char *p = find_text(rt.text, rest);
	if (!p || !*rest) {
		snprintf(why, wl, "row %d does not contain \"%s\"", r, rest);
		return false;
	}
	size_t b0 = (size_t)(p - rt.text), b1 = b0 + (size_t)match_at(p, rest);
	for (size_t b = b0; b < b1; b++) {
		if (rt.text[b] == ' ' || (b > b0 && rt.col[b] == rt.col[b - 1]))
			continue;
		VTermScreenCell cell;
		get_cell(r, rt.col[b], &cell);
		char sub[512];
		if (!match_spec(&cell, a[2], false, sub, sizeof sub)) {
			snprintf(why, wl,
			         "\"%s\" on row %d, column %d (attributes "
			         "'%c'): %s",
			         rest, r, rt.col[b], attr_letter(&cell), sub);
			return false;
		}
	}
	return true;
}

static bool chk_color(char **a, int n, char *rest, char *why, size_t wl,
                      bool want)
{
	(void)a, (void)n, (void)rest;
	for (int r = 0; r < rows; r++)
		for (int c = 0; c < cols; c++) {
			VTermScreenCell cell;
			get_cell(r, c, &cell);
			if (has_color(&cell)) {
				snprintf(why, wl,
				         "row %d column %d is coloured", r, c);
				return want;
			}
		}
	snprintf(why, wl, "no cell is coloured");
	return !want;
}

static bool chk_no_color(char **a, int n, char *rest, char *why, size_t wl)
{
	return chk_color(a, n, rest, why, wl, false);
}
static bool chk_some_color(char **a, int n, char *rest, char *why, size_t wl)
{
	return chk_color(a, n, rest, why, wl, true);
}

static bool within(int left, int width, char *why, size_t wl)
{
	for (int r = 0; r + 1 < rows; r++)
		for (int c = 0; c < cols; c++) {
			VTermScreenCell cell;
			get_cell(r, c, &cell);
			bool blank = cell.chars[0] == 0 ||
			             cell.chars[0] == ' ' ||
			             cell.chars[0] == (uint32_t)-1;
			int w = cell.width > 1 ? cell.width : 1;
			if (!blank && (c < left || c + w > left + width)) {
				snprintf(
				    why, wl,
				    "row %d: a character at column %d%s is "
				    "outside the text column %d..%d",
				    r, c, w > 1 ? " (wide)" : "", left,
				    left + width - 1);
				return false;
			}
			if (w > 1)
				c++;
		}
	return true;
}

static bool chk_within(char **a, int n, char *rest, char *why, size_t wl)
{
	(void)rest;
	if (n < 3)
		fail("usage: expect-within LEFT WIDTH");
	return within(atoi(a[1]), atoi(a[2]), why, wl);
}

static bool chk_in_column(char **a, int n, char *rest, char *why, size_t wl)
{
	(void)rest;
	if (n < 2)
		fail("usage: expect-in-column MEASURE");
	int measure = atoi(a[1]);
	int margin = cols >= 40 ? 2 : cols >= 24 ? 1 : 0;
	int avail = cols > 2 * margin ? cols - 2 * margin : 1;
	int w = measure < avail ? measure : avail;
	return within((cols - w) / 2, w, why, wl);
}

static const char *const sig_names[] = {
    [SIGTERM] = "TERM", [SIGHUP] = "HUP",   [SIGINT] = "INT",
    [SIGQUIT] = "QUIT", [SIGKILL] = "KILL", [SIGWINCH] = "WINCH",
    [SIGSEGV] = "SEGV", [SIGABRT] = "ABRT", [SIGCONT] = "CONT",
    [SIGTSTP] = "TSTP", [SIGUSR1] = "USR1", [SIGBUS] = "BUS",
    [SIGFPE] = "FPE",   [SIGILL] = "ILL",   [SIGPIPE] = "PIPE",
};

static int signal_number(const char *name)
{
	if (!strncmp(name, "SIG", 3))
		name += 3;
	for (size_t i = 0; i < sizeof sig_names / sizeof *sig_names; i++)
		if (sig_names[i] && !strcmp(sig_names[i], name))
			return (int)i;
	fail("unknown signal %s", name);
	return 0;
}

static void wait_exit(void)
{
	double end = now() + timeout_s;
	while (!exited && now() < end)
		pump(5);
	pump(0);
	if (!exited)
		fail("the program did not exit within %.1f s", timeout_s);
}

static void describe_status(char *buf, size_t n)
{
	if (WIFEXITED(exit_status))
		snprintf(buf, n, "exit status %d", WEXITSTATUS(exit_status));
	else if (WIFSIGNALED(exit_status))
		snprintf(buf, n, "killed by signal %d%s", WTERMSIG(exit_status),
		         WCOREDUMP(exit_status) ? " (core dumped)" : "");
	else
		snprintf(buf, n, "status %#x", exit_status);
}

static void expect_clean_output(void)
{
	pump(0);
	const unsigned char *s = out_log;
	for (size_t i = 0; i < out_len; i++) {
		unsigned char c = s[i];
		if (c == 0x1b && i + 1 < out_len && strchr("]P_^X", s[i + 1]) &&
		    s[i + 1])
			fail("the program wrote ESC %c at byte %zu", s[i + 1],
			     i);
		if (c < 0x80)
			continue;
		/* a UTF-8 sequence, or a stray byte */
		size_t len = c >= 0xf0 && c < 0xf8   ? 4
		             : c >= 0xe0 && c < 0xf0 ? 3
		             : c >= 0xc2 && c < 0xe0 ? 2
		                                     : 0;
		bool valid = len > 0 && i + len <= out_len;
		uint32_t u = len == 2   ? c & 0x1f
		             : len == 3 ? c & 0x0f
		                        : c & 0x07;
		for (size_t k = 1; valid && k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				valid = false;
			u = (u << 6) | (s[i + k] & 0x3f);
		}
		if (!valid) {
			if (c >= 0x80 && c <= 0x9f)
				fail(
				    "the program wrote a raw C1 byte 0x%02X at "
				    "byte %zu",
				    c, i);
			continue;
		}
		if (u >= 0x80 && u <= 0x9f)
			fail("the program wrote U+%04X (a C1 control) at byte "
			     "%zu",
			     u, i);
		if ((u >= 0x202a && u <= 0x202e) ||
		    (u >= 0x2066 && u <= 0x2069) || u == 0x200e ||
		    u == 0x200f || u == 0x061c)
			fail("the program wrote the bidi control U+%04X at "
			     "byte %zu",
			     u, i);
		i += len - 1;
	}
}

/* \e, \xHH, \\ in TEXT; returns the length */
static size_t unescape(const char *in, char *out)
{
	size_t o = 0;
	for (; *in; in++) {
		if (*in != '\\' || !in[1]) {
			out[o++] = *in;
			continue;
		}
		in++;
		if (*in == 'e')
			out[o++] = 0x1b;
		else if (*in == 'r')
			out[o++] = '\r';
		else if (*in == 'n')
			out[o++] = '\n';
		else if (*in == 't')
			out[o++] = '\t';
		else if (*in == 'x' && isxdigit((unsigned char)in[1]) &&
		         isxdigit((unsigned char)in[2])) {
			char h[3] = {in[1], in[2], 0};
			out[o++] = (char)strtol(h, NULL, 16);
			in += 2;
		} else
			out[o++] = *in;
	}
	return o;
}

/* ---- keys --------------------------------------------------------------- */

static const struct {
	const char *name;
	VTermKey key;
} key_names[] = {
    {"Enter", VTERM_KEY_ENTER}, {"Tab", VTERM_KEY_TAB},
    {"Esc", VTERM_KEY_ESCAPE},  {"Backspace", VTERM_KEY_BACKSPACE},
    {"Up", VTERM_KEY_UP},       {"Down", VTERM_KEY_DOWN},
    {"Left", VTERM_KEY_LEFT},   {"Right", VTERM_KEY_RIGHT},
    {"Home", VTERM_KEY_HOME},   {"End", VTERM_KEY_END},
    {"PgUp", VTERM_KEY_PAGEUP}, {"PgDn", VTERM_KEY_PAGEDOWN},
    {"Insert", VTERM_KEY_INS},  {"Delete", VTERM_KEY_DEL},
};

/* Press one named key; returns whether it was a lone Esc. */
static bool press(const char *name)
{
	long long before = proc_rchar();
	bool esc = false;
	if (!strcmp(name, "Space")) {
		vterm_keyboard_unichar(vt, ' ', VTERM_MOD_NONE);
	} else if (name[0] == '^' && name[1] && !name[2]) {
		vterm_keyboard_unichar(
		    vt, (uint32_t)tolower((unsigned char)name[1]),
		    VTERM_MOD_CTRL);
	} else if (name[0] == 'F' && isdigit((unsigned char)name[1])) {
		vterm_keyboard_key(vt, VTERM_KEY_FUNCTION(atoi(name + 1)),
		                   VTERM_MOD_NONE);
	} else if (strlen(name) == 1) {
		vterm_keyboard_unichar(vt, (unsigned char)name[0],
		                       VTERM_MOD_NONE);
	} else {
		size_t i;
		for (i = 0; i < sizeof key_names / sizeof *key_names; i++)
			if (!strcmp(key_names[i].name, name))
				break;
		if (i == sizeof key_names / sizeof *key_names)
			fail("unknown key name '%s'", name);
		vterm_keyboard_key(vt, key_names[i].key, VTERM_MOD_NONE);
		esc = key_names[i].key == VTERM_KEY_ESCAPE;
	}
	after_input(before);
	if (esc) {
		/* the one timed wait: curses takes a lone ESC as the Esc
		 * key only when nothing follows within its ESCDELAY */
		double end = now() + 0.15;
		while (now() < end)
			pump(10);
		settle();
	}
	return esc;
}

static void type_text(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		uint32_t u = *p;
		size_t len = 1;
		if (u >= 0xf0)
			u &= 0x07, len = 4;
		else if (u >= 0xe0)
			u &= 0x0f, len = 3;
		else if (u >= 0xc0)
			u &= 0x1f, len = 2;
		for (size_t k = 1; k < len && p[k]; k++)
			u = (u << 6) | (p[k] & 0x3f);
		long long before = proc_rchar();
		vterm_keyboard_unichar(vt, u, VTERM_MOD_NONE);
		after_input(before);
		p += len;
	}
}

/* Raw bytes to the terminal, as one write. */
static void send_raw(const char *text, bool wait_idle)
{
	char buf[4096];
	size_t n = unescape(text, buf);
	long long before = proc_rchar();
	to_program(buf, n, NULL);
	if (wait_idle)
		after_input(before);
	else
		pump(0);
}

/* The mouse at row r, column c: libvterm encodes it in whatever mode the
 * program asked for (for ncurses and xterm-256color, SGR 1006). */
static void mouse(const char *action, int r, int c)
{
	if (r < 0 || r >= rows || c < 0 || c >= cols)
		fail("mouse: %d %d is off the %dx%d screen", r, c, cols, rows);
	pump(0);
	if (!mouse_mode)
		fail("mouse: the program has not turned on mouse reporting");
	static const struct {
		const char *name;
		int button;
		int press; /* 1 press, 0 release, 2 both */
	} acts[] = {{"click", 1, 2},
	            {"press", 1, 1},
	            {"release", 1, 0},
	            {"wheel-up", 4, 1},
	            {"wheel-down", 5, 1}};
	size_t i;
	for (i = 0; i < sizeof acts / sizeof *acts; i++)
		if (!strcmp(acts[i].name, action))
			break;
	if (i == sizeof acts / sizeof *acts)
		fail("mouse: unknown action '%s'", action);
	long long before = proc_rchar();
	vterm_mouse_move(vt, r, c, VTERM_MOD_NONE);
	if (acts[i].press)
		vterm_mouse_button(vt, acts[i].button, true, VTERM_MOD_NONE);
	if (acts[i].press != 1)
		vterm_mouse_button(vt, acts[i].button, false, VTERM_MOD_NONE);
	after_input(before);
}

static void expect_tty_sane(void)
{
	struct termios t;
	if (slave < 0 || tcgetattr(slave, &t) < 0)
		fail("expect-tty-sane: no terminal (%s)", strerror(errno));
	static const struct {
		const char *name;
		int which; /* 0 lflag, 1 iflag, 2 oflag */
		tcflag_t bit;
	} need[] = {{"icanon", 0, ICANON}, {"echo", 0, ECHO},
	            {"isig", 0, ISIG},     {"icrnl", 1, ICRNL},
	            {"opost", 2, OPOST},   {"onlcr", 2, ONLCR}};
	char missing[128] = "";
	for (size_t i = 0; i < sizeof need / sizeof *need; i++) {
		tcflag_t f = need[i].which == 0   ? t.c_lflag
		             : need[i].which == 1 ? t.c_iflag
		                                  : t.c_oflag;
		if (!(f & need[i].bit))
			snprintf(missing + strlen(missing),
			         sizeof missing - strlen(missing), " -%s",
			         need[i].name);
	}
	if (missing[0])
		fail("the terminal is not in cooked mode:%s", missing);
}

/* expect-screen-mode, expect-cursor: WANT is YES or NO; *flag says
 * which holds once the program is idle. */
static void expect_flag(const char *cmd, const char *want, const bool *flag,
                        const char *yes, const char *no)
{
	if (strcmp(want, yes) && strcmp(want, no))
		fail("usage: %s %s|%s", cmd, yes, no);
	if (child > 0)
		settle();
	pump(0);
	if (*flag != !strcmp(want, yes))
		fail("%s: it is %s", cmd, *flag ? yes : no);
}

static void do_resize(int c, int r)
{
	if (c < 1 || r < 1 || c > 1000 || r > 1000)
		fail("bad size %dx%d", c, r);
	cols = c;
	rows = r;
	vterm_set_size(vt, rows, cols);
	if (master < 0)
		return;
	struct winsize ws = {(unsigned short)rows, (unsigned short)cols, 0, 0};
	ioctl(master, TIOCSWINSZ, &ws);
	/* the kernel signals the foreground process group itself; say it
	 * again in case the program is not in it */
	if (child > 0 && !exited)
		kill(child, SIGWINCH);
	settle();
}

/* ---- the script ------------------------------------------------------ */

static char *lines[MAXLINES];
static int line_no[MAXLINES];
static int nlines;

static struct {
	char name[32];
	long value, to, step;
	int body; /* first line of the body */
} loops[MAXVARS];
static int nloops;

/* ${NAME}: a loop variable or SCRIPTDIR */
static void substitute(const char *in, char *out, size_t n)
{
	size_t o = 0;
	while (*in && o + 1 < n) {
		if (in[0] == '$' && in[1] == '{') {
			const char *e = strchr(in, '}');
			if (e) {
				char name[64];
				size_t l = (size_t)(e - in - 2);
				if (l >= sizeof name)
					l = sizeof name - 1;
				memcpy(name, in + 2, l);
				name[l] = '\0';
				char val[PATH_MAX];
				val[0] = '\0';
				bool found = false;
				if (!strcmp(name, "SCRIPTDIR") ||
				    !strcmp(name, "HOME")) {
					snprintf(val, sizeof val, "%s",
					         name[0] == 'S' ? script_dir
					                        : tmpdir);
					found = true;
				}
				for (int i = nloops - 1; i >= 0 && !found; i--)
					if (!strcmp(loops[i].name, name)) {
						snprintf(val, sizeof val, "%ld",
						         loops[i].value);
						found = true;
					}
				if (!found)
					fail("unknown variable ${%s}", name);
				o +=
				    (size_t)snprintf(out + o, n - o, "%s", val);
				if (o >= n)
					o = n - 1;
				in = e + 1;
				continue;
			}
		}
		out[o++] = *in++;
	}
	out[o] = '\0';
}

static void load_script(void)
{
	FILE *f = fopen(script_path, "r");
	if (!f) {
		fprintf(stderr, "vtdrive: %s: %s\n", script_path,
		        strerror(errno));
		exit(2);
	}
	char buf[4096];
	int n = 0;
	while (fgets(buf, sizeof buf, f)) {
		n++;
		buf[strcspn(buf, "\n")] = '\0';
		char *s = buf;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		if (nlines == MAXLINES) {
			fprintf(stderr, "vtdrive: %s: too long\n", script_path);
			exit(2);
		}
		line_no[nlines] = n;
		lines[nlines++] = xstrdup(s);
	}
	fclose(f);
}

/* Split off the first n words; *rest is the remainder of the line. */
static int split(char *s, char **a, int max, char **rest)
{
	int n = 0;
	*rest = s + strlen(s);
	while (*s && n < max) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		a[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s) {
			*s++ = '\0';
			if (n == max) {
				*rest = s;
				break;
			}
		} else {
			*rest = s;
		}
	}
	return n;
}

static void need_session(const char *cmd)
{
	if (child <= 0)
		fail("%s: no program running (start it first)", cmd);
}

static void run_line(char *line, int *pc)
{
	char buf[4096];
	substitute(line, buf, sizeof buf);
	char *a[64], *rest;
	char cmd[64];
	snprintf(cmd, sizeof cmd, "%.*s", (int)strcspn(buf, " \t"), buf);
	/* how many words come before the free text */
	int words =
	    !strcmp(cmd, "wait") || !strcmp(cmd, "keys") ||
	            !strcmp(cmd, "scribble") ||
	            !strcmp(cmd, "expect-screen-has") ||
	            !strcmp(cmd, "expect-screen-lacks") ||
	            !strcmp(cmd, "expect-output-has") ||
	            !strcmp(cmd, "expect-output-lacks") ||
	            !strcmp(cmd, "expect-output-is") || !strcmp(cmd, "send") ||
	            !strcmp(cmd, "send-busy")
	        ? 1
	    : !strcmp(cmd, "wait-row") || !strcmp(cmd, "expect-row") ||
	            !strcmp(cmd, "expect-row-has") ||
	            !strcmp(cmd, "expect-row-is") || !strcmp(cmd, "write")
	        ? 2
	    : !strcmp(cmd, "expect-text-attr") || !strcmp(cmd, "expect-at") ||
	            !strcmp(cmd, "key-until") || !strcmp(cmd, "append")
	        ? 3
	        : 64;
	int n = split(buf, a, words, &rest);
	if (words == 64)
		rest = (char *)"";
	if (n < words && words != 64 && strcmp(cmd, "expect-row-is"))
		fail("%s needs %d argument%s before its text", cmd, words - 1,
		     words == 2 ? "" : "s");

	if (!strcmp(cmd, "size")) {
		int c = 0, r = 0;
		if (n < 2 || (sscanf(a[1], "%dx%d", &c, &r) != 2 &&
		              (n < 3 || sscanf(a[1], "%d", &c) != 1 ||
		               sscanf(a[2], "%d", &r) != 1)))
			fail("usage: size COLSxROWS");
		cols = c;
		rows = r;
	} else if (!strcmp(cmd, "env")) {
		if (n < 2 || !strchr(a[1], '='))
			fail("usage: env NAME=VALUE");
		set_env(xstrdup(a[1]));
	} else if (!strcmp(cmd, "unset")) {
		for (int i = 1; i < n; i++)
			unset_env(a[i]);
	} else if (!strcmp(cmd, "stdin") || !strcmp(cmd, "stdin-pipe")) {
		free(stdin_file);
		stdin_file = NULL;
		stdin_pipe = cmd[5] == '-';
		if (stdin_pipe && (n < 2 || !strcmp(a[1], "-")))
			fail("usage: stdin-pipe FILE");
		if (n >= 2 && strcmp(a[1], "-")) {
			char p[PATH_MAX * 2];
			snprintf(p, sizeof p, "%s%s%s",
			         a[1][0] == '/' ? "" : script_dir,
			         a[1][0] == '/' ? "" : "/", a[1]);
			stdin_file = xstrdup(p);
		}
	} else if (!strcmp(cmd, "write") || !strcmp(cmd, "copy")) {
		if (n < (cmd[0] == 'w' ? 2 : 3))
			fail("usage: write FILE TEXT | copy FROM TO");
		bool copy = cmd[0] == 'c';
		const char *to = copy ? a[2] : a[1];
		char p[PATH_MAX * 2], from[PATH_MAX * 2];
		snprintf(p, sizeof p, "%s%s%s", to[0] == '/' ? "" : tmpdir,
		         to[0] == '/' ? "" : "/", to);
		for (char *sl = strchr(p + 1, '/'); sl;
		     sl = strchr(sl + 1, '/')) {
			*sl = '\0';
			mkdir(p, 0700);
			*sl = '/';
		}
		char *data;
		size_t len;
		if (copy) {
			snprintf(from, sizeof from, "%s%s%s",
			         a[1][0] == '/' ? "" : script_dir,
			         a[1][0] == '/' ? "" : "/", a[1]);
			FILE *f = fopen(from, "rb");
			if (!f)
				fail("copy: cannot read %s", from);
			data = xrealloc(NULL, 1 << 20);
			len = fread(data, 1, 1 << 20, f);
			fclose(f);
		} else {
			data = xrealloc(NULL, strlen(rest) + 2);
			len = unescape(rest, data);
			data[len++] = '\n';
		}
		FILE *f = fopen(p, "wb");
		if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
			fail("%s: cannot write %s", cmd, p);
		free(data);
	} else if (!strcmp(cmd, "append")) {
		/* generated inputs: never commit big files */
		char p[PATH_MAX * 2];
		long count = atol(a[2]);
		if (count < 0)
			fail("usage: append FILE COUNT TEXT");
		snprintf(p, sizeof p, "%s%s%s", a[1][0] == '/' ? "" : tmpdir,
		         a[1][0] == '/' ? "" : "/", a[1]);
		char *data = xrealloc(NULL, strlen(rest) + 1);
		size_t len = unescape(rest, data);
		FILE *f = fopen(p, "ab");
		if (!f)
			fail("append: cannot write %s", p);
		for (long i = 0; i < count; i++)
			if (fwrite(data, 1, len, f) != len)
				fail("append: cannot write %s", p);
		if (fclose(f) != 0)
			fail("append: cannot write %s", p);
		free(data);
	} else if (!strcmp(cmd, "cd")) {
		if (n < 2)
			fail("usage: cd DIR");
		char p[PATH_MAX * 2];
		snprintf(p, sizeof p, "%s%s%s",
		         a[1][0] == '/' ? "" : script_dir,
		         a[1][0] == '/' ? "" : "/", a[1]);
		free(work_dir);
		work_dir = xstrdup(p);
	} else if (!strcmp(cmd, "ctty")) {
		if (n < 2 || (strcmp(a[1], "yes") && strcmp(a[1], "no")))
			fail("usage: ctty yes|no");
		want_ctty = !strcmp(a[1], "yes");
	} else if (!strcmp(cmd, "send")) {
		need_session(cmd);
		send_raw(rest, true);
	} else if (!strcmp(cmd, "send-busy")) {
		need_session(cmd);
		send_raw(rest, false);
	} else if (!strcmp(cmd, "mouse")) {
		need_session(cmd);
		if (n < 4)
			fail("usage: mouse ACTION ROW COL");
		mouse(a[1], row_index(a[2]), atoi(a[3]));
	} else if (!strcmp(cmd, "timeout")) {
		timeout_s = n > 1 ? atof(a[1]) : 5.0;
		const char *scale = getenv("VTDRIVE_TIMEOUT_SCALE");
		if (scale && atof(scale) > 0)
			timeout_s *= atof(scale);
	} else if (!strcmp(cmd, "start")) {
		char *argv[66 + MAXWRAP];
		int k = 0;
		for (int i = 0; i < wrapper_argc; i++)
			argv[k++] = wrapper_argv[i];
		argv[k++] = (char *)program;
		for (int i = 1; i < n; i++)
			argv[k++] = a[i];
		argv[k] = NULL;
		start(argv);
	} else if (!strcmp(cmd, "key")) {
		need_session(cmd);
		for (int i = 1; i < n; i++)
			press(a[i]);
	} else if (!strcmp(cmd, "keys")) {
		need_session(cmd);
		type_text(rest);
	} else if (!strcmp(cmd, "key-until")) {
		need_session(cmd);
		char *ca[2] = {a[0], a[2]};
		char why[1024];
		int k = 0;
		while (!chk_row_starts(ca, 2, rest, why, sizeof why)) {
			if (++k > 2000 || exited)
				fail("after %d presses of %s: %s", k - 1, a[1],
				     why);
			press(a[1]);
		}
	} else if (!strcmp(cmd, "resize")) {
		if (n < 3)
			fail("usage: resize COLS ROWS");
		do_resize(atoi(a[1]), atoi(a[2]));
	} else if (!strcmp(cmd, "signal")) {
		need_session(cmd);
		if (n < 2)
			fail("usage: signal NAME");
		kill(child, signal_number(a[1]));
	} else if (!strcmp(cmd, "settle")) {
		need_session(cmd);
		settle();
	} else if (!strcmp(cmd, "wait") || !strcmp(cmd, "expect-screen-has")) {
		poll_check(chk_screen_has, a, n, rest);
	} else if (!strcmp(cmd, "wait-row") || !strcmp(cmd, "expect-row")) {
		poll_check(chk_row_starts, a, n, rest);
	} else if (!strcmp(cmd, "expect-at")) {
		poll_check(chk_at, a, n, rest);
	} else if (!strcmp(cmd, "scribble")) {
		char g[4200];
		int gl = snprintf(g, sizeof g, "\033[H\033[2J%s", rest);
		vt_write(g, (size_t)gl);
	} else if (!strcmp(cmd, "expect-row-has")) {
		poll_check(chk_row_has, a, n, rest);
	} else if (!strcmp(cmd, "expect-row-is")) {
		if (n < 2)
			fail("usage: expect-row-is ROW [TEXT]");
		poll_check(chk_row_is, a, n, rest);
	} else if (!strcmp(cmd, "expect-screen-lacks")) {
		if (child > 0)
			settle();
		int r = find_on_screen(rest);
		if (r >= 0)
			fail("\"%s\" should not be on the screen (row %d)",
			     rest, r);
	} else if (!strcmp(cmd, "expect-attr")) {
		poll_check(chk_attr, a, n, rest);
	} else if (!strcmp(cmd, "expect-no-attr")) {
		poll_check(chk_no_attr, a, n, rest);
	} else if (!strcmp(cmd, "expect-text-attr")) {
		poll_check(chk_text_attr, a, n, rest);
	} else if (!strcmp(cmd, "expect-no-color")) {
		poll_check(chk_no_color, a, n, rest);
	} else if (!strcmp(cmd, "expect-color")) {
		poll_check(chk_some_color, a, n, rest);
	} else if (!strcmp(cmd, "expect-within")) {
		poll_check(chk_within, a, n, rest);
	} else if (!strcmp(cmd, "expect-in-column")) {
		poll_check(chk_in_column, a, n, rest);
	} else if (!strcmp(cmd, "expect-exit") ||
	           !strcmp(cmd, "expect-signal")) {
		if (n < 2)
			fail("usage: %s CODE", cmd);
		wait_exit();
		bool sig = cmd[7] == 's';
		bool ok = sig ? WIFSIGNALED(exit_status) &&
		                    WTERMSIG(exit_status) == signal_number(a[1])
		              : WIFEXITED(exit_status) &&
		                    WEXITSTATUS(exit_status) == atoi(a[1]);
		if (!ok) {
			char d[128];
			describe_status(d, sizeof d);
			fail("expected %s %s, got %s", sig ? "signal" : "exit",
			     a[1], d);
		}
	} else if (!strcmp(cmd, "expect-clean-output")) {
		expect_clean_output();
	} else if (!strcmp(cmd, "expect-output-has")) {
		char want[4096];
		size_t wl = unescape(rest, want);
		pump(0);
		if (!wl || !memmem(out_log, out_len, want, wl))
			fail("the program never wrote \"%s\"", rest);
	} else if (!strcmp(cmd, "expect-output-lacks")) {
		char bad[4096];
		size_t bl = unescape(rest, bad);
		if (child > 0)
			settle();
		pump(0);
		const unsigned char *at =
		    bl ? memmem(out_log, out_len, bad, bl) : NULL;
		if (!bl || at)
			fail("the program wrote \"%s\" at byte %td", rest,
			     at ? at - out_log : 0);
	} else if (!strcmp(cmd, "expect-output-is")) {
		char want[4096];
		size_t wl = unescape(rest, want);
		if (child > 0)
			settle();
		pump(0);
		if (wl != out_len || memcmp(out_log, want, wl)) {
			fprintf(stderr, "--- it wrote %zu bytes:\n", out_len);
			fwrite(out_log, 1, out_len, stderr);
			fail("\n--- the output is not exactly \"%s\"", rest);
		}
	} else if (!strcmp(cmd, "expect-tty-sane")) {
		pump(0);
		expect_tty_sane();
	} else if (!strcmp(cmd, "expect-screen-mode")) {
		expect_flag(cmd, n > 1 ? a[1] : "", &alt_screen, "alternate",
		            "normal");
	} else if (!strcmp(cmd, "expect-cursor")) {
		expect_flag(cmd, n > 1 ? a[1] : "", &cursor_visible, "visible",
		            "hidden");
	} else if (!strcmp(cmd, "dump")) {
		pump(0);
		dump_screen(stdout);
	} else if (!strcmp(cmd, "for")) {
		if (n < 4 || nloops == MAXVARS)
			fail("usage: for VAR FROM TO [STEP]");
		long from = atol(a[2]), to = atol(a[3]);
		long step = n > 4 ? atol(a[4]) : from <= to ? 1 : -1;
		if (step == 0)
			fail("for: a step of 0");
		snprintf(loops[nloops].name, sizeof loops[nloops].name, "%s",
		         a[1]);
		loops[nloops].value = from;
		loops[nloops].to = to;
		loops[nloops].step = step;
		loops[nloops].body = *pc + 1;
		nloops++;
	} else if (!strcmp(cmd, "end")) {
		if (nloops == 0)
			fail("end without for");
		int i = nloops - 1;
		loops[i].value += loops[i].step;
		if (loops[i].step > 0 ? loops[i].value <= loops[i].to
		                      : loops[i].value >= loops[i].to)
			*pc = loops[i].body - 1;
		else
			nloops--;
	} else {
		fail("unknown command '%s'", cmd);
	}
}

static void cleanup(void)
{
	if (vt) {
		vterm_free(vt);
		vt = NULL;
	}
	if (tmpdir[0]) {
		/* HOME and the XDG folders: whatever the program left */
		pid_t p = fork();
		if (p == 0) {
			execlp("rm", "rm", "-rf", tmpdir, (char *)NULL);
			_exit(127);
		}
		if (p > 0)
			waitpid(p, NULL, 0);
		tmpdir[0] = '\0';
	}
	for (size_t i = 0; i < envn; i++)
		free(envv[i]);
	free(envv);
	envv = NULL;
	envn = 0;
	for (int i = 0; i < nlines; i++)
		free(lines[i]);
	nlines = 0;
	free(out_log);
	out_log = NULL;
	free(stdin_file);
	stdin_file = NULL;
	free(work_dir);
	work_dir = NULL;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: vtdrive SCRIPT PROGRAM\n", stderr);
		return 2;
	}
	script_path = argv[1];
	program = argv[2];
	snprintf(script_dir, sizeof script_dir, "%s", script_path);
	char *slash = strrchr(script_dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(script_dir, sizeof script_dir, ".");
	const char *scale = getenv("VTDRIVE_TIMEOUT_SCALE");
	if (scale && atof(scale) > 0)
		timeout_s *= atof(scale);
	signal(SIGPIPE, SIG_IGN);
	const char *wrap = getenv("VTDRIVE_WRAPPER");
	if (wrap && *wrap) {
		char *w = xstrdup(wrap);
		for (char *t = strtok(w, " "); t; t = strtok(NULL, " ")) {
			if (wrapper_argc == MAXWRAP) {
				fputs("vtdrive: VTDRIVE_WRAPPER: too many "
				      "words\n",
				      stderr);
				return 2;
			}
			wrapper_argv[wrapper_argc++] = t;
		}
	}

	const char *td = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/vtdrive.XXXXXX",
	         td && *td ? td : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("vtdrive: mkdtemp");
		return 2;
	}
	init_env();
	load_script();
	new_vterm();
	for (int pc = 0; pc < nlines; pc++) {
		lineno = line_no[pc];
		run_line(lines[pc], &pc);
	}
	stop_child();
	cleanup();
	return 0;
}
