/* The state store: escaping, the format's round trip, damaged files moved
 * aside, folders that cannot be written, where the store lives. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "lectern/state.h"

static char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static int remove_one(const char *path, const struct stat *sb, int flag,
                      struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

/* rm -rf dir */
static void remove_tree(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A fresh folder under the harness's directory. */
static char *fresh_dir(const char *name)
{
	char *d = path_in(harness_dir(), name);
	mkdir(d, 0755);
	return d;
}

/* How many entries of dir start with prefix. */
static int count_files(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *de; d && (de = readdir(d));)
		n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
	if (d)
		closedir(d);
	return n;
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	OK(f != NULL);
	if (!f)
		return;
	fwrite(data, 1, n, f);
	fclose(f);
}

static lt_state_doc sample_doc(uint64_t size, size_t para)
{
	lt_state_doc d = {0};
	d.size = size;
	d.hash = 0x0123456789abcdefu ^ size;
	d.path = strdup("/tmp/a\tb\nc\\d\x01\xff\xc3(é.txt");
	d.width = 60;
	d.time = 1700000000;
	d.at = (lt_state_place){true,
	                        3,
	                        para,
	                        17,
	                        0xfeedfacecafebeefu,
	                        strdup("The “Reunification” of Crimea")};
	d.marks[1] = (lt_state_place){true, LT_STATE_NONE, 2, 0, 42, NULL};
	d.marks[25] =
	    (lt_state_place){true, 0, 5, 9, 7, strdup("tab\there\nnl")};
	return d;
}

static void same_place(const lt_state_place *a, const lt_state_place *b)
{
	INT_EQ(a->set, b->set);
	INT_EQ(a->essay, b->essay);
	INT_EQ(a->para, b->para);
	INT_EQ(a->off, b->off);
	OK(a->para_hash == b->para_hash);
	STR_EQ(a->title, b->title);
}

static void test_escape(void)
{
	harness_test("escape");
	const char raw[] = "a\\b\tc\nd\re\x01\x7f\xff\xc3\xa9\xe2\x80\x9c x";
	char *e = lt_state_escape(raw, sizeof raw - 1);
	OK(!strchr(e, '\t') && !strchr(e, '\n'));
	OK(strstr(e, "é") != NULL); /* valid UTF-8 stays readable */
	size_t n;
	char *back = lt_state_unescape(e, strlen(e), &n);
	INT_EQ(n, sizeof raw - 1);
	OK(back && memcmp(back, raw, n) == 0);
	free(e);
	free(back);
	OK(lt_state_unescape("\\q", 2, NULL) == NULL);
	OK(lt_state_unescape("\\x4", 3, NULL) == NULL);
	OK(lt_state_unescape("a\\", 2, NULL) == NULL);
}

static void test_round_trip(void)
{
	harness_test("round trip");
	char *dir = fresh_dir("round");
	lt_state *st = lt_state_new(dir);
	OK(lt_state_load(st)); /* no file yet: empty */
	lt_state_doc d = sample_doc(1234, 8);
	OK(lt_state_save_doc(st, &d));
	STR_EQ(lt_state_message(st), "");
	OK(lt_state_add_search(st, "first"));
	OK(lt_state_add_search(st, "line\nbreak\tand \xff"));
	OK(lt_state_add_search(st, "first")); /* moves to the top, once */
	lt_state_free(st);

	st = lt_state_new(dir);
	OK(lt_state_load(st));
	const lt_state_doc *r = lt_state_find(st, d.size, d.hash);
	OK(r != NULL);
	if (r) {
		STR_EQ(r->path, d.path);
		INT_EQ(r->width, 60);
		INT_EQ(r->time, d.time);
		same_place(&r->at, &d.at);
		for (int m = 0; m < 26; m++)
			same_place(&r->marks[m], &d.marks[m]);
	}
	OK(lt_state_find(st, d.size + 1, d.hash) == NULL);
	/* no record of that size: no fingerprint need be worked out */
	OK(lt_state_knows_size(st, d.size));
	OK(!lt_state_knows_size(st, d.size + 1));
	INT_EQ(lt_state_nhistory(st), 2);
	STR_EQ(lt_state_history(st, 0), "first");
	STR_EQ(lt_state_history(st, 1), "line\nbreak\tand \xff");

	/* a record saved again keeps the marks it does not set */
	lt_state_doc d2 = sample_doc(1234, 9);
	d2.marks[1].set = false;
	d2.marks[2] = (lt_state_place){true, 1, 4, 0, 1, strdup("c")};
	OK(lt_state_save_doc(st, &d2));
	r = lt_state_find(st, d.size, d.hash);
	INT_EQ(r->at.para, 9);
	OK(r->marks[1].set && r->marks[2].set && r->marks[25].set);

	/* the format is the text of the file, and parses back the same */
	size_t len;
	char *text = lt_state_format(st, &len);
	OK(strncmp(text, "lectern-state 1\n", 16) == 0);
	OK(len >= 4 && strcmp(text + len - 4, "end\n") == 0);
	lt_state *again = lt_state_new(dir);
	OK(lt_state_parse(again, text, len));
	size_t len2;
	char *text2 = lt_state_format(again, &len2);
	INT_EQ(len2, len);
	OK(memcmp(text, text2, len) == 0);
	/* unknown lines from a later version are skipped */
	char *more = malloc(len + 32);
	memcpy(more, text, len - 4);
	strcpy(more + len - 4, "future\tthing\nend\n");
	OK(lt_state_parse(again, more, strlen(more)));
	free(more);
	free(text);
	free(text2);
	lt_state_free(again);

	/* the history holds the last 200 distinct patterns */
	for (int i = 0; i < 250; i++) {
		char p[32];
		snprintf(p, sizeof p, "pattern %d", i);
		lt_state_add_search(st, p);
	}
	INT_EQ(lt_state_nhistory(st), 200);
	STR_EQ(lt_state_history(st, 0), "pattern 249");
	STR_EQ(lt_state_history(st, 199), "pattern 50");
	INT_EQ(count_files(dir, "state."), 0); /* no temp file left */
	lt_state_doc_clear(&d);
	lt_state_doc_clear(&d2);
	lt_state_free(st);
	free(dir);
}

/* The user's delimiters: saved with the record, kept by a save that does
 * not set them, forgotten by one that sets none, handed on to the record
 * of the same path when the file changes; the peek leaves a damaged file
 * where it is. */
static void test_starts(void)
{
	harness_test("starts");
	char *dir = fresh_dir("starts");
	lt_state *st = lt_state_new(dir);
	OK(lt_state_load(st));
	lt_state_doc d = sample_doc(4321, 3);
	d.starts_set = true;
	d.essay_start = strdup("^No\\. [0-9]+");
	d.section_start = strdup("tab\there");
	OK(lt_state_save_doc(st, &d));
	lt_state_free(st);

	st = lt_state_new(dir);
	OK(lt_state_peek(st));
	const lt_state_doc *r = lt_state_find(st, d.size, d.hash);
	OK(r && r->starts_set);
	if (r) {
		STR_EQ(r->essay_start, d.essay_start);
		STR_EQ(r->section_start, d.section_start);
	}
	/* a save that says nothing of them (the reader's) keeps them */
	lt_state_doc plain = sample_doc(4321, 5);
	OK(lt_state_save_doc(st, &plain));
	r = lt_state_find(st, d.size, d.hash);
	OK(r && r->starts_set && r->at.para == 5);
	/* the file changed: its new record inherits them */
	lt_state_doc grown = sample_doc(4321, 6);
	grown.size = 5000;
	OK(lt_state_save_doc(st, &grown));
	OK(lt_state_find(st, d.size, d.hash) == NULL);
	r = lt_state_find(st, grown.size, grown.hash);
	OK(r && r->starts_set && r->essay_start &&
	   strcmp(r->essay_start, d.essay_start) == 0);
	/* set to none: forgotten */
	lt_state_doc none = sample_doc(4321, 6);
	none.size = 5000;
	none.starts_set = true;
	OK(lt_state_save_doc(st, &none));
	r = lt_state_find(st, grown.size, grown.hash);
	OK(r && !r->starts_set && !r->essay_start && !r->section_start);
	size_t len;
	char *text = lt_state_format(st, &len);
	OK(strstr(text, "\nstarts\t") == NULL);
	free(text);
	/* a starts line with both empty, or twice, is damage */
	lt_state *bad = lt_state_new(dir);
	static const char twice[] =
	    "lectern-state 1\ndoc\t1\t0000000000000001\t0\t0\t/x\n"
	    "starts\ta\t\nstarts\tb\t\nend\n";
	static const char empty[] =
	    "lectern-state 1\ndoc\t1\t0000000000000001\t0\t0\t/x\n"
	    "starts\t\t\nend\n";
	OK(!lt_state_parse(bad, twice, sizeof twice - 1));
	OK(!lt_state_parse(bad, empty, sizeof empty - 1));
	lt_state_free(bad);
	/* the peek leaves a damaged file alone */
	char *file = path_in(dir, "state");
	write_file(file, "not a state file\n", 17);
	lt_state *peek = lt_state_new(dir);
	OK(!lt_state_peek(peek));
	OK(access(file, F_OK) == 0);
	INT_EQ(count_files(dir, "state.corrupt-"), 0);
	lt_state_free(peek);
	free(file);
	lt_state_doc_clear(&d);
	lt_state_doc_clear(&plain);
	lt_state_doc_clear(&grown);
	lt_state_doc_clear(&none);
	lt_state_free(st);
	free(dir);
}

/* A damaged file: load says so, moves it aside (kept, not overwritten),
 * starts empty; saving then works. */
static void check_damaged(const char *name, const char *data, size_t n,
                          off_t sparse)
{
	harness_test(name);
	char *dir = fresh_dir(name);
	char *file = path_in(dir, "state");
	if (sparse) {
		int fd = open(file, O_CREAT | O_WRONLY | O_TRUNC, 0600);
		OK(fd >= 0 && ftruncate(fd, sparse) == 0);
		close(fd);
	} else {
		write_file(file, data, n);
	}
	lt_state *st = lt_state_new(dir);
	OK(!lt_state_load(st));
	OK(strstr(lt_state_message(st), "moved aside as") != NULL);
	OK(strchr(lt_state_message(st), '\n') == NULL);
	INT_EQ(count_files(dir, "state.corrupt-"), 1);
	OK(access(file, F_OK) != 0);
	INT_EQ(lt_state_nhistory(st), 0);
	OK(lt_state_add_search(st, "after"));
	lt_state_free(st);
	st = lt_state_new(dir);
	OK(lt_state_load(st));
	STR_EQ(lt_state_history(st, 0), "after");
	lt_state_free(st);
	free(file);
	free(dir);
}

static void test_damaged(void)
{
	const char good[] = "lectern-state 1\nsearch\tx\n"
	                    "doc\t10\t0123456789abcdef\t0\t5\t/p\n"
	                    "at\t-\t1\t2\t0000000000000003\t\nend\n";
	lt_state *st = lt_state_new("/nonexistent");
	OK(lt_state_parse(st, good, sizeof good - 1));
	lt_state_free(st);
	check_damaged("corrupt", "lectern-state 1\nsearch\tx\ndoc\tzz\nend\n",
	              37, 0);
	check_damaged("no header", "hello\n", 6, 0);
	check_damaged("other version", "lectern-state 2\nend\n", 20, 0);
	check_damaged("truncated", good, sizeof good - 6, 0);
	check_damaged("truncated mid-line", good, 30, 0);
	check_damaged("binary", "lectern-state 1\n\0\x01\x02end\n", 22, 0);
	check_damaged("bad escape", "lectern-state 1\nsearch\t\\q\nend\n", 30,
	              0);
	size_t big = LT_STATE_MAX_BYTES + 1;
	char *over = malloc(big);
	memset(over, 'a', big);
	memcpy(over, "lectern-state 1\n", 16);
	for (size_t i = 16; i + 9 < big; i += 9)
		memcpy(over + i, "search\tx\n", 9);
	check_damaged("oversized", over, big, 0);
	free(over);
	check_damaged("sparse 2 GiB", NULL, 0, (off_t)2 << 30);
}

/* The mouse line: none in a file from before it (-1), kept through a
 * save, a bad value skipped as a later version's line would be; and a
 * doc's read line. */
static void test_mouse(void)
{
	const char old[] = "lectern-state 1\nsearch\tx\nend\n";
	lt_state *st = lt_state_new("/nonexistent");
	OK(lt_state_parse(st, old, sizeof old - 1));
	INT_EQ(lt_state_mouse(st), -1);
	const char off[] = "lectern-state 1\nmouse\t0\nend\n";
	OK(lt_state_parse(st, off, sizeof off - 1));
	INT_EQ(lt_state_mouse(st), 0);
	const char bad[] = "lectern-state 1\nmouse\tyes\nsearch\tx\nend\n";
	OK(lt_state_parse(st, bad, sizeof bad - 1));
	INT_EQ(lt_state_mouse(st), -1);
	INT_EQ(lt_state_nhistory(st), 1);
	/* a doc's "read" line comes back as it was written; a file from
	 * before it has none */
	const char *read = "lectern-state 1\n"
	                   "doc\t10\t0123456789abcdef\t0\t5\t/p\n"
	                   "read\t1:100,3:20\nend\n";
	OK(lt_state_parse(st, read, strlen(read)));
	const lt_state_doc *d = lt_state_find(st, 10, 0x0123456789abcdefULL);
	if (OK(d != NULL))
		STR_EQ(d->read, "1:100,3:20");
	size_t len;
	char *text = lt_state_format(st, &len);
	OK(strstr(text, "read\t1:100,3:20\n") != NULL);
	free(text);
	OK(lt_state_parse(st, old, sizeof old - 1));
	const char twice[] = "lectern-state 1\n"
	                     "doc\t10\t0123456789abcdef\t0\t5\t/p\n"
	                     "read\t1:1\nread\t1:1\nend\n";
	OK(!lt_state_parse(st, twice, sizeof twice - 1));
	lt_state_free(st);
	char *dir = fresh_dir("mouse");
	st = lt_state_new(dir);
	OK(lt_state_add_search(st, "x"));
	OK(lt_state_set_mouse(st, false));
	OK(lt_state_add_search(st, "y"));
	lt_state_free(st);
	st = lt_state_new(dir);
	OK(lt_state_load(st));
	INT_EQ(lt_state_mouse(st), 0);
	INT_EQ(lt_state_nhistory(st), 2);
	OK(lt_state_set_mouse(st, true));
	lt_state_free(st);
	st = lt_state_new(dir);
	OK(lt_state_load(st));
	INT_EQ(lt_state_mouse(st), 1);
	lt_state_free(st);
	free(dir);
}

/* Saving into a folder that cannot be written: false, one line saying
 * so, no temporary file, the old file untouched. */
static void test_read_only(void)
{
	harness_test("folder under a file");
	/* a path under a regular file: mkdir fails (ENOTDIR) even as root */
	char *file = path_in(harness_dir(), "plain");
	write_file(file, "x", 1);
	char *dir = path_in(file, "lectern");
	lt_state *st = lt_state_new(dir);
	OK(lt_state_load(st));
	lt_state_doc d = sample_doc(99, 1);
	OK(!lt_state_save_doc(st, &d));
	OK(strstr(lt_state_message(st), "Cannot save") != NULL);
	/* the session still has it */
	OK(lt_state_find(st, 99, d.hash) != NULL);
	lt_state_free(st);
	free(dir);
	remove(file);
	free(file);

	harness_test("read-only folder");
	/* Root writes anywhere: the check runs in a child that drops to
	 * nobody (65534) when run as root; the folder is mode 0555, in a
	 * world-readable folder of /tmp. */
	char tmpl[] = "/tmp/lectern-ro.XXXXXX";
	char *top = mkdtemp(tmpl);
	OK(top != NULL);
	chmod(top, 0755);
	char *ro = path_in(top, "lectern");
	mkdir(ro, 0755);
	char *state = path_in(ro, "state");
	const char old[] = "lectern-state 1\nsearch\told\nend\n";
	write_file(state, old, sizeof old - 1);
	chmod(state, 0644);
	chmod(ro, 0555);
	pid_t pid = fork();
	if (pid == 0) {
		if (getuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(3);
		lt_state *s = lt_state_new(ro);
		bool loaded = lt_state_load(s);
		bool saved = lt_state_add_search(s, "new");
		bool said = strstr(lt_state_message(s), "Cannot save") != NULL;
		int ok = loaded && !saved && said &&
		         strcmp(lt_state_history(s, 0), "new") == 0;
		lt_state_free(s);
		_exit(ok ? 0 : 1);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	OK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	INT_EQ(count_files(ro, "state."), 0);
	INT_EQ(count_files(ro, "lock"), 0);
	size_t n;
	char *now = harness_slurp(state, &n);
	STR_EQ(now, old);
	free(now);
	/* a damaged file there: ignored and kept, not moved or overwritten */
	chmod(ro, 0755);
	write_file(state, "garbage\n", 8);
	chmod(ro, 0555);
	pid = fork();
	if (pid == 0) {
		if (getuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(3);
		lt_state *s = lt_state_new(ro);
		bool loaded = lt_state_load(s);
		bool said = strstr(lt_state_message(s), "ignored") != NULL;
		lt_state_free(s);
		_exit(!loaded && said ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	OK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	now = harness_slurp(state, &n);
	STR_EQ(now, "garbage\n");
	free(now);
	INT_EQ(count_files(ro, "state."), 0);
	chmod(ro, 0755);
	unlink(state);
	rmdir(ro);
	rmdir(top);
	free(state);
	free(ro);
	lt_state_doc_clear(&d);
}

static void test_where(void)
{
	harness_test("where");
	const char *why;
	char *d;
	setenv("XDG_STATE_HOME", "/x/state", 1);
	setenv("HOME", "/home/h", 1);
	unsetenv("LECTERN_STATE");
	d = lt_state_dir(&why);
	STR_EQ(d, "/x/state/lectern");
	free(d);
	/* relative XDG_STATE_HOME: ignored, never the current folder */
	setenv("XDG_STATE_HOME", "rel/state", 1);
	d = lt_state_dir(&why);
	STR_EQ(d, "/home/h/.local/state/lectern");
	free(d);
	setenv("XDG_STATE_HOME", "", 1);
	setenv("HOME", "relative", 1);
	d = lt_state_dir(&why);
	/* HOME not absolute: the password database's home */
	OK(d && d[0] == '/' && strstr(d, "/.local/state/lectern"));
	OK(d && strncmp(d, "relative", 8) != 0);
	free(d);
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	d = lt_state_dir(&why);
	OK(d && d[0] == '/' && strstr(d, "/.local/state/lectern"));
	free(d);
	setenv("LECTERN_STATE", "-", 1);
	d = lt_state_dir(&why);
	OK(d == NULL && why == NULL);
	unsetenv("LECTERN_STATE");
}

static void test_fingerprint(void)
{
	harness_test("fingerprint");
	OK(lt_state_hash("abc", 3) != lt_state_hash("abd", 3));
	OK(lt_state_hash("", 0) != lt_state_hash("\0", 1));
	/* above 1 MiB: sampled blocks plus the size */
	size_t n = (1u << 20) + 4096;
	char *big = calloc(n, 1);
	uint64_t h0 = lt_state_fingerprint(big, n);
	big[0] = 1; /* the first block */
	uint64_t h1 = lt_state_fingerprint(big, n);
	big[n - 1] = 1; /* the last block */
	uint64_t h2 = lt_state_fingerprint(big, n);
	OK(h0 != h1 && h1 != h2);
	OK(lt_state_fingerprint(big, n - 1) != h2);
	big[n / 2 + 1000] = 1; /* between samples: the same fingerprint */
	OK(lt_state_fingerprint(big, n) == h2);
	/* up to 1 MiB: every byte counts */
	uint64_t whole = lt_state_fingerprint(big, 1u << 20);
	big[1000] = 1;
	OK(lt_state_fingerprint(big, 1u << 20) != whole);
	free(big);
}

int main(void)
{
	test_escape();
	test_round_trip();
	test_starts();
	test_damaged();
	test_mouse();
	test_read_only();
	test_where();
	test_fingerprint();
	const char *made[] = {
	    "round",     "mouse",         "starts",    "corrupt",
	    "no header", "other version", "truncated", "truncated mid-line",
	    "binary",    "bad escape",    "oversized", "sparse 2 GiB"};
	for (size_t i = 0; i < sizeof made / sizeof *made; i++) {
		char *d = path_in(harness_dir(), made[i]);
		remove_tree(d);
		free(d);
	}
	return harness_done();
}
