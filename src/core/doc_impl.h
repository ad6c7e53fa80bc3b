/* The document's insides, shared by the files of the core. */
#ifndef LECTERN_DOC_IMPL_H
#define LECTERN_DOC_IMPL_H

#include <signal.h>

#include "ahead.h"
#include "lectern/doc.h"
#include "lines.h"
#include "util.h"

/* One line-number checkpoint every LT_CK_EVERY paragraphs. */
#define LT_CK_EVERY 64

#define LT_NO_SPELLING UINT32_MAX

/* How an essay's title reads. */
enum {
	LT_TITLE_PARAS,      /* its title paragraphs, white space folded */
	LT_TITLE_FIRST_LINE, /* the first line of its first paragraph */
	LT_TITLE_MARKDOWN,   /* a Markdown heading, markup dropped */
	LT_TITLE_YAML,       /* the title: of a front matter block */
	LT_TITLE_KV,         /* the Title: of a header block */
	LT_TITLE_UNDERLINED, /* the underlined part of its first paragraph */
	LT_TITLE_AFTER_DATE, /* its paragraph after a date in it */
	LT_TITLE_LINE2,      /* the second line of its paragraph (under a
	                      * number) */
};

/* What the structure wants of a paragraph it has still to look at: its
 * line, and what the scan ahead found of it (ahead.h) when it ran. */
typedef struct {
	uint64_t line;
	uint64_t end;  /* its end, white space trimmed */
	uint32_t fold; /* its folded text at folds.s + fold, or LT_NO_FOLD */
	uint8_t lines; /* its lines, up to 255; 0: nothing found */
} lt_pfacts;

/* An essay as kept: a header of paragraphs from title_para (its title,
 * then subtitle, publication and author lines, its byline), its body, and
 * its bio, when it has one, as its last paragraph; it ends where the next
 * essay (or the back matter) starts. */
typedef struct {
	uint64_t line; /* of the title */
	size_t title_para;
	uint32_t first_section;
	uint32_t spelling; /* the byline's name, or LT_NO_SPELLING */
	uint8_t ntitle;    /* paragraphs of the title, from title_para */
	uint8_t header;    /* paragraphs before the body */
	uint8_t byline;    /* the byline's distance from title_para; 0: none */
	uint8_t how;       /* LT_TITLE_* */
	uint8_t lead;      /* header paragraphs before the title (a name, a
	                    * date), from title_para */
	uint8_t why;       /* LT_WHY_*: what opened it */
	uint8_t author_from; /* LT_FROM_*: where its author was found */
	bool bio;
	bool signature; /* the author came from a signature line */
} lt_essay_rec;

/* What opened an essay (--explain). */
enum {
	LT_WHY_BYLINE,    /* a byline under its title */
	LT_WHY_NUMBERING, /* a numbering line */
	LT_WHY_MARKDOWN,  /* a Markdown heading of the essays' level */
	LT_WHY_YAML,      /* a front matter block with a title */
	LT_WHY_CONTENTS,  /* an entry of the contents list */
	LT_WHY_STYLE,     /* the heading style the headers repeat */
	LT_WHY_WHOLE,     /* nothing: the whole text is one essay */
	LT_WHY_USER,      /* the user's --essay-start */
};

/* Where an essay's author was found (--explain). */
enum {
	LT_FROM_NONE,
	LT_FROM_HEADER,    /* its header: a byline or a name line */
	LT_FROM_FRONT,     /* a front matter or header block's author */
	LT_FROM_CLOSING,   /* a byline closing it */
	LT_FROM_BOOK,      /* the book's one author (title page, ebook
	                    * header) */
	LT_FROM_SIGNATURE, /* a name signing it */
};

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
	struct lt_folder *folder; /* several files (folder.h), or NULL */
	const char *data;
	uint64_t size;
	void *map; /* the mapping, or NULL */
	size_t maplen;
	int fd;     /* the file mapped, or -1 */
	char *heap; /* small standard input, or NULL */
	volatile sig_atomic_t changed;
	uint64_t populated;   /* bytes of the mapping whose pages are mapped */
	uint64_t fingerprint; /* lt_doc_fingerprint, once known: */
	bool fingerprinted;

	/* scanning */
	uint64_t pos;           /* next byte to index */
	uint64_t line;          /* 1-based line number at pos */
	lt_eols eols;           /* cached positions of the next LF and CR */
	bool primed;            /* ... and they are valid */
	struct lt_ahead *ahead; /* the scan run ahead in a thread, or NULL */
	lt_held win;            /* ... and the text it read (lt_doc_text) */
	uint64_t ahead_min;     /* ... started with this much left to scan */
	bool in_para;
	bool done;
	/* the shaped scan, for double-spaced or Markdown text (doc.c) */
	bool double_spaced; /* a blank line follows nearly every line */
	uint32_t ds_width;  /* ... and its lines are wrapped at this many
	                     * cells */
	uint64_t prev_start, prev_end; /* the last text line scanned */
	uint8_t prev_shape;            /* its LT_LINE_* bits; 0: none yet */
	uint32_t blanks;               /* blank lines scanned since it */
	bool prev_measured;            /* its lt_line_cells are known: */
	uint32_t prev_cells, prev_indent;
	bool fenced; /* Markdown: in a code fence opened since the last
	              * blank line */

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
	uint64_t start_off;       /* an ebook's text starts here (after its
	                           * header and START marker); 0: no marker */
	size_t end_para;          /* an ebook's END marker (back matter from
	                           * here), or LT_NONE */
	uint8_t md_level;         /* Markdown: the heading level of essays; 0:
	                           * front matter blocks with a title open them */
	bool in_header;           /* the open essay's header may still grow */
	bool header_titled;       /* ... and has its title */
	bool in_contents;         /* in a contents list: a bodiless essay is
	                           * an entry of it, dropped */
	bool md_contents;         /* Markdown: in a contents list's section */
	struct lt_starts *starts; /* the user's --essay-start and
	                           * --section-start, or NULL */
	struct lt_plan *plan;     /* learnt from the start of the text (plan.h),
	                           * or NULL until enough is scanned */
	size_t contents_end;      /* paragraphs before it: a contents list */
	bool open_body;           /* the open essay has a body paragraph */
	bool any_body;            /* some essay has */
	size_t byline_essays;     /* essays opened by a byline */
	unsigned last_roman;      /* the last bare Roman numeral opening one */
	uint32_t book_spelling;   /* the author on a book's title page, or
	                           * LT_NO_SPELLING */
	size_t struct_floor;      /* the first paragraph after an ebook's
	                           * header */
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
	/* what the structure wants of paragraphs [plines_base, +nplines),
	 * the ones it has still to look at */
	lt_pfacts *plines;
	size_t nplines, plinecap, plines_base;
	size_t facts_next; /* the next paragraph the scan ahead ends */
	lt_buf folds;      /* their folded texts (lt_pfacts.fold) */
	size_t nclosed;    /* essays [0, nclosed) are complete */
	bool finished;     /* the structure is complete */
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

/* The bytes data[from, to): where the scan ahead read them while it
 * still holds them (reading them through the mapping costs more the first
 * time), else in the mapping. */
static inline const char *lt_doc_text(const lt_doc *doc, uint64_t from,
                                      uint64_t to)
{
	return lt_held_text(&doc->win, doc->data, from, to);
}

/* What the scan ahead found of paragraph i (NULL: nothing, or it is no
 * longer kept): its range is lt_doc_para's, its fold lt_fold's. */
const lt_pfacts *lt_doc_facts(const lt_doc *doc, size_t i);
/* Keep the structure's facts from paragraph i on, or none (i = SIZE_MAX
 * frees them). */
void lt_doc_facts_drop(lt_doc *doc, size_t i);

/* Find the structure of what the scan has indexed so far; once the scan
 * is done, finish it (structure.c). */
void lt_structure_step(lt_doc *doc);
/* Guess the rules from the start of the text (doc->rules). */
void lt_structure_init(lt_doc *doc);
void lt_structure_free(lt_doc *doc);
/* The spelling number of name, added if new (structure.c). */
uint32_t lt_spelling_of(lt_doc *doc, const char *name);
/* Build the author index from the essays' spellings (structure.c). */
void lt_structure_authors(lt_doc *doc);
/* Watch the document's mapping for a SIGBUS (doc.c). */
void lt_doc_watch(lt_doc *doc);

#endif
