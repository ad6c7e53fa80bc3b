/* A tiny test harness in cmark's style: checks that record a failure with
 * file:line and go on, and a closing line "N passed, N failed" that the CI
 * runner counts. main() returns harness_done(). */
#ifndef LECTERN_TEST_HARNESS_H
#define LECTERN_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

#define OK(cond) harness_ok(__FILE__, __LINE__, (cond), #cond)
#define INT_EQ(got, want)                                                      \
	harness_int_eq(__FILE__, __LINE__, (long long)(got),                   \
	               (long long)(want), #got)
/* got may be NULL; both are compared as NUL-terminated strings. */
#define STR_EQ(got, want)                                                      \
	harness_str_eq(__FILE__, __LINE__, (got), (want), #got)

bool harness_ok(const char *file, int line, bool cond, const char *what);
bool harness_int_eq(const char *file, int line, long long got, long long want,
                    const char *what);
bool harness_str_eq(const char *file, int line, const char *got,
                    const char *want, const char *what);

/* Say which test is running; failures name it. */
void harness_test(const char *name);

/* Print the summary; return the exit status (1 when anything failed). */
int harness_done(void);

/* A file holding data[0..n) in this run's temporary directory, removed by
 * harness_done(). Returns its path, owned by the harness. */
const char *harness_file(const char *name, const void *data, size_t n);
/* This run's temporary directory (created on first use). */
const char *harness_dir(void);

/* The whole of a file, NUL-terminated, or NULL; the caller frees it. */
char *harness_slurp(const char *path, size_t *len);

#endif
