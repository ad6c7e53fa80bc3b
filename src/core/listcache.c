/* A large folder's listing, kept for next time. Reading a directory of
 * tens of thousands of posts costs the kernel milliseconds, more than the
 * rest of the first screen together; a folder's entries change only with
 * its modification time, so the list of files is kept with the times of
 * the folders it was read from and used again while none has changed.
 *
 * The file (one per folder, named by a hash of its real path):
 *
 *   lectern folder listing 1\n
 *   REALPATH\n
 *   NDIRS NFILES\n
 *   then NDIRS records "DEV INO MSEC MNSEC CSEC CNSEC RELPATH\0", the
 *   folders walked, the top first (RELPATH "");
 *   then NFILES paths relative to the top, each ending in a NUL, in the
 *   order they were listed.
 *
 * A file that does not read so, or names another folder, is not used and
 * is written anew. */
#define _GNU_SOURCE /* realpath's full form, DT_REG */
#include "folder_impl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/magic.h>
#include <sys/vfs.h>
#endif

#include "lectern/state.h"
#include "util.h"

#define MAGIC "lectern folder listing 1\n"
/* a folder changed this recently may change again within the same tick
 * of its clock, unseen: its listing is not kept */
#define RACY_NS      (100 * 1000000L) /* with times to the nanosecond */
#define RACY_SECONDS 2 /* with times to the second (their nanoseconds 0) */
#define KEEP_MAX     (16u << 20) /* bytes of one listing */
#define KEPT_MAX     32          /* listings kept; the oldest go */
#define KEEP_MIN     1000        /* files: a smaller folder is listed fast */

/* ---- what was walked ------------------------------------------------- */

void fo_walked(struct lt_folder *fo, const char *path, const struct stat *st)
{
	if (!fo->keep)
		return;
	const char *rel = path + fo->toplen;
	while (*rel == '/')
		rel++;
	size_t n = strlen(rel);
	char head[160];
	int h = snprintf(head, sizeof head, "%ju %ju %jd %ld %jd %ld ",
	                 (uintmax_t)st->st_dev, (uintmax_t)st->st_ino,
	                 (intmax_t)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
	                 (intmax_t)st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
	lt_grow(&fo->dirs, &fo->dirscap, fo->ndirs + (size_t)h + n + 1, 1);
	memcpy(fo->dirs + fo->ndirs, head, (size_t)h);
	memcpy(fo->dirs + fo->ndirs + h, rel, n + 1);
	fo->ndirs += (size_t)h + n + 1;
	fo->nwalked++;
	/* its change time (never before its modification time, and never
	 * set back) must be past the clock's tick; a time before 1970 would
	 * not read back */
	struct timespec now;
	const struct timespec *c = &st->st_ctim;
	int64_t age = clock_gettime(CLOCK_REALTIME, &now) != 0 ? -1
	              : (int64_t)now.tv_sec - c->tv_sec > 1000
	                  ? INT64_MAX
	                  : ((int64_t)now.tv_sec - c->tv_sec) * 1000000000 +
	                        (now.tv_nsec - c->tv_nsec);
	if (age < (c->tv_nsec ? RACY_NS : RACY_SECONDS * 1000000000L) ||
	    st->st_mtim.tv_sec < 0 || c->tv_sec < 0)
		fo->keep = false;
}

bool fo_may_keep(const char *top)
{
#ifdef __linux__
	/* on a local filesystem only: a network one answers stat from a
	 * cache that may be a minute old */
	struct statfs sf;
	if (statfs(top, &sf) != 0)
		return false;
	switch ((unsigned long)sf.f_type) {
	case EXT4_SUPER_MAGIC:
	case XFS_SUPER_MAGIC:
	case BTRFS_SUPER_MAGIC:
	case TMPFS_MAGIC:
	case F2FS_SUPER_MAGIC:
	case OVERLAYFS_SUPER_MAGIC: return true;
	default: return false;
	}
#else
	(void)top;
	return false;
#endif
}

/* ---- where ------------------------------------------------------------- */

char *fo_kept_file(const char *dir, const char *top, char **real)
{
	*real = realpath(top, NULL);
	if (!*real)
		return NULL;
	size_t n = strlen(dir) + 40;
	char *s = lt_xmalloc(n);
	snprintf(s, n, "%s/folders/%016" PRIx64, dir,
	         lt_state_hash(*real, strlen(*real)));
	return s;
}

/* top, then rel (as walking the folder joins them) */
static size_t joined(char *to, const char *top, size_t toplen, const char *rel,
                     size_t rlen)
{
	memcpy(to, top, toplen);
	size_t k = toplen;
	if (*rel && k > 0 && to[k - 1] != '/')
		to[k++] = '/';
	memcpy(to + k, rel, rlen + 1);
	return k + rlen;
}

/* ---- reading it --------------------------------------------------------- */

static bool number(const char **p, const char *end, char stop, uintmax_t *v)
{
	const char *s = *p;
	if (s >= end || *s < '0' || *s > '9')
		return false;
	*v = 0;
	while (s < end && *s >= '0' && *s <= '9') {
		if (*v > (UINTMAX_MAX - 9) / 10)
			return false;
		*v = *v * 10 + (uintmax_t)(*s++ - '0');
	}
	if (s >= end || *s != stop)
		return false;
	*p = s + 1;
	return true;
}

/* Could walking a folder list rel[0..n)? Not empty, not absolute, no
 * hidden part (nor "." or ".."), no empty part. */
static bool walkable(const char *rel, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((i == 0 || rel[i - 1] == '/') &&
		    (rel[i] == '.' || rel[i] == '/'))
			return false;
	return rel[n - 1] != '/';
}

/* Is the folder at top/rel as it was? */
static bool unchanged(const char *top, size_t toplen, const char **p,
                      const char *end)
{
	uintmax_t v[6];
	for (int i = 0; i < 6; i++)
		if (!number(p, end, ' ', &v[i]))
			return false;
	const char *rel = *p, *z = memchr(rel, '\0', (size_t)(end - rel));
	if (!z || (z > rel && !walkable(rel, (size_t)(z - rel))))
		return false;
	*p = z + 1;
	size_t rlen = (size_t)(z - rel);
	char *path = lt_xmalloc(toplen + rlen + 2);
	joined(path, top, toplen, rel, rlen);
	struct stat st;
	bool same = stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
	            (uintmax_t)st.st_dev == v[0] &&
	            (uintmax_t)st.st_ino == v[1] &&
	            (uintmax_t)st.st_mtim.tv_sec == v[2] &&
	            (uintmax_t)st.st_mtim.tv_nsec == v[3] &&
	            (uintmax_t)st.st_ctim.tv_sec == v[4] &&
	            (uintmax_t)st.st_ctim.tv_nsec == v[5];
	free(path);
	return same;
}

/* The files of text[0..n), a listing of the folder top whose real path
 * is real, into fo's names and list, when it reads as one and the folders
 * it was read from are unchanged. */
static bool take(struct lt_folder *fo, const char *top, const char *real,
                 const char *text, size_t n)
{
	const char *p = text, *end = text + n;
	size_t ml = sizeof MAGIC - 1, rl = strlen(real);
	if (n < ml || memcmp(p, MAGIC, ml) != 0)
		return false;
	p += ml;
	if ((size_t)(end - p) <= rl || memcmp(p, real, rl) != 0 ||
	    p[rl] != '\n')
		return false;
	p += rl + 1;
	uintmax_t ndirs, nfiles;
	if (!number(&p, end, ' ', &ndirs) || !number(&p, end, '\n', &nfiles) ||
	    ndirs == 0 || nfiles == 0 || nfiles > (uintmax_t)(end - p))
		return false;
	size_t toplen = strlen(top);
	for (uintmax_t i = 0; i < ndirs; i++)
		if (!unchanged(top, toplen, &p, end))
			return false;
	/* the paths: each NUL one ends */
	size_t rest = (size_t)(end - p), k = 0;
	for (const char *s = p; s < end; k++) {
		const char *z = memchr(s, '\0', (size_t)(end - s));
		if (!z || !walkable(s, (size_t)(z - s)))
			return false;
		s = z + 1;
	}
	if (k != nfiles)
		return false;
	fo->namescap = rest + nfiles * (toplen + 1);
	fo->names = lt_xmalloc(fo->namescap);
	fo->entcap = nfiles;
	fo->ent = lt_xmalloc(nfiles * sizeof *fo->ent);
	for (const char *s = p; s < end;) {
		size_t rlen = strlen(s);
		char *to = fo->names + fo->nnames;
		size_t len = joined(to, top, toplen, s, rlen);
		fo->ent[fo->n++] =
		    (struct lent){fo->nnames, lt_front_name_date(to)};
		fo->nnames += len + 1;
		s += rlen + 1;
	}
	return true;
}

bool fo_list_kept(struct lt_folder *fo, const char *top, const char *file,
                  const char *real)
{
	bool ok = false;
	int fd =
	    file ? open(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
	         : -1;
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0 && st.st_size <= KEEP_MAX) {
		size_t n = (size_t)st.st_size;
		char *text = lt_xmalloc(n);
		ok = pread(fd, text, n, 0) == (ssize_t)n &&
		     take(fo, top, real, text, n);
		free(text);
		if (ok) { /* used: the last to go when listings are pruned */
			futimens(fd, NULL);
		} else { /* as if none was read; written anew if kept */
			unlink(file);
			free(fo->names);
			free(fo->ent);
			fo->names = NULL;
			fo->ent = NULL;
			fo->n = fo->nnames = fo->namescap = fo->entcap = 0;
		}
	}
	if (fd >= 0)
		close(fd);
	return ok;
}

/* ---- writing it --------------------------------------------------------- */

/* Keep at most KEPT_MAX listings in dir: the least recently used go (and
 * any left half written). */
struct kept {
	char name[40];
	time_t when;
};

static int newest_first(const void *a, const void *b)
{
	time_t x = ((const struct kept *)a)->when,
	       y = ((const struct kept *)b)->when;
	return x < y ? 1 : x > y ? -1 : 0;
}

static void prune(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct kept *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	struct stat st;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && strlen(e->d_name) < sizeof v->name &&
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) ==
		        0 &&
		    S_ISREG(st.st_mode)) {
			lt_grow(&v, &cap, n + 1, sizeof *v);
			strcpy(v[n].name, e->d_name);
			v[n++].when = st.st_mtime;
		}
	if (n > KEPT_MAX) {
		qsort(v, n, sizeof *v, newest_first);
		for (size_t i = KEPT_MAX; i < n; i++)
			unlinkat(dirfd(d), v[i].name, 0);
	}
	free(v);
	closedir(d);
}

void fo_list_keep(struct lt_folder *fo, const char *top, const char *file,
                  const char *real)
{
	if (!fo->keep || fo->n < KEEP_MIN || fo->nwalked == 0)
		return;
	size_t toplen = strlen(top);
	lt_buf b = {0};
	lt_buf_puts(&b, MAGIC);
	lt_buf_puts(&b, real);
	char line[64];
	int h = snprintf(line, sizeof line, "\n%zu %zu\n", fo->nwalked, fo->n);
	lt_buf_put(&b, line, (size_t)h, 0);
	lt_buf_put(&b, fo->dirs, fo->ndirs, 0);
	for (size_t i = 0; i < fo->n && b.len <= KEEP_MAX; i++) {
		const char *rel = fo_path(fo, i) + toplen;
		while (*rel == '/')
			rel++;
		lt_buf_put(&b, rel, strlen(rel) + 1, 0);
	}
	char *dir = lt_xstrndup(file, (size_t)(strrchr(file, '/') - file));
	size_t tl = strlen(file) + 8;
	char *tmp = lt_xmalloc(tl);
	snprintf(tmp, tl, "%s.XXXXXX", file);
	int fd =
	    b.len <= KEEP_MAX && lt_make_dirs(dir) == 0 ? mkstemp(tmp) : -1;
	if (fd >= 0) {
		bool ok = lt_write_all(fd, b.s, b.len);
		if (close(fd) != 0 || !ok || rename(tmp, file) != 0)
			unlink(tmp);
		else
			prune(dir);
	}
	free(tmp);
	free(dir);
	lt_buf_free(&b);
}
