/* The document model. The text is mapped read-only, never copied: a
 * document is its bytes plus an index of paragraph offsets and the
 * structure found in it (front matter, essays with their sections, bylines
 * and bios, back matter), all as byte ranges and paragraph numbers. */
#ifndef LECTERN_DOC_H
#define LECTERN_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lectern/status.h"
#include "lectern/text.h"

#define LT_NONE SIZE_MAX

typedef struct lt_doc lt_doc;

typedef struct {
	uint64_t start, end; /* [start, end) byte offsets */
} lt_range;

/* What a paragraph is, once the structure is known. */
typedef enum {
	LT_PARA_FRONT,   /* front matter: blog name, category ... */
	LT_PARA_TITLE,   /* an essay's title */
	LT_PARA_BYLINE,  /* "Written by NAME." */
	LT_PARA_HEADING, /* a section heading inside an essay */
	LT_PARA_BODY,    /* body text */
	LT_PARA_BIO,     /* the author bio closing an essay */
	LT_PARA_BACK,    /* back matter: site footer lines */
} lt_para_kind;

/* An essay, as lt_doc_essay() describes it (a value: the document keeps
 * numbers, not text; titles are folded from the text on request). */
typedef struct {
	size_t author;           /* index into lt_doc_author(), or LT_NONE
	                          * until the author index is built */
	const char *byline_name; /* the author as the byline has it, or
	                          * NULL; owned by the document */
	size_t title_para;       /* first paragraph of the essay */
	size_t byline_para;      /* LT_NONE when the essay has no byline */
	size_t bio_para;         /* LT_NONE when no bio was found */
	size_t end_para;         /* one past the essay's last paragraph */
	size_t first_section, nsections; /* into lt_doc_section() */
	uint64_t line;                   /* 1-based source line of the title */
	lt_range bytes;                  /* the essay's share of the file */
} lt_essay;

typedef struct {
	size_t essay;  /* index of the essay it belongs to */
	size_t para;   /* the heading paragraph */
	uint64_t line; /* 1-based source line of the heading */
} lt_section;

typedef struct {
	const char *name; /* as the first byline spells it, white space
	                   * folded, no final '.'; owned by the document */
	size_t *essays; /* essay indexes in document order; owned by the doc */
	size_t nessays;
} lt_author;

/* Which rules find the structure (--structure). AUTO looks at the start
 * of the text when the document is opened: Markdown (front matter, '#'
 * headings, setext underlines) or the general rules (bylines, numbered
 * series, ebook markers). PLAIN finds none: the whole text is one essay
 * titled by its first line, with no sections. */
typedef enum {
	LT_STRUCT_AUTO,
	LT_STRUCT_BLOG,
	LT_STRUCT_MARKDOWN,
	LT_STRUCT_PLAIN,
} lt_structure;

/* "auto", "blog", "markdown", "plain". */
const char *lt_structure_name(lt_structure s);
/* The structure named s (as above), or -1. */
int lt_structure_parse(const char *s);

/* The user's own delimiters, as ov lets one name them: a paragraph whose
 * first line matches essay_re (a PCRE2 pattern, UTF-8; NULL or "": found
 * as usual) starts an essay, titled by that line, or by the next line
 * when that one holds only a number ("12.", "XII"); one whose first line
 * matches section_re is a section heading, and then the only kind. Before
 * the first lt_doc_scan() only. Returns false with the reason in err
 * (a pattern that does not compile). */
bool lt_doc_set_starts(lt_doc *doc, const char *essay_re,
                       const char *section_re, char *err, size_t errlen);

/* Choose the rules; before the first lt_doc_scan() only. A collection of
 * files (below) takes its rules from lt_open_opts, and ignores this. */
void lt_doc_set_structure(lt_doc *doc, lt_structure s);
/* The rules in use (never AUTO), and whether they were guessed. */
lt_structure lt_doc_structure(const lt_doc *doc);
bool lt_doc_structure_guessed(const lt_doc *doc);

/* Open a named file (flags: none yet). Regular files are mapped; a
 * directory, a FIFO, a device, a UTF-16 file are refused. Returns NULL and
 * fills *err on failure. The document is not scanned yet: call
 * lt_doc_scan(). Free with lt_doc_free(). */
lt_doc *lt_doc_open(const char *path, lt_error *err);

/* Read all of fd (a pipe, say) and serve it the same way: small inputs
 * stay in memory, large ones go to an unlinked temporary file that is then
 * mapped. Does not close fd. */
lt_doc *lt_doc_read_fd(int fd, lt_error *err);

void lt_doc_free(lt_doc *doc);

/* Index at most budget more bytes (0: all). Returns true once the whole
 * document is indexed and its structure found. Until then paragraphs are
 * available as far as lt_doc_npara() says, and the structure fills in as
 * the scan goes: the essays found so far are listed, all complete (bio,
 * sections, end) but the last; front matter is known once an essay is;
 * back matter and the author index come at the end. A stop asked for
 * (lectern/stop.h) ends it after the slice of 256 KiB it is in. */
bool lt_doc_scan(lt_doc *doc, uint64_t budget);
/* A mapped text with at least min_left bytes still to scan is scanned in
 * a second thread, run ahead of the structure (which the calling thread
 * finds meanwhile), once its first 256 KiB are scanned (the first screen
 * wants no thread); 0: never. The default is LT_SCAN_AHEAD_MIN. Either
 * way the result is the same: tests and benchmarks set it. */
#define LT_SCAN_AHEAD_MIN (16u << 20)
void lt_doc_set_scan_ahead(lt_doc *doc, uint64_t min_left);
/* Bytes indexed so far: in a collection, to the end of the last file
 * scanned. */
uint64_t lt_doc_scanned(const lt_doc *doc);
/* Would lt_doc_scan() now wait for the scan ahead to hand it text (the
 * thread has just started, or the structure caught up with it)? A reader
 * polls for keys meanwhile. */
bool lt_doc_scan_waits(lt_doc *doc);
bool lt_doc_scan_done(const lt_doc *doc);

const char *lt_doc_bytes(const lt_doc *doc);
/* The size of the text. A collection of files opens every file to say it
 * (lt_doc_fraction() does not). */
uint64_t lt_doc_size(const lt_doc *doc);
/* The document's identity in the saved state, lt_state_fingerprint() of
 * its bytes: worked out once (it reads 64 blocks spread over a large
 * file), then remembered. A collection's is a hash of its files' paths. */
uint64_t lt_doc_fingerprint(lt_doc *doc);

/* True when the first 4 KiB hold a NUL byte. */
bool lt_doc_looks_binary(const lt_doc *doc);

/* True once the mapped file was found truncated under us: the lost range
 * now reads as zero bytes. */
bool lt_doc_changed(const lt_doc *doc);

size_t lt_doc_npara(const lt_doc *doc);
/* The bytes of paragraph i: its lines, without the line end of the last
 * (in double-spaced text, single blank lines may stand between them). */
lt_range lt_doc_para(const lt_doc *doc, size_t i);
lt_para_kind lt_doc_para_kind(const lt_doc *doc, size_t i);
/* The essay holding paragraph i, or LT_NONE for front and back matter. */
size_t lt_doc_para_essay(const lt_doc *doc, size_t i);
/* The paragraph holding byte off, found from the text around it without
 * the index (so before or without a scan): the range lt_doc_para() gives
 * it, or an empty range at off when off is in blank lines. */
lt_range lt_doc_para_around(const lt_doc *doc, uint64_t off);

/* The paragraph holding or following byte offset off (lt_doc_npara() when
 * none follows). */
size_t lt_doc_para_at(const lt_doc *doc, uint64_t off);

/* 1-based source line of byte offset off: in a collection, in its file. */
uint64_t lt_doc_line_at(const lt_doc *doc, uint64_t off);

size_t lt_doc_nessays(const lt_doc *doc);
/* Essays [0, n) are complete (their end, bio and sections are final); all
 * of them once the scan is done. */
size_t lt_doc_nessays_complete(const lt_doc *doc);
lt_essay lt_doc_essay(const lt_doc *doc, size_t i);
/* The essay's title, white space folded, into out (cleared first; the
 * caller owns it). Returns out->s. */
const char *lt_doc_essay_title(const lt_doc *doc, size_t i, lt_buf *out);
/* When paragraph para opens an essay whose title no text holds (a file of
 * a collection titled by its name): that title, sanitized, in out, and
 * true. */
bool lt_doc_unwritten_title(const lt_doc *doc, size_t para, lt_buf *out);
size_t lt_doc_nsections(const lt_doc *doc);
lt_section lt_doc_section(const lt_doc *doc, size_t i);
/* The section's heading, white space folded, into out as above. */
const char *lt_doc_section_heading(const lt_doc *doc, size_t i, lt_buf *out);
/* Authors sorted by surname, then by full name. */
size_t lt_doc_nauthors(const lt_doc *doc);
const lt_author *lt_doc_author(const lt_doc *doc, size_t i);

/* Why the structure is what it is, in words (--explain, the reader's
 * '='): what opened essay i and where its author came from ("contents
 * entry 3; author: the book's"), what made section i a heading, and the
 * rules used for the whole document with how sure they are (0..1: how
 * much of what was seen fits them). Into out (cleared first); returns
 * out->s. */
const char *lt_doc_essay_evidence(const lt_doc *doc, size_t i, lt_buf *out);
const char *lt_doc_section_evidence(const lt_doc *doc, size_t i, lt_buf *out);
const char *lt_doc_structure_summary(const lt_doc *doc, lt_buf *out);
/* The same in a few words, for a status line: "contents list", "repeated
 * headings", "--essay-start", or NULL when the rules of
 * lt_doc_structure() found it alone. */
const char *lt_doc_structure_label(const lt_doc *doc);
double lt_doc_structure_confidence(const lt_doc *doc);

/* Front matter: paragraphs [0, front_end); back matter: [back_start,
 * npara). Byte ranges partition the file with the essays' ranges. */
lt_range lt_doc_front(const lt_doc *doc);
lt_range lt_doc_back(const lt_doc *doc);
size_t lt_doc_back_para(const lt_doc *doc); /* first back-matter paragraph */

/* ---- a collection of several files -------------------------------------
 *
 * A folder of posts, or several files named together, read as one
 * document: each file gives its essays as the rules find them in it
 * alone; a file in which they find none (or a post whose front matter
 * names its title) is one essay, titled by its front matter's title, else
 * its file name. Front matter (YAML, TOML, "Key: value" headers) gives
 * the title, author and date, and is no text: its block is one paragraph
 * that shows (lt_doc_para_text) only the title. Files are opened as the
 * scan (or a jump) reaches them, mapped and closed: none is held open.
 * To order them by their front matter's dates, the head of each is read
 * first, unless every name starts with a Jekyll date. One that cannot be
 * read or is not text is skipped and told of (lt_open_opts.skipped); an
 * empty one is left out. At most 60,000 files are read. */

typedef enum {
	LT_SORT_AUTO, /* by date when every file has one, else by name */
	LT_SORT_NAME, /* by path, numbers in names by value ("2" < "10") */
	LT_SORT_DATE, /* by date (front matter's, else a Jekyll name's),
	               * files without one last, by name */
} lt_sort;

/* "auto", "name", "date" */
int lt_sort_parse(const char *s);

typedef struct {
	lt_sort sort;
	bool reverse;       /* newest first; names backwards */
	lt_structure rules; /* for every file */
	/* told of every file left out, with why */
	void (*skipped)(void *ctx, const char *path, const char *why);
	void *ctx;
	/* where a large folder's listing is kept for next time (see
	 * lt_cache_dir), or NULL */
	const char *cache_dir;
} lt_open_opts;

/* Open the files and folders named (folders whole, their subfolders too,
 * but no name starting with '.'; symbolic links followed, a loop ended).
 * Fails (LT_NOFILES) when none holds a file to read; a path that cannot
 * be read is skipped and told of. */
lt_doc *lt_doc_open_paths(const char *const *paths, size_t n,
                          const lt_open_opts *opts, lt_error *err);

/* How far into the text byte off is, from 0 to 1: in a collection, by
 * its files (the files before off's and off's share of its own), so that
 * no file need be opened to say it, as lt_doc_size() would. */
double lt_doc_fraction(const lt_doc *doc, uint64_t off);
/* The same in whole percent: off * 100 / size for one file. */
unsigned lt_doc_percent(const lt_doc *doc, uint64_t off);
/* The byte that fraction x (0..1) of the text is at, measured so. */
uint64_t lt_doc_fraction_offset(const lt_doc *doc, double x);

/* Files of the document: 1 for a document of one file. */
size_t lt_doc_nfiles(const lt_doc *doc);
typedef struct {
	const char *path; /* as named, or under the folder named; NULL for
	                   * a document of one file */
	const char *title, *author, *date; /* its front matter's, or NULL */
	lt_range bytes;                    /* its share of the text */
	lt_range front;                    /* its front matter block */
} lt_file;
lt_file lt_doc_file(const lt_doc *doc, size_t i);
/* The file holding byte off. */
size_t lt_doc_file_at(const lt_doc *doc, uint64_t off);
/* The bytes of paragraph i that are text: lt_doc_para()'s, but for a
 * front matter block, the value of its title (empty when it has none). */
lt_range lt_doc_para_text(const lt_doc *doc, size_t i);
/* For a front matter block, the title it shows as it reads (quotes and
 * escapes undone); else NULL. */
const char *lt_doc_para_title(const lt_doc *doc, size_t i);

#endif
