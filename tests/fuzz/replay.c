/* Runs a fuzz target over files and folders of files named on the command
 * line (inside folders, only the names ending in the --suffix given), for
 * builds without libFuzzer: CTest replays the corpus through it
 * so the target's property checks run in every test run. */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	size_t cap = 1 << 16, len = 0;
	uint8_t *buf = malloc(cap);
	for (size_t r; buf && (r = fread(buf + len, 1, cap - len, f)) > 0;) {
		len += r;
		if (len == cap) {
			uint8_t *bigger = realloc(buf, cap *= 2);
			if (!bigger)
				free(buf);
			buf = bigger;
		}
	}
	int bad = ferror(f) || !buf;
	fclose(f);
	if (bad) {
		fprintf(stderr, "%s: cannot read\n", path);
		free(buf);
		return -1;
	}
	/* a copy of exactly len bytes, so ASan sees any read past the end */
	uint8_t *exact = malloc(len ? len : 1);
	memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 1;
}

/* Inside folders, only files whose names end in this (all when NULL). */
static const char *suffix;

static bool wanted(const char *name)
{
	size_t n = strlen(name), k = suffix ? strlen(suffix) : 0;
	return n >= k && strcmp(name + n - k, suffix ? suffix : "") == 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays path, or every file in it when it is a folder; returns how many
 * inputs ran, or -1 on an error. */
static int replay(const char *path, bool named)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return named || wanted(path) ? replay_file(path) : 0;
	DIR *dir = opendir(path);
	if (!dir) {
		perror(path);
		return -1;
	}
	char **names = NULL;
	size_t n = 0;
	for (struct dirent *de; (de = readdir(dir));) {
		if (de->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof *names);
		size_t len = strlen(path) + strlen(de->d_name) + 2;
		names[n] = malloc(len);
		snprintf(names[n++], len, "%s/%s", path, de->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof *names, compare_names);
	int count = 0;
	for (size_t i = 0; i < n; i++) {
		int r = replay(names[i], false);
		if (r < 0 || count < 0)
			count = -1;
		else
			count += r;
		free(names[i]);
	}
	free(names);
	return count;
}

int main(int argc, char **argv)
{
	int first = 1;
	if (argc > 2 && strcmp(argv[1], "--suffix") == 0) {
		suffix = argv[2];
		first = 3;
	}
	if (argc <= first) {
		fputs("usage: replay [--suffix .txt] FILE|DIR...\n", stderr);
		return 2;
	}
	int total = 0;
	for (int i = first; i < argc; i++) {
		int r = replay(argv[i], true);
		if (r < 0)
			return 1;
		total += r;
	}
	printf("replayed %d inputs: every property held\n", total);
	return 0;
}
