/* The plain scan run ahead in a thread of its own (ahead.h). The thread
 * fills a ring of AH_DEPTH stretches and waits while they are all full,
 * so that it never reads far ahead of the caller. */
#define _GNU_SOURCE /* MADV_POPULATE_READ */
#include "ahead.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "util.h"

#define AH_DEPTH 4

struct lt_ahead {
	const char *d;
	uint64_t size;
	char *map;
	size_t maplen;
	uint64_t populated;
	uint64_t chunk;
	uint8_t (*note)(const char *fold, size_t n);
	/* the scan's state, the thread's own */
	uint64_t pos, line;
	bool in_para;
	bool para_known;               /* the open paragraph started here */
	uint64_t para_start, para_eol; /* its start, its last line's end */
	unsigned para_lines;
	lt_eols eols;
	/* the ring: [head, head + filled) are ready */
	lt_chunk ring[AH_DEPTH];
	unsigned head, filled;
	bool last; /* the stretch holding the text's end is in the ring */
	bool quit;
	pthread_mutex_t lock;
	pthread_cond_t ready, room;
	pthread_t thread;
};

void lt_map_ahead(void *map, size_t maplen, uint64_t *populated, uint64_t stop)
{
	if (!map || stop <= *populated)
		return;
	/* as far ahead as the scan has come, up to LT_MAP_AHEAD: the first
	 * screen maps what it reads, a long scan maps in large steps */
	uint64_t ahead = stop < LT_MAP_AHEAD ? stop : LT_MAP_AHEAD;
	uint64_t to = stop + ahead;
	if (to > maplen)
		to = maplen;
	uint64_t from = *populated & ~(uint64_t)4095;
	if (to > from)
		madvise((char *)map + from, (size_t)(to - from),
		        MADV_POPULATE_READ);
	*populated = to;
}

/* The open paragraph ends: what the structure will want of it. */
static void para_end(lt_ahead *a, lt_chunk *c)
{
	if (!a->para_known)
		return;
	lt_grow(&c->ends, &c->endcap, c->nends + 1, sizeof *c->ends);
	struct lt_para_end *e = &c->ends[c->nends++];
	e->end = lt_trim_back(a->d, a->para_start, a->para_eol);
	e->lines = (uint8_t)(a->para_lines < 255 ? a->para_lines : 255);
	e->fold = LT_NO_FOLD;
	if (e->end - a->para_start <= LT_FOLD_MAX && e->lines == 1) {
		e->fold = (uint32_t)c->folds.len;
		lt_fold(a->d + a->para_start, (size_t)(e->end - a->para_start),
		        &c->folds);
		e->note = a->note(c->folds.s + e->fold, c->folds.len - e->fold);
		lt_buf_put(&c->folds, "", 1, 0); /* its NUL */
	}
}

/* Scan one stretch into c. */
static void scan(lt_ahead *a, lt_chunk *c)
{
	const char *d = a->d;
	uint64_t pos = a->pos, line = a->line;
	uint64_t stop = a->size - pos > a->chunk ? pos + a->chunk : a->size;
	lt_map_ahead(a->map, a->maplen, &a->populated, stop);
	c->n = c->nends = 0;
	lt_buf_clear(&c->folds);
	while (pos < stop) {
		uint64_t eol = lt_find_eol(d, a->size, &a->eols, pos);
		if (lt_line_is_blank(d + pos, d + eol)) {
			if (a->in_para)
				para_end(a, c);
			a->in_para = false;
		} else if (!a->in_para) {
			if (c->n == c->cap) {
				c->cap = c->cap ? 2 * c->cap : 256;
				c->start = lt_xrealloc(
				    c->start, c->cap * sizeof *c->start);
				c->at =
				    lt_xrealloc(c->at, c->cap * sizeof *c->at);
			}
			c->start[c->n] = pos;
			c->at[c->n++] = line;
			a->in_para = a->para_known = true;
			a->para_start = pos;
			a->para_eol = eol;
			a->para_lines = 1;
		} else {
			a->para_eol = eol;
			a->para_lines++;
		}
		if (eol < a->size)
			line++;
		pos = lt_past_eol(d, a->size, eol);
	}
	if (pos >= a->size && a->in_para)
		para_end(a, c); /* the last one */
	a->pos = c->end = pos;
	a->line = c->line = line;
	c->in_para = a->in_para;
}

static void *run(void *arg)
{
	lt_ahead *a = arg;
	pthread_setname_np(pthread_self(), "lectern-scan");
	for (;;) {
		pthread_mutex_lock(&a->lock);
		while (a->filled == AH_DEPTH && !a->quit)
			pthread_cond_wait(&a->room, &a->lock);
		unsigned k = (a->head + a->filled) % AH_DEPTH;
		bool quit = a->quit;
		pthread_mutex_unlock(&a->lock);
		if (quit)
			break;
		/* the slot is the thread's alone until it is counted in */
		scan(a, &a->ring[k]);
		pthread_mutex_lock(&a->lock);
		a->filled++;
		a->last = a->pos >= a->size;
		pthread_cond_signal(&a->ready);
		pthread_mutex_unlock(&a->lock);
		if (a->last)
			break;
	}
	return NULL;
}

lt_ahead *lt_ahead_start(const char *d, uint64_t size, void *map, size_t maplen,
                         uint64_t pos, uint64_t line, bool in_para, lt_eols e,
                         uint64_t chunk,
                         uint8_t (*note)(const char *fold, size_t n))
{
	lt_ahead *a = lt_xcalloc(1, sizeof *a);
	*a = (lt_ahead){.d = d,
	                .size = size,
	                .map = map,
	                .maplen = maplen,
	                .populated = pos,
	                .chunk = chunk ? chunk : 1,
	                .note = note,
	                .pos = pos,
	                .line = line,
	                .in_para = in_para,
	                .eols = e};
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->ready, NULL);
	pthread_cond_init(&a->room, NULL);
	/* signals are the caller's to hear, but for the faults of a read
	 * (a file truncated under its mapping raises SIGBUS right here) */
	sigset_t all, old;
	sigfillset(&all);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int err = pthread_create(&a->thread, NULL, run, a);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err != 0) {
		pthread_mutex_destroy(&a->lock);
		pthread_cond_destroy(&a->ready);
		pthread_cond_destroy(&a->room);
		free(a);
		return NULL;
	}
	return a;
}

const lt_chunk *lt_ahead_next(lt_ahead *a)
{
	pthread_mutex_lock(&a->lock);
	while (a->filled == 0 && !a->last)
		pthread_cond_wait(&a->ready, &a->lock);
	const lt_chunk *c = a->filled ? &a->ring[a->head] : NULL;
	pthread_mutex_unlock(&a->lock);
	return c;
}

void lt_ahead_release(lt_ahead *a)
{
	pthread_mutex_lock(&a->lock);
	a->head = (a->head + 1) % AH_DEPTH;
	a->filled--;
	pthread_cond_signal(&a->room);
	pthread_mutex_unlock(&a->lock);
}

void lt_ahead_stop(lt_ahead *a)
{
	if (!a)
		return;
	pthread_mutex_lock(&a->lock);
	a->quit = true;
	pthread_cond_signal(&a->room);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	for (int k = 0; k < AH_DEPTH; k++) {
		free(a->ring[k].start);
		free(a->ring[k].at);
		free(a->ring[k].ends);
		lt_buf_free(&a->ring[k].folds);
	}
	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->ready);
	pthread_cond_destroy(&a->room);
	free(a);
}
