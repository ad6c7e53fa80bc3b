/* Markdown's inline markup, in one place: what the reader hides of a
 * paragraph, and what titles, headings and the outline show (mdinline.h).
 */
#include "mdinline.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "util.h"

/* The code point at s[i] (valid UTF-8, i < n). */
ucs4_t md_char_at(const char *s, size_t n, size_t i)
{
	ucs4_t uc;
	u8_mbtouc(&uc, (const uint8_t *)s + i, n - i);
	return uc;
}

/* The code point that ends just before s[i] (i > 0). */
ucs4_t md_char_before(const char *s, size_t i, size_t *start)
{
	ucs4_t uc;
	const uint8_t *p =
	    u8_prev(&uc, (const uint8_t *)s + i, (const uint8_t *)s);
	if (start)
		*start = p ? (size_t)(p - (const uint8_t *)s) : i - 1;
	return p ? uc : (ucs4_t)(unsigned char)s[i - 1];
}

bool md_ascii_punct(ucs4_t c)
{
	return c < 0x80 && c > ' ' && c != 0x7F && !(c >= '0' && c <= '9') &&
	       !((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Append text[from, to) to out with its sources. */
void md_put_range(lt_buf *out, const lt_buf *text, size_t from, size_t to)
{
	if (from >= to)
		return;
	size_t at = out->len;
	lt_buf_put(out, text->s + from, to - from, 0);
	memcpy(out->src + at, text->src + from, (to - from) * sizeof *out->src);
}

/* A run of '*' or '_' that may open or close emphasis. */
typedef struct {
	size_t pos, len;
	char c;
} delim;

/* A matched pair: emphasis from the end of run open to run close. */
typedef struct {
	size_t open, close, len;
} emphasis;

/* Runs longer than this are never emphasis; backtick runs longer are
 * never code spans. */
#define RUN_MAX 32

typedef struct {
	delim *stack;
	size_t n, cap;
	/* openers of '*' (0) or '_' (1) and length k + 1 are only looked
	 * for from bottom[c][k] up: none is below (CommonMark's
	 * openers_bottom, so that a long text costs linear time) */
	size_t bottom[2][3];
	emphasis *pairs;
	size_t npairs, paircap;
	bool *hidden;    /* per byte of the text */
	lt_range *links; /* each link's "(address)" */
	size_t nlinks, linkcap;
	size_t no_closer[RUN_MAX + 1]; /* no backtick run of that length
	                                * from here on */
} inline_state;

enum { CLASS_SPACE, CLASS_PUNCT, CLASS_OTHER };

static int char_class(ucs4_t c)
{
	if (lt_uc_is_space(c))
		return CLASS_SPACE;
	if (c < 0x80 ? md_ascii_punct(c)
	             : uc_is_general_category(c, UC_CATEGORY_P) ||
	                   uc_is_general_category(c, UC_CATEGORY_S))
		return CLASS_PUNCT;
	return CLASS_OTHER;
}

/* Drop the openers from k up. */
static void stack_cut(inline_state *st, size_t k)
{
	st->n = k;
	for (size_t c = 0; c < 2; c++)
		for (size_t l = 0; l < 3; l++)
			if (st->bottom[c][l] > k)
				st->bottom[c][l] = k;
}

/* The run of c at s[i, j): match it with an opener as a closer, or push
 * it as an opener (CommonMark's flanking rules, simplified). */
static void emphasis_run(inline_state *st, const char *s, size_t n, size_t i,
                         size_t j)
{
	char c = s[i];
	int before =
	    i > 0 ? char_class(md_char_before(s, i, NULL)) : CLASS_SPACE;
	int after = j < n ? char_class(md_char_at(s, n, j)) : CLASS_SPACE;
	bool left = after != CLASS_SPACE &&
	            (after != CLASS_PUNCT || before != CLASS_OTHER);
	bool right = before != CLASS_SPACE &&
	             (before != CLASS_PUNCT || after != CLASS_OTHER);
	bool open = left, close = right;
	if (c == '_') { /* never inside a word */
		open = left && (!right || before == CLASS_PUNCT);
		close = right && (!left || after == CLASS_PUNCT);
	}
	size_t len = j - i;
	if (len > 3)
		return;
	size_t *bottom = &st->bottom[c == '_'][len - 1];
	if (close) {
		for (size_t k = st->n; k-- > *bottom;) {
			if (st->stack[k].c != c || st->stack[k].len != len)
				continue;
			lt_grow(&st->pairs, &st->paircap, st->npairs + 1,
			        sizeof *st->pairs);
			st->pairs[st->npairs++] =
			    (emphasis){st->stack[k].pos, i, len};
			memset(st->hidden + st->stack[k].pos, 1, len);
			memset(st->hidden + i, 1, len);
			stack_cut(st, k); /* openers inside it stay text */
			return;
		}
		*bottom = st->n;
	}
	if (open) {
		lt_grow(&st->stack, &st->cap, st->n + 1, sizeof *st->stack);
		st->stack[st->n++] = (delim){i, len, c};
	}
}

/* Is text byte i a character of the source as it is, not part of an
 * escape that lt_decode made ("^_", "<U+2028>")? Only those are markup. */
static bool literal(const lt_buf *text, size_t i)
{
	return (i == 0 || text->src[i - 1] != text->src[i]) &&
	       (i + 1 == text->len || text->src[i + 1] != text->src[i]);
}

/* The end of the run of literal c at text[i]. */
static size_t run_end(const lt_buf *text, size_t i, char c)
{
	while (i < text->len && text->s[i] == c && literal(text, i))
		i++;
	return i;
}

/* The end of a simple link destination "(url)" at text[i] == '(': one past
 * its ')', or 0. It stands in the source as it is: no escape, no joined
 * line break in it. */
static size_t link_end(const lt_buf *text, size_t i)
{
	const char *s = text->s;
	size_t j = i + 1;
	while (j < text->len && text->src[j] == text->src[i] + (j - i) &&
	       literal(text, j) && !strchr("()<> \t\n", s[j]) &&
	       !lt_uc_is_space(md_char_at(s, text->len, j)))
		j++;
	return j > i + 1 && j < text->len && s[j] == ')' &&
	               text->src[j] == text->src[i] + (j - i)
	           ? j + 1
	           : 0;
}

/* The backtick run text[i, j): past the code span it opens (shown as it
 * is), or past the run when no run of as many backticks closes it. */
static size_t code_span_end(inline_state *st, const lt_buf *text, size_t i,
                            size_t j)
{
	size_t len = j - i;
	if (len > RUN_MAX || j >= st->no_closer[len])
		return j;
	for (size_t k = j; k < text->len; k++) {
		if (text->s[k] != '`')
			continue;
		size_t e = run_end(text, k, '`');
		if (e - k == len)
			return e;
		k = e;
	}
	st->no_closer[len] = j;
	return j;
}

/* Find the inline markup of text: st->hidden and st->pairs. */
static void find_inline(inline_state *st, const lt_buf *text)
{
	const char *s = text->s;
	size_t n = text->len;
	size_t *brackets = NULL, nb = 0, bcap = 0;
	size_t *bdepth = NULL, dcap = 0; /* the delimiter stack at each '[' */
	for (size_t i = 0; i < n;) {
		char c = s[i];
		if (!literal(text, i)) {
			i++;
		} else if (c == '`') {
			i = code_span_end(st, text, i, run_end(text, i, c));
		} else if (c == '\\' && i + 1 < n && literal(text, i + 1) &&
		           text->src[i + 1] == text->src[i] + 1 &&
		           (md_ascii_punct((unsigned char)s[i + 1]) ||
		            s[i + 1] == '\n')) {
			st->hidden[i] = true;
			i += s[i + 1] == '\n' ? 1 : 2;
		} else if (c == '*' || c == '_') {
			size_t j = run_end(text, i, c);
			emphasis_run(st, s, n, i, j);
			i = j;
		} else if (c == '[' && (i == 0 || s[i - 1] != '!')) {
			lt_grow(&brackets, &bcap, nb + 1, sizeof *brackets);
			lt_grow(&bdepth, &dcap, nb + 1, sizeof *bdepth);
			bdepth[nb] = st->n;
			brackets[nb++] = i++;
		} else if (c == ']' && nb > 0) {
			nb--;
			size_t end =
			    i + 1 < n && s[i + 1] == '(' &&
			            text->src[i + 1] == text->src[i] + 1
			        ? link_end(text, i + 1)
			        : 0;
			if (end) {
				st->hidden[brackets[nb]] = true;
				memset(st->hidden + i, 1, end - i);
				lt_grow(&st->links, &st->linkcap,
				        st->nlinks + 1, sizeof *st->links);
				st->links[st->nlinks++] =
				    (lt_range){i + 1, end};
				if (st->n > bdepth[nb])
					stack_cut(st, bdepth[nb]);
				i = end;
			} else {
				i++;
			}
		} else {
			i++;
		}
	}
	free(brackets);
	free(bdepth);
}

typedef struct {
	uint32_t pos;
	int italic, bold, link; /* +1 from here, -1 */
} style_event;

static int event_order(const void *x, const void *y)
{
	const style_event *a = x, *b = y;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* The emphasis of st as spans of out, which holds the visible bytes of
 * the text: at[i] is where text byte i went. */
static void make_styles(const inline_state *st, const size_t *at,
                        bool addresses, lt_styles *styles)
{
	size_t n = 0;
	style_event *ev =
	    lt_xmalloc((2 * (st->npairs + st->nlinks) + 1) * sizeof *ev);
	for (size_t k = 0; k < st->npairs; k++) {
		const emphasis *e = &st->pairs[k];
		int it = e->len != 2, bo = e->len >= 2;
		ev[n++] =
		    (style_event){(uint32_t)at[e->open + e->len], it, bo, 0};
		ev[n++] = (style_event){(uint32_t)at[e->close], -it, -bo, 0};
	}
	for (size_t k = 0; addresses && k < st->nlinks; k++) {
		ev[n++] =
		    (style_event){(uint32_t)at[st->links[k].start], 0, 0, 1};
		ev[n++] =
		    (style_event){(uint32_t)at[st->links[k].end], 0, 0, -1};
	}
	qsort(ev, n, sizeof *ev, event_order);
	int italic = 0, bold = 0, link = 0;
	for (size_t k = 0; k < n; k++) {
		italic += ev[k].italic;
		bold += ev[k].bold;
		link += ev[k].link;
		if (k + 1 < n && ev[k + 1].pos == ev[k].pos)
			continue;
		uint8_t style = (italic > 0 ? LT_STYLE_ITALIC : 0) |
		                (bold > 0 ? LT_STYLE_BOLD : 0) |
		                (link > 0 ? LT_STYLE_LINK : 0);
		uint32_t end = k + 1 < n ? ev[k + 1].pos : ev[k].pos;
		if (!style || end <= ev[k].pos)
			continue;
		lt_style_span *last =
		    styles->n ? &styles->v[styles->n - 1] : NULL;
		if (last && last->end == ev[k].pos && last->style == style) {
			last->end = end;
			continue;
		}
		lt_grow(&styles->v, &styles->cap, styles->n + 1,
		        sizeof *styles->v);
		styles->v[styles->n++] = (lt_style_span){ev[k].pos, end, style};
	}
	free(ev);
}

/* Hide the inline markup of text, putting the rest in out. */
void md_inline(const lt_buf *text, lt_buf *out, lt_styles *styles,
               bool addresses)
{
	inline_state st = {0};
	for (size_t l = 0; l <= RUN_MAX; l++)
		st.no_closer[l] = SIZE_MAX;
	st.hidden = lt_xcalloc(text->len + 1, 1);
	find_inline(&st, text);
	/* a link's address shown after its text: its "]" is a space */
	bool *space = NULL;
	if (addresses && st.nlinks) {
		space = lt_xcalloc(text->len + 1, 1);
		for (size_t k = 0; k < st.nlinks; k++) {
			lt_range a = st.links[k];
			memset(st.hidden + a.start - 1, 0, a.end - a.start + 1);
			space[a.start - 1] = true;
		}
	}
	size_t *at = lt_xmalloc((text->len + 1) * sizeof *at);
	for (size_t i = 0; i < text->len;) {
		if (space && space[i]) {
			at[i] = out->len;
			lt_buf_put(out, " ", 1, text->src[i]);
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < text->len && st.hidden[j] == st.hidden[i] &&
		       !(space && space[j]))
			j++;
		for (size_t k = i; k < j; k++)
			at[k] = out->len + (st.hidden[i] ? 0 : k - i);
		if (!st.hidden[i])
			md_put_range(out, text, i, j);
		i = j;
	}
	at[text->len] = out->len;
	make_styles(&st, at, addresses, styles);
	free(at);
	free(space);
	free(st.links);
	free(st.hidden);
	free(st.stack);
	free(st.pairs);
}

void lt_styles_free(lt_styles *s)
{
	free(s->v);
	*s = (lt_styles){0};
}

void md_plain(const char *p, size_t n, lt_buf *out)
{
	lt_buf text = {0}, shown = {0};
	lt_styles styles = {0};
	lt_buf_track(&text);
	lt_buf_track(&shown);
	lt_decode(p, n, &text);
	if (text.len)
		md_inline(&text, &shown, &styles, false);
	if (shown.len)
		lt_buf_put(out, shown.s, shown.len, 0);
	lt_buf_free(&text);
	lt_buf_free(&shown);
	lt_styles_free(&styles);
}
