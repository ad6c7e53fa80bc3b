/* Contents lists: see contents.h. */
#include "contents.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/text.h"
#include "util.h"

/* A contents list holds at most this many entries. */
#define CT_MAX_ENTRIES 4000
/* ... and runs of at most this many header paragraphs are matched. */
#define CT_RUN 4
/* Names of authors are looked for this far before the entries matched
 * (one heads all their entries). */
#define CT_BACK 16
/* Entries and runs alike at least this much match. */
#define CT_ALIKE 0.6

void ct_words_clear(ct_words *ws) { ws->n = 0; }

void ct_words_free(ct_words *ws)
{
	free(ws->w);
	memset(ws, 0, sizeof *ws);
}

static void put_word(ct_words *ws, uint32_t h)
{
	lt_grow(&ws->w, &ws->cap, ws->n + 1, sizeof *ws->w);
	ws->w[ws->n++] = h;
}

void ct_words_add(ct_words *ws, const char *p, size_t n)
{
	uint32_t h = 2166136261u;
	bool in = false;
	for (size_t k = 0; k <= n; k++) {
		unsigned char c = k < n ? (unsigned char)p[k] : ' ';
		/* a link's address is no part of its text: "[T](url)" */
		if (c == ']' && k + 1 < n && p[k + 1] == '(') {
			const char *close = memchr(p + k, ')', n - k);
			if (close) {
				k = (size_t)(close - p);
				c = ' ';
			}
		}
		/* apostrophes join ("Christ's", "Christ’s") */
		if (c == '\'' && in)
			continue;
		if (c == 0xE2 && k + 2 < n && (unsigned char)p[k + 1] == 0x80 &&
		    ((unsigned char)p[k + 2] == 0x99 ||
		     (unsigned char)p[k + 2] == 0x98)) {
			k += 2;
			continue;
		}
		if (isalnum(c) || c >= 0x80) {
			h = (h ^ (uint32_t)tolower(c)) * 16777619u;
			in = true;
		} else if (in) {
			put_word(ws, h);
			h = 2166136261u;
			in = false;
		}
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

double ct_likeness(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	if (na == 0 || nb == 0 || na > 64 || nb > 64)
		return 0;
	uint32_t sa[64], sb[64];
	memcpy(sa, a, na * sizeof *a);
	memcpy(sb, b, nb * sizeof *b);
	qsort(sa, na, sizeof *sa, cmp_u32);
	qsort(sb, nb, sizeof *sb, cmp_u32);
	size_t i = 0, j = 0, common = 0;
	while (i < na && j < nb) {
		if (sa[i] == sb[j]) {
			common++;
			i++;
			j++;
		} else if (sa[i] < sb[j]) {
			i++;
		} else {
			j++;
		}
	}
	return 2.0 * (double)common / (double)(na + nb);
}

void ct_free(ct_list *l)
{
	free(l->e);
	ct_words_free(&l->words);
	memset(l, 0, sizeof *l);
}

/* ---- reading the list ---------------------------------------------------- */

/* The number that opens an entry ("VIII. ", "106. ", "12) "): its length
 * with the blanks after it, or 0. */
static size_t lead_number(const char *p, size_t n)
{
	size_t k = 0;
	while (k < n && k < 8 &&
	       (isdigit((unsigned char)p[k]) || strchr("IVXLCDM", p[k])))
		k++;
	if (k == 0 || k >= n || (p[k] != '.' && p[k] != ')'))
		return 0;
	k++;
	if (k < n && p[k] != ' ' && p[k] != '\t')
		return 0;
	while (k < n && (p[k] == ' ' || p[k] == '\t'))
		k++;
	return k;
}

/* The end of an entry's text without its page numbers and leaders
 * ("The South-Sea House      1     342", "Notes .... 337"). */
static size_t trim_pages(const char *p, size_t n, bool *paged)
{
	size_t e = n;
	*paged = false;
	for (int tokens = 0; tokens < 3; tokens++) {
		size_t k = e;
		while (k > 0 &&
		       (p[k - 1] == ' ' || p[k - 1] == '\t' || p[k - 1] == '.'))
			k--;
		size_t w = k;
		while (w > 0 && (isdigit((unsigned char)p[w - 1]) ||
		                 strchr("ivxlcdm", p[w - 1])))
			w--;
		if (w == k || (w > 0 && p[w - 1] != ' ' && p[w - 1] != '\t' &&
		               p[w - 1] != '.'))
			break;
		/* a number alone is a page, and so are roman pages */
		if (w == 0)
			break;
		e = w;
		*paged = true;
	}
	while (e > 0 &&
	       (p[e - 1] == ' ' || p[e - 1] == '\t' || p[e - 1] == '.'))
		e--;
	return e;
}

/* Is line p[0..n) (after its indentation) open at its end, so that the
 * next continues it: a comma, an open bracket, a word like "of"? */
static bool open_ended(const char *p, size_t n)
{
	int depth = 0;
	for (size_t k = 0; k < n; k++)
		depth +=
		    (p[k] == '(' || p[k] == '[') - (p[k] == ')' || p[k] == ']');
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\r'))
		n--;
	return depth > 0 || (n > 0 && p[n - 1] == ',');
}

/* Display cells of line p[0..n). */
static size_t cells(const char *p, size_t n, size_t *indent)
{
	return lt_line_cells(p, n, indent);
}

/* A paragraph of prose: two or more lines, most of them long, not ending
 * in page numbers. */
static bool prose(const char *p, size_t n)
{
	size_t lines = 0, long_lines = 0;
	for (const char *l = p, *end = p + n; l < end;) {
		const char *e = memchr(l, '\n', (size_t)(end - l));
		size_t len = e ? (size_t)(e - l) : (size_t)(end - l);
		size_t indent, c = cells(l, len, &indent);
		if (c > 100)
			return true;
		bool paged;
		size_t t = trim_pages(l, len, &paged);
		lines++;
		long_lines += c - indent >= 55 && !paged && t > 0;
		l = e ? e + 1 : end;
	}
	return lines >= 2 && long_lines * 3 >= lines * 2;
}

/* Are the words of p[0..n) (at most max of them) all in capitals? */
static bool all_caps_words(const char *p, size_t n, size_t max)
{
	size_t words = 0, letters = 0;
	bool in = false;
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)p[k];
		if (islower(c) || c >= 0x80)
			return false;
		letters += isupper(c) != 0;
		if (c == ' ' || c == '\t')
			in = false;
		else if (!in && (in = true))
			words++;
	}
	return letters > 0 && words <= max;
}

/* Drop a name in capitals that ends an entry in mixed case from it (of
 * min_words words or more): true when there was one. */
static bool caps_tail(lt_buf *b, size_t min_words)
{
	if (!b->s)
		return false;
	size_t start = b->len, words = 0, letters = 0;
	for (;;) {
		while (start > 0 &&
		       (b->s[start - 1] == ' ' || b->s[start - 1] == '\t'))
			start--;
		size_t w = start;
		while (w > 0 && b->s[w - 1] != ' ' && b->s[w - 1] != '\t')
			w--;
		if (w == start)
			break;
		size_t up = 0;
		bool ok = true;
		for (size_t k = w; k < start && ok; k++) {
			unsigned char c = (unsigned char)b->s[k];
			ok = isupper(c) || c == '.' || c == '\'' || c == '-';
			up += isupper(c) != 0;
		}
		if (!ok || up == 0)
			break;
		words++;
		letters += up;
		start = w;
	}
	if (words < min_words || letters < 3 * min_words - 1)
		return false;
	bool lower = false;
	for (size_t k = 0; k < start && !lower; k++)
		lower = islower((unsigned char)b->s[k]) != 0;
	if (!lower)
		return false;
	b->len = start;
	b->s[start] = '\0';
	return true;
}

/* Is one of the few paragraphs after i prose (the body, not more of a
 * list)? */
static bool prose_follows(sh_reader *rd, size_t i, size_t to)
{
	for (size_t k = i + 1; k < to && k <= i + 3; k++) {
		lt_range r = sh_para(rd, k);
		if (prose(sh_raw(rd, r), (size_t)(r.end - r.start)))
			return true;
	}
	return false;
}

typedef struct {
	size_t indent;
	bool numbered, paged;
} line_info;

bool ct_find(sh_reader *rd, size_t from, size_t to, ct_list *l)
{
	memset(l, 0, sizeof *l);
	size_t head = LT_NONE;
	for (size_t i = from; i < to; i++) {
		if (sh_len(rd, i) <= 40 &&
		    sh_contents_heading(sh_fold(rd, i))) {
			head = i;
			break;
		}
	}
	if (head == LT_NONE)
		return false;
	ct_words lw = {0};
	lt_buf bare = {0};
	int depth = 0;
	bool pictures = false, prev_name = false;
	line_info prev = {0}, top = {0};
	bool have_prev = false, prev_open = false, stop = false;
	size_t i = head + 1;
	for (; i < to && !stop && l->n < CT_MAX_ENTRIES; i++) {
		lt_range r = sh_para(rd, i);
		const char *p = sh_raw(rd, r);
		size_t n = (size_t)(r.end - r.start);
		if ((l->n > 0 && sh_gap(rd, i) >= 3) || prose(p, n))
			break;
		/* a list of illustrations after the contents: part of the
		 * front matter, no entries */
		if (n <= 40 && sh_list_heading(sh_fold(rd, i)))
			pictures = true;
		if (pictures)
			continue;
		size_t first_new = l->n;
		for (const char *ln = p, *end = p + n; ln < end;) {
			const char *e = memchr(ln, '\n', (size_t)(end - ln));
			size_t len = e ? (size_t)(e - ln) : (size_t)(end - ln);
			ln = e ? e + 1 : end;
			const char *t = ln - len - (e != NULL);
			if (len > 0 && t[len - 1] == '\r')
				len--;
			line_info li = {0};
			cells(t, len, &li.indent);
			size_t tn = len;
			while (tn > 0 && (*t == ' ' || *t == '\t')) {
				t++;
				tn--;
			}
			if (tn >= 2 &&
			    (t[0] == '*' || t[0] == '-' || t[0] == '+') &&
			    t[1] == ' ') {
				t += 2;
				tn -= 2;
			}
			/* "TEXT  NOTE" / "PAGE  PAGE" set far right: the
			 * heads of the page columns */
			if (li.indent >= 30 && tn <= 30 &&
			    !memchr(t, '(', tn)) {
				bool digits = false;
				for (size_t k = 0; k < tn && !digits; k++)
					digits = isdigit((unsigned char)t[k]);
				if (!digits)
					continue;
			}
			size_t lead = lead_number(t, tn);
			li.numbered = lead > 0;
			bool open = open_ended(t, tn);
			t += lead;
			tn = trim_pages(t, tn - lead, &li.paged);
			ct_words_clear(&lw);
			/* "(House of Commons, | June 1, 1828)", "(1708-78)":
			 * notes on the entry, not its title */
			lt_buf_clear(&bare);
			bool noted = depth > 0;
			for (size_t k = 0; k < tn; k++) {
				noted |= t[k] == '(';
				depth += t[k] == '(';
				if (depth == 0)
					lt_buf_put(&bare, t + k, 1, 0);
				depth -= t[k] == ')' && depth > 0;
			}
			/* "_Conquest of Granada_ WASHINGTON IRVING": the
			 * author after the title, no part of it; "BALMES"
			 * under "... JAMES" ends the name */
			/* a name cut by the line's end: "... THOMAS" over
			 * "BRIGHTWATER" */
			bool runs_on_caps = false;
			if (ln < end) {
				const char *nx = ln,
				           *ne = memchr(ln, '\n',
				                        (size_t)(end - ln));
				if (!ne)
					ne = end;
				while (nx < ne && (*nx == ' ' || *nx == '\t'))
					nx++;
				runs_on_caps =
				    all_caps_words(nx, (size_t)(ne - nx), 2);
			}
			bool name_tail = caps_tail(&bare, runs_on_caps ? 1 : 2);
			bool name_end = have_prev && prev_name &&
			                !li.numbered &&
			                all_caps_words(bare.s, bare.len, 3);
			if (name_end) {
				prev_name = false;
				continue;
			}
			prev_name = name_tail;
			ct_words_add(&lw, bare.s ? bare.s : "", bare.len);
			if (lw.n == 0)
				ct_words_add(&lw, t, noted ? 0 : tn);
			if (lw.n == 0) {
				prev_open = open && have_prev;
				continue;
			}
			bool cont =
			    have_prev && !li.numbered &&
			    (prev_open || islower((unsigned char)t[0]) ||
			     (prev.indent < li.indent && !prev.paged &&
			      li.paged));
			if (cont) {
				for (size_t k = 0; k < lw.n; k++)
					put_word(&l->words, lw.w[k]);
				l->e[l->n - 1].n += (uint32_t)lw.n;
				prev.paged = li.paged;
				prev_open = open;
				continue;
			}
			/* a line that repeats one of the first entries: the
			 * body has begun (a title later in a list may repeat
			 * an earlier one) */
			for (size_t k = 0; k < first_new && k < 4 && !stop; k++)
				stop =
				    ct_likeness(l->words.w + l->e[k].first,
				                l->e[k].n, lw.w, lw.n) >= 0.9 &&
				    prose_follows(rd, i, to);
			if (stop) {
				l->n = first_new;
				i--; /* this paragraph is not the list's */
				break;
			}
			lt_grow(&l->e, &l->cap, l->n + 1, sizeof *l->e);
			ct_entry *c = &l->e[l->n++];
			c->first = (uint32_t)l->words.n;
			c->n = (uint32_t)lw.n;
			c->line = 0;
			c->sub = li.numbered && have_prev &&
			         li.indent > top.indent && !top.numbered &&
			         !top.paged;
			c->name = false;
			if (bare.len > 0 && bare.len <= 120) {
				char *f = lt_text_fold(bare.s, bare.len);
				c->name =
				    f && sh_name_line(f) > 0 && sh_caps_only(f);
				free(f);
			}
			if (!c->sub)
				top = li;
			for (size_t k = 0; k < lw.n; k++)
				put_word(&l->words, lw.w[k]);
			prev = li;
			prev_open = open;
			have_prev = true;
		}
	}
	ct_words_free(&lw);
	lt_buf_free(&bare);
	for (size_t k = 0; k < l->n; k++)
		l->ntop += !l->e[k].sub && !l->e[k].name;
	l->start = head;
	l->end = i;
	if (l->n == 0) {
		ct_free(l);
		return false;
	}
	return true;
}

/* ---- matching --------------------------------------------------------------
 */

/* Is paragraph i (its words w[0..n)) a date, or a name that a name
 * entry near entries [lo, hi) spells? */
static bool name_para(sh_reader *rd, const ct_list *l, size_t lo, size_t hi,
                      const uint32_t *w, size_t n, size_t i)
{
	if (sh_len(rd, i) <= 160 && sh_single_line(rd, i) &&
	    sh_date_text(sh_fold(rd, i)))
		return true;
	for (size_t e = lo > CT_BACK ? lo - CT_BACK : 0; e < hi; e++)
		if (l->e[e].name && ct_likeness(l->words.w + l->e[e].first,
		                                l->e[e].n, w, n) >= 0.9)
			return true;
	return false;
}

bool ct_match(sh_reader *rd, const ct_list *l, size_t lo, size_t hi,
              const size_t *paras, size_t n, size_t *entry, size_t *run_start,
              size_t *run_len, double *score)
{
	if (hi > l->n)
		hi = l->n;
	if (lo >= hi || n == 0)
		return false;
	/* the words of each paragraph, one after another */
	ct_words ws = {0};
	size_t start[CT_RUN * 4 + 1];
	if (n > CT_RUN * 4)
		paras += n - CT_RUN * 4, n = CT_RUN * 4;
	for (size_t k = 0; k < n; k++) {
		start[k] = ws.n;
		lt_range r = sh_para(rd, paras[k]);
		size_t len = (size_t)(r.end - r.start);
		if (len <= SH_TITLE_MAX) {
			/* "SIR ROBERT PEEL JUNE 1, 1829 PORTUGAL": a title
			 * after the date */
			const char *f = sh_fold(rd, paras[k]);
			size_t ds, de;
			if (sh_date_span(f, &ds, &de) && f[de] &&
			    strlen(f + de) > 3)
				ct_words_add(&ws, f + de, strlen(f + de));
			else
				ct_words_add(&ws, f, strlen(f));
		} else if (len <= SH_BLOCK_MAX) {
			ct_words_add(&ws, sh_raw(rd, r), len);
		}
	}
	start[n] = ws.n;
	double best = 0;
	for (size_t s = 0; s < n; s++) {
		/* a run opens with its title, not a date or a name the list
		 * names as one */
		if (!ws.w || name_para(rd, l, lo, hi, ws.w + start[s],
		                       start[s + 1] - start[s], paras[s]))
			continue;
		for (size_t len = 1; len <= CT_RUN && s + len <= n; len++) {
			size_t nw = start[s + len] - start[s];
			if (nw == 0)
				continue;
			const uint32_t *w = ws.w + start[s];
			for (size_t e = lo; e < hi; e++) {
				const ct_entry *en = &l->e[e];
				if (en->name)
					continue; /* an author, not a title */
				double d = ct_likeness(l->words.w + en->first,
				                       en->n, w, nw);
				if (d + 1e-9 >= best && d >= CT_ALIKE) {
					/* a tie goes to the later run, or to
					 * the earlier entry of the same run */
					if (d > best + 1e-9 || s > *run_start ||
					    (s == *run_start && e < *entry &&
					     len == *run_len)) {
						best = d;
						*entry = e;
						*run_start = s;
						*run_len = len;
					}
				}
			}
		}
	}
	ct_words_free(&ws);
	*score = best;
	return best >= CT_ALIKE;
}
