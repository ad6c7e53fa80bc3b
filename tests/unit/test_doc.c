/* Loading: the mapped document, its refusals, standard input, the
 * paragraph index, line numbers, and a file truncated under us. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#include "lectern/doc.h"
#include "lectern/search.h"
#include "lectern/state.h"
#include "lectern/text.h"

/* Scratch for titles. */
static lt_buf title_buf;

#define LEN(lit) (sizeof lit - 1)

/* Open and fully scan data[0..n) written to a temporary file. */
static lt_doc *load(const char *name, const char *data, size_t n)
{
	lt_error err = {0};
	lt_doc *doc = lt_doc_open(harness_file(name, data, n), &err);
	if (!OK(doc != NULL))
		return NULL;
	OK(lt_doc_scan(doc, 0));
	return doc;
}

/* Paragraph i decoded; a static buffer, good until the next call. */
static const char *para_text(const lt_doc *doc, size_t i)
{
	static lt_buf b;
	lt_range r = lt_doc_para(doc, i);
	lt_buf_clear(&b);
	lt_decode(lt_doc_bytes(doc) + r.start, (size_t)(r.end - r.start), &b);
	return b.s;
}

/* The document's paragraphs, decoded, are exactly want[0..n). */
static void expect_paras(const lt_doc *doc, const char *const *want, size_t n)
{
	if (!INT_EQ(lt_doc_npara(doc), n))
		return;
	for (size_t i = 0; i < n; i++)
		STR_EQ(para_text(doc, i), want[i]);
}

static void expect_refusal(const char *path, lt_status code, int sys_errno)
{
	lt_error err = {LT_OK, 0, NULL};
	lt_doc *doc = lt_doc_open(path, &err);
	OK(doc == NULL);
	lt_doc_free(doc);
	INT_EQ(err.code, code);
	if (code == LT_SYS)
		INT_EQ(err.sys_errno, sys_errno);
	OK(lt_error_message(&err)[0] != '\0');
}

static void test_refusals(void)
{
	harness_test("refusals");
	char path[512];
	snprintf(path, sizeof path, "%s/missing.txt", harness_dir());
	expect_refusal(path, LT_SYS, ENOENT);
	expect_refusal(harness_dir(), LT_ISDIR, 0);
	expect_refusal("/dev/null", LT_NOTREG, 0);
	expect_refusal("/dev/zero", LT_NOTREG, 0);

	/* a FIFO with no writer: refused at once, not waited on (the
	 * alarm in main() ends a hang) */
	snprintf(path, sizeof path, "%s/fifo", harness_dir());
	if (OK(mkfifo(path, 0600) == 0)) {
		expect_refusal(path, LT_NOTREG, 0);
		unlink(path);
	}

	expect_refusal(harness_file("le.txt", "\xFF\xFEh\0i\0", 6), LT_UTF16,
	               0);
	expect_refusal(harness_file("be.txt", "\xFE\xFF\0h\0i", 6), LT_UTF16,
	               0);
	/* a BOM of two bytes alone is still UTF-16; one byte is not */
	expect_refusal(harness_file("le2.txt", "\xFF\xFE", 2), LT_UTF16, 0);
	lt_error err = {0};
	lt_doc *doc = lt_doc_open(harness_file("ff.txt", "\xFF", 1), &err);
	OK(doc != NULL);
	lt_doc_free(doc);

	if (geteuid() != 0) { /* root reads anything */
		const char *p = harness_file("locked.txt", "x", 1);
		chmod(p, 0);
		expect_refusal(p, LT_SYS, EACCES);
	}

	lt_error all[] = {{LT_OK, 0, NULL},    {LT_NOMEM, 0, NULL},
	                  {LT_ISDIR, 0, NULL}, {LT_NOTREG, 0, NULL},
	                  {LT_UTF16, 0, NULL}, {LT_TOOBIG, 0, NULL},
	                  {LT_SYS, EIO, NULL}, {LT_SPOOL, ENOENT, "/x"}};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		OK(lt_error_message(&all[i])[0] != '\0');
	OK(strstr(lt_error_message(&all[4]), "iconv") != NULL);
}

static void test_looks_binary(void)
{
	harness_test("looks binary");
	static char buf[8192];
	memset(buf, 'a', sizeof buf);
	lt_doc *doc = load("text.bin", buf, sizeof buf);
	OK(!lt_doc_looks_binary(doc));
	lt_doc_free(doc);
	buf[4095] = '\0';
	doc = load("nul4095.bin", buf, sizeof buf);
	OK(lt_doc_looks_binary(doc));
	lt_doc_free(doc);
	buf[4095] = 'a';
	buf[4096] = '\0';
	doc = load("nul4096.bin", buf, sizeof buf);
	OK(!lt_doc_looks_binary(doc));
	lt_doc_free(doc);
	doc = load("nul0.bin", "\0", 1);
	OK(lt_doc_looks_binary(doc));
	lt_doc_free(doc);
	doc = load("empty.bin", "", 0);
	OK(!lt_doc_looks_binary(doc));
	lt_doc_free(doc);
}

/* The identity the saved state keeps, worked out once. */
static void test_fingerprint(void)
{
	harness_test("fingerprint");
	static char big[3u << 20];
	for (size_t k = 0; k < sizeof big; k++)
		big[k] = (char)('a' + k * 7 % 26);
	const char *path = harness_file("fp.txt", big, sizeof big);
	lt_error err = {0};
	lt_doc *doc = lt_doc_open(path, &err);
	if (!OK(doc != NULL))
		return;
	uint64_t fp = lt_doc_fingerprint(doc);
	INT_EQ(fp, lt_state_fingerprint(big, sizeof big));
	INT_EQ(lt_doc_fingerprint(doc), fp);
	lt_doc_free(doc);
	/* a byte changed in a sampled block: another identity */
	big[sizeof big - 1] = '!';
	doc = lt_doc_open(harness_file("fp2.txt", big, sizeof big), &err);
	if (!OK(doc != NULL))
		return;
	OK(lt_doc_fingerprint(doc) != fp);
	lt_doc_free(doc);
}

static void test_bom(void)
{
	harness_test("BOM");
	const char text[] = "\xEF\xBB\xBFTitle\n\nWritten by Ann Lee.\n\nBody.";
	lt_doc *doc = load("bom.txt", text, LEN(text));
	INT_EQ(lt_doc_size(doc), LEN(text));
	INT_EQ(lt_doc_npara(doc), 3);
	INT_EQ(lt_doc_para(doc, 0).start, 3);
	STR_EQ(para_text(doc, 0), "Title");
	INT_EQ(lt_doc_line_at(doc, 3), 1);
	/* the BOM's bytes are front matter, never text */
	lt_range front = lt_doc_front(doc);
	INT_EQ(front.start, 0);
	INT_EQ(front.end, 3);
	INT_EQ(lt_doc_nessays(doc), 1);
	STR_EQ(lt_doc_essay_title(doc, 0, &title_buf), "Title");
	lt_doc_free(doc);

	/* a BOM alone, and a BOM without bylines after it */
	doc = load("bomonly.txt", "\xEF\xBB\xBF", 3);
	INT_EQ(lt_doc_npara(doc), 0);
	INT_EQ(lt_doc_nessays(doc), 0);
	lt_doc_free(doc);
	doc = load("bomplain.txt", "\xEF\xBB\xBFJust text.\n", 15);
	INT_EQ(lt_doc_nessays(doc), 1);
	STR_EQ(lt_doc_essay_title(doc, 0, &title_buf), "Just text.");
	INT_EQ(lt_doc_front(doc).end, 3);
	lt_doc_free(doc);
}

static void test_line_ends(void)
{
	harness_test("line ends");
	const char text[] = "a\r\nb\rc\n\r\nd\r\re\n\n\nf\r";
	/* lines: 1 a, 2 b, 3 c, 4 (blank), 5 d, 6 (blank), 7 e, 8, 9, 10 f */
	lt_doc *doc = load("ends.txt", text, LEN(text));
	expect_paras(doc, (const char *[]){"a\nb\nc", "d", "e", "f"}, 4);
	INT_EQ(lt_doc_para(doc, 0).end, 6);
	const char *d = lt_doc_bytes(doc);
	const struct {
		char c;
		uint64_t line;
	} at[] = {{'a', 1}, {'b', 2}, {'c', 3}, {'d', 5}, {'e', 7}, {'f', 10}};
	for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
		const char *p = memchr(d, at[i].c, LEN(text));
		INT_EQ(lt_doc_line_at(doc, (uint64_t)(p - d)), at[i].line);
	}
	INT_EQ(lt_doc_line_at(doc, LEN(text)), 11);
	INT_EQ(lt_doc_line_at(doc, LEN(text) + 100), 11);
	lt_doc_free(doc);
}

/* lt_doc_line_at against a naive count at every offset of a text with
 * enough paragraphs to use the line checkpoints. */
static void test_line_at_everywhere(void)
{
	harness_test("line numbers everywhere");
	static const char *const ends[] = {"\n", "\r\n", "\r"};
	static char text[20000];
	size_t n = 0;
	for (int i = 0; n < sizeof text - 64; i++) {
		n += (size_t)snprintf(text + n, sizeof text - n, "p%d%s", i,
		                      ends[i % 3]);
		if (i % 2)
			n += (size_t)snprintf(text + n, sizeof text - n,
			                      "more%s", ends[(i / 3) % 3]);
		n += (size_t)snprintf(text + n, sizeof text - n, " %s",
		                      ends[(i / 2) % 3]);
	}
	lt_doc *doc = load("lines.txt", text, n);
	OK(lt_doc_npara(doc) > 200);
	uint64_t line = 1;
	bool ok = true;
	for (size_t off = 0; off <= n && ok; off++) {
		ok = lt_doc_line_at(doc, off) == line;
		if (!ok)
			fprintf(stderr, "  offset %zu: got %llu, want %llu\n",
			        off,
			        (unsigned long long)lt_doc_line_at(doc, off),
			        (unsigned long long)line);
		if (off < n && (text[off] == '\n' ||
		                (text[off] == '\r' && text[off + 1] != '\n')))
			line++;
	}
	OK(ok);
	lt_doc_free(doc);
}

static void test_blank_lines(void)
{
	harness_test("blank lines");
	const char text[] = "one\n \t \n"
	                    "two\n\xC2\xA0\xC2\xA0\n"
	                    "three\n \xC2\xA0\t\xC2\xA0 \r\n"
	                    "four \xC2\xA0\t\n\v\f\n"
	                    "five\xC2\xA0";
	lt_doc *doc = load("blank.txt", text, LEN(text));
	/* trailing white space is not part of a paragraph */
	expect_paras(
	    doc, (const char *[]){"one", "two", "three", "four", "five"}, 5);
	lt_doc_free(doc);
	/* the other Unicode spaces are white space too: em space, narrow
	 * no-break space, ideographic space */
	const char wide[] = "one\n\xE2\x80\x83\xE2\x80\xAF\n"
	                    "two\xE3\x80\x80\n\xE3\x80\x80\t\n"
	                    "three\xE2\x80\x83";
	doc = load("widespace.txt", wide, LEN(wide));
	expect_paras(doc, (const char *[]){"one", "two", "three"}, 3);
	lt_doc_free(doc);
	/* but not the zero-width ones, nor a lone or broken lead byte */
	const char zw[] = "a\n\xE2\x80\x8B\n\xE3\x80\nb";
	doc = load("zw.txt", zw, LEN(zw));
	expect_paras(doc, (const char *[]){"a\n\xE2\x80\x8B\n<E3><80>\nb"}, 1);
	lt_doc_free(doc);
	/* a line with text after white space is not blank */
	doc = load("notblank.txt", "a\n\xC2\xA0x\n", 6);
	expect_paras(doc, (const char *[]){"a\n\xC2\xA0x"}, 1);
	lt_doc_free(doc);
}

static void test_para_at(void)
{
	harness_test("paragraph at offset");
	const char text[] = "\n\naa\nbb\n\n\ncc\n\n";
	lt_doc *doc = load("paraat.txt", text, LEN(text));
	INT_EQ(lt_doc_npara(doc), 2);
	INT_EQ(lt_doc_para_at(doc, 0), 0);  /* before the first */
	INT_EQ(lt_doc_para_at(doc, 2), 0);  /* its first byte */
	INT_EQ(lt_doc_para_at(doc, 6), 0);  /* its last byte */
	INT_EQ(lt_doc_para_at(doc, 7), 1);  /* the blank lines after it */
	INT_EQ(lt_doc_para_at(doc, 10), 1); /* "cc" */
	INT_EQ(lt_doc_para_at(doc, 12), 2); /* after the last: npara */
	INT_EQ(lt_doc_para_at(doc, 1000), 2);
	lt_doc_free(doc);
}

/* Scanning in small budgets finds what one scan finds. */
static void test_incremental_scan(void)
{
	harness_test("incremental scan");
	const char text[] = "Front\r\n\r\nTitle one\r\n\r\nWritten by\xC2\xA0"
	                    "Ann Lee.\r\rBody\rtext.\n\n\nTitle two\n\n"
	                    "By Bo Chan\n\nMore.\n";
	lt_doc *whole = load("scan.txt", text, LEN(text));
	for (uint64_t budget = 1; budget < 8; budget++) {
		lt_error err = {0};
		lt_doc *doc = lt_doc_open(
		    harness_file("scan2.txt", text, LEN(text)), &err);
		int steps = 0;
		while (!lt_doc_scan(doc, budget))
			steps++;
		OK(lt_doc_scan_done(doc));
		INT_EQ(lt_doc_scanned(doc), LEN(text));
		OK(steps >= 4); /* a step is at least one line */
		INT_EQ(lt_doc_npara(doc), lt_doc_npara(whole));
		for (size_t i = 0; i < lt_doc_npara(doc); i++) {
			INT_EQ(lt_doc_para(doc, i).start,
			       lt_doc_para(whole, i).start);
			INT_EQ(lt_doc_para(doc, i).end,
			       lt_doc_para(whole, i).end);
		}
		INT_EQ(lt_doc_nessays(doc), 2);
		for (size_t i = 0; i < lt_doc_nessays(doc); i++)
			INT_EQ(lt_doc_essay(doc, i).line,
			       lt_doc_essay(whole, i).line);
		lt_doc_free(doc);
	}
	INT_EQ(lt_doc_essay(whole, 0).line, 3);
	INT_EQ(lt_doc_essay(whole, 1).line, 11);
	lt_doc_free(whole);
}

/* Text wrapped at 60 columns with a blank line after every line, as
 * typed manuscripts are: its paragraphs end at two blank lines, at a short
 * last line, before an indented line and before a list item. */
static const char double_text[] =
    "The Period\n\n\n"
    "By Charles Dickens\n\n\n"
    "It was the best of times, it was the worst of times, it was\n\n"
    "the age of wisdom, it was the age of foolishness, it was the\n\n"
    "epoch of belief, it was the epoch of incredulity, it was the\n\n"
    "season of Light. It ended.\n\n"
    "There were a king with a large jaw and a queen with a plain\n\n"
    "face, on the throne of England; there were a king with a\n\n"
    "large jaw and a queen with a fair face, on the throne of\n\n"
    "France. Both thought it settled.\n\n\n"
    "France, less favoured on the whole as to matters spiritual\n\n"
    "than her sister of the shield and trident, rolled with\n\n"
    "exceeding smoothness down hill, making paper money and\n\n"
    "spending it with a will that surprised the rest of Europe,\n\n"
    "    In England, there was scarcely an amount of order and\n\n"
    "protection to justify much national boasting. Daring\n\n"
    "burglaries by armed men took place in the capital itself\n\n"
    "every night, as all the papers of the day were reporting it:\n\n"
    "- a list item after a long line\n\n"
    "- and another\n\n"
    "All these things came to pass in the year 1775.\n";

/* The first line of each paragraph of double_text, and its line. */
static const char *const double_starts[] = {
    "The Period",        "By Charles Dickens",    "It was the best of times",
    "There were a king", "France, less favoured", "    In England",
    "- a list item",     "- and another",         "All these things",
};
static const uint64_t double_lines[] = {1, 4, 7, 15, 24, 32, 40, 42, 44};
#define DOUBLE_PARAS (sizeof double_starts / sizeof *double_starts)

/* Every offset of doc: lt_doc_para_around finds the indexed paragraph
 * holding it, or nothing between paragraphs; lt_doc_para_at agrees. */
static void expect_around_agrees(const lt_doc *doc)
{
	size_t bad = 0, n = lt_doc_npara(doc);
	for (uint64_t off = 0; off < lt_doc_size(doc); off++) {
		size_t i = lt_doc_para_at(doc, off);
		lt_range want = {off, off};
		if (i < n && lt_doc_para(doc, i).start <= off)
			want = lt_doc_para(doc, i);
		lt_range got = lt_doc_para_around(doc, off);
		/* past a paragraph's last character, in its trailing white
		 * space: the index says the next one, the text the same */
		if (got.start != got.end && got.end <= off)
			continue;
		if ((got.start != want.start || got.end != want.end) &&
		    bad++ < 3)
			fprintf(stderr,
			        "  offset %llu: around %llu-%llu, index "
			        "%llu-%llu\n",
			        (unsigned long long)off,
			        (unsigned long long)got.start,
			        (unsigned long long)got.end,
			        (unsigned long long)want.start,
			        (unsigned long long)want.end);
	}
	INT_EQ(bad, 0);
}

/* Scanning text in small budgets finds the paragraphs one scan finds. */
static void expect_incremental(const char *name, const char *text, size_t n,
                               lt_structure rules)
{
	lt_error err = {0};
	lt_doc *whole = lt_doc_open(harness_file(name, text, n), &err);
	if (!OK(whole != NULL))
		return;
	lt_doc_set_structure(whole, rules);
	lt_doc_scan(whole, 0);
	for (uint64_t budget = 1; budget < 200; budget += 13) {
		lt_doc *doc = lt_doc_open(harness_file(name, text, n), &err);
		lt_doc_set_structure(doc, rules);
		while (!lt_doc_scan(doc, budget))
			;
		bool same = lt_doc_npara(doc) == lt_doc_npara(whole);
		for (size_t i = 0; same && i < lt_doc_npara(doc); i++)
			same = lt_doc_para(doc, i).start ==
			           lt_doc_para(whole, i).start &&
			       lt_doc_para(doc, i).end ==
			           lt_doc_para(whole, i).end;
		if (!OK(same))
			fprintf(stderr, "  %s: budget %llu\n", name,
			        (unsigned long long)budget);
		lt_doc_free(doc);
	}
	lt_doc_free(whole);
}

static void test_double_spaced(void)
{
	harness_test("double spacing: paragraphs run on across a blank line");
	lt_doc *doc = load("double.txt", double_text, LEN(double_text));
	if (!OK(doc != NULL))
		return;
	if (INT_EQ(lt_doc_npara(doc), DOUBLE_PARAS)) {
		for (size_t i = 0; i < DOUBLE_PARAS; i++) {
			const char *t = para_text(doc, i);
			if (!OK(strncmp(t, double_starts[i],
			                strlen(double_starts[i])) == 0))
				fprintf(stderr, "  paragraph %zu: %.40s\n", i,
				        t);
			INT_EQ(lt_doc_line_at(doc, lt_doc_para(doc, i).start),
			       double_lines[i]);
		}
		STR_EQ(para_text(doc, 2),
		       "It was the best of times, it was the worst of times, "
		       "it was\n\nthe age of wisdom, it was the age of "
		       "foolishness, it was the\n\nepoch of belief, it was "
		       "the epoch of incredulity, it was the\n\nseason of "
		       "Light. It ended.");
	}
	harness_test("double spacing: the paragraph machinery agrees");
	expect_around_agrees(doc);
	/* a blank line inside a paragraph belongs to it */
	uint64_t inside =
	    (uint64_t)(strstr(double_text, "it was\n\nthe age") - double_text) +
	    7;
	INT_EQ(lt_doc_para_at(doc, inside), 2);
	INT_EQ(lt_doc_para_around(doc, inside).start,
	       lt_doc_para(doc, 2).start);
	uint64_t between =
	    (uint64_t)(strstr(double_text, "settled.\n") - double_text) + 10;
	lt_range none = lt_doc_para_around(doc, between);
	OK(none.start == between && none.end == between);
	lt_doc_free(doc);
	expect_incremental("double2.txt", double_text, LEN(double_text),
	                   LT_STRUCT_BLOG);

	harness_test("double spacing: CRLF line ends");
	char crlf[2 * sizeof double_text];
	size_t n = 0;
	for (size_t i = 0; i < LEN(double_text); i++) {
		if (double_text[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = double_text[i];
	}
	doc = load("double-crlf.txt", crlf, n);
	INT_EQ(lt_doc_npara(doc), DOUBLE_PARAS);
	expect_around_agrees(doc);
	lt_doc_free(doc);

	harness_test("single spacing: every blank line ends a paragraph");
	char single[sizeof double_text];
	n = 0;
	for (size_t i = 0; i < LEN(double_text); i++) {
		/* one line end less after every line */
		if (double_text[i] == '\n' && double_text[i + 1] == '\n')
			i++;
		single[n++] = double_text[i];
	}
	doc = load("single.txt", single, n);
	INT_EQ(lt_doc_npara(doc), 4); /* where two blank lines were */
	lt_doc_free(doc);

	harness_test("one-line paragraphs are not double spacing");
	char oneline[8192];
	n = 0;
	for (int i = 0; i < 30; i++) /* long lines: paragraphs */
		n += (size_t)snprintf(
		    oneline + n, sizeof oneline - n,
		    "Paragraph %d is one long line of text, as "
		    "a blog exports it, and it goes on well "
		    "past any width anyone wraps text at.\n\n",
		    i);
	doc = load("oneline.txt", oneline, n);
	INT_EQ(lt_doc_npara(doc), 30);
	lt_doc_free(doc);
	n = 0;
	for (int i = 0; i < 30; i++) /* short lines of all lengths */
		n += (size_t)snprintf(oneline + n, sizeof oneline - n,
		                      "Line %d %.*s\n\n", i, (i * 7) % 50,
		                      "and a few more words to make it longer "
		                      "than the rest of them");
	doc = load("short.txt", oneline, n);
	INT_EQ(lt_doc_npara(doc), 30);
	lt_doc_free(doc);
}

static void test_markdown_scan(void)
{
	harness_test("Markdown: headings are paragraphs of their own");
	static const char md[] =
	    "Intro line\n# Heading One\nText under it\nmore text\n\n"
	    "Title\n=====\nBody right under the underline\n\n"
	    "```\n# not a heading\ncode\n```\n\n"
	    "Rule\n---\n---\nafter\n\n"
	    "## Last ##";
	static const char *const want[] = {
	    "Intro line",
	    "# Heading One",
	    "Text under it\nmore text",
	    "Title\n=====",
	    "Body right under the underline",
	    "```\n# not a heading\ncode\n```",
	    "Rule\n---",
	    "---\nafter",
	    "## Last ##",
	};
	lt_error err = {0};
	lt_doc *doc = lt_doc_open(harness_file("md.txt", md, LEN(md)), &err);
	if (!OK(doc != NULL))
		return;
	lt_doc_set_structure(doc, LT_STRUCT_MARKDOWN);
	lt_doc_scan(doc, 0);
	expect_paras(doc, want, sizeof want / sizeof *want);
	INT_EQ(lt_doc_line_at(doc, lt_doc_para(doc, 3).start), 6);
	expect_around_agrees(doc);
	lt_doc_free(doc);
	expect_incremental("md2.txt", md, LEN(md), LT_STRUCT_MARKDOWN);

	harness_test("Markdown rules only for Markdown");
	doc = lt_doc_open(harness_file("md3.txt", md, LEN(md)), &err);
	lt_doc_set_structure(doc, LT_STRUCT_BLOG);
	lt_doc_scan(doc, 0);
	INT_EQ(lt_doc_npara(doc), 5);
	lt_doc_free(doc);
}

static void test_search_across_lines(void)
{
	harness_test("a phrase across a line break, or a double-spaced one");
	lt_search_opts o = {LT_CASE_SMART, false, false, false};
	char e[64];
	lt_search *s =
	    lt_search_new("it was the age of wisdom", &o, e, sizeof e);
	static const char wrapped[] =
	    "It was the best of times, it was the worst of times, it was\n"
	    "the age of wisdom, it was the age of foolishness.\n";
	lt_doc *docs[] = {load("across.txt", wrapped, LEN(wrapped)),
	                  load("across2.txt", double_text, LEN(double_text))};
	for (size_t k = 0; k < 2; k++) {
		INT_EQ(lt_search_count(s, docs[k]), 1);
		lt_hits *h = lt_hits_new(s, docs[k]);
		lt_hits_run(h, 0);
		if (INT_EQ(lt_hits_count(h), 1))
			INT_EQ(lt_hits_para(h, 0).para, k ? 2 : 0);
		lt_hits_free(h);
		lt_doc_free(docs[k]);
	}
	lt_search_free(s);
}

/* Write n bytes of a repeating pattern to fd from a child process. */
static pid_t feed(int fd, size_t n)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	static char chunk[65536];
	for (size_t i = 0; i < sizeof chunk; i++)
		chunk[i] = (i + 1) % 64 == 0 ? '\n' : (char)('a' + i % 26);
	while (n > 0) {
		size_t k = n < sizeof chunk ? n : sizeof chunk;
		ssize_t w = write(fd, chunk, k);
		if (w <= 0)
			_exit(1);
		n -= (size_t)w;
	}
	_exit(0);
}

static bool pattern_ok(const lt_doc *doc)
{
	const char *d = lt_doc_bytes(doc);
	uint64_t n = lt_doc_size(doc);
	for (uint64_t i = 0; i < n; i += 4093) {
		size_t k = (size_t)(i % 65536);
		char want = (k + 1) % 64 == 0 ? '\n' : (char)('a' + k % 26);
		if (d[i] != want)
			return false;
	}
	return true;
}

static void test_read_fd(void)
{
	harness_test("read from a pipe");
	const size_t sizes[] = {0, 1000, (16u << 20) + 12345};
	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		int p[2];
		if (!OK(pipe(p) == 0))
			return;
		pid_t pid = feed(p[1], sizes[s]);
		close(p[1]);
		lt_error err = {0};
		lt_doc *doc = lt_doc_read_fd(p[0], &err);
		close(p[0]);
		int status = 0;
		waitpid(pid, &status, 0);
		OK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		if (!OK(doc != NULL))
			continue;
		INT_EQ(lt_doc_size(doc), sizes[s]);
		OK(pattern_ok(doc));
		OK(lt_doc_scan(doc, 0));
		INT_EQ(lt_doc_npara(doc), sizes[s] ? 1 : 0);
		INT_EQ(lt_doc_line_at(doc, sizes[s]), 1 + sizes[s] / 64);
		lt_doc_free(doc);
	}

	/* text through a pipe is served like a file */
	const char text[] = "\xEF\xBB\xBFTitle\r\n\r\nBy Ann Lee\r\n\r\nBody.";
	int p[2];
	if (!OK(pipe(p) == 0))
		return;
	OK(write(p[1], text, LEN(text)) == (ssize_t)LEN(text));
	close(p[1]);
	lt_error err = {0};
	lt_doc *doc = lt_doc_read_fd(p[0], &err);
	close(p[0]);
	if (OK(doc != NULL)) {
		lt_doc_scan(doc, 0);
		INT_EQ(lt_doc_nessays(doc), 1);
		STR_EQ(lt_doc_essay_title(doc, 0, &title_buf), "Title");
		INT_EQ(lt_doc_front(doc).end, 3);
		lt_doc_free(doc);
	}

	/* UTF-16 on a pipe is refused too */
	if (!OK(pipe(p) == 0))
		return;
	OK(write(p[1], "\xFF\xFEh\0", 4) == 4);
	close(p[1]);
	doc = lt_doc_read_fd(p[0], &err);
	close(p[0]);
	OK(doc == NULL);
	INT_EQ(err.code, LT_UTF16);
}

/* A file truncated while mapped: reading it must not die of SIGBUS, and
 * the document says it changed. */
static void truncated(const char *name, off_t keep, bool scan_first, bool ahead)
{
	/* with the scan ahead: a text its thread takes on after the first
	 * 256 KiB, cut short after that */
	static char text[1u << 20];
	size_t size = ahead ? sizeof text : 5 * 4096 + 123, n = 0;
	for (int i = 0; n + 80 < size; i++)
		n += (size_t)snprintf(
		    text + n, size - n,
		    "Paragraph %d has a line\nand another.\n\n", i);
	const char *path = harness_file(name, text, n);
	lt_error err = {0};
	lt_doc *doc = lt_doc_open(path, &err);
	if (!OK(doc != NULL))
		return;
	/* the scan ahead, in its own thread, meets the fault */
	lt_doc_set_scan_ahead(doc, ahead ? 1 : 0);
	if (scan_first)
		OK(lt_doc_scan(doc, 0));
	OK(!lt_doc_changed(doc));
	OK(truncate(path, keep) == 0);
	if (!scan_first)
		OK(lt_doc_scan(doc, 0));
	lt_buf b = {0};
	size_t bytes = 0;
	for (size_t i = 0; i < lt_doc_npara(doc); i++) {
		lt_range r = lt_doc_para(doc, i);
		lt_buf_clear(&b);
		lt_decode(lt_doc_bytes(doc) + r.start,
		          (size_t)(r.end - r.start), &b);
		bytes += b.len;
		(void)lt_doc_line_at(doc, r.end);
	}
	OK(bytes > 0 || keep == 0 || !scan_first);
	OK(lt_doc_changed(doc));
	lt_buf_free(&b);
	lt_doc_free(doc);
}

static void test_truncated(void)
{
	harness_test("truncated while mapped");
	truncated("trunc0.txt", 0, true, false);
	truncated("trunchalf.txt", 2 * 4096 + 100, true, false);
	truncated("truncscan.txt", 4096, false, false);
	truncated("truncahead.txt", 600u << 10, false, true);
}

static void on_alarm(int sig)
{
	static const char msg[] = "test_doc: timed out (a hang?)\n";
	(void)sig;
	write(STDERR_FILENO, msg, LEN(msg));
	_exit(3);
}

/* Write file name in dir with n essays, each of two body paragraphs and
 * a section. */
static void write_essays(const char *dir, const char *name, int n)
{
	char path[1100];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	for (int k = 1; k <= n; k++)
		fprintf(
		    f,
		    "Essay %d of %s\n\nWritten by Some Writer.\n\n"
		    "A first paragraph of the essay, long enough to read as "
		    "one.\n\nA Section Heading\n\nAnd a second paragraph "
		    "under it, which is long enough too.\n\n",
		    k, name);
	fclose(f);
}

static void test_folder_changed(void)
{
	harness_test("a collection whose file changed since it was read is "
	             "asked nothing that is no longer there");
	char dir[600];
	snprintf(dir, sizeof dir, "%s/many", harness_dir());
	mkdir(dir, 0755);
	char names[12][32];
	for (int i = 0; i < 12; i++) {
		snprintf(names[i], sizeof names[i], "f%02d.txt", i);
		write_essays(dir, names[i], 3);
	}
	const char *paths[] = {dir};
	lt_doc *doc = lt_doc_open_paths(paths, 1, NULL, NULL);
	if (!OK(doc != NULL))
		return;
	lt_doc_scan(doc, 0);
	INT_EQ(lt_doc_nfiles(doc), 12);
	INT_EQ(lt_doc_nessays(doc), 36);
	size_t nsec = lt_doc_nsections(doc);
	OK(nsec >= 3);
	/* the first file shrinks to one line; the others are asked, so
	 * that its document is let go and made anew */
	char path[1100];
	snprintf(path, sizeof path, "%s/%s", dir, names[0]);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs("Gone.\n", f);
		fclose(f);
	}
	size_t np = lt_doc_npara(doc);
	for (size_t p = 0; p < np; p++)
		lt_doc_para_kind(doc, p);
	lt_buf b = {0};
	for (size_t k = 0; k < 3; k++) {
		lt_essay e = lt_doc_essay(doc, k);
		OK(e.title_para < e.end_para && e.end_para <= np);
		lt_doc_essay_title(doc, k, &b);
		lt_doc_essay_evidence(doc, k, &b);
	}
	for (size_t s = 0; s < nsec; s++) {
		lt_section sec = lt_doc_section(doc, s);
		OK(sec.para < np);
		lt_doc_section_heading(doc, s, &b);
		lt_doc_section_evidence(doc, s, &b);
	}
	for (size_t p = 0; p < np; p++)
		lt_doc_para_essay(doc, p);
	OK(lt_doc_changed(doc));
	lt_buf_free(&b);
	lt_doc_free(doc);
	for (int i = 0; i < 12; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		remove(path);
	}
	remove(dir);
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	alarm(60);
	test_refusals();
	test_looks_binary();
	test_bom();
	test_fingerprint();
	test_line_ends();
	test_line_at_everywhere();
	test_blank_lines();
	test_para_at();
	test_incremental_scan();
	test_double_spaced();
	test_markdown_scan();
	test_search_across_lines();
	test_read_fd();
	test_truncated();
	test_folder_changed();
	return harness_done();
}
