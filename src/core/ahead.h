/* The plain scan run ahead in a thread of its own: on a large text the
 * scan's own work (finding line ends, mapping pages) is done there while
 * the calling thread looks for the structure in what was found before. */
#ifndef LECTERN_AHEAD_H
#define LECTERN_AHEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lectern/text.h"
#include "lines.h"

/* Paragraphs of up to this many bytes are folded (lt_fold) ahead: every
 * test of a heading, a byline or a numbering line wants its text so. */
#define LT_FOLD_MAX 200
#define LT_NO_FOLD  UINT32_MAX

/* Where the scan ahead keeps the text it read: the bytes [from, to) of
 * the text are at ring + (byte - delta) % size. They are read into memory
 * of its own rather than through the mapping: the first read of each
 * page of a fresh mapping costs more than reading the file (a virtual
 * machine's shadow page tables make it cost several times more). */
typedef struct {
	const char *ring; /* NULL: none */
	uint64_t size;    /* a power of two */
	uint64_t from, to, delta;
} lt_held;

/* The bytes d[from, to) as w holds them, or d + from when it does not. */
static inline const char *lt_held_text(const lt_held *w, const char *d,
                                       uint64_t from, uint64_t to)
{
	if (w->ring && from >= w->from && to <= w->to)
		return w->ring + ((from - w->delta) & (w->size - 1));
	return d + from;
}

/* What one stretch of the scan found: the paragraphs that start in it,
 * and the scan's state at its end. */
typedef struct {
	uint64_t end;  /* a line's start, or the text's end */
	uint64_t line; /* the line number at end */
	bool in_para;  /* a paragraph runs on across end */
	size_t n, cap;
	uint64_t *start; /* paragraph k starts at start[k], */
	uint64_t *at;    /* on line at[k] */
	/* the paragraphs that end in the stretch, in order: */
	struct lt_para_end {
		uint64_t end;  /* where, white space trimmed */
		uint32_t fold; /* its folded text at folds.s + fold, or
		                * LT_NO_FOLD when longer than LT_FOLD_MAX */
		uint8_t lines; /* its lines, up to 255 */
	} * ends;
	size_t nends, endcap;
	lt_buf folds;
	/* the text read so far that stays where it is until the next stretch
	 * is taken (lt_ahead_next) */
	lt_held window;
} lt_chunk;

/* Map the pages of map[0..maplen) up to stop, and as many bytes beyond
 * (LT_MAP_AHEAD at most), in one go rather than a fault at a time as a
 * scan reads them; *populated: how far they are mapped. Nothing when map
 * is NULL. */
#define LT_MAP_AHEAD (8u << 20)
void lt_map_ahead(void *map, size_t maplen, uint64_t *populated, uint64_t stop);

typedef struct lt_ahead lt_ahead;

/* Scan d[pos..size) from line number line, in a paragraph or not, with
 * the line-end caches e, in stretches of `chunk` bytes (ending at the
 * line that crosses each stretch's end). A paragraph that runs on at pos
 * is not ended by it (its start is not known here). fd, when not -1, is
 * the file d maps, read (pread) rather than d while it can be; else
 * map[0..maplen), when not NULL, is the mapping whose pages are mapped
 * ahead of the scan. NULL when no thread could be started. */
lt_ahead *lt_ahead_start(const char *d, uint64_t size, int fd, void *map,
                         size_t maplen, uint64_t pos, uint64_t line,
                         bool in_para, lt_eols e, uint64_t chunk);
/* The next stretch, in order, waiting for it; NULL after the last. It is
 * the caller's until lt_ahead_release. */
const lt_chunk *lt_ahead_next(lt_ahead *a);
/* Would lt_ahead_next() wait for the thread? */
bool lt_ahead_waits(lt_ahead *a);
void lt_ahead_release(lt_ahead *a);
/* Stop the thread (at once, whatever is left to scan) and free it all. */
void lt_ahead_stop(lt_ahead *a);

#endif
