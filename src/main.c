/* lectern: options, locale, the non-interactive modes; the reader itself
 * lives in src/tui/. */
#define _GNU_SOURCE /* getopt_long */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unicase.h>
#include <unistd.h>

#include "lectern/doc.h"
#include "lectern/layout.h"
#include "lectern/search.h"
#include "lectern/state.h"
#include "lectern/text.h"
#include "modes.h"
#include "tui/tui.h"

#define EXIT_USAGE 2

enum mode { MODE_READ, MODE_OUTLINE, MODE_AUTHORS, MODE_SEARCH };

typedef struct {
	enum mode mode;
	bool force;
	const char *file; /* NULL: stdin when piped, else the bundled file */
	const char *const *files; /* all the files named (nfiles) */
	size_t nfiles;
	lt_sort sort;        /* --sort */
	bool reverse;        /* --reverse */
	size_t width;        /* --width: the text measure (0: the default) */
	size_t essay;        /* --essay N, 1-based (0: none) */
	const char *author;  /* --author TEXT */
	int list_keys;       /* hidden --list-keys[=roff]: 1 text, 2 roff */
	const char *pattern; /* --search PATTERN, or +/PATTERN for the reader */
	uint64_t start_line; /* +N, +NG, +Ng: open at line N (0: none) */
	bool start_end;      /* +G: open at the end */
	lt_search_opts search;
	bool count;
	int color;                 /* --color: -1 auto, 0 never, 1 always */
	bool no_state;             /* --no-state */
	bool no_mouse;             /* --no-mouse */
	lt_structure structure;    /* --structure */
	const char *essay_start;   /* --essay-start REGEX, or NULL */
	const char *section_start; /* --section-start REGEX, or NULL */
	bool explain;              /* --explain */
} options;

enum {
	OPT_OUTLINE = 256,
	OPT_AUTHORS,
	OPT_FORCE,
	OPT_WIDTH,
	OPT_ESSAY,
	OPT_AUTHOR,
	OPT_LIST_KEYS,
	OPT_SEARCH,
	OPT_COUNT,
	OPT_WORD,
	OPT_REGEX,
	OPT_IGNORE_CASE,
	OPT_CASE_SENSITIVE,
	OPT_COLOR,
	OPT_NO_STATE,
	OPT_NO_MOUSE,
	OPT_STRUCTURE,
	OPT_ESSAY_START,
	OPT_SECTION_START,
	OPT_EXPLAIN,
	OPT_SORT,
	OPT_REVERSE,
};

static const struct option long_options[] = {
    {"outline", no_argument, NULL, OPT_OUTLINE},
    {"authors", no_argument, NULL, OPT_AUTHORS},
    {"force", no_argument, NULL, OPT_FORCE},
    {"width", required_argument, NULL, OPT_WIDTH},
    {"essay", required_argument, NULL, OPT_ESSAY},
    {"author", required_argument, NULL, OPT_AUTHOR},
    {"list-keys", optional_argument, NULL, OPT_LIST_KEYS},
    {"search", required_argument, NULL, OPT_SEARCH},
    {"count", no_argument, NULL, OPT_COUNT},
    {"word", no_argument, NULL, OPT_WORD},
    {"regex", no_argument, NULL, OPT_REGEX},
    {"ignore-case", no_argument, NULL, OPT_IGNORE_CASE},
    {"case-sensitive", no_argument, NULL, OPT_CASE_SENSITIVE},
    {"color", optional_argument, NULL, OPT_COLOR},
    {"colour", optional_argument, NULL, OPT_COLOR},
    {"no-state", no_argument, NULL, OPT_NO_STATE},
    {"no-mouse", no_argument, NULL, OPT_NO_MOUSE},
    {"structure", required_argument, NULL, OPT_STRUCTURE},
    {"essay-start", required_argument, NULL, OPT_ESSAY_START},
    {"section-start", required_argument, NULL, OPT_SECTION_START},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"sort", required_argument, NULL, OPT_SORT},
    {"reverse", no_argument, NULL, OPT_REVERSE},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static void usage(FILE *f)
{
	fputs(
	    "Usage: lectern [OPTIONS] [+/PATTERN | +G | +N] [FILE... | DIR | "
	    "-]\n"
	    "A terminal reader for long-form essay collections.\n"
	    "\n"
	    "With no FILE, read standard input when it is not a terminal,\n"
	    "else open the bundled collection. A folder (its posts, its\n"
	    "subfolders too) or several files are read as one collection.\n"
	    "\n"
	    "Options:\n"
	    "      --outline   print the essays and sections, tab-separated:\n"
	    "                  essay N TITLE AUTHOR LINE / section N.M HEADING "
	    " LINE,\n"
	    "                  after a line: structure RULES guessed|chosen\n"
	    "      --explain   with --outline: say what made each essay and\n"
	    "                  section, and which rules the document follows\n"
	    "      --authors   print each author with their essay numbers\n"
	    "      --force     read a file that looks binary\n"
	    "      --search PATTERN  print every hit: ESSAY.SECTION, line, "
	    "context\n"
	    "      --count     with --search: print only the number of hits\n"
	    "      --word      match whole words only\n"
	    "      --regex     PATTERN is a regular expression (PCRE2)\n"
	    "      --ignore-case     match any case\n"
	    "      --case-sensitive  match case exactly (default: exact only\n"
	    "                  when the pattern has an upper-case letter)\n"
	    "      --color[=WHEN]  colour hits: auto (default), always, never\n"
	    "      --structure RULES  how to find essays and sections: auto\n"
	    "                  (default: guess), blog, markdown or plain "
	    "(none)\n"
	    "      --essay-start REGEX  a line matching REGEX (PCRE2) starts "
	    "an\n"
	    "                  essay, titled by it or, when it is only a "
	    "number,\n"
	    "                  by the next line; remembered for the file\n"
	    "      --section-start REGEX  a line matching REGEX is a "
	    "section\n"
	    "                  heading (and no other line is); remembered\n"
	    "                  ('' forgets either)\n"
	    "      --sort HOW  order the files of a folder: auto (default: by\n"
	    "                  date when each has one, else by name), name\n"
	    "                  or date\n"
	    "      --reverse   the files in the other order (newest first)\n"
	    "      --width N   text width in cells (reader default 76; plain\n"
	    "                  output default 80)\n"
	    "      --essay N   open at essay N\n"
	    "      --author TEXT  open at the first essay by an author whose\n"
	    "                  name contains TEXT (any case)\n"
	    "      --no-state  do not resume where you left off, and keep no\n"
	    "                  position, marks or search history\n"
	    "      --no-mouse  leave the mouse to the terminal, to select\n"
	    "                  text (ESC-m in the reader: off and on)\n"
	    "  -h, --help      show this help and exit\n"
	    "  -V, --version   show the version and exit\n"
	    "\n"
	    "Keys in the reader (h shows them all):\n",
	    f);
	tui_print_key_summary(f);
	fputs("\n"
	      "When standard output is not a terminal, the text is printed\n"
	      "reflowed, as plain text.\n"
	      "\n"
	      "Exit status: 0 success, 1 unusable input, 2 usage error; with\n"
	      "--search, as grep: 0 hits, 1 none, 2 an error.\n"
	      "The manual: man lectern.\n",
	      f);
}

/* Print name safely: escapes and controls in it are made visible. */
static void print_sanitized(FILE *f, const char *name)
{
	lt_buf b = {0};
	lt_sanitize(name, strlen(name), &b);
	fputs(b.s, f);
	lt_buf_free(&b);
}

static void complain(const char *name, const char *reason)
{
	fputs("lectern: ", stderr);
	if (name) {
		print_sanitized(stderr, name);
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s\n", reason);
}

static int usage_error(const char *msg)
{
	complain(NULL, msg);
	fputs("Try 'lectern --help' for more information.\n", stderr);
	return -1;
}

/* The command of a +command argument (after the +): where the reader
 * opens. -1, having said why, for one it does not know. */
static int parse_plus(const char *cmd, options *o)
{
	if (cmd[0] == '/') {
		o->pattern = cmd + 1;
		if (!o->pattern[0])
			return usage_error("+/ needs a pattern after it");
		return 0;
	}
	const char *p = cmd;
	uint64_t n = 0;
	while (*p >= '0' && *p <= '9' && n < UINT64_MAX / 10)
		n = n * 10 + (uint64_t)(*p++ - '0');
	bool digits = p > cmd;
	if (strcmp(p, "G") == 0 && !digits)
		o->start_end = true;
	else if (digits && (!*p || strcmp(p, "G") == 0 || strcmp(p, "g") == 0))
		o->start_line = n ? n : 1;
	else if (strcmp(p, "g") == 0)
		o->start_line = 1;
	else
		return usage_error("+ takes /PATTERN, G, or a line number N "
		                   "(NG, Ng)");
	return 0;
}

/* A whole number in [min, max] from an option's argument, or -1. */
static long parse_number(const char *s, long min, long max)
{
	char *end;
	errno = 0;
	if (!isdigit((unsigned char)*s))
		return -1;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	return v;
}

static int parse_options(int argc, char **argv, options *o)
{
	int c;
	char msg[160];
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hV", long_options, NULL)) !=
	       -1) {
		switch (c) {
		case OPT_WIDTH: {
			long v = parse_number(optarg, 20, 400);
			if (v < 0)
				return usage_error("--width takes a number of "
				                   "cells from 20 to 400");
			o->width = (size_t)v;
			break;
		}
		case OPT_ESSAY: {
			long v = parse_number(optarg, 1, 1000000000);
			if (v < 0)
				return usage_error(
				    "--essay takes an essay number from 1");
			o->essay = (size_t)v;
			break;
		}
		case OPT_AUTHOR: o->author = optarg; break;
		case OPT_STRUCTURE: {
			int v = lt_structure_parse(optarg);
			if (v < 0)
				return usage_error(
				    "--structure takes auto, blog, "
				    "markdown or plain");
			o->structure = (lt_structure)v;
			break;
		}
		case OPT_ESSAY_START: o->essay_start = optarg; break;
		case OPT_SECTION_START: o->section_start = optarg; break;
		case OPT_EXPLAIN: o->explain = true; break;
		case OPT_SORT: {
			int v = lt_sort_parse(optarg);
			if (v < 0)
				return usage_error(
				    "--sort takes auto, name or date");
			o->sort = (lt_sort)v;
			break;
		}
		case OPT_REVERSE: o->reverse = true; break;
		case OPT_SEARCH:
			o->mode = MODE_SEARCH;
			o->pattern = optarg;
			break;
		case OPT_COUNT: o->count = true; break;
		case OPT_WORD: o->search.word = true; break;
		case OPT_REGEX: o->search.regex = true; break;
		case OPT_IGNORE_CASE: o->search.casing = LT_CASE_IGNORE; break;
		case OPT_CASE_SENSITIVE:
			o->search.casing = LT_CASE_SENSITIVE;
			break;
		case OPT_COLOR:
			if (!optarg || strcmp(optarg, "always") == 0)
				o->color = 1;
			else if (strcmp(optarg, "never") == 0)
				o->color = 0;
			else if (strcmp(optarg, "auto") == 0)
				o->color = -1;
			else
				return usage_error("--color takes auto, always "
				                   "or never");
			break;
		case OPT_LIST_KEYS:
			o->list_keys =
			    optarg && strcmp(optarg, "roff") == 0 ? 2 : 1;
			break;
		case ':':
			snprintf(msg, sizeof msg,
			         "option '%.80s' needs a value",
			         argv[optind - 1]);
			return usage_error(msg);
		case OPT_OUTLINE: o->mode = MODE_OUTLINE; break;
		case OPT_AUTHORS: o->mode = MODE_AUTHORS; break;
		case OPT_FORCE: o->force = true; break;
		case OPT_NO_STATE: o->no_state = true; break;
		case OPT_NO_MOUSE: o->no_mouse = true; break;
		case 'h': usage(stdout); exit(0);
		case 'V': printf("lectern %s\n", LECTERN_VERSION); exit(0);
		default: {
			const char *opt = argv[optind - 1];
			if (optopt && optopt < 256)
				snprintf(msg, sizeof msg,
				         "unknown option '-%c'", optopt);
			else
				snprintf(msg, sizeof msg,
				         "unknown option '%.80s'", opt);
			complain(NULL, msg);
			fputs("Try 'lectern --help' for more information.\n",
			      stderr);
			return -1;
		}
		}
	}
	/* less's +command: +/PATTERN, +G, +N (+NG, +Ng) */
	if (optind < argc && argv[optind][0] == '+' &&
	    parse_plus(argv[optind++] + 1, o) < 0)
		return -1;
	if (optind < argc) {
		o->file = argv[optind];
		o->files = (const char *const *)argv + optind;
		o->nfiles = (size_t)(argc - optind);
		optind = argc;
	}
	if (o->count && o->mode != MODE_SEARCH)
		return usage_error("--count goes with --search PATTERN");
	if (o->explain && o->mode != MODE_OUTLINE)
		return usage_error("--explain goes with --outline");
	for (size_t i = 0; o->nfiles > 1 && i < o->nfiles; i++)
		if (strcmp(o->files[i], "-") == 0)
			return usage_error("standard input (-) is read alone, "
			                   "not with other files");
	return 0;
}

/* The bundled collection: beside the installed program
 * (BIN/../share/lectern), else in the source tree, else where it was to
 * be installed. Returns a new string, or NULL. */
static char *bundled_path(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	const char *candidates[3] = {NULL, LECTERN_SOURCE_DATADIR,
	                             LECTERN_INSTALL_DATADIR};
	char beside[PATH_MAX + 64];
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(beside, sizeof beside, "%s/../%s", exe,
			         LECTERN_REL_DATADIR);
			candidates[0] = beside;
		}
	}
	for (int i = 0; i < 3; i++) {
		if (!candidates[i])
			continue;
		size_t len =
		    strlen(candidates[i]) + strlen(LECTERN_DATA_NAME) + 2;
		char *path = malloc(len);
		if (!path)
			return NULL;
		snprintf(path, len, "%s/%s", candidates[i], LECTERN_DATA_NAME);
		if (access(path, R_OK) == 0)
			return path;
		free(path);
	}
	return NULL;
}

/* Is something piped or redirected in: a pipe, a socket or a file (not a
 * terminal, not /dev/null)? */
static bool stdin_has_input(void)
{
	struct stat st;
	if (fstat(STDIN_FILENO, &st) < 0)
		return false;
	return S_ISFIFO(st.st_mode) || S_ISREG(st.st_mode) ||
	       S_ISSOCK(st.st_mode);
}

/* Files of a collection that were left out: told at once on the way in,
 * kept for the end while the reader has the terminal. */
static struct {
	bool hold;
	lt_buf told;
} skipped_files;

static void on_skipped(void *ctx, const char *path, const char *why)
{
	(void)ctx;
	lt_buf line = {0};
	lt_buf_puts(&line, "lectern: ");
	lt_sanitize(path, strlen(path), &line);
	lt_buf_puts(&line, ": ");
	lt_buf_puts(&line, why);
	lt_buf_puts(&line, ", skipped\n");
	if (skipped_files.hold)
		lt_buf_put(&skipped_files.told, line.s, line.len, 0);
	else
		fputs(line.s, stderr);
	lt_buf_free(&line);
}

static void tell_skipped(void)
{
	if (skipped_files.told.len)
		fwrite(skipped_files.told.s, 1, skipped_files.told.len, stderr);
	lt_buf_free(&skipped_files.told);
	skipped_files.hold = false;
}

static bool is_folder(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Several files, or a folder: one collection. */
static lt_doc *open_collection(const options *o, char **name, lt_error *err)
{
	if (o->nfiles == 1) {
		*name = strdup(o->file);
	} else {
		char buf[64];
		snprintf(buf, sizeof buf, " and %zu more", o->nfiles - 1);
		*name = malloc(strlen(o->file) + strlen(buf) + 1);
		if (*name)
			strcat(strcpy(*name, o->file), buf);
	}
	/* a large folder's listing is kept, as the places read are */
	char *cache = o->no_state ? NULL : lt_cache_dir();
	lt_open_opts oo = {o->sort,    o->reverse, o->structure,
	                   on_skipped, NULL,       cache};
	lt_doc *doc = lt_doc_open_paths(o->files, o->nfiles, &oo, err);
	free(cache);
	return doc;
}

/* Open what the options name. Prints the reason and returns NULL when the
 * input cannot be read. *name is set to the name to show. */
static lt_doc *open_input(const options *o, char **name)
{
	lt_error err = {0};
	lt_doc *doc;
	if (o->nfiles > 1 || (o->nfiles == 1 && is_folder(o->file))) {
		doc = open_collection(o, name, &err);
	} else if ((o->file && strcmp(o->file, "-") == 0) ||
	           (!o->file && stdin_has_input())) {
		*name = strdup("(standard input)");
		doc = lt_doc_read_fd(STDIN_FILENO, &err);
	} else if (o->file) {
		*name = strdup(o->file);
		doc = lt_doc_open(o->file, &err);
	} else {
		*name = bundled_path();
		if (!*name) {
			complain(NULL,
			         "the bundled collection " LECTERN_DATA_NAME
			         " is not installed; name a file to read");
			return NULL;
		}
		doc = lt_doc_open(*name, &err);
	}
	if (doc)
		return doc;
	if (err.code == LT_SPOOL) { /* the folder is what to fix */
		char why[256];
		snprintf(why, sizeof why, "%s: %s", lt_error_message(&err),
		         strerror(err.sys_errno));
		complain(err.folder, why);
	} else {
		complain(*name, lt_error_message(&err));
	}
	return NULL;
}

/* Where --essay or --author asks to start: an essay index, LT_NONE for
 * the start, or LT_NONE - 1 after printing why there is no such essay. */
static size_t start_essay(const options *o, const lt_doc *doc)
{
	size_t n = lt_doc_nessays(doc);
	if (o->essay) {
		if (o->essay <= n)
			return o->essay - 1;
		char msg[96];
		snprintf(msg, sizeof msg,
		         "--essay %zu: the collection has %zu essay%s",
		         o->essay, n, n == 1 ? "" : "s");
		complain(NULL, msg);
		return LT_NONE - 1;
	}
	if (!o->author)
		return LT_NONE;
	size_t nl;
	uint8_t *needle = u8_casefold((const uint8_t *)o->author,
	                              strlen(o->author), NULL, NULL, NULL, &nl);
	for (size_t k = 0; needle && k < n; k++) {
		lt_essay e = lt_doc_essay(doc, k);
		if (e.author == LT_NONE)
			continue;
		const char *name = lt_doc_author(doc, e.author)->name;
		size_t hl;
		uint8_t *hay = u8_casefold((const uint8_t *)name, strlen(name),
		                           NULL, NULL, NULL, &hl);
		bool hit = hay && memmem(hay, hl, needle, nl) != NULL;
		free(hay);
		if (hit) {
			free(needle);
			return k;
		}
	}
	free(needle);
	lt_buf b = {0};
	lt_sanitize(o->author, strlen(o->author), &b);
	char msg[256];
	snprintf(msg, sizeof msg, "--author %.200s: no essay by such an author",
	         b.s);
	lt_buf_free(&b);
	complain(NULL, msg);
	return LT_NONE - 1;
}

/* less asks before showing a binary file; so do we, on the terminal. */
static bool confirm_binary(const char *name)
{
	FILE *tty = fopen("/dev/tty", "r+");
	if (!tty)
		return false;
	lt_buf b = {0};
	lt_sanitize(name, strlen(name), &b);
	fprintf(tty, "%s may be a binary file.  See it anyway? (y/n) ", b.s);
	fflush(tty);
	lt_buf_free(&b);
	char line[16] = "";
	bool yes =
	    fgets(line, sizeof line, tty) && (line[0] == 'y' || line[0] == 'Y');
	fclose(tty);
	return yes;
}

/* If the locale's character set is not UTF-8, use C.UTF-8 for character
 * handling: the text is UTF-8 whatever the locale says. */
static void utf8_locale(void)
{
	/* only what lectern uses: character types and the system's messages
	 * (loading every category costs the first screen a millisecond) */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	const char *ctype = setlocale(LC_CTYPE, NULL);
	if (ctype && (strstr(ctype, "UTF-8") || strstr(ctype, "utf8") ||
	              strstr(ctype, "UTF8") || strstr(ctype, "utf-8")))
		return;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.utf8");
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What the saved state knows the document named by o->file by: its real
 * path; for several files, a key of a fixed size made from their real
 * paths, sorted (the same files named in any order are the same
 * collection): the folder they share, then their count and a hash of
 * them all, on a line of its own. NULL when a path cannot be resolved:
 * then nothing is kept. */
static char *state_key(const options *o)
{
	if (o->nfiles < 2)
		return o->file ? realpath(o->file, NULL) : NULL;
	char **real = calloc(o->nfiles, sizeof *real);
	char *key = NULL;
	size_t i = 0;
	while (real && i < o->nfiles && (real[i] = realpath(o->files[i], NULL)))
		i++;
	if (real && i == o->nfiles) {
		qsort(real, i, sizeof *real, by_string);
		lt_buf all = {0};
		size_t common = strlen(real[0]);
		for (size_t k = 0; k < i; k++) {
			lt_buf_put(&all, real[k], strlen(real[k]) + 1, 0);
			size_t c = 0;
			while (c < common && real[k][c] == real[0][c])
				c++;
			common = c;
		}
		while (common > 1 && real[0][common - 1] != '/')
			common--; /* the folder they all are in */
		char tail[64];
		int tn =
		    snprintf(tail, sizeof tail, "\n%zu files %016llx", i,
		             (unsigned long long)lt_state_hash(all.s, all.len));
		key = malloc(common + (size_t)tn + 1);
		if (key) {
			memcpy(key, real[0], common);
			memcpy(key + common, tail, (size_t)tn + 1);
		}
		lt_buf_free(&all);
	}
	while (real && i-- > 0)
		free(real[i]);
	free(real);
	return key;
}

/* The user's delimiters for this document: from the command line (then
 * remembered in the saved state, for a named file), else as the saved
 * state remembers them. Returns false, having said why, when a pattern
 * does not compile. */
static bool apply_starts(const options *o, lt_doc *doc, const char *name,
                         const char *key)
{
	bool given = o->essay_start || o->section_start;
	const char *why;
	char *dir = o->no_state || !o->file ? NULL : lt_state_dir(&why);
	lt_state *st = dir ? lt_state_new(dir) : NULL;
	free(dir);
	const char *path = st ? key : NULL;
	const char *e = o->essay_start, *sec = o->section_start;
	const lt_state_doc *rec = NULL;
	if (st && lt_state_peek(st)) {
		if (lt_doc_nfiles(doc) < 2 &&
		    lt_state_knows_size(st, lt_doc_size(doc)))
			rec = lt_state_find(st, lt_doc_size(doc),
			                    lt_doc_fingerprint(doc));
		if (!rec && path)
			rec = lt_state_find_path(st, path);
	}
	if (!given && rec && rec->starts_set) {
		e = rec->essay_start;
		sec = rec->section_start;
	}
	char err[240];
	bool ok = lt_doc_set_starts(doc, e, sec, err, sizeof err);
	if (!ok)
		complain(given ? NULL : name, err);
	if (ok && given && st && path) {
		/* remember them for this file (a new record keeps the place
		 * and marks of the one it replaces) */
		lt_state_doc d = {0};
		d.size = lt_doc_size(doc);
		d.hash = lt_doc_fingerprint(doc);
		d.path = (char *)path;
		d.time = (int64_t)time(NULL);
		d.starts_set = true;
		d.essay_start = (char *)(e && *e ? e : NULL);
		d.section_start = (char *)(sec && *sec ? sec : NULL);
		if (!lt_state_save_doc(st, &d))
			complain(NULL, lt_state_message(st));
	}
	lt_state_free(st);
	return ok;
}

int main(int argc, char **argv)
{
	utf8_locale();
	options o = {.color = -1};
	if (parse_options(argc, argv, &o) < 0)
		return EXIT_USAGE;
	lt_search *search = NULL;
	if (o.pattern) {
		char err[320];
		search = lt_search_new(o.pattern, &o.search, err, sizeof err);
		if (!search) {
			char msg[400];
			snprintf(msg, sizeof msg, "%s: %s",
			         o.mode == MODE_SEARCH ? "--search" : "+/",
			         err);
			complain(NULL, msg);
			return EXIT_USAGE;
		}
	}
	/* like grep, a search that cannot read its input exits 2 */
	int unusable = o.mode == MODE_SEARCH ? EXIT_USAGE : 1;
	if (o.list_keys) {
		tui_print_keys(o.list_keys == 2);
		return 0;
	}
	tui_install_crash_handlers();
	bool interactive = o.mode == MODE_READ && isatty(STDOUT_FILENO);
	size_t plain_width = o.width ? o.width : 80;
	const char *why = interactive ? tui_cannot_drive() : NULL;
	if (why) { /* as less on a dumb terminal: say so, and show the text */
		fprintf(stderr, "lectern: %s; the text follows as plain text\n",
		        why);
		interactive = false;
		struct winsize ws;
		if (!o.width && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
		    ws.ws_col >= 20)
			plain_width = ws.ws_col > 400 ? 400 : ws.ws_col;
	}

	char *name = NULL;
	lt_doc *doc = open_input(&o, &name);
	if (!doc) {
		free(name);
		lt_search_free(search);
		return unusable;
	}
	if (lt_doc_looks_binary(doc) && !o.force &&
	    !(interactive && confirm_binary(name))) {
		complain(
		    name,
		    "may be a binary file (use --force to read it anyway)");
		lt_doc_free(doc);
		free(name);
		lt_search_free(search);
		return unusable;
	}
	lt_doc_set_structure(doc, o.structure);
	skipped_files.hold = interactive;
	/* what the saved state knows it by (several files: by all their
	 * paths; nothing is kept when one cannot be resolved) */
	char *key = o.no_state ? NULL : state_key(&o);
	if (!apply_starts(&o, doc, name, key)) {
		free(key);
		lt_doc_free(doc);
		free(name);
		lt_search_free(search);
		return EXIT_USAGE;
	}
	int status = 0;
	if (interactive && !o.essay && !o.author) {
		/* the reader indexes the rest while the first screen shows:
		 * a screenful needs a few KiB (the reader scans on as far as
		 * it has to, to a saved place say); of a collection, its first
		 * file or two (each is indexed whole) */
		lt_doc_scan(doc, lt_doc_nfiles(doc) > 1 ? 8u << 10 : 64u << 10);
	} else if ((o.mode != MODE_OUTLINE && o.mode != MODE_SEARCH) ||
	           o.essay || o.author) {
		/* the outline and search scan as they print */
		lt_doc_scan(doc, 0);
	}
	size_t start = o.essay || o.author ? start_essay(&o, doc) : LT_NONE;
	if (start == LT_NONE - 1) {
		free(key);
		lt_doc_free(doc);
		free(name);
		lt_search_free(search);
		return 1;
	}
	switch (o.mode) {
	case MODE_OUTLINE: print_outline(doc, o.explain); break;
	case MODE_AUTHORS: print_authors(doc); break;
	case MODE_SEARCH: {
		const char *nc = getenv("NO_COLOR");
		bool color =
		    o.color == 1 ||
		    (o.color == -1 && isatty(STDOUT_FILENO) && !(nc && *nc));
		status = print_search(doc, search, o.count, color) ? 0 : 1;
		break;
	}
	case MODE_READ:
		if (interactive) {
			bool keep = !o.no_state && (o.nfiles < 2 || key);
			tui_options to = {name,       o.width,      start,
			                  NULL,       o.pattern,    o.search,
			                  !keep,      o.start_line, o.start_end,
			                  o.no_mouse, key};
			status = tui_run(doc, &to);
			tell_skipped();
		} else {
			size_t from = start == LT_NONE
			                  ? 0
			                  : lt_doc_essay(doc, start).title_para;
			print_plain(doc, plain_width, from);
		}
		break;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		complain(NULL, strerror(errno ? errno : EIO));
		status = 1;
	}
	free(key);
	lt_doc_free(doc);
	lt_search_free(search);
	free(name);
	return status;
}
