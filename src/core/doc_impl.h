/* The document's insides, shared by the files of the core. */
#ifndef LECTERN_DOC_IMPL_H
#define LECTERN_DOC_IMPL_H

#include <signal.h>

#include "lectern/doc.h"
#include "util.h"

/* One line-number checkpoint every LT_CK_EVERY paragraphs. */
#define LT_CK_EVERY 64

#define LT_NO_SPELLING UINT32_MAX

/* An essay as kept: its byline, when it has one, is the paragraph after
 * its title; its bio, when it has one, is its last paragraph; it ends
 * where the next essay (or the back matter) starts. */
typedef struct {
	uint64_t line; /* of the title */
	size_t title_para;
	uint32_t first_section;
	uint32_t spelling; /* the byline's name, or LT_NO_SPELLING */
	bool byline, bio;
} lt_essay_rec;

typedef struct {
	size_t para;
	uint64_t line;
} lt_section_rec;

/* A name as bylines spell it; spellings that fold alike are one author. */
typedef struct {
	const char *raw; /* in the document's arena */
	uint8_t *key;    /* case-folded, while the index is built */
	size_t keylen;
	size_t author;
} lt_spelling;

struct lt_doc {
	const char *data;
	uint64_t size;
	void *map; /* the mapping, or NULL */
	size_t maplen;
	char *heap; /* small standard input, or NULL */
	volatile sig_atomic_t changed;

	/* scanning */
	uint64_t pos;     /* next byte to index */
	uint64_t line;    /* 1-based line number at pos */
	uint64_t next_lf; /* cached positions of the next LF and CR */
	uint64_t next_cr;
	bool primed; /* next_lf and next_cr are valid */
	bool in_para;
	bool done;

	/* paragraph starts: the low 32 bits of each, and where the high
	 * bits change (rarely: every 4 GiB) */
	uint32_t *para_lo;
	size_t npara, paracap;
	struct lt_para_hi {
		size_t from; /* first paragraph with these high bits */
		uint32_t high;
	} * para_hi;
	size_t nhi, hicap;
	uint64_t *ckline; /* line of paragraph k*LT_CK_EVERY */
	size_t nck, ckcap;

	/* structure, found as the scan goes: numbers, not text */
	lt_structure rules; /* never LT_STRUCT_AUTO */
	bool rules_guessed;
	lt_essay_rec *essays;
	size_t nessays, essaycap;
	lt_section_rec *sections;
	size_t nsections, sectioncap;
	lt_arena strings; /* the spellings of names */
	lt_spelling *spellings;
	size_t nspellings, spellingcap;
	uint32_t *name_table; /* hash of spellings: index + 1, or 0 */
	size_t name_slots;
	size_t struct_next; /* next paragraph to look at */
	size_t body_start;  /* first paragraph of the open essay's body */
	bool prev_byline;   /* paragraph struct_next - 1 was a byline */
	bool prev_heading;  /* ... looked like a section heading */
	uint64_t *plines;   /* lines of paragraphs [plines_base, +nplines) */
	size_t nplines, plinecap, plines_base;
	size_t nclosed; /* essays [0, nclosed) are complete */
	bool finished;  /* the structure is complete */
	lt_author *authors;
	size_t nauthors;
	size_t front_end;  /* paragraphs [0, front_end) are front matter */
	size_t back_start; /* paragraphs [back_start, npara) are back matter */
};

/* The byte offset where paragraph i starts. */
static inline uint64_t lt_para_start(const lt_doc *doc, size_t i)
{
	uint64_t high = 0;
	if (doc->nhi > 0) {
		size_t lo = 0, hi = doc->nhi;
		while (lo < hi) { /* the last change at or before i */
			size_t mid = lo + (hi - lo) / 2;
			if (doc->para_hi[mid].from <= i)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo > 0)
			high = doc->para_hi[lo - 1].high;
	}
	return high << 32 | doc->para_lo[i];
}

/* Find the structure of what the scan has indexed so far; once the scan
 * is done, finish it (structure.c). */
void lt_structure_step(lt_doc *doc);
/* Guess the rules from the start of the text (doc->rules). */
void lt_structure_init(lt_doc *doc);
void lt_structure_free(lt_doc *doc);

#endif
