/* The shapes of paragraphs: see shape.h. */
#include "shape.h"

#include <ctype.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "util.h"

/* How far into a bio to look for the author's name. */
#define BIO_NAME_SPAN 1000
/* Back-matter lines are short. */
#define FOOTER_MAX   80
#define FOOTER_WORDS 8

/* ---- the reader ------------------------------------------------------------
 */

void sh_init(sh_reader *rd, lt_doc *doc)
{
	memset(rd, 0, sizeof *rd);
	rd->doc = doc;
	for (int k = 0; k < SH_SLOTS; k++)
		rd->fold_i[k] = rd->range_i[k] = rd->memo_i[k] = LT_NONE;
}

void sh_free(sh_reader *rd)
{
	for (int k = 0; k < SH_SLOTS; k++)
		lt_buf_free(&rd->fold[k]);
}

lt_range sh_para(sh_reader *rd, size_t i)
{
	for (int k = 0; k < SH_SLOTS; k++)
		if (rd->range_i[k] == i)
			return rd->range[k];
	unsigned k = rd->range_next;
	rd->range_next = (k + 1) % SH_SLOTS;
	rd->range_i[k] = i;
	const lt_pfacts *f = lt_doc_facts(rd->doc, i);
	rd->range[k] = f ? (lt_range){lt_para_start(rd->doc, i), f->end}
	                 : lt_doc_para(rd->doc, i);
	return rd->range[k];
}

uint64_t sh_len(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	return r.end - r.start;
}

const char *sh_fold(sh_reader *rd, size_t i)
{
	const lt_pfacts *f = lt_doc_facts(rd->doc, i);
	if (f && f->fold != LT_NO_FOLD)
		return rd->doc->folds.s + f->fold; /* folded by the scan */
	for (int k = 0; k < SH_SLOTS; k++)
		if (rd->fold_i[k] == i)
			return rd->fold[k].s;
	unsigned k = rd->fold_next;
	rd->fold_next = (k + 1) % SH_SLOTS;
	rd->fold_i[k] = i;
	lt_range r = sh_para(rd, i);
	lt_buf_clear(&rd->fold[k]);
	lt_fold(sh_raw(rd, r), (size_t)(r.end - r.start), &rd->fold[k]);
	if (!rd->fold[k].s)
		lt_buf_put(&rd->fold[k], "", 0, 0);
	return rd->fold[k].s;
}

size_t sh_lines(sh_reader *rd, size_t i, size_t max)
{
	const lt_pfacts *f = lt_doc_facts(rd->doc, i);
	if (f && f->lines < 255)
		return f->lines <= max + 1 ? f->lines : max + 1;
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r), *end = p + (r.end - r.start);
	size_t lines = 1;
	if (memchr(p, '\r', (size_t)(end - p))) {
		/* CR or CRLF line ends: count them all */
		for (; p < end && lines <= max; p++)
			lines += *p == '\n' ||
			         (*p == '\r' && (p + 1 == end || p[1] != '\n'));
		return lines;
	}
	while (lines <= max) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			break;
		p++;
		lines++;
	}
	return lines;
}

bool sh_single_line(sh_reader *rd, size_t i)
{
	const lt_pfacts *f = lt_doc_facts(rd->doc, i);
	if (f)
		return f->lines == 1;
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r);
	size_t n = (size_t)(r.end - r.start);
	return !memchr(p, '\n', n) && !memchr(p, '\r', n);
}

unsigned sh_gap(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	/* data[k] is byte from + k of the text */
	uint64_t from = r.start > 96 ? r.start - 96 : 0;
	const char *data = lt_doc_text(rd->doc, from, r.start + 1);
	uint64_t k = r.start - from;
	unsigned ends = 0;
	for (unsigned seen = 0; from + k > 0 && seen < 96; seen++) {
		char c = data[k - 1];
		if (c == '\n' || (c == '\r' && data[k] != '\n'))
			ends++;
		else if (c != ' ' && c != '\t' && c != '\r' && c != '\f' &&
		         c != '\v')
			break;
		k--;
	}
	/* the line end of the text before is no blank line */
	if (from + k > 0 && ends > 0)
		ends--;
	return ends > 15 ? 15 : ends;
}

bool sh_indented(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r), *end = p + (r.end - r.start);
	while (p < end) {
		if (end - p < 2 || p[0] != ' ' || p[1] != ' ')
			return false;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	return true;
}

/* ---- small text helpers -------------------------------------------------- */

static size_t words_n(const char *s, size_t n)
{
	size_t words = n ? 1 : 0;
	for (size_t k = 0; k < n; k++) /* a loop the compiler vectorizes */
		words += s[k] == ' ';
	return words;
}

size_t sh_words(const char *s) { return words_n(s, strlen(s)); }

static ucs4_t first_uc_n(const char *p, size_t n)
{
	ucs4_t uc = 0;
	if (n > 0)
		u8_mbtouc(&uc, (const uint8_t *)p, n);
	return uc;
}

ucs4_t sh_first_uc(const char *s) { return first_uc_n(s, strlen(s)); }

ucs4_t sh_last_uc(const char *s, size_t n)
{
	ucs4_t uc = 0;
	const uint8_t *p =
	    u8_prev(&uc, (const uint8_t *)s + n, (const uint8_t *)s);
	return p ? uc : 0;
}

bool sh_is_open_quote(ucs4_t uc)
{
	return uc == '"' || uc == '\'' || uc == 0x201C || uc == 0x2018 ||
	       uc == 0x00AB || uc == 0x201E;
}

bool sh_is_close_quote(ucs4_t uc)
{
	return uc == '"' || uc == '\'' || uc == 0x201D || uc == 0x2019 ||
	       uc == 0x00BB;
}

/* Upper or title case: a letter with a lower-case mapping. */
bool sh_is_cap(ucs4_t uc) { return uc_tolower(uc) != uc; }

bool sh_prefix_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

bool sh_in_list(const char *w, size_t n, const char *const *list)
{
	if (n == 0 || n > 12) /* no listed word is longer */
		return false;
	int c = tolower((unsigned char)w[0]);
	for (; *list; list++) {
		if (**list != c)
			continue;
		/* strlen(*list) == n && strncasecmp(w, *list, n) == 0 */
		const char *x = *list;
		size_t k = 1;
		while (k < n && x[k] &&
		       tolower((unsigned char)w[k]) ==
		           tolower((unsigned char)x[k]))
			k++;
		if (k == n && !x[n])
			return true;
	}
	return false;
}

bool sh_caps_only(const char *s)
{
	size_t letters = 0;
	const uint8_t *end = (const uint8_t *)s + strlen(s);
	for (const uint8_t *p = (const uint8_t *)s; p < end;) {
		ucs4_t uc;
		p += u8_mbtouc(&uc, p, (size_t)(end - p));
		if (uc_is_alpha(uc)) {
			if (uc_toupper(uc) != uc)
				return false;
			letters++;
		}
	}
	return letters > 0;
}

/* Words that stay lower case in a title-case heading. */
const char *const sh_small_words[] = {
    "a",   "an",    "the", "and",  "but",  "or",   "nor",  "for",  "so",
    "yet", "as",    "at",  "by",   "in",   "of",   "off",  "on",   "per",
    "to",  "up",    "via", "with", "from", "into", "onto", "over", "than",
    "vs",  "vs.",   "v.",  "de",   "la",   "le",   "du",   "des",  "von",
    "van", "der",   "den", "da",   "di",   "del",  "et",   "und",  "is",
    "its", "their", "his", "her",  "upon", NULL,
};

bool sh_title_case(const char *s)
{
	size_t upper = 0, index = 0;
	for (const char *w = s; *w; index++) {
		const char *e = w;
		while (*e && *e != ' ') /* words are short: no call */
			e++;
		size_t n = (size_t)(e - w);
		/* skip opening quotes and brackets */
		const uint8_t *p = (const uint8_t *)w, *end = p + n;
		ucs4_t uc = 0;
		while (p < end) {
			if (*p < 0x80) { /* ASCII: without a table's lookup */
				uc = *p;
				if ((uc | 0x20) - 'a' < 26 || uc - '0' < 10)
					break;
				p++;
				continue;
			}
			int len = u8_mbtouc(&uc, p, (size_t)(end - p));
			if (uc_is_alpha(uc) || uc_is_digit(uc))
				break;
			p += len;
		}
		if (p < end &&
		    (uc < 0x80 ? (uc | 0x20) - 'a' < 26 : uc_is_alpha(uc))) {
			if (uc < 0x80 ? uc - 'A' < 26 : sh_is_cap(uc))
				upper++;
			else if (index == 0 ||
			         !sh_in_list((const char *)p, (size_t)(end - p),
			                     sh_small_words))
				return false;
		}
		w += n;
		while (*w == ' ')
			w++;
	}
	return upper > 0;
}

bool sh_title_shaped(const char *s)
{
	size_t n = strlen(s), words = sh_words(s);
	if (n == 0 || words > 20)
		return false;
	ucs4_t last = sh_last_uc(s, n);
	if (last == ',' || last == ':' || last == ';')
		return false;
	return sh_title_case(s);
}

/* How rare a byte of a needle is in English text, as an anchor to look
 * for: letters by their frequency (1: the commonest), a space least (0),
 * anything else most. */
static const uint8_t letter_rank[256] = {
    ['e'] = 1,  ['E'] = 1,  ['t'] = 2,  ['T'] = 2,  ['a'] = 3,  ['A'] = 3,
    ['o'] = 4,  ['O'] = 4,  ['i'] = 5,  ['I'] = 5,  ['n'] = 6,  ['N'] = 6,
    ['s'] = 7,  ['S'] = 7,  ['h'] = 8,  ['H'] = 8,  ['r'] = 9,  ['R'] = 9,
    ['d'] = 10, ['D'] = 10, ['l'] = 11, ['L'] = 11, ['c'] = 12, ['C'] = 12,
    ['u'] = 13, ['U'] = 13, ['m'] = 14, ['M'] = 14, ['w'] = 15, ['W'] = 15,
    ['f'] = 16, ['F'] = 16, ['g'] = 17, ['G'] = 17, ['y'] = 18, ['Y'] = 18,
    ['p'] = 19, ['P'] = 19, ['b'] = 20, ['B'] = 20, ['v'] = 21, ['V'] = 21,
    ['k'] = 22, ['K'] = 22, ['j'] = 23, ['J'] = 23, ['x'] = 24, ['X'] = 24,
    ['q'] = 25, ['Q'] = 25, ['z'] = 26, ['Z'] = 26,
};

static int anchor_rank(unsigned char c)
{
	return c == ' ' ? -1 : letter_rank[c] ? letter_rank[c] : 27;
}

bool sh_find_ci(const char *p, size_t n, const char *needle, size_t nn,
                bool word)
{
	if (nn == 0 || nn > n)
		return false;
	/* its rarest byte, in either case, found by memchr: bios are long,
	 * and every essay's is searched for its author's name */
	size_t a = 0;
	for (size_t k = 1; k < nn; k++)
		if (anchor_rank((unsigned char)needle[k]) >
		    anchor_rank((unsigned char)needle[a]))
			a = k;
	unsigned char c = (unsigned char)needle[a];
	int lo = tolower(c), up = toupper(c);
	const char *from = p + a, *end = p + n - nn + 1 + a; /* anchors */
	const char *next_lo = memchr(from, lo, (size_t)(end - from));
	const char *next_up =
	    up != lo ? memchr(from, up, (size_t)(end - from)) : NULL;
	while (next_lo || next_up) {
		const char *at = !next_up || (next_lo && next_lo < next_up)
		                     ? next_lo
		                     : next_up;
		size_t i = (size_t)(at - p) - a;
		if (at == next_lo)
			next_lo = memchr(at + 1, lo, (size_t)(end - at - 1));
		else
			next_up = memchr(at + 1, up, (size_t)(end - at - 1));
		if (strncasecmp(p + i, needle, nn) != 0)
			continue;
		if (!word)
			return true;
		bool left = i == 0 || !isalnum((unsigned char)p[i - 1]);
		bool right = i + nn == n || !isalnum((unsigned char)p[i + nn]);
		if (left && right)
			return true;
	}
	return false;
}

/* ---- names and bylines ---------------------------------------------------
 */

/* Words that may stand in lower case inside a name. */
static const char *const name_particles[] = {
    "de",  "del", "della", "der", "den", "di", "da", "du", "dos", "das", "van",
    "von", "la",  "le",    "bin", "ibn", "al", "el", "y",  "and", "&",   NULL,
};

bool sh_looks_like_name(const char *s)
{
	size_t words = 0;
	for (const char *w = s; *w;) {
		const char *e = strchr(w, ' ');
		size_t n = e ? (size_t)(e - w) : strlen(w);
		ucs4_t uc = sh_first_uc(w);
		if (!sh_is_cap(uc) && !sh_in_list(w, n, name_particles))
			return false;
		for (size_t k = 0; k < n; k++)
			if (isdigit((unsigned char)w[k]))
				return false;
		words++;
		w += n;
		while (*w == ' ')
			w++;
	}
	return words >= 1 && words <= 8 && sh_is_cap(sh_first_uc(s));
}

/* Words of a sentence that no name holds. */
static const char *const not_in_names[] = {
    "a",        "an",        "the",          "and",     "or",    "in",
    "on",       "at",        "to",           "for",     "with",  "from",
    "by",       "into",      "upon",         "over",    "under", "is",
    "are",      "was",       "his",          "her",     "their", "its",
    "edited",   "volume",    "vol.",         "chapter", "part",  "book",
    "contents", "preface",   "introduction", "notes",   "index", "appendix",
    "end",      "anonymous", "various",      "unknown", NULL,
};

/* Titles after which "of" belongs to a name (EARL OF CHATHAM). */
static const char *const name_titles[] = {
    "earl",       "duke",  "duchess", "lord",     "lady",     "count",
    "countess",   "baron", "marquis", "marquess", "viscount", "bishop",
    "archbishop", "king",  "queen",   "prince",   "princess", "emperor",
    "sir",        "dame",  "saint",   NULL,
};

/* Degrees and the like after a name. */
static const char *const name_degrees[] = {
    "ll.d.", "ll.d", "ph.d.", "ph.d", "m.p.", "m.p",    "m.d.",
    "m.d",   "d.d.", "d.d",   "esq.", "esq",  "jr.",    "jr",
    "sr.",   "sr",   "a.m.",  "m.a.", "b.a.", "f.r.s.", NULL,
};

size_t sh_name_line(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 120)
		return 0;
	/* the name ends before a date ("JOHN RUDD, LL.D. A.D. 1438-1516") */
	const char *ad = strstr(s, "A.D.");
	if (!ad)
		ad = strstr(s, "B.C.");
	if (ad && ad > s)
		n = (size_t)(ad - s);
	size_t words = 0, end = 0;
	bool after_title = false;
	for (size_t i = 0; i < n;) {
		while (i < n && (s[i] == ' ' || s[i] == ','))
			i++;
		if (i >= n)
			break;
		size_t j = i;
		while (j < n && s[j] != ' ')
			j++;
		size_t core = j - i;
		while (core > 0 && (s[i + core - 1] == ',' ||
		                    (s[i + core - 1] == '.' && core > 2 &&
		                     !sh_in_list(s + i, core, name_degrees))))
			core--;
		/* a footnote mark: CASPAR CORREA[1] */
		if (core > 2 && s[i + core - 1] == ']') {
			const char *open = memchr(s + i, '[', core);
			if (open && open > s + i)
				core = (size_t)(open - (s + i));
		}
		const char *w = s + i;
		if (sh_in_list(w, core, name_degrees) && words >= 2) {
			i = j;
			continue;
		}
		if (core == 2 && strncasecmp(w, "of", 2) == 0) {
			if (!after_title)
				return 0;
		} else if (sh_in_list(w, core, not_in_names)) {
			return 0;
		} else {
			ucs4_t uc = first_uc_n(w, core);
			if (!sh_is_cap(uc) &&
			    !sh_in_list(w, core, name_particles))
				return 0;
			for (size_t k = 0; k < core; k++)
				if (isdigit((unsigned char)w[k]))
					return 0;
		}
		after_title = sh_in_list(w, core, name_titles);
		words++;
		end = i + core;
		i = j;
	}
	if (words < 2 || words > 7)
		return 0;
	return end;
}

/* The length of s[0..n) without Markdown emphasis around it ("*By X*",
 * "__By X__"): *skip is set to the markers before. */
static size_t unemphasize(const char *s, size_t n, size_t *skip)
{
	size_t k = 0;
	while (k < 2 && k < n && (s[k] == '*' || s[k] == '_'))
		k++;
	size_t m = 0;
	while (m < k && n - m > k && s[n - 1 - m] == s[0])
		m++;
	if (m < k) /* not closed: no emphasis */
		k = m = 0;
	*skip = k;
	return n - k - m;
}

/* Where the name ends in "NAME, Author of ..." or "NAME (1850-1900)". */
static size_t name_tail(const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (s[k] == ',' || s[k] == ';' || s[k] == '(' ||
		    (s[k] == ' ' && k + 1 < n && s[k + 1] == '(') ||
		    (k + 4 <= n && memcmp(s + k, " \xE2\x80\x94", 4) == 0))
			return k;
	return n;
}

/* Where the name ends in "NAME on DATE". */
static size_t date_tail(const char *s, size_t n)
{
	for (size_t k = 0; k + 4 < n; k++) {
		if (memcmp(s + k, " on ", 4) != 0)
			continue;
		char date[128];
		size_t m = n - k - 4;
		if (m >= sizeof date)
			return n;
		memcpy(date, s + k + 4, m);
		date[m] = '\0';
		return sh_date_text(date) ? k : n;
	}
	return n;
}

char *sh_byline_text(const char *f, size_t len, bool lower)
{
	size_t skip;
	len = unemphasize(f, len, &skip);
	f += skip;
	const char *name;
	if (len > 11 && sh_prefix_ci(f, "written by "))
		name = f + strlen("written by ");
	else if (len > 10 && sh_prefix_ci(f, "posted by "))
		name = f + strlen("posted by ");
	else if (len > 3 &&
	         (strncmp(f, "By ", 3) == 0 || strncmp(f, "BY ", 3) == 0 ||
	          (lower && strncmp(f, "by ", 3) == 0)))
		name = f + 3;
	else
		return NULL;
	while (*name == ' ')
		name++;
	size_t n = len - (size_t)(name - f);
	/* a link: "[NAME](url)" */
	if (n > 2 && name[0] == '[') {
		const char *close = memchr(name, ']', n);
		if (!close || close + 1 >= name + n || close[1] != '(')
			return NULL;
		n = (size_t)(close - name - 1);
		name++;
	} else {
		n = date_tail(name, n);
		n = name_tail(name, n);
	}
	while (n > 0 && name[n - 1] == ' ')
		n--;
	if (n > 0 && name[n - 1] == '.')
		n--;
	char *author = lt_xstrndup(name, n);
	if (n == 0 || n > 120 || !sh_looks_like_name(author)) {
		free(author);
		return NULL;
	}
	return author;
}

/* Could the text p[0..n) fold to what sh_byline_text takes: "Written
 * by", "Posted by", "By", perhaps emphasized? Asked before folding it: most
 * text does not start so. */
static bool byline_start(const char *p, size_t n, bool lower)
{
	size_t k = 0;
	while (k < 2 && k < n && (p[k] == '*' || p[k] == '_'))
		k++;
	p += k;
	n -= k;
	size_t w;
	if (n >= 7 && (p[0] | 0x20) == 'w' && strncasecmp(p, "written", 7) == 0)
		w = 7;
	else if (n >= 6 && (p[0] | 0x20) == 'p' &&
	         strncasecmp(p, "posted", 6) == 0)
		w = 6;
	else if (n >= 2 && (p[0] == 'B' || (lower && p[0] == 'b')) &&
	         (p[1] == 'y' || p[1] == 'Y'))
		w = 2;
	else
		return false;
	return n > w && !isalnum((unsigned char)p[w]);
}

char *sh_byline(sh_reader *rd, size_t i, bool lower)
{
	lt_range r = sh_para(rd, i);
	if (r.end - r.start > SH_TITLE_MAX)
		return NULL;
	/* "by NAME" alone on its line is a byline too */
	if (!byline_start(sh_raw(rd, r), (size_t)(r.end - r.start), true))
		return NULL;
	lower = lower || sh_single_line(rd, i);
	const char *f = sh_fold(rd, i);
	return sh_byline_text(f, strlen(f), lower);
}

/* Words that end an essay but are no signature. */
static const char *const not_signatures[] = {
    "the end", "end", "finis", "fin", "contents", NULL,
};

char *sh_caps_name(sh_reader *rd, size_t i, size_t max)
{
	if (sh_len(rd, i) > max || !sh_single_line(rd, i))
		return NULL;
	const char *f = sh_fold(rd, i);
	size_t n = strlen(f);
	if (n > 0 && f[n - 1] == '.')
		n--;
	if (n == 0)
		return NULL;
	for (const char *const *w = not_signatures; *w; w++)
		if (strlen(*w) == n && strncasecmp(f, *w, n) == 0)
			return NULL;
	char *name = lt_xstrndup(f, n);
	if (!sh_caps_only(name) || sh_words(name) > 4 ||
	    !sh_looks_like_name(name)) {
		free(name);
		return NULL;
	}
	return name;
}

char *sh_signoff(sh_reader *rd, size_t i)
{
	if (sh_len(rd, i) > 80 || !sh_single_line(rd, i))
		return NULL;
	const char *f = sh_fold(rd, i);
	const char *at = strstr(f, " @ ");
	if (!at || at == f)
		return NULL;
	char *name = lt_xstrndup(f, (size_t)(at - f));
	if (sh_words(name) > 4 || !sh_looks_like_name(name)) {
		free(name);
		return NULL;
	}
	return name;
}

char *sh_dash_name(sh_reader *rd, size_t i)
{
	if (sh_len(rd, i) > 80 || !sh_single_line(rd, i))
		return NULL;
	const char *f = sh_fold(rd, i);
	size_t skip = strncmp(f, "\xE2\x80\x94", 3) == 0   ? 3 /* em dash */
	              : strncmp(f, "\xE2\x80\x93", 3) == 0 ? 3 /* en dash */
	              : strncmp(f, "--", 2) == 0           ? 2
	                                                   : 0;
	if (!skip)
		return NULL;
	while (f[skip] == ' ')
		skip++;
	size_t n = strlen(f + skip);
	if (n > 0 && f[skip + n - 1] == '.')
		n--;
	char *name = lt_xstrndup(f + skip, n);
	if (n == 0 || sh_words(name) > 4 || !sh_looks_like_name(name)) {
		free(name);
		return NULL;
	}
	return name;
}

char *sh_author_value(const char *v, size_t n)
{
	lt_buf b = {0};
	/* drop "<address>" parts */
	for (size_t k = 0; k < n; k++) {
		if (v[k] == '<') {
			const char *close = memchr(v + k, '>', n - k);
			if (close) {
				k = (size_t)(close - v);
				continue;
			}
		}
		lt_buf_put(&b, v + k, 1, 0);
	}
	char *author = b.len ? lt_text_fold(b.s, b.len) : NULL;
	lt_buf_free(&b);
	if (!author)
		return NULL;
	/* a comma left before the next name's address is dropped twice */
	size_t len = strlen(author);
	while (len > 0 && (author[len - 1] == ',' || author[len - 1] == ' '))
		author[--len] = '\0';
	char *o = author;
	for (char *s = author; *s; s++)
		if (!(*s == ' ' && s[1] == ','))
			*o++ = *s;
	*o = '\0';
	if (!*author || strlen(author) > 160 || !sh_looks_like_name(author)) {
		free(author);
		return NULL;
	}
	return author;
}

/* ---- headings ---------------------------------------------------------------
 */

/* Marks of a site's footer, in lower case, with their lengths. */
#define FOOTER_MARK(s)                                                         \
	{                                                                      \
		s, sizeof s - 1                                                \
	}
static const struct {
	const char *s;
	size_t n;
} footer_marks[] = {
    FOOTER_MARK("blog at"),
    FOOTER_MARK("powered by"),
    FOOTER_MARK("proudly powered"),
    FOOTER_MARK("up \xE2\x86\x91"),
    FOOTER_MARK("bloggers like this"),
    FOOTER_MARK("like this:"),
    FOOTER_MARK("share this"),
    FOOTER_MARK("copyright"),
    FOOTER_MARK("\xC2\xA9"),
    FOOTER_MARK("all rights reserved"),
    FOOTER_MARK("back to top"),
    FOOTER_MARK("create a free website"),
};
#undef FOOTER_MARK
#define FOOTER_MARKS (sizeof footer_marks / sizeof *footer_marks)

/* The marks that start with each byte, a bit each. */
static uint16_t footer_first[256];
static pthread_once_t footer_once = PTHREAD_ONCE_INIT;

static void footer_index(void)
{
	for (unsigned m = 0; m < FOOTER_MARKS; m++)
		footer_first[(unsigned char)footer_marks[m].s[0]] |=
		    (uint16_t)(1u << m);
}

static bool footer_text(const char *f, size_t n)
{
	char low[512]; /* a heading's length, in ASCII lower case */
	if (n >= sizeof low) {
		for (size_t m = 0; m < FOOTER_MARKS; m++)
			if (sh_find_ci(f, n, footer_marks[m].s,
			               footer_marks[m].n, false))
				return true;
		return false;
	}
	for (size_t k = 0; k < n; k++)
		low[k] = f[k] >= 'A' && f[k] <= 'Z' ? f[k] - 'A' + 'a' : f[k];
	/* one pass: at each byte, the marks that start with it */
	pthread_once(&footer_once, footer_index);
	for (size_t k = 0; k < n; k++)
		for (unsigned ms = footer_first[(unsigned char)low[k]]; ms;
		     ms &= ms - 1) {
			unsigned m = (unsigned)__builtin_ctz(ms);
			if (footer_marks[m].n <= n - k &&
			    footer_marks[m].s[1] == low[k + 1] &&
			    memcmp(low + k, footer_marks[m].s,
			           footer_marks[m].n) == 0)
				return true;
		}
	return false;
}

bool sh_footer_like(sh_reader *rd, size_t i)
{
	const char *f = sh_fold(rd, i);
	return footer_text(f, strlen(f));
}

bool sh_short_line(sh_reader *rd, size_t i)
{
	if (sh_len(rd, i) > FOOTER_MAX || !sh_single_line(rd, i))
		return false;
	return sh_words(sh_fold(rd, i)) <= FOOTER_WORDS;
}

/* Does paragraph i quote someone (a double quotation mark in it)? */
static bool quotes_in(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r);
	size_t n = (size_t)(r.end - r.start);
	if (n > 4096)
		n = 4096;
	return memchr(p, '"', n) ||
	       sh_find_ci(p, n, "\xE2\x80\x9C", 3, false) ||
	       sh_find_ci(p, n, "\xE2\x80\x9D", 3, false);
}

/* Does the quoted line f[0..n) read as speech: a pause or a sentence
 * end inside it ("Yes, Captain.", "Hold! Look up!"), or an exclamation
 * or a full stop at its end unless in title case? A quoted title has
 * none, or ends in a question. */
static bool spoken(const char *f, size_t n)
{
	/* the text inside: without the closing quote and a mark before
	 * or after it */
	size_t e = n;
	while (e > 0 && ((unsigned char)f[e - 1] >= 0x80 || f[e - 1] == '"' ||
	                 f[e - 1] == '\'' || f[e - 1] == '.' ||
	                 f[e - 1] == '?' || f[e - 1] == '!'))
		e--;
	for (size_t k = 1; k < e; k++)
		if (f[k] == ',' || f[k] == ';' || f[k] == '!' || f[k] == '?' ||
		    (f[k] == '.' && f[k + 1] == ' '))
			return true;
	bool end_mark = false;
	for (size_t k = n > 4 ? n - 4 : 0; k < n; k++)
		end_mark |= f[k] == '.' || f[k] == '!';
	/* "Yes.", "Never!": a reply; a long question out of title case */
	if (!sh_title_case(f) && sh_words(f) > 6)
		return true;
	return end_mark && (!sh_title_case(f) || sh_words(f) <= 2);
}

/* Is the quoted line i, f[0..n), a line of dialogue: more than one
 * quotation in it ("Hardly!" I cried. "I spit them out."), or
 * quotations in the paragraphs around it? */
static bool dialogue(sh_reader *rd, size_t i, const char *f, size_t n)
{
	size_t quotes = 0;
	for (const uint8_t *p = (const uint8_t *)f, *end = p + n; p < end;) {
		ucs4_t uc;
		p += u8_mbtouc(&uc, p, (size_t)(end - p));
		quotes += uc == '"' || uc == 0x201C || uc == 0x201D;
	}
	if (quotes > 2)
		return true;
	return (i > 0 && quotes_in(rd, i - 1)) ||
	       (i + 1 < rd->doc->npara && quotes_in(rd, i + 1));
}

sh_head sh_heading_text(const char *f, size_t n)
{
	size_t words = words_n(f, n);
	if (words == 0 || words > SH_HEADING_WORDS)
		return SH_HEAD_NO;
	ucs4_t first = sh_first_uc(f), last = sh_last_uc(f, n);
	if (first == '*' || first == '-' || first == '+' || first == 0x2022 ||
	    first == 0x2013 || first == 0x2014 || first == 0x00B7 ||
	    first == '>' || first == '#')
		return SH_HEAD_NO;
	if (!(uc_is_alpha(last) || uc_is_digit(last) || last == '.' ||
	      last == '?' || last == '!' || last == ')' ||
	      sh_is_close_quote(last)))
		return SH_HEAD_NO;
	/* "5: _Report ..._", "_6: _Ibid.", a note's number */
	{
		size_t d = f[0] == '_' || f[0] == '*';
		size_t from = d;
		while (d < n && f[d] >= '0' && f[d] <= '9')
			d++;
		if (d > from && d < n && f[d] == ':')
			return SH_HEAD_NO;
	}
	if (sh_is_open_quote(first)) {
		/* a quoted heading: “No Exclusive Interests Involved” */
		ucs4_t uc;
		const uint8_t *lastp =
		    u8_prev(&uc, (const uint8_t *)f + n, (const uint8_t *)f);
		ucs4_t before =
		    lastp ? sh_last_uc(f, (size_t)(lastp - (const uint8_t *)f))
		          : 0;
		if (sh_is_close_quote(last) ||
		    ((last == '.' || last == '?' || last == '!') &&
		     sh_is_close_quote(before)))
			return SH_HEAD_QUOTED;
		/* a quotation that does not close here runs on: no heading */
		if (first == '"' || first == 0x201C)
			return SH_HEAD_NO;
	}
	/* a site footer ("Blog at") between two essays is never a heading
	 * (asked last: it is the slowest question) */
	return sh_title_case(f) && !footer_text(f, n) ? SH_HEAD_YES
	                                              : SH_HEAD_NO;
}

bool sh_heading_like(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	if (r.end - r.start > SH_HEADING_MAX || !sh_single_line(rd, i))
		return false;
	const char *f = sh_fold(rd, i);
	size_t n = strlen(f);
	sh_head h = sh_heading_text(f, n);
	if (h != SH_HEAD_QUOTED)
		return h == SH_HEAD_YES;
	/* a quoted line in title case, or not a line of dialogue */
	return !spoken(f, n) && (sh_title_case(f) || !dialogue(rd, i, f, n)) &&
	       !footer_text(f, n);
}

bool sh_salutation(sh_reader *rd, size_t i)
{
	if (sh_len(rd, i) > 80 || !sh_single_line(rd, i))
		return false;
	const char *f = sh_fold(rd, i);
	size_t n = strlen(f);
	while (n > 0 && (f[n - 1] == '-' || f[n - 1] == ' '))
		n--;
	if (n >= 3 && memcmp(f + n - 3, "\xE2\x80\x94", 3) == 0)
		n -= 3;
	return n > 1 && (f[n - 1] == ',' || f[n - 1] == ':') &&
	       sh_words(f) <= 8 && sh_is_cap(sh_first_uc(f));
}

bool sh_salutation_start(sh_reader *rd, size_t i)
{
	if (sh_salutation(rd, i))
		return true;
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r);
	size_t n = (size_t)(r.end - r.start);
	if (n > 12)
		n = 12;
	/* "SIR, As you profess ...": the salutation runs into the text */
	static const char *const opens[] = {"sir,", "madam,", "dear ", NULL};
	for (const char *const *o = opens; *o; o++)
		if (n >= strlen(*o) && strncasecmp(p, *o, strlen(*o)) == 0)
			return true;
	return false;
}

bool sh_closing(sh_reader *rd, size_t i)
{
	if (sh_len(rd, i) > 60 || !sh_single_line(rd, i))
		return false;
	const char *f = sh_fold(rd, i);
	size_t n = strlen(f);
	if (n == 0 || sh_words(f) > 6)
		return false;
	return f[n - 1] == ',' || strstr(f, "&c") || sh_prefix_ci(f, "i am") ||
	       sh_prefix_ci(f, "yours");
}

bool sh_footnote(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r);
	size_t n = (size_t)(r.end - r.start), k = 0;
	if (n > 800)
		return false;
	if (p[0] == '[')
		return true;
	if (p[0] == '(')
		k++;
	size_t d = k;
	while (k < n && k - d < 3 && isdigit((unsigned char)p[k]))
		k++;
	return k > d && k + 1 < n && (p[k] == '.' || p[k] == ')') &&
	       p[k + 1] == ' ';
}

bool sh_rule(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	if (r.end - r.start > 200 || !sh_single_line(rd, i))
		return false;
	const char *p = sh_raw(rd, r), *end = p + (r.end - r.start);
	char c = 0;
	size_t marks = 0;
	for (; p < end; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r')
			continue;
		if (!strchr("*~-=_#+.", *p) || (c && *p != c))
			return false;
		c = *p;
		marks++;
	}
	return marks >= 3;
}

/* A letter of a Roman numeral, in either case. */
static bool roman_letter(unsigned char c)
{
	switch (c | 0x20) {
	case 'i':
	case 'v':
	case 'x':
	case 'l':
	case 'c':
	case 'd':
	case 'm': return true;
	default: return false;
	}
}

/* Byte classes for number_early. */
enum { NE_SEP = 1, NE_DIGIT = 2, NE_LETTER = 4, NE_ROMAN = 8 };
#define NE_L(c) [c] = NE_LETTER, [c - 32] = NE_LETTER
#define NE_R(c) [c] = NE_LETTER | NE_ROMAN, [c - 32] = NE_LETTER | NE_ROMAN
static const uint8_t ne_class[256] = {
    [' '] = NE_SEP,   ['\t'] = NE_SEP,  ['\n'] = NE_SEP,  ['\r'] = NE_SEP,
    ['0'] = NE_DIGIT, ['1'] = NE_DIGIT, ['2'] = NE_DIGIT, ['3'] = NE_DIGIT,
    ['4'] = NE_DIGIT, ['5'] = NE_DIGIT, ['6'] = NE_DIGIT, ['7'] = NE_DIGIT,
    ['8'] = NE_DIGIT, ['9'] = NE_DIGIT, NE_L('a'),        NE_L('b'),
    NE_R('c'),        NE_R('d'),        NE_L('e'),        NE_L('f'),
    NE_L('g'),        NE_L('h'),        NE_R('i'),        NE_L('j'),
    NE_L('k'),        NE_R('l'),        NE_R('m'),        NE_L('n'),
    NE_L('o'),        NE_L('p'),        NE_L('q'),        NE_L('r'),
    NE_L('s'),        NE_L('t'),        NE_L('u'),        NE_R('v'),
    NE_L('w'),        NE_R('x'),        NE_L('y'),        NE_L('z'),
};
#undef NE_L
#undef NE_R

/* Does a number stand among the first four words of p[0..n): a digit, or
 * a word of Roman numeral letters? Words end at ASCII spaces and line
 * ends, so that the text has as many words as its folding, or fewer
 * (sh_numbering asks it first). */
static bool number_early(const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *)text;
	unsigned words = 0;
	for (size_t k = 0; k < n;) {
		uint8_t c = ne_class[p[k]];
		if (c & NE_SEP) {
			bool lead = k == 0;
			while (k < n && (ne_class[p[k]] & NE_SEP))
				k++;
			if (!lead && ++words == 4)
				return false;
			continue;
		}
		if (c & NE_DIGIT)
			return true;
		if (!(c & NE_LETTER)) {
			k++;
			continue;
		}
		uint8_t all = NE_ROMAN;
		for (; k < n && ((c = ne_class[p[k]]) & NE_LETTER); k++)
			all &= c;
		if (all && (k == n || p[k] < 0x80))
			return true;
	}
	return false;
}

bool sh_number_text(const char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\r'))
		n--;
	if (n == 0 || n > 8 || p[0] == ' ' || p[0] == '\t')
		return false;
	if (p[n - 1] == '.')
		n--;
	if (n == 0)
		return false;
	bool digits = true, roman = true;
	for (size_t k = 0; k < n; k++) {
		digits &= isdigit((unsigned char)p[k]) != 0;
		roman &= isupper((unsigned char)p[k]) &&
		         roman_letter((unsigned char)p[k]);
	}
	return (digits && n <= 3) || roman;
}

bool sh_bare_number(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	return sh_number_text(sh_raw(rd, r), (size_t)(r.end - r.start));
}

bool sh_bullet(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r);
	size_t n = (size_t)(r.end - r.start);
	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	if (n >= 2 && (p[0] == '-' || p[0] == '*' || p[0] == '+') &&
	    (p[1] == ' ' || p[1] == '\t'))
		return true;
	return n >= 4 && memcmp(p, "\xE2\x80\xA2", 3) == 0;
}

bool sh_has_ascii_lower(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r);
	for (size_t k = 0; k < r.end - r.start; k++)
		if (p[k] >= 'a' && p[k] <= 'z')
			return true;
	return false;
}

bool sh_title_over_subtitle(sh_reader *rd, size_t t, size_t s)
{
	if (sh_len(rd, s) > SH_TITLE_MAX || sh_len(rd, t) > SH_TITLE_MAX ||
	    sh_lines(rd, t, 3) > 3 || sh_has_ascii_lower(rd, t))
		return false;
	const char *sub = sh_fold(rd, s);
	size_t n = strlen(sub);
	bool note = n > 2 && sub[0] == '[' && sub[n - 1] == ']';
	if (!note && (!sh_single_line(rd, s) || sh_footer_like(rd, s) ||
	              sh_caps_only(sub)))
		return false;
	const char *title = sh_fold(rd, t);
	return sh_caps_only(title) && sh_words(title) <= 2 * SH_HEADING_WORDS &&
	       !sh_footer_like(rd, t);
}

/* ---- bios ------------------------------------------------------------------
 */

static size_t edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
	size_t row[33];
	if (na > 32 || nb > 32)
		return SIZE_MAX;
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) !=
			              tolower((unsigned char)b[j - 1]);
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

/* The end of the run of letters (letters true) or of non-letters (false)
 * that starts at p[i], in p[0..n). */
static size_t letters_end(const char *p, size_t n, size_t i, bool letters)
{
	while (i < n) {
		ucs4_t uc;
		int len = u8_mbtouc(&uc, (const uint8_t *)p + i, n - i);
		if ((bool)uc_is_alpha(uc) != letters)
			break;
		i += (size_t)len;
	}
	return i;
}

/* Words of a name, skipping initials and titles, are matched in the bio;
 * the surname (the last such word) also with one or two letters wrong. */
static bool names_author(const char *p, size_t n, const char *author)
{
	if (n > BIO_NAME_SPAN)
		n = BIO_NAME_SPAN;
	const char *surname = NULL;
	size_t surname_len = 0;
	for (const char *w = author; *w;) {
		const char *e = strchr(w, ' ');
		size_t len = e ? (size_t)(e - w) : strlen(w);
		size_t core = len;
		while (core > 0 && (w[core - 1] == '.' || w[core - 1] == ','))
			core--;
		/* "The Editors": not every bio with "the" in it */
		if (core >= 3 && !sh_in_list(w, core, sh_small_words) &&
		    !sh_in_list(w, core, name_particles)) {
			if (sh_find_ci(p, n, w, core, true))
				return true;
			surname = w;
			surname_len = core;
		}
		w += len;
		while (*w == ' ')
			w++;
	}
	if (!surname || surname_len < 4)
		return false;
	size_t allowed = surname_len >= 7 ? 2 : 1;
	/* words are runs of letters of any script, so that a spelling with
	 * or without diacritics (Wiśniewska, Wisniewska) is one word a few
	 * bytes away */
	for (size_t i = 0; i < n;) {
		i = letters_end(p, n, i, false);
		size_t j = letters_end(p, n, i, true);
		size_t wl = j - i;
		if (wl + allowed >= surname_len &&
		    wl <= surname_len + allowed &&
		    sh_is_cap(first_uc_n(p + i, wl)) &&
		    edit_distance(p + i, wl, surname, surname_len) <= allowed)
			return true;
		i = j;
	}
	return false;
}

bool sh_is_bio(sh_reader *rd, size_t i, const char *author)
{
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r);
	size_t n = (size_t)(r.end - r.start);
	if (sh_find_ci(p, n, "Image credit", 12, false))
		return true;
	return author && names_author(p, n, author);
}

/* ---- numbering, dates, publication lines --------------------------------
 */

/* Words that number an essay: "No. 12", "ESSAY XII.", "Number 3". */
static const char *const number_words[] = {
    "no",     "no.",     "n\xC2\xBA", "nos.",  "number",  "num.",
    "essay",  "chapter", "letter",    "paper", "lecture", "discourse",
    "sermon", "article", "canto",     NULL,
};

static const char *skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* The value of a Roman numeral in one case at w[0..n), or 0 when it is
 * none (or not written the usual way: "IIII", "VX", "MIX" are not). */
static unsigned roman_value(const char *w, size_t n)
{
	static const char digits[] = "IVXLCDM";
	static const unsigned values[] = {1, 5, 10, 50, 100, 500, 1000};
	unsigned total = 0;
	for (size_t k = 0; k < n; k++) {
		const char *d = strchr(digits, toupper((unsigned char)w[k]));
		if (!d || !*d)
			return 0;
		unsigned v = values[d - digits], next = 0;
		if (k + 1 < n) {
			const char *e =
			    strchr(digits, toupper((unsigned char)w[k + 1]));
			if (!e || !*e)
				return 0;
			next = values[e - digits];
		}
		total = v < next ? total - v : total + v;
	}
	if (total == 0 || total > 3999)
		return 0;
	/* written back the usual way, it must read the same */
	static const char *const parts[4][10] = {
	    {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"},
	    {"", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"},
	    {"", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"},
	    {"", "M", "MM", "MMM", "", "", "", "", "", ""},
	};
	char canon[20] = "";
	unsigned scale[4] = {1000, 100, 10, 1};
	for (int k = 0; k < 4; k++)
		strcat(canon, parts[3 - k][total / scale[k] % 10]);
	return strlen(canon) == n && strncasecmp(canon, w, n) == 0 ? total : 0;
}

/* The length of the number at w[0..n) with the point after it ('.' or
 * ':'), when w is a number: digits, or a Roman numeral in one case. */
static size_t number_len(const char *w, size_t n, bool *pointed)
{
	size_t k = n;
	*pointed = k > 0 && (w[k - 1] == '.' || w[k - 1] == ':');
	if (*pointed)
		k--;
	if (k == 0 || k > 9)
		return 0;
	bool digits = true, upper = true, lower = true;
	for (size_t j = 0; j < k; j++) {
		digits &= isdigit((unsigned char)w[j]) != 0;
		upper &= isupper((unsigned char)w[j]) != 0;
		lower &= islower((unsigned char)w[j]) != 0;
	}
	if (digits)
		return k <= 5 ? n : 0;
	return (upper || lower) && roman_value(w, k) ? n : 0;
}

/* Does paragraph i hold a digit or a word of Roman numerals: could it
 * number an essay? (Asked of the raw text, before folding it.) */
bool sh_numbering(sh_reader *rd, size_t i, bool bare, bool *titled,
                  unsigned *roman)
{
	*roman = 0;
	*titled = false;
	if (sh_len(rd, i) > SH_HEADING_MAX || !sh_single_line(rd, i))
		return false;
	/* a number among its first words */
	lt_range r = sh_para(rd, i);
	if (!number_early(sh_raw(rd, r), (size_t)(r.end - r.start)))
		return false;
	const char *f = sh_fold(rd, i), *w = f, *num = NULL;
	for (int pos = 0; *w && pos < 3; pos++) {
		size_t n = strcspn(w, " ");
		bool pointed;
		if (sh_in_list(w, n, number_words)) {
			num = skip_spaces(w + n);
			break;
		}
		if (pos == 0 && bare && !isdigit((unsigned char)*w) &&
		    number_len(w, n, &pointed) && pointed) {
			num = w;
			break;
		}
		if (!sh_is_cap(sh_first_uc(w)))
			return false;
		w = skip_spaces(w + n);
	}
	if (!num || !*num)
		return false;
	size_t n = strcspn(num, " ");
	bool pointed;
	if (!number_len(num, n, &pointed))
		return false;
	if (num == f)
		*roman = roman_value(num, n - 1);
	const char *rest = skip_spaces(num + n);
	if (strncmp(rest, "\xE2\x80\x94", 3) == 0 ||
	    strncmp(rest, "\xE2\x80\x93", 3) == 0)
		rest = skip_spaces(rest + 3);
	else if (*rest == '-')
		rest = skip_spaces(rest + 1);
	*titled = *rest != '\0';
	/* "No. 106. SATURDAY, MARCH 23, 1751.": a date after the number */
	if (*titled && sh_date_text(rest))
		return true;
	return !*titled || sh_title_shaped(rest);
}

static const char *const publication_marks[] = {
    "for the ",
    "from the ",
    "published ",
    "first published",
    "originally published",
    "reprinted",
    "printed for",
    "printed in",
    "appeared in",
    "written in",
    "delivered ",
    "read before",
    NULL,
};

static const char *const months[] = {
    "january", "february",  "march",   "april",    "may",      "june", "july",
    "august",  "september", "october", "november", "december", NULL,
};

static const char *const month_abbrevs[] = {
    "jan", "feb",  "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", NULL,
};

static const char *const weekdays[] = {
    "monday", "tuesday",  "wednesday", "thursday",
    "friday", "saturday", "sunday",    NULL,
};

static bool month_word(const char *w, size_t n)
{
	while (n > 0 && (w[n - 1] == '.' || w[n - 1] == ','))
		n--;
	return sh_in_list(w, n, months) || sh_in_list(w, n, month_abbrevs);
}

bool sh_publication(sh_reader *rd, size_t i)
{
	if (sh_len(rd, i) > SH_TITLE_MAX)
		return false;
	const char *f = sh_fold(rd, i);
	size_t n = strlen(f);
	if (sh_words(f) > 25)
		return false;
	for (const char *const *m = publication_marks; *m; m++)
		if (sh_prefix_ci(f, *m))
			return true;
	/* a date: a month, then a number, and a year at the end */
	bool year =
	    n >= 4 && isdigit((unsigned char)f[n - 1 - (f[n - 1] == '.')]);
	for (const char *w = f; year && *w;
	     w = skip_spaces(w + strcspn(w, " "))) {
		size_t wn = strcspn(w, " ,.");
		if (sh_in_list(w, wn, months) &&
		    isdigit((unsigned char)*skip_spaces(w + strcspn(w, " "))))
			return true;
	}
	return false;
}

/* Words a date may hold besides months, weekdays and numbers. */
static const char *const date_words[] = {
    "a.d.", "ad",  "b.c.", "bc", "rev.",  "rev",   "revised", "and",
    "to",   "the", "of",   "c.", "circa", "about", "updated", NULL,
};

bool sh_date_text(const char *s)
{
	size_t words = 0, years = 0, marks = 0;
	for (const char *w = s; *w;) {
		while (*w == ' ' || *w == '(' || *w == '[')
			w++;
		if (!*w)
			break;
		size_t n = strcspn(w, " ");
		size_t core = n;
		while (core > 0 && strchr(".,;:)]", w[core - 1]) &&
		       !(core > 1 && w[core - 1] == '.' &&
		         sh_in_list(w, core, date_words)))
			core--;
		words++;
		if (core == 0) {
			w += n;
			continue;
		}
		bool digits = true;
		size_t ndig = 0;
		for (size_t k = 0; k < core; k++) {
			if (isdigit((unsigned char)w[k]))
				ndig++;
			else if (w[k] != '-')
				digits = false;
		}
		if (digits && ndig > 0) {
			if (ndig >= 3)
				years++;
		} else if (month_word(w, core) ||
		           sh_in_list(w, core, weekdays)) {
			marks++;
		} else if (sh_in_list(w, core, date_words) ||
		           sh_in_list(w, n, date_words)) {
			if (tolower((unsigned char)w[0]) == 'a' ||
			    tolower((unsigned char)w[0]) == 'b')
				marks++;
		} else if (core <= 4 && isdigit((unsigned char)w[0]) &&
		           (sh_prefix_ci(w + core - 2, "st") ||
		            sh_prefix_ci(w + core - 2, "nd") ||
		            sh_prefix_ci(w + core - 2, "rd") ||
		            sh_prefix_ci(w + core - 2, "th"))) {
			/* 1st, 22nd */
		} else {
			return false;
		}
		w += n;
	}
	return words > 0 && words <= 12 && years > 0 &&
	       (marks > 0 || words == 1);
}

bool sh_date_span(const char *s, size_t *start, size_t *end)
{
	for (const char *w = s; *w;) {
		size_t n = strcspn(w, " ");
		if (month_word(w, n)) {
			/* MONTH D[ AND D], YYYY */
			const char *d = skip_spaces(w + n);
			size_t dn = strcspn(d, " ");
			if (dn >= 2 && dn <= 3 &&
			    isdigit((unsigned char)d[0]) && d[dn - 1] == ',') {
				const char *y = skip_spaces(d + dn);
				size_t yn = strcspn(y, " ");
				size_t digits = 0;
				while (digits < yn &&
				       isdigit((unsigned char)y[digits]))
					digits++;
				if (digits == 4 &&
				    (yn == 4 || (yn == 5 && y[4] == '.'))) {
					*start = (size_t)(w - s);
					*end = (size_t)(y + yn - s);
					return true;
				}
			}
		}
		w = skip_spaces(w + n);
	}
	return false;
}

bool sh_end_marker(sh_reader *rd, size_t i)
{
	if (sh_len(rd, i) > SH_TITLE_MAX)
		return false;
	lt_range r = sh_para(rd, i);
	const char *raw = sh_raw(rd, r);
	if (raw[0] != '*' && raw[0] != 'E' && raw[0] != 'e')
		return false;
	/* "END" and a space, after stars, before folding it */
	size_t k = 0, n = (size_t)(r.end - r.start);
	while (k < n && (raw[k] == '*' || raw[k] == ' ' || raw[k] == '\t'))
		k++;
	if (n - k < 4 || strncasecmp(raw + k, "end", 3) != 0 ||
	    isalnum((unsigned char)raw[k + 3]))
		return false;
	const char *f = sh_fold(rd, i);
	while (*f == '*' || *f == ' ')
		f++;
	return sh_prefix_ci(f, "end of the project gutenberg") ||
	       sh_prefix_ci(f, "end of project gutenberg") ||
	       (raw[0] == '*' && sh_prefix_ci(f, "end of th"));
}

bool sh_name_or_date(sh_reader *rd, size_t i)
{
	if (sh_len(rd, i) > 160 || !sh_single_line(rd, i))
		return false;
	const char *f = sh_fold(rd, i);
	return (sh_name_line(f) > 0 && sh_caps_only(f)) || sh_date_text(f);
}

bool sh_lead_line(sh_reader *rd, size_t i)
{
	bool titled;
	unsigned roman;
	return sh_name_or_date(rd, i) ||
	       sh_numbering(rd, i, true, &titled, &roman);
}

/* Is the heading f, without its '#'s and a final '.' or ':', one of
 * names? */
static bool heading_named(const char *f, const char *const *names)
{
	while (*f == '#' || *f == ' ')
		f++;
	size_t n = strlen(f);
	if (n > 0 && (f[n - 1] == '.' || f[n - 1] == ':'))
		n--;
	for (; *names; names++)
		if (strlen(*names) == n && strncasecmp(f, *names, n) == 0)
			return true;
	return false;
}

bool sh_list_heading(const char *f)
{
	static const char *const names[] = {
	    "illustrations",
	    "list of illustrations",
	    "list of plates",
	    "frontispiece",
	    NULL,
	};
	return heading_named(f, names);
}

bool sh_contents_heading(const char *f)
{
	static const char *const names[] = {
	    "contents",
	    "table of contents",
	    "summary",
	    NULL,
	};
	return heading_named(f, names);
}

/* ---- markup
 * -------------------------------------------------------------------
 */

bool sh_front_block(const char *p, size_t n)
{
	bool toml = n >= 3 && memcmp(p, "+++", 3) == 0;
	if (n < 7 || (!toml && memcmp(p, "---", 3) != 0) ||
	    (p[3] != '\n' && p[3] != '\r'))
		return false;
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\r'))
		n--;
	/* YAML closes with "---" or "...", TOML with "+++" */
	return n >= 4 &&
	       (toml ? memcmp(p + n - 3, "+++", 3) == 0
	             : memcmp(p + n - 3, "---", 3) == 0 ||
	                   memcmp(p + n - 3, "...", 3) == 0) &&
	       (p[n - 4] == '\n' || p[n - 4] == '\r');
}

bool sh_kv_block(const char *p, size_t n)
{
	size_t keys = 0;
	bool title = false;
	for (const char *l = p, *end = p + n; l < end;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		const char *le = nl ? nl : end;
		if (l < le && (*l == ' ' || *l == '\t')) {
			/* a value continued */
			if (keys == 0)
				return false;
		} else {
			const char *k = l;
			while (k < le && (isalnum((unsigned char)*k) ||
			                  *k == '-' || *k == '_'))
				k++;
			if (k == l || k - l > 30 || k >= le || *k != ':' ||
			    !isalpha((unsigned char)*l))
				return false;
			/* a mail's or a digest's Subject: is its title */
			title |=
			    (k - l == 5 && strncasecmp(l, "title", 5) == 0) ||
			    (k - l == 7 && strncasecmp(l, "subject", 7) == 0);
			keys++;
		}
		l = nl ? nl + 1 : end;
	}
	return keys >= 2 && title;
}

const char *sh_block_value(const char *p, size_t n, const char *key,
                           size_t *len)
{
	size_t kn = strlen(key);
	for (const char *l = p, *end = p + n; l < end;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		const char *le = nl ? nl : end;
		const char *v = NULL;
		if ((size_t)(le - l) > kn && strncasecmp(l, key, kn) == 0) {
			/* "key: value", or TOML's "key = value" */
			v = l + kn;
			while (v < le && *v == ' ')
				v++;
			if (v == le || (*v != ':' && *v != '='))
				v = NULL;
		}
		if (v) {
			v++;
			while (v < le && (*v == ' ' || *v == '\t'))
				v++;
			const char *ve = le;
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\r'))
				ve--;
			if (ve - v >= 2 && (*v == '"' || *v == '\'') &&
			    ve[-1] == *v) {
				v++;
				ve--;
			}
			*len = (size_t)(ve - v);
			return v;
		}
		l = nl ? nl + 1 : end;
	}
	*len = 0;
	return p;
}

const char *sh_block_title(const char *p, size_t n, size_t *len)
{
	const char *v = sh_block_value(p, n, "title", len);
	return *len ? v : sh_block_value(p, n, "subject", len);
}

char *sh_block_author(const char *p, size_t n)
{
	size_t len;
	const char *v = sh_block_value(p, n, "author", &len);
	if (len == 0 && v == p) /* no author: a mail's sender */
		v = sh_block_value(p, n, "from", &len);
	if (len == 0 && v != p) {
		/* nested: the indented lines under "author:" */
		const char *end = p + n;
		for (const char *l = memchr(v, '\n', (size_t)(end - v));
		     l && l + 1 < end && l[1] == ' ';
		     l = memchr(l + 1, '\n', (size_t)(end - l - 1))) {
			const char *k = l + 1;
			while (k < end && *k == ' ')
				k++;
			v = sh_block_value(k, (size_t)(end - k), "name", &len);
			if (len > 0 && v < end &&
			    (!memchr(k, '\n', (size_t)(end - k)) ||
			     v < (const char *)memchr(k, '\n',
			                              (size_t)(end - k))))
				break;
			len = 0;
		}
	}
	if (len == 0 || len > 240)
		return NULL;
	return sh_author_value(v, len);
}

int sh_md_atx(const char *p, size_t n)
{
	int level = lt_md_atx(p, n);
	for (size_t k = (size_t)level; level && k < n; k++)
		if (p[k] != '#' && p[k] != ' ' && p[k] != '\t' && p[k] != '\r')
			return level;
	return 0;
}

int sh_md_heading(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r);
	size_t n = (size_t)(r.end - r.start);
	if (n > SH_TITLE_MAX + 80)
		return 0;
	if (p[0] == '#')
		return sh_single_line(rd, i) ? sh_md_atx(p, n) : 0;
	if (sh_front_block(p, n))
		return 0;
	const char *last = p + n;
	while (last > p && last[-1] != '\n' && last[-1] != '\r')
		last--;
	return last > p ? lt_md_underline(last, (size_t)(p + n - last)) : 0;
}

bool sh_bold_line(sh_reader *rd, size_t i)
{
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r);
	size_t n = (size_t)(r.end - r.start);
	if (n > SH_HEADING_MAX || !sh_single_line(rd, i))
		return false;
	while (n > 0 &&
	       (p[n - 1] == ' ' || p[n - 1] == '\r' || p[n - 1] == '\\'))
		n--;
	if (n < 5 ||
	    !((p[0] == '*' && p[1] == '*') || (p[0] == '_' && p[1] == '_')))
		return false;
	if (p[n - 1] != p[0] || p[n - 2] != p[0])
		return false;
	/* one span: no closing marker inside */
	for (size_t k = 2; k + 3 < n; k++)
		if (p[k] == p[0] && p[k + 1] == p[0])
			return false;
	return p[2] != ' ';
}

/* Is line p[0..n) an underline: three or more of one punctuation
 * character, perhaps indented? Its columns in *from, *to. */
static char underline_char(const char *p, size_t n, unsigned *from,
                           unsigned *to)
{
	size_t k = 0;
	while (k < n && (p[k] == ' ' || p[k] == '\t'))
		k++;
	if (k == n || !strchr("=-~^*+#_:'`\"", p[k]))
		return 0;
	char c = p[k];
	size_t e = k;
	while (e < n && p[e] == c)
		e++;
	size_t t = e;
	while (t < n && (p[t] == ' ' || p[t] == '\t' || p[t] == '\r'))
		t++;
	if (t < n || e - k < 3)
		return 0;
	*from = (unsigned)k;
	*to = (unsigned)e;
	return c;
}

sh_underline sh_find_underline(const char *p, size_t n)
{
	sh_underline u = {0};
	const char *line[5];
	size_t len[5];
	size_t nl = 0;
	for (const char *l = p, *end = p + n; l < end && nl < 5;) {
		const char *e = memchr(l, '\n', (size_t)(end - l));
		const char *le = e ? e : end;
		line[nl] = l;
		len[nl] = (size_t)(le - l);
		if (len[nl] > 0 && l[len[nl] - 1] == '\r')
			len[nl]--;
		nl++;
		l = e ? e + 1 : end;
	}
	unsigned from, to, of, ot;
	size_t at = 1;
	if (nl >= 3 && underline_char(line[0], len[0], &of, &ot)) {
		/* an overline, the title (and up to two lines more: a
		 * subtitle, a byline), an underline of the same character */
		at = 2;
		while (at < nl && at < 4 &&
		       !underline_char(line[at], len[at], &from, &to))
			at++;
		char c =
		    at < nl ? underline_char(line[at], len[at], &from, &to) : 0;
		if (!c || c != line[0][of])
			return u;
		u.over = true;
		u.inner = (unsigned)(at - 1);
	} else if (nl >= 2) {
		if (!underline_char(line[1], len[1], &from, &to))
			return u;
	} else {
		return u;
	}
	size_t t = u.over ? 1 : at - 1;
	/* the text above must have something where the underline is */
	size_t k = 0;
	while (k < len[t] && (line[t][k] == ' ' || line[t][k] == '\t'))
		k++;
	if (k == len[t] || k > to)
		return u;
	u.line = (unsigned)t;
	u.c = line[at][from];
	u.quoted = len[t] >= 2 && line[t][0] == '>' && line[t][1] == ' ';
	u.from = from;
	u.to = to;
	return u;
}
