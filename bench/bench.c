/* lectern-bench: times opening and scanning (the whole structure) of a
 * file with the core library, and reports the memory it takes.
 *
 *   lectern-bench [-n REPS] FILE
 *
 * Prints the median and the fastest of REPS runs of lt_doc_open() and of
 * lt_doc_scan(doc, 0), the throughput, the structure found, and, from
 * /proc/self/status after the first scan (later ones would count the heap
 * left fragmented by the ones before), the private memory (RssAnon) and
 * the peak resident set (VmHWM, which counts the mapped file's pages too).
 * The file is read once first, so the figures are for a warm cache. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lectern/doc.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The value in kB of a "Name:   N kB" line of /proc/self/status, or -1. */
static long status_kb(const char *name)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return -1;
	char line[256];
	long kb = -1;
	size_t n = strlen(name);
	while (fgets(line, sizeof line, f))
		if (strncmp(line, name, n) == 0 && line[n] == ':')
			kb = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return kb;
}

/* Reads the file once so every repetition starts from a warm cache. */
static void warm(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	static char buf[1 << 16];
	while (read(fd, buf, sizeof buf) > 0)
		;
	close(fd);
}

static void usage(void)
{
	fputs("usage: lectern-bench [-n REPS] FILE\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	int reps = 7;
	int opt;
	while ((opt = getopt(argc, argv, "n:h")) != -1) {
		if (opt == 'n' && (reps = atoi(optarg)) > 0)
			continue;
		usage();
	}
	if (optind != argc - 1)
		usage();
	const char *path = argv[optind];
	warm(path);

	double *topen = calloc((size_t)reps, sizeof *topen);
	double *tscan = calloc((size_t)reps, sizeof *tscan);
	double *ttotal = calloc((size_t)reps, sizeof *ttotal);
	if (!topen || !tscan || !ttotal)
		return 1;
	long anon_base = status_kb("RssAnon");
	long anon = 0, hwm = 0;
	uint64_t size = 0;
	size_t npara = 0, nessays = 0, nsections = 0, nauthors = 0;
	for (int r = 0; r < reps; r++) {
		lt_error err = {0};
		double t0 = now();
		lt_doc *doc = lt_doc_open(path, &err);
		if (!doc) {
			fprintf(stderr, "lectern-bench: %s: %s\n", path,
			        lt_error_message(&err));
			return 1;
		}
		double t1 = now();
		lt_doc_scan(doc, 0);
		double t2 = now();
		topen[r] = t1 - t0;
		tscan[r] = t2 - t1;
		ttotal[r] = t2 - t0;
		if (r == 0) {
			anon = status_kb("RssAnon");
			hwm = status_kb("VmHWM");
			size = lt_doc_size(doc);
			npara = lt_doc_npara(doc);
			nessays = lt_doc_nessays(doc);
			nsections = lt_doc_nsections(doc);
			nauthors = lt_doc_nauthors(doc);
		}
		lt_doc_free(doc);
	}
	double mb = (double)size / 1e6;
	double fastest = ttotal[0];
	for (int r = 1; r < reps; r++)
		if (ttotal[r] < fastest)
			fastest = ttotal[r];
	double mopen = median(topen, reps), mscan = median(tscan, reps);
	double mtotal = median(ttotal, reps);
	printf("file        %s\n", path);
	printf("size        %.1f MB (%llu bytes)\n", mb,
	       (unsigned long long)size);
	printf("structure   %zu paragraphs, %zu essays, %zu sections, "
	       "%zu authors\n",
	       npara, nessays, nsections, nauthors);
	printf("repetitions %d (warm cache)\n", reps);
	printf("open        median %.3f ms\n", mopen * 1e3);
	printf("scan        median %.3f ms\n", mscan * 1e3);
	printf("open+scan   median %.3f ms, fastest %.3f ms, %.0f MB/s\n",
	       mtotal * 1e3, fastest * 1e3, mtotal > 0 ? mb / mtotal : 0);
	if (anon >= 0 && hwm >= 0) {
		double goal = 5 * 1024 + 20 * mb;
		printf("memory      private (RssAnon) %ld kB after the scan, "
		       "%ld kB of it the document's; peak resident (VmHWM, "
		       "mapped file included) %ld kB\n",
		       anon, anon - anon_base, hwm);
		printf("goal        private <= %.0f kB (5 MB + 20 KB/MB): %s\n",
		       goal, anon <= goal ? "met" : "MISSED");
	}
	free(topen);
	free(tscan);
	free(ttotal);
	return 0;
}
