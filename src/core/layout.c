#include "lectern/layout.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include "doc_impl.h"
#include "folder.h"
#include "mdinline.h"
#include "util.h"

size_t lt_cell_next(const char *s, size_t n, size_t col, size_t width,
                    size_t *cell_width)
{
	const uint8_t *p = (const uint8_t *)s;
	if (p[0] == '\t') {
		size_t stop = (col / LT_TAB_STOP + 1) * LT_TAB_STOP;
		if (stop > width)
			stop = width > col ? width : col;
		*cell_width = stop - col;
		return 1;
	}
	if (p[0] == '\n') {
		*cell_width = 0;
		return 1;
	}
	size_t len;
	if (p[0] < 0x80 && (n == 1 || p[1] < 0x80)) {
		len = 1; /* ASCII followed by ASCII: a cluster of its own */
		*cell_width = 1;
		return len;
	}
	const uint8_t *next = u8_grapheme_next(p, p + n);
	len = next ? (size_t)(next - p) : n;
	int w = u8_width(p, len, "UTF-8");
	*cell_width = w < 0 ? 1 : (size_t)w;
	return len;
}

static void add_row(lt_rows *out, lt_row r)
{
	lt_grow(&out->rows, &out->cap, out->nrows + 1, sizeof *out->rows);
	out->rows[out->nrows++] = r;
}

static bool is_break_space(const char *s, size_t len)
{
	return len == 1 && (s[0] == ' ' || s[0] == '\t');
}

/* Width of s[start, end) from column 0, trailing spaces not counted. */
static size_t measure(const char *s, size_t start, size_t end, size_t width,
                      size_t *col_out)
{
	size_t col = 0, visible = 0;
	for (size_t i = start; i < end;) {
		size_t w, len = lt_cell_next(s + i, end - i, col, width, &w);
		col += w;
		if (!is_break_space(s + i, len) && s[i] != '\n')
			visible = col;
		i += len;
	}
	if (col_out)
		*col_out = col;
	return visible;
}

void lt_wrap(const char *s, size_t n, size_t width, lt_rows *out)
{
	if (width == 0)
		width = 1;
	if (n == 0) {
		add_row(out, (lt_row){0, 0, 0, LT_ROW_TEXT});
		return;
	}
	char *brk = lt_xmalloc(n);
	u8_possible_linebreaks((const uint8_t *)s, n, "UTF-8", brk);
	size_t start = 0, col = 0, last_break = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] == '\n') {
			size_t w = measure(s, start, i, width, NULL);
			add_row(out,
			        (lt_row){(uint32_t)start, (uint32_t)(i + 1),
			                 (uint32_t)w, LT_ROW_TEXT});
			start = last_break = ++i;
			col = 0;
			continue;
		}
		if (i > start && (brk[i] == UC_BREAK_POSSIBLE ||
		                  brk[i] == UC_BREAK_HYPHENATION))
			last_break = i;
		size_t w, len = lt_cell_next(s + i, n - i, col, width, &w);
		if (col + w <= width || is_break_space(s + i, len) ||
		    i == start) {
			col += w;
			i += len;
			continue;
		}
		/* s[i] does not fit: end the row at the last break, or split
		 * the word here */
		size_t end = last_break > start ? last_break : i;
		size_t rw = measure(s, start, end, width, NULL);
		add_row(out, (lt_row){(uint32_t)start, (uint32_t)end,
		                      (uint32_t)rw, LT_ROW_TEXT});
		start = last_break = end;
		measure(s, start, i, width, &col);
	}
	if (start < n) {
		size_t w = measure(s, start, n, width, NULL);
		add_row(out, (lt_row){(uint32_t)start, (uint32_t)n, (uint32_t)w,
		                      LT_ROW_TEXT});
	}
	free(brk);
}

void lt_rows_free(lt_rows *r)
{
	free(r->rows);
	*r = (lt_rows){0};
}

/* ---- shaping ----------------------------------------------------------- */

/* A line of the decoded text, as the joining rules read it. */
typedef struct {
	size_t start, end;          /* its bytes, without the '\n' */
	size_t body;                /* where its indentation ends */
	size_t vis;                 /* where its trailing white space starts */
	size_t indent, cells, word; /* cells: lt_line_cells, first word */
	bool blank;
	bool spaced;  /* a space between its words */
	bool list;    /* opens a list item */
	bool table;   /* looks like table columns */
	bool capital; /* opens with a capital letter */
	bool hard;    /* Markdown: ends in two spaces or a backslash */
	bool quote;   /* Markdown: opens with '>' */
	bool pipe;    /* Markdown: opens with '|' */
	int atx;      /* Markdown: lt_md_atx */
	int rule;     /* Markdown: lt_md_underline */
	bool fence;   /* Markdown: lt_md_fence */
} line_info;

/* Opening punctuation a capital may follow: quotes, brackets, dashes. */
static bool opening_punct(ucs4_t c)
{
	return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0x2018 ||
	       c == 0x201C || c == 0x00AB || c == 0x2014 || c == 0x2013;
}

/* Sentence punctuation and closing quotes, after which typists put two
 * spaces. */
static bool sentence_end(ucs4_t c)
{
	return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' ||
	       c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x2019 ||
	       c == 0x201D || c == 0x00BB;
}

/* Does s[body, vis) hold a gap that separates table columns? */
static bool table_gap(const char *s, size_t body, size_t vis)
{
	for (size_t i = body; i < vis; i++) {
		if (s[i] != ' ' && s[i] != '\t')
			continue;
		size_t j = i, spaces = 0;
		bool tab = false;
		for (; j < vis && (s[j] == ' ' || s[j] == '\t'); j++) {
			tab = tab || s[j] == '\t';
			spaces++;
		}
		if (tab || spaces >= 3 ||
		    (spaces == 2 && !sentence_end(md_char_before(s, i, NULL))))
			return true;
		i = j;
	}
	return false;
}

static void read_line(const char *s, line_info *l)
{
	const char *p = s + l->start;
	size_t n = l->end - l->start;
	l->cells = lt_line_cells(p, n, &l->indent);
	l->body = l->start;
	while (l->body < l->end &&
	       lt_uc_is_space(md_char_at(s, l->end, l->body)))
		l->body += (size_t)u8_mblen((const uint8_t *)s + l->body,
		                            l->end - l->body);
	l->blank = l->body == l->end;
	l->vis = l->end;
	while (l->vis > l->body) {
		size_t at;
		if (!lt_uc_is_space(md_char_before(s, l->vis, &at)))
			break;
		l->vis = at;
	}
	if (l->blank)
		return;
	l->word = lt_line_first_word(p, n);
	l->list = lt_line_list_item(p, n);
	l->table = table_gap(s, l->body, l->vis);
	for (size_t i = l->body; i < l->vis && !l->spaced; i++)
		l->spaced = s[i] == ' ' || s[i] == '\t';
	size_t i = l->body;
	ucs4_t c = md_char_at(s, l->end, i);
	while (opening_punct(c) &&
	       (i += (size_t)u8_mblen((const uint8_t *)s + i, l->end - i)) <
	           l->vis)
		c = md_char_at(s, l->end, i);
	l->capital = i < l->vis && uc_is_upper(c);
	l->hard =
	    s[l->vis - 1] == '\\' ||
	    (l->end - l->vis >= 2 && s[l->vis] == ' ' && s[l->vis + 1] == ' ');
	l->quote = s[l->body] == '>';
	l->pipe = s[l->body] == '|';
	l->atx = lt_md_atx(p, n);
	l->rule = lt_md_underline(p, n);
	l->fence = lt_md_fence(p, n);
}

enum {
	BREAK_KEEP,  /* a line break */
	BREAK_SPACE, /* joined with a space */
	BREAK_TIGHT, /* joined with nothing */
	BREAK_DROP,  /* hidden with the line after it (an underline) */
};

/* A hyphen or dash against the word before it, or CJK on both sides:
 * joined without a space. */
static bool join_tight(const char *s, const line_info *a, const line_info *b)
{
	size_t at;
	ucs4_t last = md_char_before(s, a->vis, &at);
	if (last == '-' || last == 0x2010 || last == 0x2014)
		return at > a->body &&
		       !lt_uc_is_space(md_char_before(s, at, NULL));
	return lt_uc_unspaced(last) &&
	       lt_uc_unspaced(md_char_at(s, b->end, b->body));
}

/* What the lines of a paragraph are, read once. */
typedef struct {
	const char *s; /* the decoded text */
	line_info *v;
	size_t n;     /* lines, blank ones too */
	size_t width; /* the wrap width W */
	bool verse;
	bool markdown, verbatim;
	size_t under; /* the line that is a hidden underline, or SIZE_MAX */
} para_lines;

static void read_lines(para_lines *pl, const lt_buf *text, unsigned flags)
{
	const char *s = text->s;
	size_t cap = 0;
	pl->s = s;
	pl->n = 0;
	pl->v = NULL;
	for (size_t start = 0;;) {
		const char *nl = memchr(s + start, '\n', text->len - start);
		size_t end = nl ? (size_t)(nl - s) : text->len;
		lt_grow(&pl->v, &cap, pl->n + 1, sizeof *pl->v);
		line_info *l = &pl->v[pl->n++];
		*l = (line_info){.start = start, .end = end};
		read_line(s, l);
		if (!nl)
			break;
		start = end + 1;
	}
	size_t widest = 0, widest_spaced = 0, texts = 0, capitals = 0;
	const line_info *first = NULL, *prev = NULL;
	pl->under = SIZE_MAX;
	pl->markdown = flags & LT_SHAPE_MARKDOWN;
	for (size_t i = 0; i < pl->n; i++) {
		const line_info *l = &pl->v[i];
		if (l->blank)
			continue;
		if (l->cells > widest)
			widest = l->cells;
		if (l->spaced && l->cells > widest_spaced)
			widest_spaced = l->cells;
		capitals += texts > 0 && l->capital;
		texts++;
		if (!first)
			first = l;
		/* an underline directly under a line of text */
		if (pl->markdown && l->rule && prev && prev == l - 1 &&
		    !prev->atx && !prev->rule && !prev->fence)
			pl->under = i;
		prev = l;
	}
	pl->width = widest_spaced ? widest_spaced : widest;
	pl->verse = texts >= 4 && capitals == texts - 1;
	pl->verbatim =
	    pl->markdown && first &&
	    (first->fence || first->rule == 2 || first->indent >= 4 ||
	     (first->end - first->start == 3 &&
	      memcmp(s + first->start, "+++", 3) == 0));
	if (pl->verbatim || (pl->under != SIZE_MAX && pl->under + 1 < pl->n))
		pl->under = SIZE_MAX; /* an underline ends its paragraph */
}

/* The break between text lines a and b, with gap blank lines between. */
static int break_between(const para_lines *pl, unsigned flags,
                         const line_info *a, const line_info *b, size_t gap)
{
	if (gap > 1 || (gap == 1 && !(flags & LT_SHAPE_DOUBLE)))
		return BREAK_KEEP;
	if (pl->markdown) {
		if (pl->verbatim || a->hard || a->atx || b->atx || b->list ||
		    b->quote || b->pipe || a->pipe ||
		    b->indent >= a->indent + 4)
			return BREAK_KEEP;
	} else {
		if (pl->verse || pl->width < LT_WRAP_MIN ||
		    pl->width > LT_WRAP_MAX || b->list || a->table ||
		    b->table || b->indent > a->indent ||
		    a->cells + 1 + b->word + pl->width / 8 <= pl->width)
			return BREAK_KEEP;
	}
	return join_tight(pl->s, a, b) ? BREAK_TIGHT : BREAK_SPACE;
}

/* The bytes [from, to) of an ATX heading line that are its text: without
 * its '#'s and the blanks after them, and without a closing run of '#'s
 * with the blanks around it. */
static void atx_text(const char *s, const line_info *l, size_t *from,
                     size_t *to)
{
	size_t a = l->start + (size_t)l->atx;
	while (a < l->end && (s[a] == ' ' || s[a] == '\t'))
		a++;
	size_t t = l->end;
	while (t > a && (s[t - 1] == ' ' || s[t - 1] == '\t'))
		t--;
	size_t h = t;
	while (h > a && s[h - 1] == '#')
		h--;
	*from = a;
	*to = l->end;
	if (h < t && (h == a || s[h - 1] == ' ' || s[h - 1] == '\t')) {
		/* a closing run, or the text is all '#'s */
		while (h > a && (s[h - 1] == ' ' || s[h - 1] == '\t'))
			h--;
		*to = h;
	}
}

/* Join the lines of text into out by the rules of lt_shape. */
static void join_lines(const para_lines *pl, unsigned flags, const lt_buf *text,
                       lt_buf *out)
{
	/* text[from, limit) of line a is still to be put */
	size_t from = 0, limit = SIZE_MAX, gap = 0;
	const line_info *a = NULL;
	for (size_t i = 0; i < pl->n; i++) {
		const line_info *b = &pl->v[i];
		if (b->blank) {
			gap += a != NULL;
			continue;
		}
		if (a) {
			int brk = i == pl->under
			              ? BREAK_DROP
			              : break_between(pl, flags, a, b, gap);
			size_t to = brk == BREAK_KEEP ? a->end : a->vis;
			md_put_range(out, text, from, to < limit ? to : limit);
			if (brk == BREAK_DROP)
				return;
			if (brk == BREAK_KEEP)
				lt_buf_put(out, "\n", 1, text->src[a->end]);
			else if (brk == BREAK_SPACE)
				lt_buf_put(out, " ", 1, text->src[a->vis]);
			from = brk == BREAK_KEEP ? b->start : b->body;
			limit = SIZE_MAX;
		}
		if (pl->markdown && !pl->verbatim && b->atx && i == 0)
			atx_text(pl->s, b, &from, &limit);
		gap = 0;
		a = b;
	}
	if (a && limit < a->end) {
		md_put_range(out, text, from, limit);
		from = a->end;
	}
	md_put_range(out, text, from, text->len);
}

void lt_shape(const char *p, size_t n, unsigned flags, lt_buf *out,
              lt_styles *styles)
{
	lt_buf_track(out);
	lt_buf_clear(out);
	styles->n = 0;
	lt_buf text = {0};
	lt_buf_track(&text);
	lt_decode(p, n, &text);
	if (text.len == 0) {
		lt_buf_put(out, "", 0, 0);
		lt_buf_free(&text);
		return;
	}
	para_lines pl;
	read_lines(&pl, &text, flags);
	bool markup = pl.markdown && !pl.verbatim;
	lt_buf joined = {0};
	lt_buf_track(&joined);
	join_lines(&pl, flags, &text, markup ? &joined : out);
	if (markup)
		md_inline(&joined, out, styles, true);
	lt_buf_put(out, "", 0, 0); /* NUL-terminated, even when empty */
	free(pl.v);
	lt_buf_free(&joined);
	lt_buf_free(&text);
}

unsigned lt_shape_flags(const lt_doc *doc)
{
	return (doc->double_spaced ? LT_SHAPE_DOUBLE : 0) |
	       (doc->rules == LT_STRUCT_MARKDOWN ? LT_SHAPE_MARKDOWN : 0);
}

unsigned lt_shape_flags_at(const lt_doc *doc, uint64_t off)
{
	return doc->folder ? fo_shape_flags(doc, off) : lt_shape_flags(doc);
}

static const char about_label[] = "About the author";

const char *lt_block_label(const lt_block *b)
{
	(void)b;
	return about_label;
}

const char *lt_block_title(const lt_block *b)
{
	return b->title.len ? b->title.s : "";
}

/* Put the title no text holds above b's rows, in place of the
 * paragraph's own spacing: two blank rows (none at the start of the
 * document), the title, a blank row. */
static void add_title_rows(lt_block *b)
{
	lt_rows *r = &b->rows;
	size_t k = 0;
	while (k < r->nrows && r->rows[k].kind == LT_ROW_BLANK)
		k++;
	size_t above = b->para == 0 ? 0 : 2, head = above + 2;
	lt_grow(&r->rows, &r->cap, r->nrows - k + head, sizeof *r->rows);
	memmove(r->rows + head, r->rows + k, (r->nrows - k) * sizeof *r->rows);
	r->nrows = r->nrows - k + head;
	for (size_t i = 0; i < head; i++)
		r->rows[i] = (lt_row){0, 0, 0, LT_ROW_BLANK};
	r->rows[above] =
	    (lt_row){0, 0, (uint32_t)lt_text_width(b->title.s, b->title.len),
	             LT_ROW_TITLE};
}

/* ---- windows: a long paragraph laid out a part at a time --------------- */

static bool white_byte(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Where window k (k >= 1) of p[0..n) starts: the first line start in the
 * LT_WINDOW_SLACK bytes from k * LT_WINDOW on, else the first place after
 * a space or tab there (either at a byte that is not white space), else
 * k * LT_WINDOW past at most three continuation bytes. Before (k + 1) *
 * LT_WINDOW, so windows are never empty of bytes; n when none is left. */
static size_t window_cut(const char *p, size_t n, size_t k)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t x = k * LT_WINDOW;
	if (x >= n)
		return n;
	size_t lim = n - x > LT_WINDOW_SLACK ? x + LT_WINDOW_SLACK : n;
	for (size_t i = x; i < lim; i++)
		if ((u[i - 1] == '\n' || u[i - 1] == '\r') && !white_byte(u[i]))
			return i;
	for (size_t i = x; i < lim; i++)
		if ((u[i - 1] == ' ' || u[i - 1] == '\t') && !white_byte(u[i]))
			return i;
	size_t i = x;
	while (i < n && i < x + 3 && (u[i] & 0xC0) == 0x80)
		i++;
	return i;
}

size_t lt_window_count(const char *p, size_t n)
{
	if (n <= LT_WINDOW)
		return 1;
	size_t k = (n - 1) / LT_WINDOW; /* windows before it are whole */
	return window_cut(p, n, k) < n ? k + 1 : k;
}

lt_range lt_window(const char *p, size_t n, size_t k)
{
	size_t count = lt_window_count(p, n);
	if (k >= count)
		k = count - 1;
	size_t start = k ? window_cut(p, n, k) : 0;
	size_t end = k + 1 < count ? window_cut(p, n, k + 1) : n;
	while (end > start && white_byte((unsigned char)p[end - 1]))
		end--; /* the cut is a row break: no blank row before it */
	return (lt_range){start, end};
}

size_t lt_window_at(const char *p, size_t n, uint64_t off)
{
	size_t count = lt_window_count(p, n);
	size_t k = (size_t)(off / LT_WINDOW);
	if (k >= count)
		return count - 1;
	return k > 0 && window_cut(p, n, k) > off ? k - 1 : k;
}

static void block_rows(lt_block *b, size_t width);

void lt_block_build(lt_block *b, const lt_doc *doc, size_t para, size_t window,
                    size_t width)
{
	lt_range r = lt_doc_para_text(doc, para);
	lt_block_build_range(b, doc, r, lt_doc_para_kind(doc, para), window,
	                     width);
	b->para = para;
	/* a front matter block shows its title: the source map counts from
	 * the paragraph's start */
	uint64_t skip = r.start - lt_doc_para(doc, para).start;
	const char *title = lt_doc_para_title(doc, para);
	size_t tn = title ? strlen(title) : 0, rn = (size_t)(r.end - r.start);
	if (title && (tn != rn || memcmp(title, doc->data + r.start, tn))) {
		/* written with quotes or escapes: shown as it reads, each
		 * byte's source within the value */
		lt_buf_clear(&b->text);
		b->styles.n = 0;
		for (size_t i = 0; i < tn; i++)
			lt_buf_put(&b->text, title + i, 1,
			           (uint32_t)(i < rn ? i
			                      : rn   ? rn - 1
			                             : 0));
		lt_buf_put(&b->text, "", 0, 0);
		block_rows(b, width);
	}
	for (size_t i = 0; skip && i < b->text.len; i++)
		b->text.src[i] += (uint32_t)skip;
	/* a title that opens the text needs no space above it, nor does a
	 * title's second paragraph ("FEDERALIST No. 10", then its title) */
	if (b->kind == LT_PARA_TITLE && b->window == 0 && b->rows.nrows > 2 &&
	    b->rows.rows[0].kind == LT_ROW_BLANK &&
	    (para == 0 || lt_doc_para_kind(doc, para - 1) == LT_PARA_TITLE)) {
		memmove(b->rows.rows, b->rows.rows + 2,
		        (b->rows.nrows - 2) * sizeof *b->rows.rows);
		b->rows.nrows -= 2;
	}
	/* an essay whose title no text holds: the title, above */
	lt_buf_clear(&b->title);
	if (b->window == 0 && lt_doc_unwritten_title(doc, para, &b->title))
		add_title_rows(b);
}

void lt_block_build_range(lt_block *b, const lt_doc *doc, lt_range r,
                          lt_para_kind kind, size_t window, size_t width)
{
	const char *p = lt_doc_bytes(doc) + r.start;
	size_t n = (size_t)(r.end - r.start);
	b->rows.nrows = 0;
	b->para = LT_NONE;
	b->width = width;
	b->kind = kind;
	b->indent = 0;
	b->nwindows = lt_window_count(p, n);
	b->window = window < b->nwindows ? window : b->nwindows - 1;
	lt_range w = lt_window(p, n, b->window);
	lt_shape(p + w.start, (size_t)(w.end - w.start),
	         lt_shape_flags_at(doc, r.start), &b->text, &b->styles);
	if (w.start) /* the source map counts from the paragraph's start */
		for (size_t i = 0; i < b->text.len; i++)
			b->text.src[i] += (uint32_t)w.start;
	block_rows(b, width);
}

/* The rows of b's text at width cells, with the spacing and label of its
 * kind. */
static void block_rows(lt_block *b, size_t width)
{
	b->rows.nrows = 0;
	size_t before = 0;
	switch (b->window == 0 ? b->kind : LT_PARA_BODY) {
	case LT_PARA_TITLE: before = 2; break;
	case LT_PARA_HEADING: before = 1; break;
	case LT_PARA_BIO:
		add_row(&b->rows,
		        (lt_row){0, 0, sizeof about_label - 1, LT_ROW_LABEL});
		break;
	default: break;
	}
	if (b->kind == LT_PARA_BIO)
		b->indent = width >= 24 ? 2 : 0;
	for (size_t k = 0; k < before; k++)
		add_row(&b->rows, (lt_row){0, 0, 0, LT_ROW_BLANK});
	lt_wrap(b->text.s, b->text.len, width - 2 * b->indent, &b->rows);
	if (b->window + 1 == b->nwindows)
		add_row(&b->rows, (lt_row){0, 0, 0, LT_ROW_BLANK});
}

void lt_block_free(lt_block *b)
{
	lt_buf_free(&b->title);
	lt_buf_free(&b->text);
	lt_styles_free(&b->styles);
	lt_rows_free(&b->rows);
}

size_t lt_block_row_at(const lt_block *b, uint64_t off)
{
	size_t first = LT_NONE, found = LT_NONE;
	for (size_t i = 0; i < b->rows.nrows; i++) {
		const lt_row *row = &b->rows.rows[i];
		if (row->kind != LT_ROW_TEXT)
			continue;
		if (first == LT_NONE)
			first = i;
		if (row->start < b->text.len && b->text.src[row->start] <= off)
			found = i;
	}
	if (off == 0 && (found == LT_NONE || found == first)) {
		/* the start of the paragraph: with the title above it */
		for (size_t i = 0; b->title.len && i < b->rows.nrows; i++)
			if (b->rows.rows[i].kind == LT_ROW_TITLE)
				return i;
	}
	if (found != LT_NONE)
		return found;
	return first != LT_NONE ? first : 0;
}

uint64_t lt_block_row_offset(const lt_block *b, size_t r)
{
	const lt_row *row = &b->rows.rows[r];
	if (row->kind != LT_ROW_TEXT || row->start >= b->text.len)
		return 0;
	return b->text.src[row->start];
}

size_t lt_text_width(const char *s, size_t n)
{
	/* the cells the layout gives each grapheme cluster (lt_cell_next),
	 * so that what is measured is what is painted */
	size_t col = 0;
	for (size_t i = 0; i < n;) {
		size_t w;
		i += lt_cell_next(s + i, n - i, col, SIZE_MAX, &w);
		col += w;
	}
	return col;
}
