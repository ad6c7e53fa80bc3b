/* Search: exact counts and places in the bundled collection, and every
 * matching rule on small texts of our own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lectern/doc.h"
#include "lectern/search.h"

static lt_search *compile(const char *pattern, lt_case_mode casing, bool word,
                          bool regex)
{
	lt_search_opts o = {casing, word, regex, false};
	char err[256];
	lt_search *s = lt_search_new(pattern, &o, err, sizeof err);
	if (!s)
		fprintf(stderr, "  %s: %s\n", pattern, err);
	return s;
}

/* The hits of pattern in text, as "start-end" pairs joined by ','. */
static char *hits_in(const char *pattern, lt_case_mode casing, bool word,
                     bool regex, const char *text)
{
	lt_search *s = compile(pattern, casing, word, regex);
	if (!s)
		return strdup("(error)");
	lt_spans spans = {0};
	lt_search_text(s, text, strlen(text), &spans);
	char *out = calloc(1, 16 * spans.n + 1);
	for (size_t i = 0; i < spans.n; i++)
		sprintf(out + strlen(out), "%s%llu-%llu", i ? "," : "",
		        (unsigned long long)spans.v[i].start,
		        (unsigned long long)spans.v[i].end);
	lt_spans_free(&spans);
	lt_search_free(s);
	return out;
}

#define HITS(pattern, casing, word, regex, text, want)                         \
	do {                                                                   \
		char *got_ = hits_in(pattern, casing, word, regex, text);      \
		if (!STR_EQ(got_, want))                                       \
			fprintf(stderr, "  pattern %s\n", pattern);            \
		free(got_);                                                    \
	} while (0)

#define LIT(pattern, text, want)                                               \
	HITS(pattern, LT_CASE_SMART, false, false, text, want)

static void test_rules(void)
{
	harness_test("a space matches any run of white space");
	LIT("and Realities", "and\xC2\xA0Realities", "0-14");
	LIT("and Realities", "and \n\t Realities", "0-16");
	LIT("and  Realities", "and Realities", "0-13");

	harness_test("smart case");
	LIT("sco", "SCO Moscow", "0-3,6-9");
	LIT("SCO", "SCO Moscow sco", "0-3");
	LIT("Sco", "SCO", "");
	HITS("Sco", LT_CASE_IGNORE, false, false, "SCO", "0-3");
	HITS("sco", LT_CASE_SENSITIVE, false, false, "SCO sco", "4-7");

	harness_test("full case folding");
	LIT("strasse",
	    "STRASSE Stra\xC3\x9F"
	    "e",
	    "0-7,8-15");
	LIT("stra\xC3\x9F"
	    "e",
	    "STRASSE", "0-7");
	/* final sigma folds to sigma */
	LIT("\xCF\x83\xCE\xBF\xCF\x86\xCE\xBF\xCF\x83",
	    "\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x9F\xCE\xA3 "
	    "\xCF\x83\xCE\xBF\xCF\x86\xCE\xBF\xCF\x82",
	    "0-10,11-21");

	harness_test("straight quotes match curly ones");
	LIT("Russia's", "Russia\xE2\x80\x99s Russia's", "0-10,11-19");
	LIT("\"Reunification\"",
	    "The \xE2\x80\x9CReunification\xE2\x80\x9D of Crimea", "4-23");
	LIT("'china threat'",
	    "the \xE2\x80\x98"
	    "China threat\xE2\x80\x99",
	    "4-22");

	harness_test("a hyphen matches the dashes, ... the ellipsis");
	LIT("1993-1994",
	    "1993\xE2\x80\x93"
	    "1994 1993-1994",
	    "0-11,12-21");
	LIT("a-b",
	    "a\xE2\x80\x94"
	    "b",
	    "0-5");
	LIT("Russia...", "Russia\xE2\x80\xA6", "0-9");

	harness_test("NFC and NFD match each other");
	LIT("caf\xC3\xA9", "cafe\xCC\x81", "0-6");
	LIT("cafe\xCC\x81", "caf\xC3\xA9", "0-5");

	harness_test("no accents in the pattern: any accents match");
	LIT("vis-a-vis", "vis-\xC3\xA0-vis", "0-10");
	LIT("cafe", "caf\xC3\xA9 cafe", "0-5,6-10");
	harness_test("accents in the pattern: only them");
	LIT("caf\xC3\xA9", "caf\xC3\xA9 cafe", "0-5");

	harness_test("whole word");
	/* UAX #29: an apostrophe between letters does not break a word */
	HITS("Russia", LT_CASE_SMART, true, false, "Russia Russian Russia's",
	     "0-6");
	HITS("Russia", LT_CASE_SMART, true, false, "Russia, (Russia) Russias",
	     "0-6,9-15");
	HITS("Russia", LT_CASE_SMART, false, false, "Russia Russian",
	     "0-6,7-13");

	harness_test("regular expressions");
	HITS("O[BR]OR", LT_CASE_SMART, false, true, "OBOR OROR OBR", "0-4,5-9");
	HITS("ob.r", LT_CASE_SMART, false, true, "OBOR", "0-4");
	HITS("\\bSino\\w*", LT_CASE_SMART, true, true, "Sino-Russian Sinology",
	     "0-4,13-21");
	HITS("x*", LT_CASE_SMART, false, true, "abc", "");

	harness_test("an invalid regular expression says why and where");
	{
		lt_search_opts o = {LT_CASE_SMART, false, true, false};
		char err[256] = "";
		OK(lt_search_new("(ab", &o, err, sizeof err) == NULL);
		OK(strstr(err, "offset 3") != NULL);
		OK(strstr(err, "missing") != NULL);
		OK(lt_search_new("", &o, err, sizeof err) == NULL);
	}

	harness_test("hits never overlap nor split a character");
	LIT("aa", "aaaa", "0-2,2-4");
	LIT("s", "\xC3\x9F", "0-2");
	LIT("ss", "\xC3\x9F\xC3\x9F", "0-2,2-4");
	LIT("\xE4\xBF\x84", "\xE4\xBF\x84\xE7\xBD\x97\xE6\x96\xAF", "0-3");

	harness_test("only letters fold case: a control byte is not a digit");
	/* 0x10 with the case bit set is '0': the fast path once took it */
	LIT("0sco", "\x10sco 0SCO", "5-9");
	LIT("sco1", "SCO\x11 sco1", "5-9");
	harness_test("invalid UTF-8 never matches and never breaks a search");
	LIT("ab",
	    "a\xFF"
	    "b ab \xC0\xAF ab",
	    "4-6,10-12");
	HITS("a.b", LT_CASE_SMART, false, true,
	     "a\xFF"
	     "b axb",
	     "4-7");
}

/* Hits per essay for pattern in the bundled collection, as "1:1 2:1 5:4". */
static char *per_essay(lt_doc *doc, const char *pattern, size_t *total)
{
	lt_search *s = compile(pattern, LT_CASE_SMART, false, false);
	lt_hits *h = lt_hits_new(s, doc);
	OK(lt_hits_run(h, 0));
	size_t counts[64] = {0};
	for (size_t k = 0; k < lt_hits_nparas(h); k++) {
		lt_para_hits ph = lt_hits_para(h, k);
		size_t e = lt_doc_para_essay(doc, ph.para);
		if (e < 64)
			counts[e] += ph.count;
		if (k > 0) {
			lt_para_hits prev = lt_hits_para(h, k - 1);
			INT_EQ(ph.before, prev.before + prev.count);
			OK(ph.para > prev.para);
		}
	}
	*total = lt_hits_count(h);
	char *out = calloc(1, 256);
	for (size_t e = 0; e < 64; e++)
		if (counts[e])
			sprintf(out + strlen(out), "%s%zu:%zu",
			        out[0] ? " " : "", e + 1, counts[e]);
	lt_hits_free(h);
	lt_search_free(s);
	return out;
}

static void test_bundled(const char *path)
{
	harness_test("the bundled collection: SCO and OBOR");
	lt_error err;
	lt_doc *doc = lt_doc_open(path, &err);
	if (!OK(doc != NULL))
		return;
	lt_doc_scan(doc, 0);
	size_t total;
	char *got = per_essay(doc, "SCO", &total);
	STR_EQ(got, "1:1 2:1 5:4");
	INT_EQ(total, 6);
	free(got);
	got = per_essay(doc, "OBOR", &total);
	STR_EQ(got, "2:6");
	INT_EQ(total, 6);
	free(got);

	harness_test("SCO never matches Moscow");
	lt_search *s = compile("SCO", LT_CASE_SMART, false, false);
	lt_spans spans = {0};
	const char *text = lt_doc_bytes(doc);
	for (size_t p = 0; p < lt_doc_npara(doc); p++) {
		lt_range r = lt_doc_para(doc, p);
		spans.n = 0;
		lt_search_text(s, text + r.start, (size_t)(r.end - r.start),
		               &spans);
		for (size_t k = 0; k < spans.n; k++)
			OK(memcmp(text + r.start + spans.v[k].start, "SCO",
			          3) == 0);
	}
	lt_spans_free(&spans);
	lt_search_free(s);

	harness_test("a phrase across a no-break space in a title");
	got = per_essay(doc, "Rationales and Realities", &total);
	STR_EQ(got, "1:1");
	free(got);

	harness_test("searching a slice at a time finds the same hits");
	s = compile("russia", LT_CASE_SMART, false, false);
	lt_hits *whole = lt_hits_new(s, doc), *sliced = lt_hits_new(s, doc);
	lt_hits_run(whole, 0);
	size_t calls = 0;
	while (!lt_hits_run(sliced, 100))
		calls++;
	OK(calls > 10);
	INT_EQ(lt_hits_count(sliced), lt_hits_count(whole));
	INT_EQ(lt_hits_nparas(sliced), lt_hits_nparas(whole));
	INT_EQ(lt_hits_find(whole, 0), 0);
	INT_EQ(lt_hits_find(whole, lt_doc_npara(doc)), lt_hits_nparas(whole));
	lt_hits_free(whole);
	lt_hits_free(sliced);
	lt_search_free(s);
	lt_doc_free(doc);
}

/* The fast path (windows around the anchor and around what folds into
 * it) must find exactly what folding every paragraph whole finds: random
 * texts from pieces that stress it, many patterns, every option. */
static void test_fast_equals_exhaustive(void)
{
	harness_test("the fast path finds what the exhaustive one finds");
	static const char *const pieces[] = {
	    "Russia",
	    "russia",
	    "RUSSIA",
	    "Russia\xE2\x80\x99s",
	    "Russia's",
	    " ",
	    "  ",
	    "\n",
	    "\t",
	    "\xC2\xA0",
	    "\xD9\x8E",     /* Arabic fatha, a combining mark */
	    "\xE0\xA4\x82", /* Devanagari anusvara, a combining mark */
	    "\xE3\x80\x80", /* ideographic space */
	    "\xE2\x80\xAF", /* narrow no-break space */
	    "\xE2\x80\x89", /* thin space */
	    "\xE2\x80\x9C",
	    "\xE2\x80\x9D",
	    "vis-\xC3\xA0-vis",
	    "vis-a-vis",
	    "\xE2\x80\x93",
	    "-",
	    "...",
	    "\xE2\x80\xA6",
	    "Stra\xC3\x9F"
	    "e",
	    "strasse",
	    "O\xCC\x81"
	    "BOR",
	    "OBOR",
	    "obor",
	    "\xEF\xAC\x81"
	    "nal",
	    "final",
	    "\xE2\x84\xAA"
	    "ing",
	    "king",
	    "caf\xC3\xA9",
	    "cafe\xCC\x81",
	    "\xE4\xBF\x84",
	    "x",
	    ",",
	    "\xFF",
	    "SCO",
	    "Moscow",
	    "national",
	    "interests",
	    "and",
	};
	static const char *const patterns[] = {
	    "russia",     "Russia",        "Russia's",
	    "russia's",   "obor",          "OBOR",
	    "vis-a-vis",  "strasse",       "national interests",
	    "and russia", "final",         "king",
	    "cafe",       "caf\xC3\xA9",   "sco",
	    "SCO",        "moscow",        "\"russia\"",
	    "russia...",  "interests and", " russia",
	};
	size_t npieces = sizeof pieces / sizeof *pieces;
	uint64_t seed = 12345;
	char text[4096];
	size_t differ = 0, compared = 0, found = 0;
	for (int round = 0; round < 400; round++) {
		size_t len = 0;
		int count = 1 + (int)(seed % 60);
		for (int k = 0; k < count; k++) {
			seed =
			    seed * 6364136223846793005u + 1442695040888963407u;
			const char *piece = pieces[(seed >> 33) % npieces];
			size_t pl = strlen(piece);
			if (len + pl + 1 >= sizeof text)
				break;
			memcpy(text + len, piece, pl);
			len += pl;
		}
		text[len] = '\0';
		for (size_t q = 0; q < sizeof patterns / sizeof *patterns;
		     q++) {
			for (int mode = 0; mode < 6; mode++) {
				lt_search_opts fast = {(lt_case_mode)(mode % 3),
				                       mode >= 3, false, false};
				lt_search_opts slow = fast;
				slow.exhaustive = true;
				char err[128];
				lt_search *a = lt_search_new(patterns[q], &fast,
				                             err, sizeof err);
				lt_search *b = lt_search_new(patterns[q], &slow,
				                             err, sizeof err);
				lt_spans x = {0}, y = {0};
				lt_search_text(a, text, len, &x);
				lt_search_text(b, text, len, &y);
				bool same = x.n == y.n;
				for (size_t i = 0; same && i < x.n; i++)
					same = x.v[i].start == y.v[i].start &&
					       x.v[i].end == y.v[i].end;
				if (!same && differ++ < 5)
					fprintf(stderr,
					        "  %s (mode %d): %zu fast, %zu "
					        "exhaustive hits in \"%s\"\n",
					        patterns[q], mode, x.n, y.n,
					        text);
				compared++;
				found += y.n;
				lt_spans_free(&x);
				lt_spans_free(&y);
				lt_search_free(a);
				lt_search_free(b);
			}
		}
	}
	INT_EQ(differ, 0);
	OK(compared > 10000);
	OK(found > 10000); /* the texts are full of hits */
}

/* The paragraph found from the text around an offset is the indexed one,
 * and counting from the text finds what searching paragraph by paragraph
 * finds. */
static void test_count_and_around(const char *path)
{
	lt_error err;
	lt_doc *doc = lt_doc_open(path, &err);
	if (!OK(doc != NULL))
		return;
	lt_doc_scan(doc, 0);
	harness_test("lt_doc_para_around agrees with the index");
	size_t n = lt_doc_npara(doc), bad = 0;
	for (size_t i = 0; i < n; i++) {
		lt_range r = lt_doc_para(doc, i);
		uint64_t len = r.end - r.start;
		uint64_t offs[] = {r.start, r.start + len / 3,
		                   r.start + len / 2,
		                   r.end > r.start ? r.end - 1 : r.start};
		for (size_t k = 0; k < 4; k++) {
			lt_range a = lt_doc_para_around(doc, offs[k]);
			if ((a.start != r.start || a.end != r.end) && bad++ < 3)
				fprintf(
				    stderr,
				    "  %s: paragraph %zu at %llu: %llu-%llu, "
				    "around: %llu-%llu\n",
				    path, i, (unsigned long long)offs[k],
				    (unsigned long long)r.start,
				    (unsigned long long)r.end,
				    (unsigned long long)a.start,
				    (unsigned long long)a.end);
		}
	}
	INT_EQ(bad, 0);
	harness_test("lt_search_count finds what the paragraphs hold");
	static const char *const patterns[] = {
	    "SCO",         "OBOR",          "sco",
	    "Russia's",    "russia",        "national interests",
	    "vis-a-vis",   "and Realities", "the",
	    "Image credit"};
	for (size_t q = 0; q < sizeof patterns / sizeof *patterns; q++) {
		for (int mode = 0; mode < 4; mode++) {
			lt_search_opts o = {(lt_case_mode)(mode % 3), mode == 3,
			                    false, false};
			char e[64];
			lt_search *s =
			    lt_search_new(patterns[q], &o, e, sizeof e);
			lt_hits *h = lt_hits_new(s, doc);
			lt_hits_run(h, 0);
			size_t want = lt_hits_count(h);
			size_t got = lt_search_count(s, doc);
			if (!INT_EQ(got, want))
				fprintf(stderr, "  %s: %s (mode %d)\n", path,
				        patterns[q], mode);
			lt_hits_free(h);
			lt_search_free(s);
		}
	}
	lt_doc_free(doc);
}

/* A document large enough to be counted on two cores. */
static void test_count_two_cores(const char *bundled)
{
	harness_test("counting a large document on two cores");
	size_t len;
	char *text = harness_slurp(bundled, &len);
	if (!OK(text != NULL))
		return;
	size_t copies = (20u << 20) / len + 1;
	char *big = malloc(copies * (len + 2));
	size_t at = 0;
	for (size_t k = 0; k < copies; k++) {
		memcpy(big + at, text, len);
		at += len;
		memcpy(big + at, "\n\n", 2);
		at += 2;
	}
	const char *path = harness_file("big.txt", big, at);
	free(big);
	free(text);
	lt_error err;
	lt_doc *doc = lt_doc_open(path, &err);
	if (!OK(doc != NULL))
		return;
	lt_search_opts o = {LT_CASE_SMART, false, false, false};
	char e[64];
	lt_search *s = lt_search_new("SCO", &o, e, sizeof e);
	INT_EQ(lt_search_count(s, doc), 6 * copies);
	lt_search_free(s);
	s = lt_search_new("Russia's", &o, e, sizeof e);
	size_t two = lt_search_count(s, doc);
	lt_doc_scan(doc, 0);
	lt_hits *h = lt_hits_new(s, doc);
	lt_hits_run(h, 0);
	INT_EQ(two, lt_hits_count(h));
	lt_hits_free(h);
	lt_search_free(s);
	lt_doc_free(doc);
}

/* A paragraph of any length is searched in bounded windows (folded 64 KiB
 * at a time, its word breaks found 64 KiB at a time past 1 MiB): a piece
 * repeated to 3 MB holds the piece's hits that many times, whichever way
 * it is searched, and a hit across a chunk's end is found. */
static void test_long_paragraph(void)
{
	harness_test("a paragraph of 3 MB: hits in every chunk, once");
	static const char piece[] =
	    "Z the theatre th\xC3\xA9\xC3\xA2tre The THE the\xCC\x81 "
	    "\xEF\xAC\x80 strasse Stra\xC3\x9F"
	    "e breathe other Z ";
	size_t pl = sizeof piece - 1, copies = (3u << 20) / pl + 1;
	char *big = malloc(copies * pl + 1);
	for (size_t k = 0; k < copies; k++)
		memcpy(big + k * pl, piece, pl);
	big[copies * pl] = '\0';
	static const struct {
		const char *pattern;
		bool word, regex;
	} cases[] = {
	    {"the", false, false},     {"the", true, false},
	    {"th", false, false},      {"th", true, false},
	    {"strasse", false, false}, {"ff", false, false},
	    {"the", true, true},       {"th\\w+", true, true},
	    {"t\\w*e", false, true},
	};
	for (size_t q = 0; q < sizeof cases / sizeof *cases; q++) {
		for (int ex = 0; ex < 2; ex++) {
			lt_search_opts o = {LT_CASE_SMART, cases[q].word,
			                    cases[q].regex, ex == 1};
			char err[128];
			lt_search *s = lt_search_new(cases[q].pattern, &o, err,
			                             sizeof err);
			if (!OK(s != NULL))
				continue;
			lt_spans one = {0}, all = {0};
			lt_search_text(s, piece, pl, &one);
			lt_search_text(s, big, copies * pl, &all);
			if (!INT_EQ(all.n, one.n * copies))
				fprintf(stderr,
				        "  %s (word %d, regex %d, "
				        "exhaustive %d)\n",
				        cases[q].pattern, cases[q].word,
				        cases[q].regex, ex);
			/* the hits of the last copy are where the piece has
			 * them */
			size_t base = (copies - 1) * pl, bad = 0;
			for (size_t k = 0; k < one.n && all.n >= one.n; k++) {
				lt_range a = all.v[all.n - one.n + k];
				bad += a.start != base + one.v[k].start ||
				       a.end != base + one.v[k].end;
			}
			INT_EQ(bad, 0);
			lt_spans_free(&one);
			lt_spans_free(&all);
			lt_search_free(s);
		}
	}
	free(big);

	harness_test("a hit across 200 KB of combining marks");
	size_t marks = 100000, n = 2 + 2 * marks + 1;
	char *t = malloc(n + 1);
	memcpy(t, "th", 2);
	for (size_t k = 0; k < marks; k++)
		memcpy(t + 2 + 2 * k, "\xCC\x81", 2);
	t[n - 1] = 'e';
	t[n] = '\0';
	HITS("the", LT_CASE_SMART, false, false, t, "0-200003");
	lt_search_opts ex = {LT_CASE_SMART, false, false, true};
	char err[64];
	lt_search *s = lt_search_new("the", &ex, err, sizeof err);
	lt_spans sp = {0};
	lt_search_text(s, t, n, &sp);
	INT_EQ(sp.n, 1);
	lt_spans_free(&sp);
	lt_search_free(s);
	free(t);
}

static void test_snippet(void)
{
	harness_test("a hit in its context: one snippet for the results and "
	             "--search");
	const char p[] = "One two\tthree  four five six seven\neight nine";
	size_t n = sizeof p - 1, mf, mt;
	lt_range hit = {(uint64_t)(strstr(p, "four") - p), 0};
	hit.end = hit.start + 4;
	lt_buf out = {0};
	lt_search_snippet(p, n, hit, 100, 100, &out, &mf, &mt);
	STR_EQ(out.s, "One two three four five six seven eight nine");
	INT_EQ(mt - mf, 4);
	OK(strncmp(out.s + mf, "four", 4) == 0);
	/* cut on both sides: "…" where the paragraph goes on, the white
	 * space after the first one dropped */
	lt_search_snippet(p, n, hit, 6, 5, &out, &mf, &mt);
	STR_EQ(out.s, "…hree four five…");
	INT_EQ(mt - mf, 4);
	OK(strncmp(out.s + mf, "four", 4) == 0);
	/* never in the middle of a character */
	const char u[] = "\xC3\xA9t\xC3\xA9 hit \xC3\xA9t\xC3\xA9";
	lt_range h2 = {(uint64_t)(strstr(u, "hit") - u), 0};
	h2.end = h2.start + 3;
	lt_search_snippet(u, sizeof u - 1, h2, 2, 2, &out, &mf, &mt);
	STR_EQ(out.s, "…é hit …");
	lt_buf_free(&out);
}

/* Markdown is searched as the reader shows it. */
static void test_markdown_shown(void)
{
	harness_test("Markdown: the text as shown");
	static const char md[] =
	    "# Notes\n\nNobody *seems* to care, but [the page](https://"
	    "example.org/zebra) says so.\n\n# More\n\nNobody **seems** "
	    "bold, and `code *kept*` stays.\n\nplain zebra here\n";
	lt_error err = {0};
	lt_doc *doc =
	    lt_doc_open(harness_file("shown.md", md, sizeof md - 1), &err);
	if (!OK(doc != NULL))
		return;
	OK(lt_doc_scan(doc, 0));
	INT_EQ(lt_doc_structure(doc), LT_STRUCT_MARKDOWN);
	lt_range r = lt_doc_para(doc, 1);
	const char *p = lt_doc_bytes(doc) + r.start;
	size_t n = (size_t)(r.end - r.start);
	lt_spans sp = {0};
	/* across emphasis: one hit, over the bytes that show it */
	lt_search *s = compile("nobody seems", LT_CASE_SMART, false, false);
	INT_EQ(lt_search_shown(s, doc, p, n, &sp), 1);
	INT_EQ(sp.v[0].start, 0);
	INT_EQ(sp.v[0].end, strlen("Nobody *seems"));
	INT_EQ(lt_search_count(s, doc), 2);
	lt_search_free(s);
	/* a link: its text, then its address, as shown */
	sp.n = 0;
	s = compile("the page (https", LT_CASE_SMART, false, false);
	INT_EQ(lt_search_shown(s, doc, p, n, &sp), 1);
	INT_EQ(sp.v[0].start, strlen("Nobody *seems* to care, but ["));
	INT_EQ(sp.v[0].end, strlen("Nobody *seems* to care, but [the page]("
	                           "https"));
	INT_EQ(lt_search_count(s, doc), 1);
	lt_search_free(s);
	s = compile("the page says", LT_CASE_SMART, false, false);
	INT_EQ(lt_search_count(s, doc), 0);
	lt_search_free(s);
	s = compile("zebra", LT_CASE_SMART, false, false);
	INT_EQ(lt_search_shown(s, doc, p, n, NULL), 1);
	INT_EQ(lt_search_count(s, doc), 2);
	lt_search_free(s);
	/* a code span shows its stars */
	s = compile("code *kept*", LT_CASE_SMART, false, false);
	INT_EQ(lt_search_count(s, doc), 1);
	lt_search_free(s);
	lt_spans_free(&sp);
	lt_doc_free(doc);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_search BUNDLED-FILE\n");
		return 2;
	}
	test_rules();
	test_snippet();
	test_markdown_shown();
	test_fast_equals_exhaustive();
	test_long_paragraph();
	test_bundled(argv[1]);
	for (int i = 1; i < argc; i++)
		test_count_and_around(argv[i]);
	test_count_two_cores(argv[1]);
	return harness_done();
}
