/* Saved state: where each document was left (position, marks, text
 * width) and the search history, in one small text file under
 * $XDG_STATE_HOME/lectern/. The store never prints: failures and damaged
 * files come back as one-line messages (lt_state_message()) for the UI.
 *
 * The file, "state" (every value escaped: \\ \t \n \r and \xHH for other
 * control bytes and bytes that are not valid UTF-8; fields are separated
 * by one tab):
 *
 *   lectern-state 1
 *   mouse   0|1                          (the reader's mouse off or on;
 *                                         no line: never chosen, on)
 *   search  PATTERN                      (newest first, at most 200)
 *   doc     SIZE HASH WIDTH TIME PATH    (HASH: 16 hex digits)
 *   at      ESSAY PARA OFF PHASH TITLE   (ESSAY: a number or -)
 *   mark    LETTER ESSAY PARA OFF PHASH TITLE
 *   starts  ESSAY-REGEX SECTION-REGEX    (--essay-start, --section-start;
 *                                         empty: not given)
 *   read    PROGRESS                     (how far each essay was read,
 *                                         as the reader writes it)
 *   end
 *
 * "at", "mark" and "starts" lines belong to the doc line above them; "end"
 * closes the file, so a truncated file is seen as damaged. Lines with another
 * first word are skipped (room for later additions). */
#ifndef LECTERN_STATE_H
#define LECTERN_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LT_STATE_VERSION     1
#define LT_STATE_MAX_BYTES   (1u << 20) /* larger files are damaged */
#define LT_STATE_HISTORY_MAX 200
#define LT_STATE_DOCS_MAX    1000 /* the least recently saved go first */

/* A place in a document that can be checked against a changed file: the
 * essay (LT_STATE_NONE outside essays), the paragraph (absolute index),
 * the byte offset inside it, a hash of the paragraph's bytes and the
 * essay's title. The offset counts bytes, not characters: it is only used
 * when the paragraph's hash matches, so its bytes are the same. */
#define LT_STATE_NONE SIZE_MAX
typedef struct {
	bool set;
	size_t essay, para;
	uint64_t off, para_hash;
	char *title; /* owned by the record; NULL when outside essays */
} lt_state_place;

typedef struct {
	uint64_t size, hash; /* the fingerprint: lt_state_fingerprint() */
	char *path;          /* last path it was opened by, owned */
	size_t width;        /* text width, 0: never changed */
	int64_t time;        /* when it was last saved (Unix time) */
	lt_state_place at;
	lt_state_place marks[26];
	/* the user's delimiters (NULL: none); a saved record keeps the
	 * store's unless starts_set */
	bool starts_set;
	char *essay_start, *section_start;
	char *read; /* the "read" line, or NULL (a file from before it) */
} lt_state_doc;

typedef struct lt_state lt_state;

/* A fast 64-bit hash of s[0..n) (not cryptographic). */
uint64_t lt_state_hash(const void *s, size_t n);

/* The content hash of a document of size bytes: the whole of it up to
 * 1 MiB; above that, 64 blocks of 4 KiB at evenly spaced offsets (the
 * first at 0, the last ending at the end) and the size, so that opening a
 * large file reads 256 KiB of it, not all of it, before the first screen.
 * A change the samples miss is still seen where it matters: a saved place
 * also keeps the hash of its paragraph. */
uint64_t lt_state_fingerprint(const char *bytes, uint64_t size);

/* The folder for the store, a new string the caller frees: LECTERN_STATE=-
 * gives none; else $XDG_STATE_HOME/lectern when that is absolute, else
 * $HOME/.local/state/lectern when HOME is absolute, else the password
 * database's home; never the current folder. NULL when there is none,
 * with *why (static) saying so, or NULL for LECTERN_STATE=-. */
char *lt_state_dir(const char **why);

/* Where caches go (a large folder's listing): $XDG_CACHE_HOME/lectern when
 * that is absolute, else .cache/lectern in the home folder (as
 * lt_state_dir finds it); NULL when LECTERN_STATE is "-" or there is no
 * home. Free it. */
char *lt_cache_dir(void);

/* A store in dir (copied; nothing is read or created yet). */
lt_state *lt_state_new(const char *dir);
void lt_state_free(lt_state *st);

/* Read the file. A missing file is an empty store. A damaged one (not the
 * format, truncated, binary, over LT_STATE_MAX_BYTES) is moved aside as
 * state.corrupt-TIME and the store starts empty. Returns false when there
 * was something to say (lt_state_message()), true otherwise. */
bool lt_state_load(lt_state *st);

/* Read the file, and leave it alone whatever it holds: false (and an
 * empty store) when it is missing or damaged. For a look at a record
 * before lt_state_load() says what is wrong with the file. */
bool lt_state_peek(lt_state *st);

/* The last message: why saving failed, or what was done with a damaged
 * file. Owned by the store, valid until the next call. */
const char *lt_state_message(const lt_state *st);

/* Is there a record of a file of this size? Only then can the
 * fingerprint find one, and it need be worked out (it reads a large file
 * in 64 places) before the first screen. */
bool lt_state_knows_size(const lt_state *st, uint64_t size);

/* The record with this fingerprint, or NULL. Owned by the store. */
const lt_state_doc *lt_state_find(const lt_state *st, uint64_t size,
                                  uint64_t hash);

/* The record last saved for the file at path (absolute), whatever its
 * fingerprint: the file changed since. NULL when none. */
const lt_state_doc *lt_state_find_path(const lt_state *st, const char *path);

/* The search history, newest first. */
size_t lt_state_nhistory(const lt_state *st);
const char *lt_state_history(const lt_state *st, size_t i);

/* Save one document's record (copied) or put one pattern on top of the
 * search history. Each is a read-merge-write under an exclusive lock on
 * the folder's "lock" file: the file is read again, the record or pattern
 * merged in (the record replaces the one with its fingerprint, keeping
 * the place, width, marks and delimiters it does not set, and any with
 * its absolute path: that file has changed), and the result written to a
 * temporary file in the folder, synced, renamed over the state file and the
 * folder synced. The store then holds what was written. Returns false on
 * failure, with the reason in lt_state_message(); no temporary file is
 * left behind. */
bool lt_state_save_doc(lt_state *st, const lt_state_doc *doc);
bool lt_state_add_search(lt_state *st, const char *pattern);
/* The reader's mouse, as last chosen: 1 on, 0 off, -1 never chosen (a
 * file from before the "mouse" line). Set saves it like the others. */
int lt_state_mouse(const lt_state *st);
bool lt_state_set_mouse(lt_state *st, bool on);

/* Free the strings a record owns (not the record itself). */
void lt_state_doc_clear(lt_state_doc *doc);

/* The parser and printer, for tests and the fuzz target: replace the
 * store's contents with buf[0..n) (false when it is damaged; the store
 * is then empty), and the file's text for the store (caller frees,
 * *len its length). */
bool lt_state_parse(lt_state *st, const char *buf, size_t n);
char *lt_state_format(const lt_state *st, size_t *len);

/* Escape s[0..n) for a field, into a new NUL-terminated string, and back
 * (NULL when the escape is invalid; *len the decoded length). */
char *lt_state_escape(const char *s, size_t n);
char *lt_state_unescape(const char *s, size_t n, size_t *len);

#endif
