/* Small helpers shared by the bench programs: a monotonic clock and the
 * median and nearest-rank quantiles of a sorted array. */
#ifndef LECTERN_BENCH_STATS_H
#define LECTERN_BENCH_STATS_H

#include <stddef.h>
#include <stdlib.h>
#include <time.h>

/* Seconds on CLOCK_MONOTONIC. */
static inline double stats_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline int stats_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static inline void stats_sort(double *v, size_t n)
{
	qsort(v, n, sizeof *v, stats_cmp);
}

/* The median of sorted v[0..n); -1 when n is 0. */
static inline double stats_median(const double *v, size_t n)
{
	if (n == 0)
		return -1;
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The q-quantile of sorted v[0..n), nearest rank; -1 when n is 0. */
static inline double stats_quantile(const double *v, size_t n, double q)
{
	if (n == 0)
		return -1;
	size_t k = (size_t)(q * (double)n + 0.999999);
	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	return v[k - 1];
}

#endif
