/* lectern-relayout: how long laying out one screen of text takes, in
 * process, with the core library, at random places of a file.
 *
 *   lectern-relayout [-n TRIALS] [-r ROWS] [-w WIDTH] [-W WIDTH2]
 *                    [-S SEED] FILE...
 *
 * Each file is opened and scanned whole (as the reader has it once the
 * scan is done), then TRIALS times (1000) a paragraph is picked at random
 * and, starting there, paragraphs are laid out with lt_block_build() until
 * ROWS rows (50) are filled at WIDTH cells (76): a screen laid out for the
 * first time; then the same paragraphs again at WIDTH2 (60), reusing the
 * same blocks, as the reader's cache is rebuilt after a resize. The blocks
 * are reused from trial to trial like the reader's cache (64 slots), so
 * their buffers are warm; the mapped text at a random place is not.
 *
 * Prints, per file (NAME is the file's base name without .txt):
 *   relayout_NAME_first_median_us, _p99_us, _max_us   (at WIDTH)
 *   relayout_NAME_resize_median_us, _p99_us, _max_us  (at WIDTH2)
 *   relayout_NAME_paras_median                        (blocks per screen) */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lectern/doc.h"
#include "lectern/layout.h"

#include "stats.h"

#define SLOTS 64

static lt_block slots[SLOTS];
static size_t next_slot;

/* Lays out paragraphs from para on at width until rows rows are filled
 * (or the document ends); returns the number of paragraphs. */
static size_t fill(const lt_doc *doc, size_t para, size_t width, size_t rows)
{
	size_t filled = 0, n = 0, npara = lt_doc_npara(doc);
	while (filled < rows && para < npara) {
		lt_block *b = &slots[next_slot++ % SLOTS];
		lt_block_build(b, doc, para++, 0, width);
		filled += b->rows.nrows;
		n++;
	}
	return n;
}

static uint64_t rnd(void)
{
	return ((uint64_t)random() << 31) ^ (uint64_t)random();
}

static void report(const char *name, const char *what, double *v, size_t n)
{
	stats_sort(v, n);
	printf("relayout_%s_%s_median_us %.1f\n", name, what,
	       stats_median(v, n));
	printf("relayout_%s_%s_p99_us %.1f\n", name, what,
	       stats_quantile(v, n, 0.99));
	printf("relayout_%s_%s_max_us %.1f\n", name, what, v[n - 1]);
}

static void usage(void)
{
	fputs("usage: lectern-relayout [-n TRIALS] [-r ROWS] [-w WIDTH] "
	      "[-W WIDTH2] [-S SEED] FILE...\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	long trials = 1000, rows = 50, w1 = 76, w2 = 60;
	unsigned long seed = 1;
	int opt;
	while ((opt = getopt(argc, argv, "n:r:w:W:S:h")) != -1) {
		switch (opt) {
		case 'n': trials = atol(optarg); break;
		case 'r': rows = atol(optarg); break;
		case 'w': w1 = atol(optarg); break;
		case 'W': w2 = atol(optarg); break;
		case 'S': seed = strtoul(optarg, NULL, 10); break;
		default: usage();
		}
	}
	if (optind >= argc || trials < 1 || rows < 1 || w1 < 1 || w2 < 1)
		usage();
	srandom((unsigned)seed);
	double *first = malloc((size_t)trials * sizeof *first);
	double *resize = malloc((size_t)trials * sizeof *resize);
	double *paras = malloc((size_t)trials * sizeof *paras);
	if (!first || !resize || !paras)
		return 1;

	for (int f = optind; f < argc; f++) {
		const char *path = argv[f];
		lt_error err = {0};
		lt_doc *doc = lt_doc_open(path, &err);
		if (!doc) {
			fprintf(stderr, "lectern-relayout: %s: %s\n", path,
			        lt_error_message(&err));
			return 1;
		}
		lt_doc_scan(doc, 0);
		size_t npara = lt_doc_npara(doc);
		if (npara == 0) {
			fprintf(stderr, "lectern-relayout: %s: no paragraphs\n",
			        path);
			return 1;
		}
		char name[256];
		const char *base = strrchr(path, '/');
		snprintf(name, sizeof name, "%s", base ? base + 1 : path);
		char *dot = strstr(name, ".txt");
		if (dot)
			*dot = '\0';
		for (char *p = name; *p; p++)
			if (*p == '-' || *p == '.' || *p == ' ')
				*p = '_';

		for (long t = 0; t < trials; t++) {
			size_t para = (size_t)(rnd() % npara);
			double t0 = stats_now();
			size_t n = fill(doc, para, (size_t)w1, (size_t)rows);
			double t1 = stats_now();
			fill(doc, para, (size_t)w2, (size_t)rows);
			double t2 = stats_now();
			first[t] = (t1 - t0) * 1e6;
			resize[t] = (t2 - t1) * 1e6;
			paras[t] = (double)n;
		}
		printf("relayout_%s_paragraphs %zu\n", name, npara);
		printf("relayout_%s_trials %ld\n", name, trials);
		report(name, "first", first, (size_t)trials);
		report(name, "resize", resize, (size_t)trials);
		stats_sort(paras, (size_t)trials);
		printf("relayout_%s_paras_median %.0f\n", name,
		       stats_median(paras, (size_t)trials));
		lt_doc_free(doc);
	}
	for (size_t i = 0; i < SLOTS; i++)
		lt_block_free(&slots[i]);
	free(first);
	free(resize);
	free(paras);
	return 0;
}
