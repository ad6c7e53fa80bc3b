/* The plan of a collection: see plan.h. */
#include "plan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>

#include "util.h"

/* Entries of a contents list are looked for this far ahead of the one
 * expected next (a list names pieces the body may lack). */
#define PL_AHEAD 8

bool pl_same_style(pl_style a, pl_style b)
{
	if (a.kind != b.kind)
		return false;
	if (a.first_line != b.first_line && a.kind != PL_GAP3)
		return false;
	if (a.kind == PL_UNDER)
		return a.ul == b.ul && a.quoted == b.quoted && a.over == b.over;
	return true;
}

/* Does paragraph p[0..n) open with a title line of its own: a short
 * line in capitals over lines that are not? */
static bool first_line_title(const char *p, size_t n)
{
	const char *nl = memchr(p, '\n', n);
	if (!nl || nl - p > 60 || nl == p)
		return false;
	const char *l2 = nl + 1, *end = p + n;
	const char *nl2 = memchr(l2, '\n', (size_t)(end - l2));
	size_t n2 = nl2 ? (size_t)(nl2 - l2) : (size_t)(end - l2);
	char *first = lt_text_fold(p, (size_t)(nl - p));
	char *second = lt_text_fold(l2, n2);
	/* the lines under it are text, or a number over text ("I.") */
	bool yes =
	    first && second && sh_caps_only(first) && sh_words(first) <= 8 &&
	    sh_title_shaped(first) &&
	    (!sh_caps_only(second) || sh_number_text(second, strlen(second)));
	free(first);
	free(second);
	return yes;
}

static bool head(sh_reader *rd, size_t i, pl_style *st);

/* A paragraph p[0..n) of two lines, a title and a date ("Bread Without
 * Kneading" over "March 3, 2020"): 1 when the title is first, 2 when the
 * date is, else 0. */
static int dated(const char *p, size_t n)
{
	const char *nl = memchr(p, '\n', n);
	if (!nl)
		return 0;
	size_t n1 = (size_t)(nl - p);
	char *one = lt_text_fold(p, n1);
	char *two = lt_text_fold(nl + 1, n - n1 - 1);
	int d = 0;
	for (int k = 1; k <= 2 && !d; k++) {
		const char *t = k == 1 ? one : two, *date = k == 1 ? two : one;
		if (sh_date_text(date) && !sh_date_text(t) &&
		    sh_words(t) <= 15 && sh_title_shaped(t))
			d = k;
	}
	free(one);
	free(two);
	return d;
}

/* pl_head's answer packed into 32 bits, and back. */
static uint32_t pack(bool ok, pl_style st)
{
	return (uint32_t)ok | (uint32_t)st.kind << 1 |
	       (uint32_t)(unsigned char)st.ul << 8 | (uint32_t)st.quoted << 16 |
	       (uint32_t)st.over << 17 | (uint32_t)st.first_line << 18 |
	       (uint32_t)st.line2 << 19;
}

bool pl_head(sh_reader *rd, size_t i, pl_style *st)
{
	for (int k = 0; k < SH_SLOTS; k++)
		if (rd->memo_i[k] == i) {
			uint32_t v = rd->memo[k];
			*st = (pl_style){.kind = (uint8_t)(v >> 1 & 0x7f),
			                 .ul = (char)(v >> 8 & 0xff),
			                 .quoted = v >> 16 & 1,
			                 .over = v >> 17 & 1,
			                 .first_line = v >> 18 & 1,
			                 .line2 = v >> 19 & 1};
			return v & 1;
		}
	bool ok = head(rd, i, st);
	unsigned k = rd->memo_next;
	rd->memo_next = (k + 1) % SH_SLOTS;
	rd->memo_i[k] = i;
	rd->memo[k] = pack(ok, *st);
	return ok;
}

static bool head(sh_reader *rd, size_t i, pl_style *st)
{
	*st = (pl_style){.kind = PL_BODY};
	lt_range r = sh_para(rd, i);
	const char *p = sh_raw(rd, r);
	size_t n = (size_t)(r.end - r.start);
	if (n == 0)
		return false;
	if (n <= SH_BLOCK_MAX && isalpha((unsigned char)p[0]) &&
	    sh_kv_block(p, n)) {
		st->kind = PL_KV;
		return true;
	}
	if (n > SH_TITLE_MAX + 240)
		return false;
	size_t lines = sh_lines(rd, i, 8);
	if (lines >= 2 && lines <= 7) {
		sh_underline u = sh_find_underline(p, n);
		if (u.c) {
			st->kind = PL_UNDER;
			st->ul = u.c;
			st->quoted = u.quoted;
			st->over = u.over;
			return true;
		}
	}
	if (lines == 2 && n <= SH_TITLE_MAX) {
		int d = dated(p, n);
		if (d) {
			st->kind = PL_DATED;
			st->first_line = d == 1;
			st->line2 = d == 2;
			return true;
		}
	}
	if (lines > 4 && sh_gap(rd, i) >= 3 && first_line_title(p, n)) {
		st->kind = PL_GAP3;
		st->first_line = true;
		return true;
	}
	if (n > SH_TITLE_MAX || lines > 4 || p[0] == '[' || sh_bullet(rd, i) ||
	    sh_rule(rd, i))
		return false;
	if (p[0] >= 'a' && p[0] <= 'z')
		return false; /* a sentence's first word, before folding */
	const char *f = sh_fold(rd, i);
	size_t words = sh_words(f);
	if (words == 0 || words > 30)
		return false;
	ucs4_t c = sh_first_uc(f);
	if (uc_is_alpha(c) && !sh_is_cap(c))
		return false;
	bool caps = sh_caps_only(f);
	/* a sentence is no heading: capitals, title case, a quotation, a
	 * date, or a few words with no stop after them */
	ucs4_t last = sh_last_uc(f, strlen(f));
	bool stop = last == '.' || last == '!' || last == ',' || last == ';';
	if (!caps && !sh_title_case(f) &&
	    (words >= 12 || lines >= 2 ||
	     (stop && !sh_is_open_quote(c) && !sh_date_text(f) &&
	      !sh_bare_number(rd, i))))
		return false;
	unsigned gap = sh_gap(rd, i);
	st->kind = gap >= 3 ? PL_GAP3 : gap == 2 ? PL_GAP2 : PL_PLAIN;
	return true;
}

bool pl_title_like(sh_reader *rd, size_t i)
{
	const char *f = sh_fold(rd, i);
	if (!*f)
		return false;
	size_t n = strlen(f);
	if (sh_is_open_quote(sh_first_uc(f)) &&
	    sh_is_close_quote(sh_last_uc(f, n)))
		return true;
	return sh_caps_only(f) || sh_title_shaped(f);
}

size_t pl_block_end(sh_reader *rd, size_t i, size_t limit)
{
	size_t j = i;
	pl_style st;
	while (j < limit && j - i < PL_BLOCK_MAX && pl_head(rd, j, &st)) {
		j++;
		if (st.first_line)
			break; /* its text begins the body */
	}
	return j;
}

const char *pl_kind_name(pl_style st)
{
	switch (st.kind) {
	case PL_KV: return "a Title: header block";
	case PL_UNDER:
		return st.quoted ? "an underlined '> ' line"
		                 : "an underlined line";
	case PL_GAP3: return "a title after three or more blank lines";
	case PL_GAP2: return "a title after two blank lines";
	case PL_PLAIN: return "a title line";
	case PL_DATED:
		return st.line2 ? "a date over its title"
		                : "a title over its date";
	default: return "body text";
	}
}

bool pl_match(sh_reader *rd, lt_plan *plan, const size_t *paras, size_t n,
              size_t *run, size_t *len, bool *sub)
{
	const ct_list *l = &plan->contents;
	size_t entry = 0, rs = 0, rl = 0;
	double score;
	if (plan->cursor >= l->n ||
	    !ct_match(rd, l, plan->cursor, plan->cursor + PL_AHEAD, paras, n,
	              &entry, &rs, &rl, &score))
		return false;
	plan->cursor = entry + 1;
	*run = rs;
	*len = rl;
	*sub = l->e[entry].sub;
	return true;
}

/* Evidence for the paragraph rules: bylines and numbering lines. */
static bool rule_evidence(sh_reader *rd, size_t i)
{
	char *by = sh_byline(rd, i, false);
	bool yes = by != NULL;
	free(by);
	bool titled;
	unsigned roman;
	return yes || sh_numbering(rd, i, false, &titled, &roman);
}

#define PL_STYLES 16

/* Essays open at headers of style st, seen n times while learning;
 * confidence: how much a style of that kind says. */
static void take_style(lt_plan *plan, pl_style st, unsigned n,
                       double confidence)
{
	plan->mode = PL_STYLE;
	plan->style = st;
	plan->nstyle = n;
	plan->confidence = confidence;
}

void pl_learn(sh_reader *rd, size_t from, size_t to, bool markdown,
              lt_plan *plan)
{
	memset(plan, 0, sizeof *plan);
	plan->mode = PL_RULES;
	/* a contents list whose entries head the body's blocks in order */
	if (!markdown && ct_find(rd, from, to < from + 4000 ? to : from + 4000,
	                         &plan->contents)) {
		size_t matched = 0, passed = 0;
		for (size_t i = plan->contents.end; i < to;) {
			pl_style st;
			if (!pl_head(rd, i, &st)) {
				i++;
				continue;
			}
			size_t j = pl_block_end(rd, i, to);
			size_t paras[PL_BLOCK_MAX], run, len;
			for (size_t k = i; k < j; k++)
				paras[k - i] = k;
			bool sub;
			if (pl_match(rd, plan, paras, j - i, &run, &len,
			             &sub) &&
			    !sub)
				matched++;
			i = j;
		}
		for (size_t k = 0; k < plan->cursor; k++)
			passed += !plan->contents.e[k].sub &&
			          !plan->contents.e[k].name;
		plan->matched = matched;
		if (matched >= 2 && 2 * matched >= passed &&
		    (2 * matched >= plan->contents.ntop ||
		     to < rd->doc->npara)) {
			plan->mode = PL_CONTENTS;
			plan->cursor = 0;
			plan->confidence =
			    passed ? (double)matched / (double)passed : 0;
			return;
		}
		ct_free(&plan->contents);
	}
	/* else the heading style the headers repeat */
	pl_style styles[PL_STYLES];
	unsigned count[PL_STYLES] = {0}, nstyles = 0, evidence = 0, kv = 0;
	size_t body = 0, body_gap3 = 0, body_gap2 = 0;
	for (size_t i = from; i < to;) {
		pl_style st;
		if (!pl_head(rd, i, &st)) {
			body++;
			unsigned gap = sh_gap(rd, i);
			body_gap3 += gap >= 3;
			body_gap2 += gap >= 2;
			i++;
			continue;
		}
		size_t j = pl_block_end(rd, i, to);
		for (size_t k = i; k < j; k++) {
			if (k > i && !pl_head(rd, k, &st))
				break;
			evidence += rule_evidence(rd, k);
			kv += k == i && st.kind == PL_KV;
			if (st.kind == PL_PLAIN ||
			    (st.kind != PL_UNDER && st.kind != PL_DATED &&
			     !st.first_line && !pl_title_like(rd, k)))
				continue;
			unsigned s = 0;
			while (s < nstyles && !pl_same_style(styles[s], st))
				s++;
			if (s == nstyles && nstyles < PL_STYLES)
				styles[nstyles++] = st;
			if (s < nstyles)
				count[s]++;
		}
		i = j;
	}
	if (kv >= 1) {
		take_style(plan, (pl_style){.kind = PL_KV}, kv, 0.9);
		return;
	}
	if (evidence >= 2)
		return;
	/* underline styles rank by first appearance, as reStructuredText
	 * ranks them, those under a "> " line first (a mark more; and never
	 * a Markdown heading); then titles set apart by blank lines */
	for (int quoted = 1; quoted >= 0; quoted--) {
		for (unsigned s = 0; s < nstyles; s++) {
			if (styles[s].kind != PL_UNDER || count[s] < 2 ||
			    styles[s].quoted != quoted || (markdown && !quoted))
				continue;
			take_style(plan, styles[s], count[s], 0.8);
			return;
		}
	}
	if (markdown)
		return;
	/* a title with its date: a blog's posts */
	for (unsigned s = 0; s < nstyles; s++)
		if (styles[s].kind == PL_DATED && count[s] >= 2) {
			take_style(plan, styles[s], count[s], 0.7);
			return;
		}
	for (unsigned s = 0; s < nstyles; s++)
		if (styles[s].kind == PL_GAP3 && count[s] >= 2 &&
		    10 * body_gap3 < body + 1) {
			take_style(plan, styles[s], count[s], 0.6);
			return;
		}
	/* two blank lines, when the body's paragraphs hardly ever have
	 * them */
	for (unsigned s = 0; s < nstyles; s++)
		if (styles[s].kind == PL_GAP2 && count[s] >= 3 &&
		    20 * body_gap2 < body + 1) {
			take_style(plan, styles[s], count[s], 0.5);
			return;
		}
}

void pl_free(lt_plan *plan) { ct_free(&plan->contents); }
