/* Two processes saving to one store at once, as two lecterns would: each
 * saves its own document's position and adds patterns to the shared
 * search history, in a loop, while this process reads the file without a
 * lock. Checks: no update lost (each document ends at its last position;
 * each process's patterns in the history are an unbroken run ending at
 * its last), no read torn or damaged, and no record going backward.
 *
 *   test_state_race [SECONDS]   (default 2) */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "lectern/state.h"

#define PROCS 2

static uint64_t doc_hash(int who)
{
	return 0xabc0000000000000u + (uint64_t)who;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One writer: saves until the time is up; exits with 0 when every check
 * held, writing how many rounds it made to fd. */
static int writer(const char *dir, int who, double seconds, int fd)
{
	lt_state *st = lt_state_new(dir);
	lt_state_load(st);
	size_t seen_other = 0;
	int bad = 0;
	long rounds = 0;
	double end = now() + seconds;
	for (long i = 1; now() < end || i <= 20; i++) {
		lt_state_doc d = {0};
		d.size = 1000 + (uint64_t)who;
		d.hash = doc_hash(who);
		d.at = (lt_state_place){true, LT_STATE_NONE, (size_t)i, 0,
		                        0,    NULL};
		d.time = i;
		char pattern[32];
		snprintf(pattern, sizeof pattern, "p%d-%ld", who, i);
		if (!lt_state_save_doc(st, &d) ||
		    !lt_state_add_search(st, pattern)) {
			fprintf(stderr, "writer %d: %s\n", who,
			        lt_state_message(st));
			bad++;
		}
		/* what the store read back under the lock has ours and the
		 * other's latest, never older than seen before */
		const lt_state_doc *mine =
		    lt_state_find(st, 1000 + (uint64_t)who, doc_hash(who));
		const lt_state_doc *other = lt_state_find(
		    st, 1000 + (uint64_t)(1 - who), doc_hash(1 - who));
		if (!mine || mine->at.para != (size_t)i)
			bad++;
		if (other) {
			if (other->at.para < seen_other)
				bad++;
			seen_other = other->at.para;
		}
		if (strcmp(lt_state_history(st, 0), pattern) != 0)
			bad++;
		rounds = i;
	}
	lt_state_free(st);
	if (write(fd, &rounds, sizeof rounds) != sizeof rounds)
		bad++;
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 2;
	harness_test("two writers");
	const char *dir = harness_dir();
	int pipes[PROCS][2];
	pid_t pids[PROCS];
	for (int w = 0; w < PROCS; w++) {
		if (pipe(pipes[w]) < 0)
			return 2;
		pids[w] = fork();
		if (pids[w] == 0) {
			close(pipes[w][0]);
			_exit(writer(dir, w, seconds, pipes[w][1]));
		}
		close(pipes[w][1]);
	}
	/* meanwhile: read without the lock; every read must be whole */
	long reads = 0, torn = 0;
	int left = PROCS;
	int status[PROCS] = {0};
	bool done[PROCS] = {false};
	while (left > 0) {
		lt_state *st = lt_state_new(dir);
		if (!lt_state_load(st)) {
			fprintf(stderr, "torn read: %s\n",
			        lt_state_message(st));
			torn++;
		}
		reads++;
		lt_state_free(st);
		for (int w = 0; w < PROCS; w++)
			if (!done[w] &&
			    waitpid(pids[w], &status[w], WNOHANG) == pids[w]) {
				done[w] = true;
				left--;
			}
	}
	long rounds[PROCS] = {0};
	for (int w = 0; w < PROCS; w++) {
		OK(WIFEXITED(status[w]) && WEXITSTATUS(status[w]) == 0);
		OK(read(pipes[w][0], &rounds[w], sizeof rounds[w]) ==
		   sizeof rounds[w]);
		close(pipes[w][0]);
	}
	INT_EQ(torn, 0);

	lt_state *st = lt_state_new(dir);
	OK(lt_state_load(st));
	for (int w = 0; w < PROCS; w++) {
		const lt_state_doc *d =
		    lt_state_find(st, 1000 + (uint64_t)w, doc_hash(w));
		OK(d != NULL);
		if (d)
			INT_EQ(d->at.para, rounds[w]);
	}
	/* each writer's patterns: an unbroken run down from its last */
	size_t n = lt_state_nhistory(st);
	INT_EQ(n, rounds[0] + rounds[1] < 200 ? rounds[0] + rounds[1] : 200);
	long next[PROCS] = {rounds[0], rounds[1]};
	for (size_t i = 0; i < n; i++) {
		int who;
		long k;
		const char *p = lt_state_history(st, i);
		if (sscanf(p, "p%d-%ld", &who, &k) != 2 || who < 0 ||
		    who >= PROCS) {
			OK(!"a pattern no writer added");
			continue;
		}
		if (!INT_EQ(k, next[who]))
			break;
		next[who]--;
	}
	lt_state_free(st);
	static const char *const files[] = {"state", "lock"};
	for (size_t i = 0; i < 2; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	long updates = 2 * (rounds[0] + rounds[1]);
	printf("two writers: %ld updates (%ld + %ld rounds of a position and "
	       "a pattern each), %ld unlocked reads; none lost, none torn\n",
	       updates, rounds[0], rounds[1], reads);
	return harness_done();
}
