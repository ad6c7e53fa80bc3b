/* The plain scan run ahead in a thread of its own (ahead.h). The thread
 * fills a ring of AH_DEPTH stretches and waits while they are all full,
 * so that it never reads far ahead of the caller. */
#define _GNU_SOURCE /* MADV_POPULATE_READ, memfd_create */
#include "ahead.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util.h"

#define AH_DEPTH 3

/* The ring the text is read into (lt_held): the bytes of the stretches
 * in the ring of stretches, of the one being scanned, and what the caller
 * may still read of those before them. */
#define AH_RING (4u << 20) /* a power of two */
/* Read past a stretch's end for the line that crosses it, this much at a
 * time, up to AH_OVER_MAX: a longer line is read through the mapping. */
#define AH_OVER     (16u << 10)
#define AH_OVER_MAX (64u << 10)

struct lt_ahead {
	const char *d;
	uint64_t size;
	char *map;
	size_t maplen;
	uint64_t populated;
	uint64_t chunk;
	int fd;               /* -1: read the mapping */
	char *mem;            /* AH_RING bytes, mapped twice, or NULL */
	uint64_t stretch_max; /* bytes one stretch may read into it */
	lt_held w;            /* what it holds */
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

/* size bytes of memory mapped twice, end to end, so that any run of up
 * to size bytes from anywhere in the first is one run of memory; NULL
 * when it cannot be made. */
static char *ring_new(size_t size)
{
	int fd = memfd_create("lectern-ahead", MFD_CLOEXEC);
	if (fd < 0)
		return NULL;
	char *r = MAP_FAILED;
	if (ftruncate(fd, (off_t)size) == 0)
		r = mmap(NULL, 2 * size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		         -1, 0);
	for (int k = 0; k < 2 && r != MAP_FAILED; k++)
		if (mmap(r + k * size, size, PROT_READ | PROT_WRITE,
		         MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED) {
			munmap(r, 2 * size);
			r = MAP_FAILED;
		}
	close(fd);
	return r == MAP_FAILED ? NULL : r;
}

/* Read the text into the ring up to byte to (its end at most), from
 * where it ends; false when it cannot (the file shrank under us, an
 * error), and the ring is given up: what follows is read through the
 * mapping, as it would be without it. */
static bool ring_read(lt_ahead *a, uint64_t to)
{
	lt_held *w = &a->w;
	if (to > a->size)
		to = a->size;
	while (w->to < to) {
		ssize_t r =
		    pread(a->fd, a->mem + ((w->to - w->delta) & (w->size - 1)),
		          (size_t)(to - w->to), (off_t)w->to);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			w->ring = NULL;
			return false;
		}
		w->to += (uint64_t)r;
	}
	if (w->to - w->from > w->size)
		w->from = w->to - w->size;
	return true;
}

/* The text as the scan reads it: v[0..len) is d[base..base + len). */
typedef struct {
	const char *v;
	uint64_t base, len;
	lt_eols e; /* the line-end caches, from base */
} ah_view;

static void view_set(ah_view *s, const char *v, uint64_t base, uint64_t len)
{
	/* caches before base are stale: 0 reads as stale, or as the line
	 * end it is */
	lt_eols e = {s->e.lf + s->base, s->e.cr + s->base};
	s->e = (lt_eols){e.lf > base ? e.lf - base : 0,
	                 e.cr > base ? e.cr - base : 0};
	s->v = v;
	s->base = base;
	s->len = len;
}

/* The stretch from byte pos on: in the ring, read up to stop and a
 * little past it when it can be, else through the mapping. */
static void view_start(lt_ahead *a, ah_view *s, uint64_t pos, uint64_t stop)
{
	lt_held *w = &a->w;
	if (w->ring && pos > w->to) {
		/* the stretch before was read through the mapping: the ring
		 * goes on where it was */
		w->delta += pos - w->to;
		w->from = w->to = pos;
	}
	if (w->ring && ring_read(a, stop + AH_OVER)) {
		view_set(s, w->ring + ((pos - w->delta) & (w->size - 1)), pos,
		         w->to - pos);
		return;
	}
	lt_map_ahead(a->map, a->maplen, &a->populated, stop);
	view_set(s, a->d, 0, a->size);
}

/* The view ends before the text does, in the line at pos (in the stretch
 * that started at from): read more of it. */
static void view_more(lt_ahead *a, ah_view *s, uint64_t from, uint64_t pos)
{
	lt_held *w = &a->w;
	if (s->v != a->d && w->to + AH_OVER <= from + a->stretch_max &&
	    ring_read(a, w->to + AH_OVER)) {
		s->len = w->to - s->base;
		return;
	}
	lt_map_ahead(a->map, a->maplen, &a->populated, pos + AH_OVER_MAX);
	view_set(s, a->d, 0, a->size);
}

/* The open paragraph ends: what the structure will want of it. */
static void para_end(lt_ahead *a, lt_chunk *c)
{
	if (!a->para_known)
		return;
	lt_grow(&c->ends, &c->endcap, c->nends + 1, sizeof *c->ends);
	struct lt_para_end *e = &c->ends[c->nends++];
	const char *p = lt_held_text(&a->w, a->d, a->para_start, a->para_eol);
	e->end =
	    a->para_start + lt_trim_back(p, 0, a->para_eol - a->para_start);
	e->lines = (uint8_t)(a->para_lines < 255 ? a->para_lines : 255);
	e->fold = LT_NO_FOLD;
	if (e->end - a->para_start <= LT_FOLD_MAX && e->lines == 1) {
		e->fold = (uint32_t)c->folds.len;
		lt_fold(p, (size_t)(e->end - a->para_start), &c->folds);
		lt_buf_put(&c->folds, "", 1, 0); /* its NUL */
	}
}

/* Scan one stretch into c. */
static void scan(lt_ahead *a, lt_chunk *c)
{
	uint64_t pos = a->pos, line = a->line;
	uint64_t stop = a->size - pos > a->chunk ? pos + a->chunk : a->size;
	ah_view s = {.v = a->d, .e = a->eols};
	view_start(a, &s, pos, stop);
	c->n = c->nends = 0;
	lt_buf_clear(&c->folds);
	while (pos < stop) {
		uint64_t r;
		for (;;) {
			r = lt_find_eol(s.v, s.len, &s.e, pos - s.base);
			/* the line, and the LF of a CR at its end, in view */
			if (s.base + s.len >= a->size ||
			    (r + 1 < s.len || (r < s.len && s.v[r] != '\r')))
				break;
			view_more(a, &s, a->pos, pos);
		}
		uint64_t eol = s.base + r;
		if (lt_line_is_blank(s.v + (pos - s.base), s.v + r)) {
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
		pos = s.base + lt_past_eol(s.v, s.len, r);
	}
	if (pos >= a->size && a->in_para)
		para_end(a, c); /* the last one */
	view_set(&s, a->d, 0, a->size);
	a->eols = s.e;
	/* what the caller may read until it takes the next stretch: the
	 * thread reads AH_DEPTH stretches more meanwhile at most */
	c->window = a->w;
	uint64_t keep = a->w.size - AH_DEPTH * a->stretch_max;
	if (c->window.to - c->window.from > keep)
		c->window.from = c->window.to - keep;
	a->pos = c->end = pos;
	a->line = c->line = line;
	c->in_para = a->in_para;
}

static void *run(void *arg)
{
	lt_ahead *a = arg;
	pthread_setname_np(pthread_self(), "lectern-scan");
	if (a->fd >= 0 && (AH_DEPTH + 2) * a->stretch_max <= AH_RING &&
	    (a->mem = ring_new(AH_RING)))
		a->w = (lt_held){a->mem, AH_RING, a->pos, a->pos, 0};
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

lt_ahead *lt_ahead_start(const char *d, uint64_t size, int fd, void *map,
                         size_t maplen, uint64_t pos, uint64_t line,
                         bool in_para, lt_eols e, uint64_t chunk)
{
	lt_ahead *a = lt_xcalloc(1, sizeof *a);
	*a = (lt_ahead){.d = d,
	                .size = size,
	                .map = map,
	                .maplen = maplen,
	                .populated = pos,
	                .chunk = chunk ? chunk : 1,
	                .fd = fd,
	                .stretch_max = (chunk ? chunk : 1) + AH_OVER_MAX,
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

bool lt_ahead_waits(lt_ahead *a)
{
	pthread_mutex_lock(&a->lock);
	bool waits = a->filled == 0 && !a->last;
	pthread_mutex_unlock(&a->lock);
	return waits;
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
	if (a->mem)
		munmap(a->mem, 2 * AH_RING);
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
