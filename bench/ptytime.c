/* ptytime: time an interactive program on a pseudo-terminal, as a reader
 * sees it. The program's output goes into a libvterm screen; every time is
 * taken with CLOCK_MONOTONIC and every wait polls the pty (no sleeps).
 *
 *   ptytime [OPTIONS] -f TEXT [-k KEYS -w TEXT]... [-K NAME=KEYS]... \
 *           -- PROGRAM [ARGS...]
 *
 *   -s COLSxROWS  terminal size (80x24)
 *   -t SECONDS    how long any one wait may take (120)
 *   -q MS         quiet time that makes a screen "stable" (25)
 *   -f TEXT       (a) first screen: the time from fork until TEXT is on the
 *                 screen ("first_ms"), and until the screen (all but its
 *                 last row) then stopped changing ("first_settled_ms")
 *   -n NAME       the name of the next -k step (default: step1, step2 ...)
 *   -k KEYS       (b) write KEYS once the step before is done ...
 *   -w TEXT       ... and time until TEXT is on the screen ("NAME_ms") and
 *                 until the screen stopped changing ("NAME_settled_ms")
 *   -r N          (c) per-key latency: N rounds; each round writes each -K
 *                 sequence in turn and times until the screen changed and
 *                 then was stable for the quiet time (the time of the last
 *                 change counts). Prints "key_NAME_median_ms",
 *                 "key_NAME_p99_ms" and "key_NAME_max_ms", and "key_all_..."
 *   -K NAME=KEYS  a per-key sequence; {R} in KEYS becomes a random number
 *                 1..99 (so "{R}%" jumps to a random place)
 *   -S SEED       seed for {R} (1)
 *   -a            watch the last row too for changes (by default it is
 *                 left out: status lines change as a scan runs and as
 *                 digits are typed)
 *   -m            memory: poll /proc/PID/status (RssAnon, VmHWM, RssFile)
 *                 while the session runs; print the peak RssAnon up to the
 *                 first screen ("mem_first_rssanon_kb"), up to the end of
 *                 each step ("mem_NAME_rssanon_kb") and overall, and VmHWM
 *                 and RssFile at those moments
 *   -d            print the screen to stderr after each phase
 *   -i COMMAND    standard input: the output of COMMAND (run by sh in its
 *                 own process group, killed at the end), through a pipe:
 *                 for "lectern -" (keys come from the pty, /dev/tty)
 *
 * KEYS take C escapes: \r \n \t \e \\ \xHH. The program runs with
 * TERM=xterm-256color, LANG=C.UTF-8, HOME and XDG_STATE_HOME (and
 * XDG_CONFIG_HOME) in a new temporary folder, LESS, LESSOPEN, LESSCLOSE,
 * LC_ALL, LINES and COLUMNS unset, and LESSHISTFILE=-. At the end
 * ptytime writes "q", waits for the program to exit (killing it after the
 * timeout) and removes the folder.
 *
 * Output: one "name value" line per figure, times in milliseconds. Exit
 * status: 0, 1 when a wait timed out or the program died early (the
 * figures so far are printed, and the screen to stderr), 2 usage. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

#include "stats.h"

#define MAXSTEPS 16
#define MAXKEYS  16

typedef struct {
	const char *name;
	char *keys;
	size_t nkeys;
	const char *text;
} step;

typedef struct {
	char *name;
	char *keys; /* unescaped; may hold {R} */
	double *ms;
	size_t n;
} perkey;

static int rows = 24, cols = 80;
static double timeout_s = 120;
static double quiet_s = 0.025;
static bool watch_last_row, want_mem, dump;
static unsigned long seed = 1;

static VTerm *vt;
static VTermScreen *vs;
static int master = -1;
static pid_t child = -1;
static bool exited;
static int exit_status;
static char tmpdir[PATH_MAX];
static const char *input_cmd; /* -i */
static pid_t feeder = -1;     /* the process running it */

/* the screen: a hash of the watched rows, and when it last changed */
static uint64_t screen_hash;
static double last_change;

/* memory: peak RssAnon since start, and the last VmHWM and RssFile */
static long peak_anon, last_hwm, last_file;
static double last_mem_poll;

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "ptytime: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("%s", "out of memory");
	return p;
}

/* ---- the screen ---------------------------------------------------------- */

static size_t put_utf8(char *o, uint32_t u)
{
	if (u == 0xa0) /* a no-break space matches a space */
		u = ' ';
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

/* Row r as UTF-8 into buf (at least cols * 4 * VTERM_MAX_CHARS_PER_CELL
 * + 1 bytes); an empty cell is a space. */
static size_t read_row(int r, char *buf)
{
	size_t len = 0;
	for (int c = 0; c < cols; c++) {
		VTermScreenCell cell;
		memset(&cell, 0, sizeof cell);
		vterm_screen_get_cell(vs, (VTermPos){r, c}, &cell);
		if (cell.chars[0] == 0 || cell.chars[0] == (uint32_t)-1) {
			buf[len++] = ' ';
		} else {
			for (int k = 0;
			     k < VTERM_MAX_CHARS_PER_CELL && cell.chars[k]; k++)
				len += put_utf8(buf + len, cell.chars[k]);
		}
		if (cell.width == 2)
			c++;
	}
	buf[len] = '\0';
	return len;
}

static char *rowbuf(void)
{
	static char *buf;
	if (!buf)
		buf = xmalloc((size_t)cols * 4 * VTERM_MAX_CHARS_PER_CELL + 1);
	return buf;
}

static bool screen_has(const char *text)
{
	char *buf = rowbuf();
	for (int r = 0; r < rows; r++) {
		read_row(r, buf);
		if (strstr(buf, text))
			return true;
	}
	return false;
}

/* FNV-1a over the watched rows' text. */
static uint64_t hash_screen(void)
{
	char *buf = rowbuf();
	uint64_t h = 1469598103934665603u;
	int last = watch_last_row ? rows : rows - 1;
	for (int r = 0; r < last; r++) {
		size_t n = read_row(r, buf);
		for (size_t i = 0; i < n; i++) {
			h ^= (unsigned char)buf[i];
			h *= 1099511628211u;
		}
		h ^= '\n';
		h *= 1099511628211u;
	}
	return h;
}

static void dump_screen(const char *why)
{
	char *buf = rowbuf();
	fprintf(stderr, "--- screen %dx%d: %s\n", cols, rows, why);
	for (int r = 0; r < rows; r++) {
		read_row(r, buf);
		fprintf(stderr, "%3d|%s|\n", r, buf);
	}
	fputs("---\n", stderr);
}

/* ---- memory -------------------------------------------------------------- */

static void poll_mem(bool force)
{
	if (!want_mem || child <= 0 || exited)
		return;
	double t = stats_now();
	if (!force && t - last_mem_poll < 0.002)
		return;
	last_mem_poll = t;
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)child);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		long v;
		if (sscanf(line, "RssAnon: %ld", &v) == 1 && v > peak_anon)
			peak_anon = v;
		else if (sscanf(line, "VmHWM: %ld", &v) == 1)
			last_hwm = v;
		else if (sscanf(line, "RssFile: %ld", &v) == 1)
			last_file = v;
	}
	fclose(f);
}

static void print_mem(const char *name)
{
	if (!want_mem)
		return;
	poll_mem(true);
	printf("mem_%s_rssanon_kb %ld\n", name, peak_anon);
	printf("mem_%s_vmhwm_kb %ld\n", name, last_hwm);
	printf("mem_%s_rssfile_kb %ld\n", name, last_file);
}

/* ---- the program --------------------------------------------------------- */

static void reap(bool block)
{
	if (child <= 0 || exited)
		return;
	int st;
	if (waitpid(child, &st, block ? 0 : WNOHANG) == child) {
		exited = true;
		exit_status = st;
	}
}

/* Read what the program wrote, waiting at most ms for the first byte; feed
 * it to the screen and note when the watched rows change. Returns the
 * bytes read. */
static size_t pump(int ms)
{
	size_t total = 0;
	poll_mem(false);
	for (;;) {
		struct pollfd p = {master, POLLIN, 0};
		int r = poll(&p, 1, total ? 0 : ms);
		if (r <= 0 || !(p.revents & (POLLIN | POLLHUP)))
			break;
		char buf[65536];
		ssize_t n = read(master, buf, sizeof buf);
		if (n <= 0)
			break;
		vterm_input_write(vt, buf, (size_t)n);
		total += (size_t)n;
	}
	if (total) {
		double t = stats_now();
		uint64_t h = hash_screen();
		if (h != screen_hash) {
			screen_hash = h;
			last_change = t;
		}
	}
	reap(false);
	return total;
}

/* libvterm's answers (to queries) go back to the program. */
static void to_program(const char *s, size_t len, void *user)
{
	(void)user;
	while (len > 0) {
		ssize_t n = write(master, s, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				struct pollfd p = {master, POLLOUT, 0};
				poll(&p, 1, 10);
				continue;
			}
			return;
		}
		s += n;
		len -= (size_t)n;
	}
}

static void send_keys(const char *s, size_t n) { to_program(s, n, NULL); }

static int rm_entry(const char *path, const struct stat *sb, int type,
                    struct FTW *ftw)
{
	(void)sb, (void)type, (void)ftw;
	remove(path);
	return 0;
}

static void finish(void)
{
	if (child > 0 && !exited) {
		send_keys("q", 1);
		double end = stats_now() + 10;
		while (!exited && stats_now() < end)
			pump(5);
		if (!exited) {
			kill(child, SIGKILL);
			reap(true);
		}
	}
	if (feeder > 0) {
		kill(-feeder, SIGKILL);
		waitpid(feeder, NULL, 0);
	}
	if (tmpdir[0])
		nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void start(char **argv)
{
	char tmpl[] = "/tmp/ptytime.XXXXXX";
	if (!mkdtemp(tmpl))
		die("mkdtemp: %s", strerror(errno));
	snprintf(tmpdir, sizeof tmpdir, "%s", tmpl);
	char state[PATH_MAX + 16], config[PATH_MAX + 16];
	snprintf(state, sizeof state, "%s/state", tmpdir);
	snprintf(config, sizeof config, "%s/config", tmpdir);

	vt = vterm_new(rows, cols);
	vterm_set_utf8(vt, 1);
	vterm_output_set_callback(vt, to_program, NULL);
	vs = vterm_obtain_screen(vt);
	vterm_screen_enable_altscreen(vs, 1);
	vterm_screen_reset(vs, 1);
	screen_hash = hash_screen();

	struct winsize ws = {(unsigned short)rows, (unsigned short)cols, 0, 0};
	int slave;
	if (openpty(&master, &slave, NULL, NULL, &ws) < 0)
		die("openpty: %s", strerror(errno));
	fflush(NULL);
	int in[2] = {-1, -1};
	if (input_cmd) {
		if (pipe(in) < 0)
			die("pipe: %s", strerror(errno));
		feeder = fork();
		if (feeder < 0)
			die("fork: %s", strerror(errno));
		if (feeder == 0) {
			setpgid(0, 0);
			dup2(in[1], 1);
			close(in[0]);
			close(in[1]);
			execl("/bin/sh", "sh", "-c", input_cmd, (char *)NULL);
			_exit(127);
		}
		close(in[1]);
	}
	child = fork();
	if (child < 0)
		die("fork: %s", strerror(errno));
	if (child == 0) {
		close(master);
		setsid();
		ioctl(slave, TIOCSCTTY, 0);
		dup2(input_cmd ? in[0] : slave, 0);
		if (input_cmd)
			close(in[0]);
		dup2(slave, 1);
		dup2(slave, 2);
		if (slave > 2)
			close(slave);
		static const char *const drop[] = {
		    "LC_ALL",          "LC_CTYPE",       "LC_MESSAGES",
		    "LINES",           "COLUMNS",        "NO_COLOR",
		    "TERMINFO",        "TERMINFO_DIRS",  "TMUX",
		    "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME",
		    "TERMCAP",         "LESS",           "LESSOPEN",
		    "LESSCLOSE",       "LESSKEY",        "LESSCHARSET"};
		for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
			unsetenv(drop[i]);
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("HOME", tmpdir, 1);
		setenv("XDG_STATE_HOME", state, 1);
		setenv("XDG_CONFIG_HOME", config, 1);
		setenv("LESSHISTFILE", "-", 1);
		execvp(argv[0], argv);
		fprintf(stderr, "ptytime: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(slave);
	if (input_cmd)
		close(in[0]);
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
}

/* Pump until TEXT is on the screen; returns the time it appeared, or -1
 * after the timeout or when the program exits. */
static double wait_text(const char *text)
{
	double end = stats_now() + timeout_s;
	for (;;) {
		if (pump(1) && screen_has(text))
			return stats_now();
		if (exited || stats_now() > end)
			return -1;
	}
}

/* Pump until the watched rows have not changed for the quiet time;
 * returns the time of their last change (or since, when none). */
static double wait_stable(double since)
{
	double end = stats_now() + timeout_s;
	if (last_change < since)
		last_change = since;
	for (;;) {
		double t = stats_now();
		if (t - last_change >= quiet_s || exited || t > end)
			return last_change;
		int ms = (int)((quiet_s - (t - last_change)) * 1000) + 1;
		pump(ms < 1 ? 1 : ms);
	}
}

/* ---- options ------------------------------------------------------------- */

/* C escapes in s, in place; returns the length. */
static size_t unescape(char *s)
{
	char *o = s;
	for (const char *p = s; *p; p++) {
		if (*p != '\\' || !p[1]) {
			*o++ = *p;
			continue;
		}
		switch (*++p) {
		case 'r': *o++ = '\r'; break;
		case 'n': *o++ = '\n'; break;
		case 't': *o++ = '\t'; break;
		case 'e': *o++ = '\033'; break;
		case 'x': {
			char hex[3] = {0};
			size_t k = 0;
			while (k < 2 && p[1] &&
			       strchr("0123456789abcdefABCDEF", p[1]))
				hex[k++] = *++p;
			*o++ = (char)strtol(hex, NULL, 16);
			break;
		}
		default: *o++ = *p; break;
		}
	}
	*o = '\0';
	return (size_t)(o - s);
}

static void print_keys(const char *name, double *v, size_t n)
{
	stats_sort(v, n);
	printf("key_%s_n %zu\n", name, n);
	printf("key_%s_median_ms %.3f\n", name, stats_median(v, n));
	printf("key_%s_p99_ms %.3f\n", name, stats_quantile(v, n, 0.99));
	printf("key_%s_max_ms %.3f\n", name, n ? v[n - 1] : -1);
}

static void usage(void)
{
	fputs("usage: ptytime [-s COLSxROWS] [-t SEC] [-q MS] [-a] [-m] [-d] "
	      "[-i CMD] "
	      "-f TEXT\n"
	      "               [-n NAME] [-k KEYS -w TEXT]... [-r N -K "
	      "NAME=KEYS...] [-S SEED]\n"
	      "               -- PROGRAM [ARGS...]\n",
	      stderr);
	exit(2);
}

static int fail_at(const char *what)
{
	fprintf(stderr, "ptytime: %s\n", what);
	dump_screen(what);
	fflush(stdout);
	finish();
	return 1;
}

int main(int argc, char **argv)
{
	const char *first = NULL;
	step steps[MAXSTEPS];
	size_t nsteps = 0;
	perkey keys[MAXKEYS];
	size_t nk = 0;
	const char *next_name = NULL;
	char *pending_keys = NULL;
	long rounds = 0;
	int opt;
	while ((opt = getopt(argc, argv, "+s:t:q:f:n:k:w:r:K:S:amdi:h")) !=
	       -1) {
		switch (opt) {
		case 's':
			if (sscanf(optarg, "%dx%d", &cols, &rows) != 2 ||
			    cols < 1 || rows < 2 || cols > 1000 || rows > 1000)
				die("bad size: %s", optarg);
			break;
		case 't': timeout_s = atof(optarg); break;
		case 'q': quiet_s = atof(optarg) / 1000; break;
		case 'f': first = optarg; break;
		case 'n': next_name = optarg; break;
		case 'k': pending_keys = optarg; break;
		case 'w': {
			if (!pending_keys)
				die("%s: -w needs a -k before it", optarg);
			if (nsteps == MAXSTEPS)
				die("%s", "too many steps");
			step *s = &steps[nsteps++];
			if (next_name) {
				s->name = next_name;
			} else {
				char *n = xmalloc(16);
				snprintf(n, 16, "step%zu", nsteps);
				s->name = n;
			}
			s->keys = pending_keys;
			s->nkeys = unescape(pending_keys);
			s->text = optarg;
			pending_keys = NULL;
			next_name = NULL;
			break;
		}
		case 'r': rounds = atol(optarg); break;
		case 'K': {
			char *eq = strchr(optarg, '=');
			if (!eq || eq == optarg)
				die("-K %s: want NAME=KEYS", optarg);
			if (nk == MAXKEYS)
				die("%s", "too many -K");
			*eq = '\0';
			keys[nk].name = optarg;
			keys[nk].keys = eq + 1;
			unescape(keys[nk].keys);
			keys[nk].n = 0;
			nk++;
			break;
		}
		case 'S': seed = strtoul(optarg, NULL, 10); break;
		case 'a': watch_last_row = true; break;
		case 'm': want_mem = true; break;
		case 'd': dump = true; break;
		case 'i': input_cmd = optarg; break;
		default: usage();
		}
	}
	if (!first || optind >= argc || pending_keys || (rounds > 0 && !nk))
		usage();
	signal(SIGPIPE, SIG_IGN);
	srandom((unsigned)seed);

	/* (a) the first screen */
	double t0 = stats_now();
	start(argv + optind);
	double t = wait_text(first);
	if (t < 0)
		return fail_at(exited
		                   ? "the program exited before its first "
		                     "screen"
		                   : "timed out waiting for the first screen");
	printf("first_ms %.3f\n", (t - t0) * 1000);
	printf("first_settled_ms %.3f\n", (wait_stable(t) - t0) * 1000);
	print_mem("first");
	if (dump)
		dump_screen("first screen");

	/* (b) steps: keys, then a text */
	for (size_t i = 0; i < nsteps; i++) {
		step *s = &steps[i];
		pump(0);
		if (screen_has(s->text))
			fprintf(stderr,
			        "ptytime: warning: \"%s\" is on the screen "
			        "before %s\n",
			        s->text, s->name);
		double k0 = stats_now();
		send_keys(s->keys, s->nkeys);
		double tk = wait_text(s->text);
		if (tk < 0)
			return fail_at("timed out waiting for a step's text");
		printf("%s_ms %.3f\n", s->name, (tk - k0) * 1000);
		printf("%s_settled_ms %.3f\n", s->name,
		       (wait_stable(tk) - k0) * 1000);
		print_mem(s->name);
		if (dump)
			dump_screen(s->name);
	}

	/* (c) per-key latency */
	size_t total = (size_t)rounds * nk, nall = 0;
	double *all = xmalloc((total ? total : 1) * sizeof *all);
	for (size_t i = 0; i < nk; i++)
		keys[i].ms =
		    xmalloc((size_t)(rounds ? rounds : 1) * sizeof(double));
	for (long r = 0; r < rounds; r++) {
		for (size_t i = 0; i < nk; i++) {
			char seq[256];
			size_t n = 0;
			for (const char *p = keys[i].keys;
			     *p && n + 4 < sizeof seq; p++) {
				if (!strncmp(p, "{R}", 3)) {
					n += (size_t)snprintf(
					    seq + n, sizeof seq - n, "%ld",
					    1 + random() % 99);
					p += 2;
				} else {
					seq[n++] = *p;
				}
			}
			/* start from a quiet screen */
			wait_stable(stats_now());
			uint64_t before = screen_hash;
			double k0 = stats_now();
			send_keys(seq, n);
			double end = k0 + timeout_s;
			while (screen_hash == before && !exited &&
			       stats_now() < end)
				pump(1);
			if (screen_hash == before) {
				/* nothing changed (j at the very end, or the
				 * same place again): not a latency */
				continue;
			}
			double tc = wait_stable(k0);
			double ms = (tc - k0) * 1000;
			keys[i].ms[keys[i].n++] = ms;
			all[nall++] = ms;
		}
	}
	if (rounds > 0) {
		for (size_t i = 0; i < nk; i++)
			print_keys(keys[i].name, keys[i].ms, keys[i].n);
		print_keys("all", all, nall);
		print_mem("keys");
		if (dump)
			dump_screen("after the keys");
	}

	fflush(stdout);
	finish();
	return 0;
}
