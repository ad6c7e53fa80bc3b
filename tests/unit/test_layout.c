/* Wrapping: every paragraph of the bundled collection at every width from
 * 1 to 120, and the line-breaking rules one by one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lectern/doc.h"
#include "lectern/layout.h"

/* The rows' ranges put together are the text; no row is wider than the
 * column unless it is one grapheme cluster wider than the whole column;
 * each row's width is what its cells add up to. */
static void check_wrap(const char *s, size_t n, size_t width)
{
	lt_rows rows = {0};
	lt_wrap(s, n, width, &rows);
	size_t at = 0;
	for (size_t r = 0; r < rows.nrows; r++) {
		const lt_row *row = &rows.rows[r];
		if (!OK(row->start == at)) {
			fprintf(stderr,
			        "  width %zu row %zu starts at %u, want %zu\n",
			        width, r, row->start, at);
			break;
		}
		at = row->end;
		size_t col = 0, cells = 0, clusters = 0;
		for (size_t i = row->start; i < row->end;) {
			size_t w, len = lt_cell_next(s + i, row->end - i, col,
			                             width, &w);
			col += w;
			clusters++;
			/* trailing white space is a lone space or tab; a
			 * space carrying combining marks shows */
			bool blank = len == 1 && (s[i] == ' ' || s[i] == '\t');
			if (!blank && s[i] != '\n')
				cells = col;
			i += len;
		}
		INT_EQ(row->width, cells);
		if (row->width > width && !OK(clusters == 1)) {
			fprintf(stderr,
			        "  width %zu row %zu is %u cells: %.*s\n",
			        width, r, row->width,
			        (int)(row->end - row->start), s + row->start);
		}
	}
	INT_EQ(at, n);
	lt_rows_free(&rows);
}

static void test_bundled_all_widths(const char *path)
{
	harness_test("every paragraph of the bundled collection, widths 1-120");
	lt_error err;
	lt_doc *doc = lt_doc_open(path, &err);
	if (!OK(doc != NULL))
		return;
	lt_doc_scan(doc, 0);
	lt_buf b = {0};
	for (size_t p = 0; p < lt_doc_npara(doc); p++) {
		lt_range r = lt_doc_para(doc, p);
		lt_buf_clear(&b);
		lt_decode(lt_doc_bytes(doc) + r.start,
		          (size_t)(r.end - r.start), &b);
		for (size_t w = 1; w <= 120; w++)
			check_wrap(b.s, b.len, w);
	}
	lt_buf_free(&b);
	lt_doc_free(doc);
}

/* The rows of s at width, as text joined by '|'. */
static char *rows_of(const char *s, size_t width)
{
	lt_rows rows = {0};
	size_t n = strlen(s);
	lt_wrap(s, n, width, &rows);
	char *out = calloc(1, n + rows.nrows + 1);
	for (size_t r = 0; r < rows.nrows; r++) {
		if (r)
			strcat(out, "|");
		strncat(out, s + rows.rows[r].start,
		        rows.rows[r].end - rows.rows[r].start);
	}
	lt_rows_free(&rows);
	return out;
}

#define WRAPS_TO(text, width, want)                                            \
	do {                                                                   \
		char *got_ = rows_of(text, width);                             \
		STR_EQ(got_, want);                                            \
		free(got_);                                                    \
	} while (0)

static void test_rules(void)
{
	harness_test("breaks at spaces, keeping the space on the row");
	WRAPS_TO("one two three", 8, "one two |three");
	harness_test("after a hyphen");
	WRAPS_TO("Sino-Russian ties", 10, "Sino-|Russian |ties");
	harness_test("never at a no-break space");
	WRAPS_TO("Written by\xC2\xA0Jingdong Yuan", 14,
	         "Written |by\xC2\xA0Jingdong |Yuan");
	harness_test("never before closing punctuation");
	WRAPS_TO("ab cd\xE2\x80\x9D.", 5, "ab |cd\xE2\x80\x9D.");
	harness_test("between CJK characters, never cutting one");
	WRAPS_TO("\xE4\xBF\x84\xE7\xBD\x97\xE6\x96\xAF", 5,
	         "\xE4\xBF\x84\xE7\xBD\x97|\xE6\x96\xAF");
	harness_test("a word wider than the column is split");
	WRAPS_TO("abcdefghij", 4, "abcd|efgh|ij");
	harness_test("combining marks stay with their base");
	WRAPS_TO("e\xCC\x81"
	         "e\xCC\x81"
	         "e\xCC\x81",
	         2,
	         "e\xCC\x81"
	         "e\xCC\x81|e\xCC\x81");
	harness_test("a line break in a paragraph is a mandatory break");
	WRAPS_TO("short\nlines", 40, "short\n|lines");
	harness_test("tabs reach the next stop of 8 cells");
	{
		lt_rows rows = {0};
		lt_wrap("a\tb", 3, 40, &rows);
		INT_EQ(rows.nrows, 1);
		INT_EQ(rows.rows[0].width, 9); /* a, 7 cells of tab, b */
		lt_rows_free(&rows);
	}
	harness_test("a space carrying a combining mark is not trailing space");
	{
		lt_rows rows = {0};
		lt_wrap("ab \xCC\x81", 5, 10, &rows);
		INT_EQ(rows.nrows, 1);
		INT_EQ(rows.rows[0].width, 3);
		lt_rows_free(&rows);
		check_wrap("ab \xCC\x81 \xCC\x81"
		           "cd",
		           10, 3);
	}
	harness_test("an empty paragraph is one empty row");
	WRAPS_TO("", 10, "");
}

/* s shaped with flags; styled spans marked <i>...</i>, <b>...</b> or
 * <bi>...</bi>, a link's address <l>...</l>. The caller frees it. */
static char *shaped(const char *s, unsigned flags)
{
	lt_buf b = {0};
	lt_styles st = {0};
	lt_shape(s, strlen(s), flags, &b, &st);
	static const char *const open[] = {"",    "<i>",  "<b>",  "<bi>",
	                                   "<l>", "<il>", "<bl>", "<bil>"};
	static const char *const close[] = {"",     "</i>",  "</b>",  "</bi>",
	                                    "</l>", "</il>", "</bl>", "</bil>"};
	char *out = calloc(1, b.len + 14 * st.n + 1);
	size_t at = 0;
	for (size_t k = 0; k <= st.n; k++) {
		size_t to = k < st.n ? st.v[k].start : b.len;
		strncat(out, b.s + at, to - at);
		if (k == st.n)
			break;
		strcat(out, open[st.v[k].style & 7]);
		strncat(out, b.s + to, st.v[k].end - to);
		strcat(out, close[st.v[k].style & 7]);
		at = st.v[k].end;
	}
	lt_buf_free(&b);
	lt_styles_free(&st);
	return out;
}

#define SHAPES_TO(text, flags, want)                                           \
	do {                                                                   \
		char *got_ = shaped(text, flags);                              \
		STR_EQ(got_, want);                                            \
		free(got_);                                                    \
	} while (0)

#define PLAIN    0
#define DOUBLE   LT_SHAPE_DOUBLE
#define MARKDOWN LT_SHAPE_MARKDOWN

/* A paragraph wrapped at 60 columns by a program, as it ends up in a
 * book's text file. */
static const char wrapped[] =
    "It was the best of times, it was the worst of times, it was\n"
    "the age of wisdom, it was the age of foolishness, it was the\n"
    "epoch of belief, it was the epoch of incredulity, it was the\n"
    "season of Light.";
static const char joined[] =
    "It was the best of times, it was the worst of times, it was "
    "the age of wisdom, it was the age of foolishness, it was the "
    "epoch of belief, it was the epoch of incredulity, it was the "
    "season of Light.";

static void test_join(void)
{
	harness_test("hard-wrapped lines are joined");
	SHAPES_TO(wrapped, PLAIN, joined);
	harness_test("... and reflowed at any width");
	{
		lt_buf b = {0};
		lt_styles st = {0};
		lt_shape(wrapped, strlen(wrapped), PLAIN, &b, &st);
		lt_rows rows = {0};
		lt_wrap(b.s, b.len, 100, &rows);
		INT_EQ(rows.nrows, 3);
		OK(rows.rows[0].width > 60); /* wider than the source */
		/* the space that joins two lines stands for the line end */
		const char *sp = strstr(b.s, "was the age");
		INT_EQ(b.src[sp - b.s + 3], strchr(wrapped, '\n') - wrapped);
		lt_rows_free(&rows);
		lt_buf_free(&b);
		lt_styles_free(&st);
	}
	harness_test("the joining white space is one space");
	SHAPES_TO(
	    "    The line ends in spaces, and the next line is indented, as\t "
	    "\n"
	    "    quotations in some hard-wrapped text are, and it goes on a\n"
	    "    little.",
	    PLAIN,
	    "    The line ends in spaces, and the next line is indented, as "
	    "quotations in some hard-wrapped text are, and it goes on a "
	    "little.");
	harness_test("a CRLF and a lone CR join alike");
	SHAPES_TO(
	    "It was the best of times, it was the worst of times, it was\r\n"
	    "the age of wisdom, it was the age of foolishness, it was the\r"
	    "epoch.",
	    PLAIN,
	    "It was the best of times, it was the worst of times, it was "
	    "the age of wisdom, it was the age of foolishness, it was the "
	    "epoch.");
	harness_test("a word that would have fit: the break is meant");
	SHAPES_TO(
	    "The first line of this paragraph is long enough to be wrapped\n"
	    "Short.\nThe next one starts at the margin and goes on beyond its "
	    "end\n"
	    "for a while.",
	    PLAIN,
	    "The first line of this paragraph is long enough to be wrapped "
	    "Short.\nThe next one starts at the margin and goes on beyond its "
	    "end for a while.");
	harness_test("a hyphen or dash against a word joins without a space");
	SHAPES_TO(
	    "This relationship has been called a strategic partnership, Sino-\n"
	    "Russian in name, though what it is matters much less than what "
	    "it\n"
	    "does for the two of them, and it does a great deal for each "
	    "one\u2014\n"
	    "more than either admits -\nand the rest is silence for now.",
	    PLAIN,
	    "This relationship has been called a strategic partnership, "
	    "Sino-Russian in name, though what it is matters much less than "
	    "what it does for the two of them, and it does a great deal for "
	    "each one\u2014more than either admits -\nand the rest is "
	    "silence for now.");
	harness_test("CJK lines join without a space");
	SHAPES_TO("\u65E5\u672C\u8A9E\u306E\u6587\u7AE0\u306F\u7A7A\u767D"
	          "\u3092\u4F7F\u308F\u306A\u3044\u3002\u305D\u306E\u305F\u3081"
	          "\u3001\u884C\n"
	          "\u3092\u7D50\u3076\u3068\u304D\u306B\u7A7A\u767D\u3092\u5165"
	          "\u308C\u306A\u3044\u3002",
	          PLAIN,
	          "\u65E5\u672C\u8A9E\u306E\u6587\u7AE0\u306F\u7A7A\u767D"
	          "\u3092\u4F7F\u308F\u306A\u3044\u3002\u305D\u306E\u305F\u3081"
	          "\u3001\u884C"
	          "\u3092\u7D50\u3076\u3068\u304D\u306B\u7A7A\u767D\u3092\u5165"
	          "\u308C\u306A\u3044\u3002");
}

static void test_keep(void)
{
	harness_test("list items keep their breaks");
	SHAPES_TO(
	    "What to bring on the walk, in the order you will want them:\n"
	    "- a lantern for the tunnel under the old railway embankment\n"
	    "- two maps of the old town, one of them from before the war\n"
	    "1. the first numbered item, long enough to have been joined\n"
	    "a) and a lettered one",
	    PLAIN,
	    "What to bring on the walk, in the order you will want them:\n"
	    "- a lantern for the tunnel under the old railway embankment\n"
	    "- two maps of the old town, one of them from before the war\n"
	    "1. the first numbered item, long enough to have been joined\n"
	    "a) and a lettered one");
	harness_test("table columns keep their breaks");
	static const char table[] =
	    "Name of the delegate        Country of origin       Votes\n"
	    "John Smith                  United Kingdom          42\n"
	    "Mary Jones\tIreland\t37";
	SHAPES_TO(table, PLAIN, table);
	harness_test("two spaces after a full stop are no table");
	SHAPES_TO(
	    "It was the best of times.  It was the worst of times, it was\n"
	    "the age of wisdom.  It was the age of foolishness, it was the\n"
	    "epoch of belief.",
	    PLAIN,
	    "It was the best of times.  It was the worst of times, it was "
	    "the age of wisdom.  It was the age of foolishness, it was the "
	    "epoch of belief.");
	harness_test("verse keeps its breaks");
	static const char verse[] =
	    "Whose woods these are I think I know, his house is in the "
	    "village\n"
	    "He will not see me stopping here to watch his woods fill up\n"
	    "My little horse must think it queer to stop without a farmhouse\n"
	    "Between the woods and frozen lake the darkest evening of the "
	    "year.";
	SHAPES_TO(verse, PLAIN, verse);
	harness_test("short lines keep their breaks: an address");
	static const char address[] =
	    "Mr. John Smith\n42 Long Road\nSpringfield";
	SHAPES_TO(address, PLAIN, address);
	harness_test("a line indented more than the one before starts anew");
	static const char indented[] =
	    "The last line of one paragraph, in a book that indents the first\n"
	    "line of each instead of leaving a blank line between them, ends.\n"
	    "    The next paragraph starts here, indented by four spaces, and\n"
	    "goes on.";
	SHAPES_TO(
	    indented, PLAIN,
	    "The last line of one paragraph, in a book that indents the first "
	    "line of each instead of leaving a blank line between them, ends.\n"
	    "    The next paragraph starts here, indented by four spaces, and "
	    "goes on.");
	harness_test("lines too long to be wrapped by hand keep their breaks");
	char longer[420];
	snprintf(longer, sizeof longer, "%s%s\n%s", joined, joined, "Next.");
	SHAPES_TO(longer, PLAIN, longer);
	harness_test("a paragraph without line breaks is as decoded");
	SHAPES_TO("tab\there, \x01 and \x80", PLAIN, "tab\there, ^A and <80>");
}

static void test_double(void)
{
	harness_test(
	    "double spacing: a blank line inside a paragraph is spacing");
	SHAPES_TO(
	    "It was the best of times, it was the worst of times, it was\n\n"
	    "the age of wisdom, it was the age of foolishness, it was the\n"
	    "  \n"
	    "epoch of belief.",
	    DOUBLE,
	    "It was the best of times, it was the worst of times, it was "
	    "the age of wisdom, it was the age of foolishness, it was the "
	    "epoch of belief.");
	harness_test("... and a kept break drops it");
	SHAPES_TO(
	    "What to bring on the walk, in the order you will want them:\n\n"
	    "- a lantern\n\n- two maps",
	    DOUBLE,
	    "What to bring on the walk, in the order you will want them:\n"
	    "- a lantern\n- two maps");
	harness_test("without double spacing a blank line is kept as a break");
	SHAPES_TO(
	    "It was the best of times, it was the worst of times, it was\n\n"
	    "the age.",
	    PLAIN,
	    "It was the best of times, it was the worst of times, it was\n"
	    "the age.");
}

static void test_markdown(void)
{
	harness_test("Markdown: an ATX heading's markers are hidden");
	SHAPES_TO("# The *Title* of It", MARKDOWN, "The <i>Title</i> of It");
	SHAPES_TO("### Closed ###  ", MARKDOWN, "Closed");
	SHAPES_TO("## Not closed#", MARKDOWN, "Not closed#");
	SHAPES_TO("# C#", MARKDOWN, "C#");
	SHAPES_TO("# Ends in a backslash\\ ##", MARKDOWN,
	          "Ends in a backslash\\");
	SHAPES_TO("##", MARKDOWN, "");
	SHAPES_TO("#hashtag", MARKDOWN, "#hashtag");
	harness_test("Markdown: a setext underline is hidden");
	SHAPES_TO("Setext *Heading*\n===============", MARKDOWN,
	          "Setext <i>Heading</i>");
	SHAPES_TO("A heading over\ntwo lines\n---", MARKDOWN,
	          "A heading over two lines");
	harness_test("Markdown: front matter and code are kept as they are");
	static const char front[] = "---\ntitle: *Notes*\nauthor: Ann\n---";
	SHAPES_TO(front, MARKDOWN, front);
	static const char code[] = "```\n# not a heading\nkeep *this*\n```";
	SHAPES_TO(code, MARKDOWN, code);
	static const char indented[] = "    int *p = q;\n    return *p;";
	SHAPES_TO(indented, MARKDOWN, indented);
	harness_test("Markdown: emphasis");
	SHAPES_TO("Some *italic*, _also_, **bold**, __too__ and ***both***.",
	          MARKDOWN,
	          "Some <i>italic</i>, <i>also</i>, <b>bold</b>, <b>too</b> "
	          "and <bi>both</bi>.");
	SHAPES_TO("**bold with *italic* inside**", MARKDOWN,
	          "<b>bold with </b><bi>italic</bi><b> inside</b>");
	SHAPES_TO("emphasis *across a\nsoft break*", MARKDOWN,
	          "emphasis <i>across a soft break</i>");
	harness_test("Markdown: what is no emphasis stays");
	SHAPES_TO("snake_case_name and 2 * 3 * 4 and *unclosed and a * b",
	          MARKDOWN,
	          "snake_case_name and 2 * 3 * 4 and *unclosed and a * b");
	SHAPES_TO("*intra*word and a*b*c", MARKDOWN,
	          "<i>intra</i>word and a<i>b</i>c");
	SHAPES_TO("****four**** and * spaced *", MARKDOWN,
	          "****four**** and * spaced *");
	harness_test("Markdown: escapes, links, code spans");
	SHAPES_TO("\\*not emphasis\\* and a \\\\ backslash", MARKDOWN,
	          "*not emphasis* and a \\ backslash");
	SHAPES_TO(
	    "a [link](https://example.org/a_b*c) and [not one](a b) and "
	    "![an image](x.png)",
	    MARKDOWN,
	    "a link <l>(https://example.org/a_b*c)</l> and [not one](a b) "
	    "and ![an image](x.png)");
	SHAPES_TO("[*styled link*](u) here", MARKDOWN,
	          "<i>styled link</i> <l>(u)</l> here");
	SHAPES_TO("*in [a link](u) too*", MARKDOWN,
	          "<i>in a link </i><il>(u)</il><i> too</i>");
	/* a url broken over two lines is no simple one */
	SHAPES_TO("see [the page](https://example.org/a-\nbc) now", MARKDOWN,
	          "see [the page](https://example.org/a-bc) now");
	SHAPES_TO("`code *kept*` and ``a ` tick`` and `unclosed *x*", MARKDOWN,
	          "`code *kept*` and ``a ` tick`` and `unclosed <i>x</i>");
	harness_test("Markdown: an escape lt_decode made is never markup");
	SHAPES_TO("a\x1F b\x1F and \x1B](x)", MARKDOWN, "a^_ b^_ and ^[](x)");
	harness_test("Markdown: line breaks");
	SHAPES_TO("a short line\njoined as Markdown joins them", MARKDOWN,
	          "a short line joined as Markdown joins them");
	SHAPES_TO("a hard break  \nand another\\\nand the end", MARKDOWN,
	          "a hard break  \nand another\nand the end");
	SHAPES_TO(
	    "Items:\n- one\n- two\n  continued\n> quoted\n| a | b |\n| c | d |",
	    MARKDOWN,
	    "Items:\n- one\n- two continued\n> quoted\n| a | b |\n"
	    "| c | d |");
	harness_test("without Markdown, markup is text");
	SHAPES_TO("# *Title*", PLAIN, "# *Title*");
}

/* A Markdown heading's title (the contents, the outline) is the text the
 * reader shows of it, its emphasis as plain letters. */
static void test_markdown_titles(void)
{
	harness_test("Markdown: titles show what the text shows");
	static const char md[] =
	    "# A Short `Code` Essay\n\n*By Ann Lee*\n\nText.\n\n"
	    "# *Styled*, **bold** and [linked](https://x.org/a_b) \\*not*\n\n"
	    "Text.\n\n"
	    "# snake_case and 2 * 3 and `a *kept* b`\n\nText.\n";
	lt_error err = {0};
	lt_doc *doc =
	    lt_doc_open(harness_file("titles.md", md, sizeof md - 1), &err);
	if (!OK(doc != NULL))
		return;
	OK(lt_doc_scan(doc, 0));
	if (!INT_EQ(lt_doc_nessays(doc), 3))
		goto done;
	static const char *const want[] = {
	    "A Short `Code` Essay",
	    "Styled, bold and linked *not*", /* no address in a title */
	    "snake_case and 2 * 3 and `a *kept* b`",
	};
	lt_buf title = {0}, shaped = {0};
	lt_styles st = {0};
	for (size_t k = 0; k < 3; k++) {
		STR_EQ(lt_doc_essay_title(doc, k, &title), want[k]);
		/* ... which is the heading as the reader lays it out */
		lt_range r = lt_doc_para(doc, lt_doc_essay(doc, k).title_para);
		lt_shape(lt_doc_bytes(doc) + r.start, (size_t)(r.end - r.start),
		         lt_shape_flags(doc), &shaped, &st);
		/* ... but for a link's address, which the text shows after
		 * the link and a title does not */
		char shown[256] = "";
		size_t o = 0, at = 0;
		for (size_t v = 0; v <= st.n && o + 1 < sizeof shown; v++) {
			size_t to = v < st.n ? st.v[v].start : shaped.len;
			if (v < st.n && !(st.v[v].style & LT_STYLE_LINK))
				continue;
			for (; at < to && o + 1 < sizeof shown; at++)
				if (!(shaped.s[at] == ' ' &&
				      (o == 0 || shown[o - 1] == ' ')))
					shown[o++] = shaped.s[at];
			if (v < st.n)
				at = st.v[v].end;
		}
		while (o > 0 && shown[o - 1] == ' ')
			o--;
		shown[o] = '\0';
		STR_EQ(title.s, shown);
	}
	lt_buf_free(&title);
	lt_buf_free(&shaped);
	lt_styles_free(&st);
done:
	lt_doc_free(doc);
}

/* Blocks take the document's shape: double spacing, Markdown. */
static void test_block_shaped(void)
{
	harness_test("blocks: a double-spaced document's paragraphs joined");
	/* the wrapped paragraph five times, a blank line after every line
	 * and two after every paragraph */
	char ds[8 * sizeof wrapped];
	size_t n = 0;
	for (int k = 0; k < 5; k++) {
		for (const char *c = wrapped; *c; c++) {
			ds[n++] = *c;
			if (*c == '\n')
				ds[n++] = '\n';
		}
		memcpy(ds + n, "\n\n\n", 3);
		n += 3;
	}
	lt_error err;
	lt_doc *doc = lt_doc_open(harness_file("ds.txt", ds, n), &err);
	if (!OK(doc != NULL))
		return;
	lt_doc_scan(doc, 0);
	INT_EQ(lt_doc_npara(doc), 5);
	lt_block b = {0};
	lt_block_build(&b, doc, 1, 0, 400);
	INT_EQ(b.rows.nrows, 2); /* one row of text, one of spacing */
	STR_EQ(b.text.s, joined);
	/* the row showing a byte of the third line, at any width */
	uint64_t off = (uint64_t)(strstr(ds, "epoch of belief") - ds);
	for (size_t w = 20; w <= 120; w += 10) {
		lt_block_build(&b, doc, 0, 0, w);
		size_t row = lt_block_row_at(&b, off);
		OK(lt_block_row_offset(&b, row) <= off);
		const lt_row *r = &b.rows.rows[row];
		size_t at =
		    (size_t)(strstr(b.text.s, "epoch of belief") - b.text.s);
		OK(r->start <= at && r->end > at);
	}
	lt_block_free(&b);
	lt_doc_free(doc);

	harness_test("blocks: Markdown shown as text, with its styles");
	static const char md[] = "# The *Night* Walk\n\n"
	                         "Some **bold** text\nand more.\n\n"
	                         "## Another\n";
	doc = lt_doc_open(harness_file("md.txt", md, sizeof md - 1), &err);
	if (!OK(doc != NULL))
		return;
	lt_doc_scan(doc, 0);
	OK(lt_doc_structure(doc) == LT_STRUCT_MARKDOWN);
	b = (lt_block){0};
	lt_block_build(&b, doc, 0, 0, 76);
	STR_EQ(b.text.s, "The Night Walk");
	if (INT_EQ(b.styles.n, 1)) {
		INT_EQ(b.styles.v[0].start, 4);
		INT_EQ(b.styles.v[0].end, 9);
		INT_EQ(b.styles.v[0].style, LT_STYLE_ITALIC);
	}
	INT_EQ(b.text.src[0], 2); /* "# " hidden */
	/* a place before the text (the hidden '#') is its first row */
	INT_EQ(lt_block_row_at(&b, 0), lt_block_row_at(&b, 2));
	lt_block_build(&b, doc, 1, 0, 76);
	STR_EQ(b.text.s, "Some bold text and more.");
	if (INT_EQ(b.styles.n, 1))
		INT_EQ(b.styles.v[0].style, LT_STYLE_BOLD);
	lt_block_free(&b);
	lt_doc_free(doc);
}

static void test_block(const char *path)
{
	harness_test(
	    "blocks: spacing, labels, and anchors that survive widths");
	lt_error err;
	lt_doc *doc = lt_doc_open(path, &err);
	if (!OK(doc != NULL))
		return;
	lt_doc_scan(doc, 0);
	lt_essay e_view = lt_doc_essay(doc, 3);
	const lt_essay *e = &e_view;
	lt_block b = {0};
	lt_block_build(&b, doc, e->title_para, 0, 76);
	INT_EQ(b.kind, LT_PARA_TITLE);
	INT_EQ(b.rows.rows[0].kind, LT_ROW_BLANK);
	INT_EQ(b.rows.rows[1].kind, LT_ROW_BLANK);
	INT_EQ(b.rows.rows[2].kind, LT_ROW_TEXT);
	INT_EQ(lt_block_row_at(&b, 0), 2);
	INT_EQ(b.rows.rows[b.rows.nrows - 1].kind, LT_ROW_BLANK);

	lt_block_build(&b, doc, e->bio_para, 0, 76);
	INT_EQ(b.kind, LT_PARA_BIO);
	INT_EQ(b.rows.rows[0].kind, LT_ROW_LABEL);
	STR_EQ(lt_block_label(&b), "About the author");
	OK(b.indent > 0);

	/* a character offset maps to the row showing it at any width */
	size_t para = e->title_para + 2;
	lt_range r = lt_doc_para(doc, para);
	uint64_t off = (r.end - r.start) / 2;
	for (size_t w = 20; w <= 120; w += 7) {
		lt_block_build(&b, doc, para, 0, w);
		size_t row = lt_block_row_at(&b, off);
		uint64_t start = lt_block_row_offset(&b, row);
		OK(start <= off);
		if (row + 1 < b.rows.nrows &&
		    b.rows.rows[row + 1].kind == LT_ROW_TEXT)
			OK(lt_block_row_offset(&b, row + 1) > off);
	}
	lt_block_free(&b);
	lt_doc_free(doc);
}

/* A numbered essay's title is two paragraphs: space above the first
 * only, one blank row between them. */
static void test_title_paragraphs(void)
{
	harness_test("a title's second paragraph has no space above it");
	static const char text[] = "Front matter.\n\nFEDERALIST No. 1\n\n"
	                           "General Introduction\n\nHAMILTON\n\n"
	                           "After an unequivocal experience of the "
	                           "inefficacy of the government.\n";
	lt_error err = {0};
	lt_doc *doc = lt_doc_open(
	    harness_file("numbered.txt", text, sizeof text - 1), &err);
	lt_doc_scan(doc, 0);
	INT_EQ(lt_doc_para_kind(doc, 1), LT_PARA_TITLE);
	INT_EQ(lt_doc_para_kind(doc, 2), LT_PARA_TITLE);
	lt_block b = {0};
	lt_block_build(&b, doc, 1, 0, 76);
	INT_EQ(b.rows.rows[0].kind, LT_ROW_BLANK);
	INT_EQ(b.rows.rows[1].kind, LT_ROW_BLANK);
	INT_EQ(b.rows.rows[2].kind, LT_ROW_TEXT);
	lt_block_build(&b, doc, 2, 0, 76);
	INT_EQ(b.rows.rows[0].kind, LT_ROW_TEXT);
	INT_EQ(b.rows.rows[b.rows.nrows - 1].kind, LT_ROW_BLANK);
	lt_block_free(&b);
	lt_doc_free(doc);
}

/* A book hard-wrapped by hand, its lines 66 to 73 cells: every break is
 * soft (Federalist No. 1, as Project Gutenberg has it). */
static void test_join_ragged(void)
{
	harness_test("lines wrapped a few columns short are joined too");
	SHAPES_TO("reserved to the people of this country, by their conduct "
	          "and example,\n"
	          "to decide the important question, whether societies of men "
	          "are really\n"
	          "capable or not of establishing good government from "
	          "reflection and\n"
	          "choice, or whether they are forever destined to depend on "
	          "their political\n"
	          "constitutions on accident and force.",
	          PLAIN,
	          "reserved to the people of this country, by their conduct "
	          "and example, to decide the important question, whether "
	          "societies of men are really capable or not of establishing "
	          "good government from reflection and choice, or whether they "
	          "are forever destined to depend on their political "
	          "constitutions on accident and force.");
}

/* A long paragraph is laid out a window at a time: the cuts, and the
 * windows' source maps that together show every byte of it but the white
 * space at a cut, each once, in order; a title's spacing only above the
 * first window and the blank row only after the last. */
static void test_windows(void)
{
	harness_test("windows: where a long paragraph is cut");
	char *t = malloc(3 * LT_WINDOW);
	/* one line of words: cut after a space */
	for (size_t i = 0; i < 3 * LT_WINDOW; i++)
		t[i] = i % 5 == 4 ? ' ' : 'a';
	size_t n = 3 * LT_WINDOW - 10;
	INT_EQ(lt_window_count(t, n), 3);
	lt_range w1 = lt_window(t, n, 1);
	OK(w1.start >= LT_WINDOW && w1.start < LT_WINDOW + LT_WINDOW_SLACK);
	OK(t[w1.start - 1] == ' ' && t[w1.start] != ' ');
	lt_range w0 = lt_window(t, n, 0);
	OK(w0.start == 0 && w0.end == w1.start - 1); /* its space not shown */
	INT_EQ(lt_window_at(t, n, w1.start - 1), 0);
	INT_EQ(lt_window_at(t, n, w1.start), 1);
	INT_EQ(lt_window_at(t, n, n + 100), 2);
	INT_EQ(lt_window_count(t, LT_WINDOW), 1);
	/* lines: cut at a line start, even after a space comes first */
	t[LT_WINDOW + 100] = '\n';
	INT_EQ(lt_window(t, n, 1).start, LT_WINDOW + 101);
	/* no space at all (NULs, one long word): past a character's
	 * continuation bytes only */
	memset(t, 0, 3 * LT_WINDOW);
	INT_EQ(lt_window(t, n, 1).start, LT_WINDOW);
	for (size_t i = 0; i + 1 < 3 * LT_WINDOW; i += 2)
		memcpy(t + i, "\xC3\xA9", 2);
	INT_EQ(lt_window(t, n, 1).start, LT_WINDOW);
	INT_EQ(lt_window(t, n + 1, 2).start, 2 * LT_WINDOW);
	t[LT_WINDOW] = '\xA9';
	INT_EQ(lt_window(t, n, 1).start, LT_WINDOW + 2);
	/* a last window within the slack of the end is not one */
	INT_EQ(lt_window_count(t, 2 * LT_WINDOW), 2);

	harness_test("windows: every byte shown once, spacing at the ends");
	size_t len = 5 * LT_WINDOW + 123;
	static const char head[] = "Title\n\nWritten by A. Writer.\n\n";
	size_t hl = sizeof head - 1;
	char *doc_text = malloc(hl + len);
	memcpy(doc_text, head, hl);
	for (size_t i = 0; i < len; i++)
		doc_text[hl + i] = "word word\nsome more text "[i % 25];
	doc_text[hl + len - 1] = '.';
	lt_error err;
	lt_doc *doc =
	    lt_doc_open(harness_file("long.txt", doc_text, hl + len), &err);
	if (!OK(doc != NULL))
		return;
	lt_doc_scan(doc, 0);
	size_t para = lt_doc_npara(doc) - 1;
	lt_range r = lt_doc_para(doc, para);
	const char *p = lt_doc_bytes(doc) + r.start;
	size_t pn = (size_t)(r.end - r.start);
	size_t nw = lt_window_count(p, pn), bad = 0;
	OK(nw >= 5);
	lt_block b = {0};
	uint64_t next = 0;
	for (size_t k = 0; k < nw; k++) {
		lt_block_build(&b, doc, para, k, 60);
		INT_EQ(b.window, k);
		INT_EQ(b.nwindows, nw);
		lt_range w = lt_window(p, pn, k);
		/* the white space before the cut is all that is skipped */
		for (uint64_t o = next; o < w.start; o++)
			bad += p[o] != ' ' && p[o] != '\n';
		for (size_t i = 0; i < b.text.len; i++)
			bad +=
			    b.text.src[i] < w.start || b.text.src[i] >= w.end;
		next = w.end;
		/* the rows show the bytes of this window */
		size_t row = lt_block_row_at(&b, w.start + 10);
		OK(lt_block_row_offset(&b, row) <= w.start + 10);
		OK(b.rows.rows[b.rows.nrows - 1].kind ==
		   (k + 1 == nw ? LT_ROW_BLANK : LT_ROW_TEXT));
	}
	INT_EQ(next, pn);
	INT_EQ(bad, 0);
	/* the block of a window past the last is the last */
	lt_block_build(&b, doc, para, nw + 5, 60);
	INT_EQ(b.window, nw - 1);
	lt_block_free(&b);
	lt_doc_free(doc);
	free(doc_text);
	free(t);
}

/* A collection's file titled by its name: the title no text holds is a
 * row above its first paragraph, and the start of that paragraph shows
 * it. */
static void test_unwritten_titles(void)
{
	harness_test("blocks: a file titled by its name has a title row");
	static const char one[] = "Dear Ann,\n\nThe first letter.\n";
	static const char two[] = "Dear Ann,\n\nThe second letter.\n";
	const char *paths[] = {
	    harness_file("letter-1.txt", one, sizeof one - 1),
	    harness_file("letter-2.txt", two, sizeof two - 1)};
	lt_error err;
	lt_doc *doc = lt_doc_open_paths(paths, 2, NULL, &err);
	if (!OK(doc != NULL))
		return;
	lt_doc_scan(doc, 0);
	INT_EQ(lt_doc_nessays(doc), 2);
	lt_block b = {0};
	/* the first: at the top of the document, no spacing above */
	lt_block_build(&b, doc, lt_doc_essay(doc, 0).title_para, 0, 60);
	INT_EQ(b.rows.rows[0].kind, LT_ROW_TITLE);
	STR_EQ(lt_block_title(&b), "letter-1");
	INT_EQ(b.rows.rows[0].width, 8);
	INT_EQ(b.rows.rows[1].kind, LT_ROW_BLANK);
	INT_EQ(b.rows.rows[2].kind, LT_ROW_TEXT);
	INT_EQ(lt_block_row_at(&b, 0), 0);
	/* the second: spaced from the letter before */
	size_t para = lt_doc_essay(doc, 1).title_para;
	lt_block_build(&b, doc, para, 0, 60);
	INT_EQ(b.rows.rows[0].kind, LT_ROW_BLANK);
	INT_EQ(b.rows.rows[1].kind, LT_ROW_BLANK);
	INT_EQ(b.rows.rows[2].kind, LT_ROW_TITLE);
	STR_EQ(lt_block_title(&b), "letter-2");
	INT_EQ(b.rows.rows[3].kind, LT_ROW_BLANK);
	INT_EQ(b.rows.rows[4].kind, LT_ROW_TEXT);
	INT_EQ(lt_block_row_at(&b, 0), 2);
	/* only the first paragraph of a file has one */
	lt_block_build(&b, doc, para + 1, 0, 60);
	INT_EQ(b.rows.rows[0].kind, LT_ROW_TEXT);
	STR_EQ(lt_block_title(&b), "");
	lt_block_free(&b);
	lt_doc_free(doc);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_layout BUNDLED-FILE\n");
		return 2;
	}
	test_rules();
	test_join();
	test_join_ragged();
	test_keep();
	test_double();
	test_markdown();
	test_markdown_titles();
	test_bundled_all_widths(argv[1]);
	test_block(argv[1]);
	test_block_shaped();
	test_title_paragraphs();
	test_windows();
	test_unwritten_titles();
	return harness_done();
}
