#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int passed, failed;
static const char *current = "?";
static char dir[256];
static char *files[256];
static size_t nfiles;

void harness_test(const char *name) { current = name; }

bool harness_ok(const char *file, int line, bool cond, const char *what)
{
	if (cond) {
		passed++;
		return true;
	}
	failed++;
	fprintf(stderr, "%s:%d: %s: FAILED: %s\n", file, line, current, what);
	return false;
}

bool harness_int_eq(const char *file, int line, long long got, long long want,
                    const char *what)
{
	if (!harness_ok(file, line, got == want, what))
		fprintf(stderr, "  got %lld, want %lld\n", got, want);
	return got == want;
}

/* Print s with C escapes for anything outside printable ASCII. */
static void put_escaped(const char *s)
{
	if (!s) {
		fputs("(null)", stderr);
		return;
	}
	fputc('"', stderr);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(stderr, "\\%c", *p);
		else if (*p >= 0x20 && *p < 0x7F)
			fputc(*p, stderr);
		else
			fprintf(stderr, "\\x%02X", *p);
	}
	fputc('"', stderr);
}

bool harness_str_eq(const char *file, int line, const char *got,
                    const char *want, const char *what)
{
	bool eq = got && want ? strcmp(got, want) == 0 : got == want;
	if (!harness_ok(file, line, eq, what)) {
		fputs("  got  ", stderr);
		put_escaped(got);
		fputs("\n  want ", stderr);
		put_escaped(want);
		fputc('\n', stderr);
	}
	return eq;
}

const char *harness_dir(void)
{
	if (dir[0])
		return dir;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/lectern-test-XXXXXX",
	         tmp && tmp[0] == '/' ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(2);
	}
	return dir;
}

const char *harness_file(const char *name, const void *data, size_t n)
{
	if (nfiles == sizeof files / sizeof *files) {
		fputs("harness: too many files\n", stderr);
		exit(2);
	}
	size_t len = strlen(harness_dir()) + strlen(name) + 2;
	char *path = malloc(len);
	if (!path)
		abort();
	snprintf(path, len, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
	files[nfiles++] = path;
	return path;
}

char *harness_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *s = malloc(cap);
	size_t r;
	while (s && (r = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (cap - n - 1 == 0) {
			char *t = realloc(s, cap *= 2);
			if (!t)
				free(s);
			s = t;
		}
	}
	fclose(f);
	if (!s)
		abort();
	s[n] = '\0';
	if (len)
		*len = n;
	return s;
}

int harness_done(void)
{
	for (size_t i = 0; i < nfiles; i++) {
		unlink(files[i]);
		free(files[i]);
	}
	if (dir[0] && rmdir(dir) != 0)
		fprintf(stderr, "harness: %s left behind: %s\n", dir,
		        strerror(errno));
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
