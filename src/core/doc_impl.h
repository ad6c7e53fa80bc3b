/* The document's insides, shared by the files of the core. */
#ifndef LECTERN_DOC_IMPL_H
#define LECTERN_DOC_IMPL_H

#include <signal.h>

#include "lectern/doc.h"
#include "util.h"

/* One line-number checkpoint every LT_CK_EVERY paragraphs. */
#define LT_CK_EVERY 64

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

	uint64_t *para; /* paragraph start offsets */
	size_t npara, paracap;
	uint64_t *ckline; /* line of paragraph k*LT_CK_EVERY */
	size_t nck, ckcap;

	/* structure, filled in when the scan is done */
	lt_essay *essays;
	size_t nessays, essaycap;
	lt_section *sections;
	size_t nsections, sectioncap;
	lt_arena strings; /* titles, headings and names */
	char **names;     /* each essay's author as the byline has it */
	size_t namecap;
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

/* Find the structure of what the scan has indexed so far; once the scan
 * is done, finish it (structure.c). */
void lt_structure_step(lt_doc *doc);
void lt_structure_free(lt_doc *doc);

#endif
