/* The files of a collection: the folders walked, the files listed, put
 * in order (by date or by name, numbers by value). */
#define _GNU_SOURCE /* DT_REG, DT_DIR */
#include "folder_impl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int lt_sort_parse(const char *s)
{
	static const char *const names[] = {"auto", "name", "date"};
	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

void fo_skip(struct lt_folder *fo, const char *path, const char *why)
{
	if (fo->skipped)
		fo->skipped(fo->ctx, path, why);
}

/* ---- listing ------------------------------------------------------------ */

static void add_file(struct lt_folder *fo, const char *path)
{
	lt_grow(&fo->f, &fo->cap, fo->n + 1, sizeof *fo->f);
	ffile *f = &fo->f[fo->n++];
	*f = (ffile){0};
	f->path = lt_xstrndup(path, strlen(path));
	f->front.when = -1;
}

static bool seen_before(struct lt_folder *fo, const struct stat *st)
{
	for (size_t i = 0; i < fo->nseen; i++)
		if (fo->seen[i].dev == st->st_dev &&
		    fo->seen[i].ino == st->st_ino)
			return true;
	lt_grow(&fo->seen, &fo->seencap, fo->nseen + 1, sizeof *fo->seen);
	fo->seen[fo->nseen++] = (struct fid){st->st_dev, st->st_ino};
	return false;
}

static void walk(struct lt_folder *fo, const char *path, int depth);

static void walk_dir(struct lt_folder *fo, const char *path, int depth)
{
	DIR *d = opendir(path);
	if (!d) {
		fo_skip(fo, path, strerror(errno));
		return;
	}
	struct stat st; /* a folder met again, through a link: a loop */
	if (fstat(dirfd(d), &st) < 0 || seen_before(fo, &st)) {
		closedir(d);
		return;
	}
	/* each entry's path, in one buffer: the folder's path, then the
	 * entry's name */
	size_t plen = strlen(path), cap = plen + 64;
	char *sub = lt_xmalloc(cap);
	memcpy(sub, path, plen);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* hidden, and . and .. */
		size_t n = strlen(e->d_name);
		lt_grow(&sub, &cap, plen + n + 2, 1);
		size_t k = plen;
		if (k > 0 && sub[k - 1] != '/')
			sub[k++] = '/';
		memcpy(sub + k, e->d_name, n + 1);
		/* the type the folder gives spares a stat of each file: only
		 * links (and unknown types) are followed to what they name */
		if (e->d_type == DT_REG)
			add_file(fo, sub);
		else if (e->d_type == DT_DIR && depth + 1 < DEPTH_MAX)
			walk_dir(fo, sub,
			         depth + 1); /* no loop without a link */
		else if (e->d_type != DT_DIR)
			walk(fo, sub, depth + 1);
	}
	free(sub);
	closedir(d);
}

static void walk(struct lt_folder *fo, const char *path, int depth)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		fo_skip(fo, path, strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (depth < DEPTH_MAX)
			walk_dir(fo, path, depth);
	} else if (S_ISREG(st.st_mode)) {
		add_file(fo, path);
	} else {
		fo_skip(fo, path, "not a regular file");
	}
}

/* ---- order -------------------------------------------------------------- */

static bool digit(char c) { return c >= '0' && c <= '9'; }

/* Paths in natural order: byte by byte, but a run of digits against a
 * run of digits by the number it writes ("2" before "10"; of two that
 * write the same number, the shorter first: "7" before "007"). */
static int natural(const char *x, const char *y)
{
	for (;;) {
		while (*x && *x == *y && !digit(*x))
			x++, y++;
		if (!digit(*x) || !digit(*y))
			return (unsigned char)*x - (unsigned char)*y;
		const char *a = x, *b = y;
		while (*a == '0')
			a++;
		while (*b == '0')
			b++;
		const char *ea = a, *eb = b;
		while (digit(*ea))
			ea++;
		while (digit(*eb))
			eb++;
		if (ea - a != eb - b)
			return ea - a < eb - b ? -1 : 1;
		int c = memcmp(a, b, (size_t)(ea - a));
		if (c)
			return c;
		if (ea - x != eb - y)
			return ea - x < eb - y ? -1 : 1;
		x = ea;
		y = eb;
	}
}

static int by_name(const void *a, const void *b)
{
	return natural(((const ffile *)a)->path, ((const ffile *)b)->path);
}

/* A file's date: its front matter's, else its name's. */
static int64_t date_of(const ffile *f)
{
	if (f->front.when >= 0)
		return f->front.when;
	const char *base = strrchr(f->path, '/');
	return lt_front_name_date(base ? base + 1 : f->path);
}

static int by_date(const void *a, const void *b)
{
	int64_t x = ((const ffile *)a)->date, y = ((const ffile *)b)->date;
	if ((x < 0) != (y < 0))
		return x < 0 ? 1 : -1; /* undated last */
	if (x != y)
		return x < y ? -1 : 1;
	return by_name(a, b);
}

/* Read the front matter of f from the head of the file. */
static void read_head(ffile *f)
{
	if (f->fronted)
		return;
	f->fronted = true;
	int fd = open(f->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return;
	char *buf = lt_xmalloc(LT_FRONT_SCAN);
	ssize_t r = pread(fd, buf, LT_FRONT_SCAN, 0);
	close(fd);
	if (r > 0)
		lt_front_parse(buf, (size_t)r, &f->front);
	free(buf);
}

static void sort_by_date(struct lt_folder *fo)
{
	for (size_t i = 0; i < fo->n; i++)
		fo->f[i].date = date_of(&fo->f[i]);
	qsort(fo->f, fo->n, sizeof *fo->f, by_date);
}

static void reverse(ffile *v, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		ffile t = v[i];
		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
}

/* Do all the files' names start with a date (Jekyll's posts)? */
static bool names_dated(const struct lt_folder *fo)
{
	for (size_t i = 0; i < fo->n; i++) {
		const char *base = strrchr(fo->f[i].path, '/');
		if (lt_front_name_date(base ? base + 1 : fo->f[i].path) < 0)
			return false;
	}
	return true;
}

void fo_order(struct lt_folder *fo, lt_sort sort, bool rev)
{
	if (sort == LT_SORT_AUTO && names_dated(fo)) {
		/* their names' dates order them, no file read (a front
		 * matter date is read with the post, too late to order it) */
		sort_by_date(fo);
		sort = LT_SORT_NAME; /* (done) */
	} else {
		qsort(fo->f, fo->n, sizeof *fo->f, by_name);
	}
	if (sort != LT_SORT_NAME) {
		/* by date when every file has one: the first without one
		 * settles it */
		bool dated = true;
		for (size_t i = 0; i < fo->n && (dated || sort == LT_SORT_DATE);
		     i++) {
			read_head(&fo->f[i]);
			dated = dated && date_of(&fo->f[i]) >= 0;
		}
		if (dated || sort == LT_SORT_DATE)
			sort_by_date(fo);
	}
	if (rev)
		reverse(fo->f, fo->n);
}

void fo_list(struct lt_folder *fo, const char *const *paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		walk(fo, paths[i], 0);
	free(fo->seen);
	fo->seen = NULL;
}
