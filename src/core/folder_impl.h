/* The insides of a collection of files (folder.c), shared with the code
 * that lists and orders its files (listing.c). */
#ifndef LECTERN_FOLDER_IMPL_H
#define LECTERN_FOLDER_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "doc_impl.h"
#include "lectern/front.h"

/* Children kept made at once: the files on the screen and around it. */
#define LIVE_MAX 8
/* The address space a collection's files are mapped into, at most and
 * at least (a limit on it, ulimit -v, is met halfway). */
#define REGION_MAX ((size_t)1 << 40)
#define REGION_MIN ((size_t)1 << 30)
/* How deep folders are followed. */
#define DEPTH_MAX 64
/* Files read at most: each is a mapping of its own, and a process may
 * have some 65,000 (vm.max_map_count). */
#define FILES_MAX 60000

enum { F_LISTED, F_MAPPED, F_SKIPPED };

/* A heading of a file that is one essay: a child essay's title, or a
 * child section's heading. */
typedef struct {
	size_t para;   /* the file's paragraph */
	uint64_t line; /* in the file */
	size_t from;   /* the child's essay or section */
	bool essay;
} fsec;

/* A file's record: all zero until the file is read (the records of a
 * large folder are never touched for the files not read); its path is
 * the folder's (fo_path). */
typedef struct {
	uint64_t base, size; /* its slot: [base, base + size), once it is
	                      * opened: the files are opened in order, each
	                      * slot after the last */
	uint64_t text;       /* bytes of front matter before its text */
	uint64_t line0;      /* the line its text starts on */
	lt_front front;      /* once fronted */
	bool fronted;        /* front is read */
	uint8_t state;
	bool whole; /* one essay, made here */
	bool block; /* its first paragraph is the front matter block */
	size_t para0, npara, essay0, nessays, section0, nsections;
	fsec *secs; /* whole: its sections */
	lt_doc *child;
	/* what its child held when it was merged: one made anew that holds
	 * something else read a file changed since (stale) */
	size_t cnpara, cnessays, cnsections;
	bool merged, stale;
} ffile;

struct lt_folder {
	ffile *f;
	size_t n;
	/* the files' paths, one after the other, each ending in a NUL */
	char *names;
	size_t nnames, namescap;
	/* the files, as listed, then in order: each a path (its offset in
	 * names) and the date that orders it (its name's, or its front
	 * matter's once that is read), or -1 */
	struct lent {
		size_t off;
		int64_t date;
	} * ent;
	size_t entcap;
	size_t next;   /* the next file to scan */
	size_t nsized; /* files [0, nsized) have their slots (base, size) */
	size_t live[LIVE_MAX], nlive, evict;
	lt_structure rules;
	char *essay_re, *section_re; /* the user's delimiters, or NULL */
	void (*skipped)(void *ctx, const char *path, const char *why);
	void *ctx;
	/* the folders walked: a symbolic link back to one ends there */
	struct fid {
		dev_t dev;
		ino_t ino;
	} * seen;
	size_t nseen, seencap;
	/* the listing kept for next time (listcache.c): where, whether it
	 * may be, the length of the folder's path, and the folders walked
	 * (their records as kept) */
	const char *cache_dir;
	bool keep;
	size_t toplen;
	char *dirs;
	size_t ndirs, dirscap, nwalked;
};

static inline struct lt_folder *folder(const lt_doc *doc)
{
	return doc->folder;
}
/* The path of file i. */
static inline const char *fo_path(const struct lt_folder *fo, size_t i)
{
	return fo->names + fo->ent[i].off;
}
/* Where file f's child's paragraphs start in the collection's, and its
 * text in the collection's bytes. */
static inline size_t pbase(const ffile *f) { return f->para0 + f->block; }
static inline uint64_t gbase(const ffile *f) { return f->base + f->text; }

/* The document of file i (opened), made and scanned anew when it was let
 * go; a few are kept, the oldest let go (folder.c). */
lt_doc *fo_child(const lt_doc *doc, size_t i);
/* The same, or NULL when it no longer holds what was merged (the file
 * changed since): its numbers are not the collection's. */
lt_doc *fo_fresh_child(const lt_doc *doc, size_t i);
/* The scanned file whose count field (offsetof para0, essay0, section0)
 * is the last at or before x; the file of paragraph i. */
size_t fo_scanned_file(const lt_doc *doc, size_t field, size_t x);
size_t fo_file_of_para(const lt_doc *doc, size_t i);

/* Tell of a file left out, with why. */
void fo_skip(struct lt_folder *fo, const char *path, const char *why);
/* List the files of the folders and files named (fo->n of them), and put
 * them in order (fo->f). */
void fo_list(struct lt_folder *fo, const char *const *paths, size_t n);
void fo_order(struct lt_folder *fo, lt_sort sort, bool rev);

/* listcache.c: a folder walked (st its own); whether the listing of top
 * may be kept (its filesystem); the files of top as listed before, if it
 * has not changed since; keep them for next time */
struct stat;
void fo_walked(struct lt_folder *fo, const char *path, const struct stat *st);
bool fo_may_keep(const char *top);
/* the listing's file for the folder dir/top (its real path in *real),
 * NULL when it has none; free both */
char *fo_kept_file(const char *dir, const char *top, char **real);
bool fo_list_kept(struct lt_folder *fo, const char *top, const char *file,
                  const char *real);
void fo_list_keep(struct lt_folder *fo, const char *top, const char *file,
                  const char *real);

#endif
