/* Front matter: Jekyll and Hugo YAML, Hugo TOML, Pelican and MultiMarkdown
 * keys; texts that only look like it; dates; bounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lectern/front.h"

/* Parse s[0..n) from a heap copy of exactly n bytes, so that a read past
 * n is one ASan sees. */
static bool parse_n(const char *s, size_t n, lt_front *f)
{
	char *copy = malloc(n ? n : 1);
	memcpy(copy, s, n);
	bool r = lt_front_parse(copy, n, f);
	free(copy);
	return r;
}

static bool parse(const char *s, lt_front *f)
{
	return parse_n(s, strlen(s), f);
}

/* What a text's block should give. */
typedef struct {
	lt_front_kind kind;
	const char *title, *author, *date;
	long long when;
	const char *after; /* the text after the block starts with it (its
	                      first place in the text); NULL: the block takes
	                      the whole text */
} post;

static void expect_post(const char *s, post want)
{
	lt_front f;
	OK(parse(s, &f));
	INT_EQ(f.kind, want.kind);
	STR_EQ(f.title, want.title);
	STR_EQ(f.author, want.author);
	STR_EQ(f.date, want.date);
	INT_EQ(f.when, want.when);
	const char *at = want.after ? strstr(s, want.after) : s + strlen(s);
	INT_EQ(f.end, at ? at - s : -1);
	lt_front_free(&f);
}

/* No block, and *f says so in full. */
static void expect_none(const char *s)
{
	lt_front f = {.title = (char *)"junk", .end = 9};
	OK(!parse(s, &f));
	INT_EQ(f.kind, LT_FRONT_NONE);
	INT_EQ(f.end, 0);
	OK(f.title == NULL && f.author == NULL && f.date == NULL);
	INT_EQ(f.when, -1);
	lt_front_free(&f);
}

static void test_jekyll(void)
{
	harness_test("Jekyll post");
	expect_post("---\n"
	            "layout: post\n"
	            "title:  \"Welcome to Jekyll!\"\n"
	            "date:   2015-11-10 15:27:47 +0100\n"
	            "categories: jekyll update\n"
	            "---\n"
	            "\n"
	            "\n"
	            "You'll find this post in your `_posts` directory.\n",
	            (post){LT_FRONT_YAML, "Welcome to Jekyll!", NULL,
	                   "2015-11-10 15:27:47 +0100", 20151110152747,
	                   "You'll"});

	harness_test("YAML: '...' closes, comments, keys in any case");
	expect_post(
	    "---\n"
	    "# a comment first\n"
	    "Title: Plain # a comment\n"
	    "AUTHOR: C# Smith\n"
	    "...\n"
	    "Text",
	    (post){LT_FRONT_YAML, "Plain", "C# Smith", NULL, -1, "Text"});

	harness_test("YAML: an empty block is a block");
	expect_post("---\n---\nText",
	            (post){LT_FRONT_YAML, NULL, NULL, NULL, -1, "Text"});

	harness_test("YAML: the closing line is the text's last, no line end");
	expect_post("---\ntitle: T\n---",
	            (post){LT_FRONT_YAML, "T", NULL, NULL, -1, NULL});
}

static void test_hugo_toml(void)
{
	harness_test("Hugo TOML post");
	expect_post("+++\n"
	            "title = \"Spring \\\"cleaning\\\"\" # why\n"
	            "authors = [\"Ann Lee\", \"Bo Chen\"]\n"
	            "date = 2020-01-02T10:00:00Z\n"
	            "draft = false\n"
	            "+++\n"
	            "Body\n",
	            (post){LT_FRONT_TOML, "Spring \"cleaning\"", "Ann Lee",
	                   "2020-01-02T10:00:00Z", 20200102100000, "Body"});

	harness_test("TOML: a multi-line array, literal and quoted date");
	expect_post("+++\n"
	            "authors = [\n"
	            "  # the first\n"
	            "  'Ann Lee',\n"
	            "  \"Bo\",\n"
	            "]\n"
	            "title = 'C:\\path'\n"
	            "date = \"2021-06-07\"\n"
	            "+++\n",
	            (post){LT_FRONT_TOML, "C:\\path", "Ann Lee", "2021-06-07",
	                   20210607000000, NULL});

	harness_test("TOML: keys under a table are not the post's");
	expect_post("+++\n"
	            "date = 2019-05-06\n"
	            "[params]\n"
	            "title = \"nested\"\n"
	            "author = \"Nobody\"\n"
	            "+++\n"
	            "Text",
	            (post){LT_FRONT_TOML, NULL, NULL, "2019-05-06",
	                   20190506000000, "Text"});
}

static void test_hugo_yaml(void)
{
	harness_test("Hugo YAML post: author list lines");
	expect_post("---\n"
	            "title: Lists\n"
	            "author:\n"
	            "  - Ann Lee\n"
	            "  - Bo Chen\n"
	            "date: 2021-03-04\n"
	            "tags: [a, b]\n"
	            "---\n"
	            "Text",
	            (post){LT_FRONT_YAML, "Lists", "Ann Lee", "2021-03-04",
	                   20210304000000, "Text"});

	harness_test("YAML: a list level with its key, quoted items");
	expect_post("---\nauthors:\n- \"Ann, Jr.\"\n- Bo\ntitle: T\n---\n",
	            (post){LT_FRONT_YAML, "T", "Ann, Jr.", NULL, -1, NULL});

	harness_test("YAML: an inline list over lines");
	expect_post("---\nauthors: [\n  Ann Lee,\n  Bo ]\n---\n",
	            (post){LT_FRONT_YAML, NULL, "Ann Lee", NULL, -1, NULL});

	harness_test("YAML: author with name: under it");
	expect_post("---\n"
	            "author:\n"
	            "  url: https://example.com\n"
	            "  name: 'Ann Lee'\n"
	            "title: T\n"
	            "---\n",
	            (post){LT_FRONT_YAML, "T", "Ann Lee", NULL, -1, NULL});

	harness_test("YAML: list items that are mappings");
	expect_post("---\n"
	            "authors:\n"
	            "  - email: a@example.com\n"
	            "    name: Ann Lee\n"
	            "  - name: Bo\n"
	            "---\n",
	            (post){LT_FRONT_YAML, NULL, "Ann Lee", NULL, -1, NULL});
	expect_post("---\nauthors:\n  - name: Bo Chen\n    email: b@x\n---\n",
	            (post){LT_FRONT_YAML, NULL, "Bo Chen", NULL, -1, NULL});

	harness_test("YAML: a mapping without name:, an inline mapping");
	expect_post("---\nauthor:\n  url: x\ntitle: {a: b}\n---\n",
	            (post){LT_FRONT_YAML, NULL, NULL, NULL, -1, NULL});
}

static void test_quoted_and_folded(void)
{
	harness_test("YAML: quoted titles, escapes, ': ' inside the quotes");
	expect_post("---\n"
	            "title: \"Re: \\\"quoted\\\" \\\\ tab\\there caf\\u00e9 "
	            "\\uD83D\\uDE00\"\n"
	            "author: 'It''s: me'\n"
	            "---\n",
	            (post){LT_FRONT_YAML,
	                   "Re: \"quoted\" \\ tab here caf\xC3\xA9 "
	                   "\xF0\x9F\x98\x80",
	                   "It's: me", NULL, -1, NULL});

	harness_test("YAML: a quoted title over two lines, a lone surrogate");
	expect_post("---\ntitle: \"One\n  two \\uD800\"\n---\n",
	            (post){LT_FRONT_YAML, "One two \xEF\xBF\xBD", NULL, NULL,
	                   -1, NULL});

	harness_test("YAML: folded and literal blocks");
	expect_post("---\n"
	            "title: >\n"
	            "  A long\n"
	            "    folded   title\n"
	            "\n"
	            "author: |-\n"
	            "  Ann\n"
	            "  Lee\n"
	            "---\n",
	            (post){LT_FRONT_YAML, "A long folded title", "Ann Lee",
	                   NULL, -1, NULL});

	harness_test("YAML: a plain title on the lines below its key");
	expect_post(
	    "---\ntitle:\n  Below\n  the key\n---\n",
	    (post){LT_FRONT_YAML, "Below the key", NULL, NULL, -1, NULL});

	harness_test("YAML: empty values are NULL");
	expect_post("---\ntitle: \"  \"\nauthor:\ndate: ''\n---\n",
	            (post){LT_FRONT_YAML, NULL, NULL, NULL, -1, NULL});
}

static void test_pelican(void)
{
	harness_test("Pelican keys with a continuation line");
	expect_post("Title: A title that\n"
	            "    goes on\n"
	            "Date: 2010-12-03 10:20\n"
	            "Authors: Alexis Metaireau, Conan Doyle\n"
	            "Summary: Short version\n"
	            "\n"
	            "\n"
	            "This is the content",
	            (post){LT_FRONT_KEYS, "A title that goes on",
	                   "Alexis Metaireau", "2010-12-03 10:20",
	                   20101203102000, "This is"});

	harness_test("Pelican: ';' splits authors when there is one");
	expect_post("Authors: Doe, Jane; Roe, Rick\n\nText",
	            (post){LT_FRONT_KEYS, NULL, "Doe, Jane", NULL, -1, "Text"});

	harness_test("MultiMarkdown: keys to the end of the text, quotes");
	expect_post("Title: \"Quoted\"\nAuthor: Smith, John\nDate: 2020-08-18",
	            (post){LT_FRONT_KEYS, "Quoted", "Smith, John", "2020-08-18",
	                   20200818000000, NULL});
}

static void test_crlf_bom(void)
{
	harness_test("CRLF line ends and a BOM");
	expect_post("\xEF\xBB\xBF---\r\n"
	            "title: CRLF post\r\n"
	            "date: 2020-02-29\r\n"
	            "---  \r\n"
	            "\r\n"
	            "Text\r\n",
	            (post){LT_FRONT_YAML, "CRLF post", NULL, "2020-02-29",
	                   20200229000000, "Text"});
	expect_post("\xEF\xBB\xBFTitle: T\r\n\r\nText",
	            (post){LT_FRONT_KEYS, "T", NULL, NULL, -1, "Text"});
}

static void test_not_front_matter(void)
{
	harness_test("no block: a thematic break, prose, another break");
	expect_none("---\n\nSome prose here.\n\n---\n\nMore prose.\n");
	expect_none("---\nSome prose: here, and more.\nLine two.\n---\n");
	expect_none("---\n- a list first\ntitle: x\n---\n");
	expect_none("----\ntitle: x\n----\n");

	harness_test("no block: a first line like a key, then prose");
	expect_none("Note: see below\nThe rest of the prose\ngoes on.\n");
	expect_none("Note: see below\n\nThe rest of the prose.\n");
	expect_none("Title: x\nand prose straight after\n\nText");
	expect_none("Title:x\n\nText");
	expect_none("title : x\n\nText");
	expect_none("A key far longer than thirty-two b: x\nTitle: y\n\nz");
	expect_none("http://example.com/\n\nText");

	harness_test("no block: unclosed YAML and TOML");
	expect_none("---\ntitle: Unclosed\n\nThe text.\n");
	expect_none("+++\ntitle = \"Unclosed\"\n");
	expect_none("+++\nprose first\n+++\n");
	expect_none("");
	expect_none("---");
}

typedef struct {
	const char *date;
	long long when;
} date_case;

static const date_case date_cases[] = {
    {"2020-01-02", 20200102000000},
    {"2020-1-2", 20200102000000},
    {"2020-01-02 10:20", 20200102102000},
    {"2020-01-02 9:05:07", 20200102090507},
    {"2020-01-02T10:20:30", 20200102102030},
    {"2020-01-02t10:20:30z", 20200102102030},
    {"2020-01-02T10:20:30.123+02:00", 20200102102030},
    {"2020-01-02 10:20:30 -0500", 20200102102030},
    {"2020-01-02 10:20:30 UTC", 20200102102030},
    {"2020/01/02", 20200102000000},
    {"2000-02-29", 20000229000000},
    {"August 18, 2020", 20200818000000},
    {"aug 18 2020", 20200818000000},
    {"Aug. 18,2020", 20200818000000},
    {"18 August 2020", 20200818000000},
    {"18 SEPT 2020", 20200918000000},
    {"1 dec 1999 23:59", 19991201235900},
    /* not dates */
    {"2020-13-01", -1},
    {"2020-00-10", -1},
    {"2020-02-30", -1},
    {"2021-02-29", -1},
    {"1900-02-29", -1},
    {"2020-01-32", -1},
    {"2020-01-02T24:00:00", -1},
    {"2020-01-02 10:60", -1},
    {"2020-01-02 10", -1},
    {"2020-01-02T", -1},
    {"2020-01-02 soon", -1},
    {"2020-01-02x", -1},
    {"2020-01-123", -1},
    {"2020/01-02", -1},
    {"20200102", -1},
    {"yesterday", -1},
    {"Augustus 18, 2020", -1},
    {"Au 18, 2020", -1},
    {"18 Aug", -1},
    {"August 2020", -1},
    {"2020-01-02 10:20 +5", -1},
};

static void test_dates(void)
{
	harness_test("dates");
	char text[128];
	lt_front f;
	for (size_t i = 0; i < sizeof date_cases / sizeof *date_cases; i++) {
		const date_case *c = &date_cases[i];
		snprintf(text, sizeof text, "---\ndate: %s\n---\n", c->date);
		OK(parse(text, &f));
		STR_EQ(f.date, c->date);
		if (!INT_EQ(f.when, c->when))
			fprintf(stderr, "  the date: %s\n", c->date);
		lt_front_free(&f);
	}

	harness_test("dates in file names");
	INT_EQ(lt_front_name_date("2020-08-18-title.md"), 20200818000000);
	INT_EQ(lt_front_name_date("_posts/2020-08-18-title.md"),
	       20200818000000);
	INT_EQ(lt_front_name_date("2020-08-18.md"), 20200818000000);
	INT_EQ(lt_front_name_date("10-things.md"), -1);
	INT_EQ(lt_front_name_date("2020-13-01-x.md"), -1);
	INT_EQ(lt_front_name_date("2020-08-180-x.md"), -1);
	INT_EQ(lt_front_name_date("2020-8-18-x.md"), -1);
	INT_EQ(lt_front_name_date("2020-08-18/x.md"), -1);
	INT_EQ(lt_front_name_date(""), -1);
	INT_EQ(lt_front_name_date(NULL), -1);
}

/* A text of n bytes: the block s, then lines of filler to the end. */
static char *padded(const char *s, const char *fill, size_t n)
{
	char *t = malloc(n);
	size_t k = strlen(s), f = strlen(fill);
	memcpy(t, s, k);
	for (size_t i = k; i < n; i++)
		t[i] = fill[(i - k) % f];
	return t;
}

static void test_bounds(void)
{
	harness_test("every prefix of a block: no read past n, no block");
	const char *s = "\xEF\xBB\xBF---\r\n"
	                "title: \"T \\u00e9\\\"\n"
	                "author:\n  - name: 'A''B'\n"
	                "date: 2020-01-02T10:00:00+01:00\n"
	                "---\n";
	size_t n = strlen(s);
	lt_front f;
	bool ok = true;
	for (size_t k = 0; k < n - 1; k++) {
		ok = ok && !parse_n(s, k, &f) && f.end == 0;
		lt_front_free(&f);
	}
	OK(ok);
	OK(parse_n(s, n - 1, &f)); /* the closing line without its '\n' */
	STR_EQ(f.title, "T \xC3\xA9\"");
	STR_EQ(f.author, "A'B");
	lt_front_free(&f);
	const char *keys = "Title: T\n  more\nDate: 2020-01-02\n";
	for (size_t k = 0; k <= strlen(keys); k++) {
		parse_n(keys, k, &f);
		lt_front_free(&f);
	}

	harness_test("the scan stops at 64 KiB; a long text after a block");
	size_t big = 1u << 20;
	char *t = padded("---\ntitle: Far\n", "key: value\n", big);
	memcpy(t + big - 4, "---\n", 4);
	OK(!parse_n(t, big, &f));
	free(t);
	t = padded("Title: Far\n", "Key: value\n", big);
	OK(!parse_n(t, big, &f));
	free(t);
	t = padded("---\ntitle: Near\n---\n\n", "A line of prose.\n", big);
	OK(parse_n(t, big, &f));
	STR_EQ(f.title, "Near");
	INT_EQ(f.end, strlen("---\ntitle: Near\n---\n\n"));
	lt_front_free(&f);
	free(t);
	t = padded("---\ntitle: Edge\n", "#", LT_FRONT_SCAN + 8);
	memcpy(t + LT_FRONT_SCAN - 8, "\n---\n", 5);
	OK(parse_n(t, LT_FRONT_SCAN + 8, &f));
	STR_EQ(f.title, "Edge");
	lt_front_free(&f);
	free(t);

	harness_test("a line cut by the scan limit is not read as whole");
	t = padded("---\ntitle: Cut\n", "#", LT_FRONT_SCAN + 8);
	memcpy(t + LT_FRONT_SCAN - 4, "\n---\n", 5);
	OK(!parse_n(t, LT_FRONT_SCAN + 8, &f)); /* its '\n' one byte past */
	memcpy(t + LT_FRONT_SCAN - 5, "\n---\n", 5);
	OK(parse_n(t, LT_FRONT_SCAN + 8, &f)); /* its '\n' the last byte */
	STR_EQ(f.title, "Cut");
	lt_front_free(&f);
	free(t);

	harness_test("lt_front_free on a zeroed struct and twice");
	lt_front z = {0};
	lt_front_free(&z);
	lt_front_free(&z);
	OK(z.title == NULL && z.when == -1);
}

int main(void)
{
	test_jekyll();
	test_hugo_toml();
	test_hugo_yaml();
	test_quoted_and_folded();
	test_pelican();
	test_crlf_bom();
	test_not_front_matter();
	test_dates();
	test_bounds();
	return harness_done();
}
