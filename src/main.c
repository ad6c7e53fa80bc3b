/* lectern: options, locale, the non-interactive modes; the reader itself
 * lives in src/tui/. */
#define _GNU_SOURCE /* getopt_long */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lectern/doc.h"
#include "lectern/text.h"

#define EXIT_USAGE 2

enum mode { MODE_READ, MODE_OUTLINE, MODE_AUTHORS };

typedef struct {
	enum mode mode;
	bool force;
	const char *file; /* NULL: stdin when piped, else the bundled file */
} options;

enum { OPT_OUTLINE = 256, OPT_AUTHORS, OPT_FORCE };

static const struct option long_options[] = {
    {"outline", no_argument, NULL, OPT_OUTLINE},
    {"authors", no_argument, NULL, OPT_AUTHORS},
    {"force", no_argument, NULL, OPT_FORCE},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static void usage(FILE *f)
{
	fputs(
	    "Usage: lectern [OPTIONS] [FILE | -]\n"
	    "A terminal reader for long-form essay collections.\n"
	    "\n"
	    "With no FILE, read standard input when it is not a terminal,\n"
	    "else open the bundled collection.\n"
	    "\n"
	    "Options:\n"
	    "      --outline   print the essays and sections, tab-separated:\n"
	    "                  essay N TITLE AUTHOR LINE / section N.M HEADING "
	    " LINE\n"
	    "      --authors   print each author with their essay numbers\n"
	    "      --force     read a file that looks binary\n"
	    "  -h, --help      show this help and exit\n"
	    "  -V, --version   show the version and exit\n"
	    "\n"
	    "Exit status: 0 success, 1 unusable input, 2 usage error.\n",
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

static int parse_options(int argc, char **argv, options *o)
{
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hV", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_OUTLINE: o->mode = MODE_OUTLINE; break;
		case OPT_AUTHORS: o->mode = MODE_AUTHORS; break;
		case OPT_FORCE: o->force = true; break;
		case 'h': usage(stdout); exit(0);
		case 'V': printf("lectern %s\n", LECTERN_VERSION); exit(0);
		default: {
			char msg[128];
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
	if (optind < argc)
		o->file = argv[optind++];
	if (optind < argc) {
		complain(NULL, "only one file may be named");
		fputs("Try 'lectern --help' for more information.\n", stderr);
		return -1;
	}
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

/* Open what the options name. Prints the reason and returns NULL when the
 * input cannot be read. *name is set to the name to show. */
static lt_doc *open_input(const options *o, char **name)
{
	lt_error err = {0};
	lt_doc *doc;
	if ((o->file && strcmp(o->file, "-") == 0) ||
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
	if (!doc)
		complain(*name, lt_error_message(&err));
	return doc;
}

/* Titles, authors and headings are already folded to one line; tabs and
 * controls cannot be in them. */
static void print_outline(const lt_doc *doc)
{
	for (size_t i = 0; i < lt_doc_nessays(doc); i++) {
		const lt_essay *e = lt_doc_essay(doc, i);
		const char *author = e->author == LT_NONE
		                         ? ""
		                         : lt_doc_author(doc, e->author)->name;
		printf("essay\t%zu\t%s\t%s\t%llu\n", i + 1, e->title, author,
		       (unsigned long long)e->line);
		for (size_t s = 0; s < e->nsections; s++) {
			const lt_section *sec =
			    lt_doc_section(doc, e->first_section + s);
			printf("section\t%zu.%zu\t%s\t\t%llu\n", i + 1, s + 1,
			       sec->heading, (unsigned long long)sec->line);
		}
	}
}

static void print_authors(const lt_doc *doc)
{
	for (size_t a = 0; a < lt_doc_nauthors(doc); a++) {
		const lt_author *au = lt_doc_author(doc, a);
		printf("%s\t", au->name);
		for (size_t k = 0; k < au->nessays; k++)
			printf("%s%zu", k ? "," : "", au->essays[k] + 1);
		putchar('\n');
	}
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	options o = {0};
	if (parse_options(argc, argv, &o) < 0)
		return EXIT_USAGE;

	char *name = NULL;
	lt_doc *doc = open_input(&o, &name);
	if (!doc) {
		free(name);
		return 1;
	}
	if (lt_doc_looks_binary(doc) && !o.force) {
		complain(
		    name,
		    "may be a binary file (use --force to read it anyway)");
		lt_doc_free(doc);
		free(name);
		return 1;
	}
	lt_doc_scan(doc, 0);

	int status = 0;
	switch (o.mode) {
	case MODE_OUTLINE: print_outline(doc); break;
	case MODE_AUTHORS: print_authors(doc); break;
	case MODE_READ: break;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		complain(NULL, strerror(errno ? errno : EIO));
		status = 1;
	}
	lt_doc_free(doc);
	free(name);
	return status;
}
