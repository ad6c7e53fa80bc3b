/* Front matter: the metadata block at the top of a blog post (Jekyll and
 * Hugo YAML, Hugo TOML, Pelican and MultiMarkdown "Key: value" lines), for
 * opening a folder of posts as one collection: the block gives each post
 * its title, author and date, is hidden from the reading view, and the date
 * orders the posts. Only what that needs is read: no general YAML or TOML.
 * No curses here. */
#ifndef LECTERN_FRONT_H
#define LECTERN_FRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How far into a text a block is looked for: its closing line must end
 * within this many bytes of the start. */
#define LT_FRONT_SCAN (64u << 10)

typedef enum {
	LT_FRONT_NONE,
	LT_FRONT_YAML, /* "---" first line ... "---" or "..." */
	LT_FRONT_TOML, /* "+++" first line ... "+++" */
	LT_FRONT_KEYS, /* Pelican / MultiMarkdown "Key: value" lines up to a
	                  blank line */
} lt_front_kind;

/* The strings are owned by the struct: lt_front_free() frees them. Title,
 * author and date all have white space folded to single spaces and
 * trimmed, quotes and escapes removed; an empty value is NULL. Keys are
 * matched without regard to case; the first of a key counts. */
typedef struct {
	lt_front_kind kind;
	uint64_t end; /* bytes the block takes from the start of the text: its
	                 closing line and any blank lines after it included; 0
	                 when there is no block */
	char *title;  /* malloc'd UTF-8, NUL-terminated; NULL when none */
	char *
	    author;   /* the first author, same form: "author", "authors"
	                 keys; a YAML/TOML list's first item ([A, B] inline or
	                 "- A" lines); YAML "author:" with an indented "name: A"
	                 under it; a Pelican "Authors: A, B" list's first (split
	                 at ';' when there is one, else at ','); NULL when none */
	char *date;   /* the date value as written (trimmed, unquoted), NULL
	                 when none */
	int64_t when; /* the date as the number YYYYMMDDhhmmss (time 000000
	                 when only a date is given) for ordering, or -1 when
	                 there is none or it cannot be read */
} lt_front;

/* Parse the front matter at the start of p[0..n) (a leading UTF-8 BOM is
 * allowed and counted in end; CRLF line ends are allowed). Returns true and
 * fills *out when there is a block (an empty one too: "---" then "---");
 * else false and *out is {LT_FRONT_NONE, 0, NULL, NULL, NULL, -1}. *out is
 * overwritten, not freed. Never reads past n, nor past LT_FRONT_SCAN. */
bool lt_front_parse(const char *p, size_t n, lt_front *out);

/* Free the strings and reset *f to no block; safe on a zeroed struct and
 * twice. */
void lt_front_free(lt_front *f);

/* The date a file's base name starts with, as Jekyll names posts
 * ("2020-08-18-title.md", the date followed by anything but a digit):
 * YYYYMMDD000000, or -1. */
int64_t lt_front_name_date(const char *name);

#endif
