/* The files of a collection: the folders walked, the files listed, put
 * in order (by date or by name, numbers by value). */
#define _GNU_SOURCE /* DT_REG, DT_DIR */
#include "folder_impl.h"

#include <ctype.h>
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
	fo->keep = false; /* it would not be told of next time */
	if (fo->skipped)
		fo->skipped(fo->ctx, path, why);
}

/* ---- listing ------------------------------------------------------------ */

/* A file listed: its path into the names, its name's date with it (read
 * once, and without a file opened). */
static void add_file(struct lt_folder *fo, const char *path, size_t len,
                     const char *base)
{
	lt_grow(&fo->names, &fo->namescap, fo->nnames + len + 1, 1);
	memcpy(fo->names + fo->nnames, path, len + 1);
	lt_grow(&fo->ent, &fo->entcap, fo->n + 1, sizeof *fo->ent);
	fo->ent[fo->n++] = (struct lent){fo->nnames, lt_front_name_date(base)};
	fo->nnames += len + 1;
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
		/* (seen through a bind mount, say: what is under it may
		 * change unseen) */
		fo->keep = false;
		closedir(d);
		return;
	}
	fo_walked(fo, path, &st);
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
			add_file(fo, sub, k + n, sub + k);
		else if (e->d_type == DT_DIR && depth + 1 < DEPTH_MAX)
			walk_dir(fo, sub,
			         depth + 1); /* no loop without a link */
		else if (e->d_type != DT_DIR) {
			/* a link's target changes unseen by its folder */
			fo->keep = false;
			walk(fo, sub, depth + 1);
		}
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
		const char *base = strrchr(path, '/');
		add_file(fo, path, strlen(path), base ? base + 1 : path);
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

/* The files as listed, by name, or by the dates their names start with
 * (then by name), their paths in the names (qsort_r's last argument). */
static int lent_by_name(const void *a, const void *b, void *names)
{
	return natural((const char *)names + ((const struct lent *)a)->off,
	               (const char *)names + ((const struct lent *)b)->off);
}

/* Dated before undated, earlier first. */
static int by_dates(int64_t x, int64_t y)
{
	if ((x < 0) != (y < 0))
		return x < 0 ? 1 : -1;
	return x < y ? -1 : x > y;
}

static int lent_by_date(const void *a, const void *b, void *names)
{
	const struct lent *x = a, *y = b;
	int c = by_dates(x->date, y->date);
	return c ? c : lent_by_name(a, b, names);
}

/* The files as listed, by the dates their names start with (all have
 * one), then by name: by day in a counting sort a byte of the day at a
 * time (stable, and linear: a folder of posts has tens of thousands),
 * the files of one day then by name. */
static void order_by_name_dates(struct lt_folder *fo)
{
	size_t n = fo->n;
	struct lent *v = fo->ent, *t = lt_xmalloc(n * sizeof *t);
	uint32_t *day = lt_xmalloc(2 * n * sizeof *day), *tday = day + n;
	for (size_t i = 0; i < n; i++)
		day[i] = (uint32_t)(v[i].date / 1000000); /* YYYYMMDD */
	for (unsigned shift = 0; shift < 32; shift += 8) {
		size_t count[257] = {0};
		for (size_t i = 0; i < n; i++)
			count[(day[i] >> shift & 0xFF) + 1]++;
		if (count[(day[0] >> shift & 0xFF) + 1] == n)
			continue; /* one value of this byte: already in order */
		for (size_t b = 1; b < 257; b++)
			count[b] += count[b - 1];
		for (size_t i = 0; i < n; i++) {
			size_t at = count[day[i] >> shift & 0xFF]++;
			t[at] = v[i];
			tday[at] = day[i];
		}
		struct lent *sv = v;
		v = t, t = sv;
		uint32_t *sd = day;
		day = tday, tday = sd;
	}
	if (v != fo->ent) {
		memcpy(fo->ent, v, n * sizeof *v);
		t = v;
	}
	free(t);
	free(day < tday ? day : tday);
	v = fo->ent;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && v[j].date == v[i].date; j++)
			;
		if (j - i > 1)
			qsort_r(v + i, j - i, sizeof *v, lent_by_name,
			        fo->names);
	}
}

/* Bytes of a file's head read first: a post's front matter is seldom
 * longer (a block not closed within them is read again, as far as
 * LT_FRONT_SCAN). */
#define HEAD_FIRST 4096

/* Could a block open p[0..n): a "---" or "+++" line, or a line that
 * starts "Key:"? */
static bool block_opens(const char *p, size_t n)
{
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	if (n >= 3 && (memcmp(p, "---", 3) == 0 || memcmp(p, "+++", 3) == 0))
		return true;
	size_t k = 0;
	while (k < n && k < 64 &&
	       (isalnum((unsigned char)p[k]) || p[k] == '_' || p[k] == '-' ||
	        (k > 0 && p[k] == ' ')))
		k++;
	return k > 0 && k < n && p[k] == ':';
}

/* Read the front matter of file i from the head of the file, into buf
 * (LT_FRONT_SCAN bytes). */
static void read_head(struct lt_folder *fo, size_t i, char *buf)
{
	ffile *f = &fo->f[i];
	if (f->fronted)
		return;
	f->fronted = true;
	f->front.when = -1;
	int fd = open(fo_path(fo, i), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t r = pread(fd, buf, HEAD_FIRST, 0);
	if (r == HEAD_FIRST) {
		if (lt_front_parse(buf, HEAD_FIRST, &f->front) &&
		    f->front.end < HEAD_FIRST) {
			r = 0; /* a block, closed within them */
		} else if (!block_opens(buf, HEAD_FIRST)) {
			lt_front_free(&f->front);
			r = 0; /* no block at all */
		} else {       /* one that may go on: read on */
			lt_front_free(&f->front);
			r = pread(fd, buf, LT_FRONT_SCAN, 0);
		}
	}
	close(fd);
	if (r > 0)
		lt_front_parse(buf, (size_t)r, &f->front);
}

/* Files (their places in the folder's lists, qsort_r's last argument) by
 * date, then by name. */
static int ix_by_date(const void *a, const void *b, void *ctx)
{
	const struct lt_folder *fo = ctx;
	const struct lent *x = &fo->ent[*(const size_t *)a],
	                  *y = &fo->ent[*(const size_t *)b];
	return lent_by_date(x, y, fo->names);
}

/* Sort the files by date, their records with them. */
static void order_records_by_date(struct lt_folder *fo)
{
	size_t n = fo->n, *ix = lt_xmalloc(n * sizeof *ix);
	for (size_t i = 0; i < n; i++)
		ix[i] = i;
	qsort_r(ix, n, sizeof *ix, ix_by_date, fo);
	struct lent *ent = lt_xmalloc(n * sizeof *ent);
	ffile *f = lt_xmalloc(n * sizeof *f);
	for (size_t k = 0; k < n; k++) {
		ent[k] = fo->ent[ix[k]];
		f[k] = fo->f[ix[k]];
	}
	free(ix);
	free(fo->ent);
	free(fo->f);
	fo->ent = ent;
	fo->f = f;
}

static void reverse(void *v, size_t n, size_t size)
{
	char t[sizeof(ffile)], *a = v, *b = a + (n - 1) * size;
	for (; n > 1 && a < b; a += size, b -= size) {
		memcpy(t, a, size);
		memcpy(a, b, size);
		memcpy(b, t, size);
	}
}

void fo_order(struct lt_folder *fo, lt_sort sort, bool rev)
{
	/* do all the names start with a date (Jekyll's posts)? */
	bool named = true;
	for (size_t i = 0; i < fo->n && named; i++)
		named = fo->ent[i].date >= 0;
	if (sort == LT_SORT_AUTO && named) {
		/* their names' dates order them, no file read (a front
		 * matter date is read with the post, too late to order it) */
		order_by_name_dates(fo);
		sort = LT_SORT_NAME; /* (done) */
	} else {
		qsort_r(fo->ent, fo->n, sizeof *fo->ent, lent_by_name,
		        fo->names);
	}
	/* the records, zero (untouched pages) until a file is read */
	fo->f = lt_xcalloc(fo->n, sizeof *fo->f);
	bool heads = sort != LT_SORT_NAME; /* the records hold them */
	if (heads) {
		/* by date (front matter's, else the name's) when every file
		 * has one: the first without one settles it */
		bool dated = true;
		char *buf = lt_xmalloc(LT_FRONT_SCAN);
		for (size_t i = 0; i < fo->n && (dated || sort == LT_SORT_DATE);
		     i++) {
			read_head(fo, i, buf);
			if (fo->f[i].front.when >= 0)
				fo->ent[i].date = fo->f[i].front.when;
			dated = dated && fo->ent[i].date >= 0;
		}
		free(buf);
		if (dated || sort == LT_SORT_DATE)
			order_records_by_date(fo);
	}
	if (rev) {
		reverse(fo->ent, fo->n, sizeof *fo->ent);
		if (heads)
			reverse(fo->f, fo->n, sizeof *fo->f);
	}
}

void fo_list(struct lt_folder *fo, const char *const *paths, size_t n)
{
	/* one folder: its files as listed last time, if it is unchanged */
	char *real = NULL, *file = NULL;
	if (fo->cache_dir && n == 1 && fo_may_keep(paths[0]))
		file = fo_kept_file(fo->cache_dir, paths[0], &real);
	fo->keep = file != NULL;
	if (file && fo_list_kept(fo, paths[0], file, real)) {
		free(file);
		free(real);
		return;
	}
	fo->toplen = n == 1 ? strlen(paths[0]) : 0;
	for (size_t i = 0; i < n; i++)
		walk(fo, paths[i], 0);
	if (file)
		fo_list_keep(fo, paths[0], file, real);
	free(file);
	free(real);
	free(fo->seen);
	free(fo->dirs);
	fo->seen = NULL;
	fo->dirs = NULL;
}
