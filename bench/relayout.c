/* lectern-relayout: how long laying out one screen of text takes, in
 * process, with the reader's own view (src/view), at random places of a
 * file.
 *
 *   lectern-relayout [-n TRIALS] [-r ROWS] [-w WIDTH] [-W WIDTH2]
 *                    [-S SEED] FILE...
 *
 * Each file is opened and scanned whole (as the reader has it once the
 * scan is done), then TRIALS times (1000) a paragraph is picked at random
 * and the view goes there and lays out its screen of ROWS rows (50) at
 * WIDTH cells (76), as the reader does before it paints: a screen laid
 * out for the first time; then the text width changes to WIDTH2 (60) and
 * the view lays the screen out again, keeping the same paragraph on top,
 * as after a resize. One view serves every trial, so its cache of blocks
 * (64 slots) is warm as the reader's is; the mapped text at a random
 * place is not.
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
#include "view/view.h"

#include "stats.h"

/* The screen is wide enough that the measure is the text width. */
#define COLS 1000

typedef struct {
	size_t n, last;
} para_count;

/* Counts the paragraphs a screen shows. */
static void count_para(void *ctx, size_t y, const lv_line *l)
{
	para_count *c = ctx;
	if (y == 0 || l->para != c->last)
		c->n++;
	c->last = l->para;
}

/* Lays out the screen of the view; returns the paragraphs on it. */
static size_t fill(lv_view *v)
{
	para_count c = {0, 0};
	lv_view_each_line(v, count_para, &c);
	return c.n;
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

		lv_view v;
		lv_view_init(&v, doc, (size_t)w1);
		lv_view_resize(&v, (size_t)rows, COLS);
		for (long t = 0; t < trials; t++) {
			size_t para = (size_t)(rnd() % npara);
			lv_view_set_measure(&v, (size_t)w1);
			double t0 = stats_now();
			lv_view_go(&v, (lv_pos){para, 0}, false);
			size_t n = fill(&v);
			double t1 = stats_now();
			v.anchored = false; /* the reader moved */
			lv_view_set_measure(&v, (size_t)w2);
			fill(&v);
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
		lv_view_free(&v);
		lt_doc_free(doc);
	}
	free(first);
	free(resize);
	free(paras);
	return 0;
}
