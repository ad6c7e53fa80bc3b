/* Search takes time linear in the text on any shape of text (issue 17):
 * each pattern kind (literal, folded, whole word, regular expression)
 * against each hostile shape of about 100,000 characters, timed in CPU
 * seconds against a bound generous enough for a sanitizer build on a
 * loaded machine. A quadratic path takes minutes here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "lectern/doc.h"
#include "lectern/search.h"

#define MARKS 100000

/* Build a text from head, count copies of unit, and tail. */
static char *make(const char *head, const char *unit, size_t count,
                  const char *tail, size_t *len)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
	*len = hl + ul * count + tl;
	char *t = malloc(*len + 1);
	memcpy(t, head, hl);
	for (size_t i = 0; i < count; i++)
		memcpy(t + hl + i * ul, unit, ul);
	memcpy(t + hl + ul * count, tail, tl);
	t[*len] = '\0';
	return t;
}

typedef struct {
	const char *name, *head, *unit;
	size_t count;
	const char *tail;
} shape;

typedef struct {
	const char *pattern;
	lt_search_opts opts;
} kind;

static double cpu_now(void) { return (double)clock() / CLOCKS_PER_SEC; }

int main(void)
{
	const double bound = getenv("LECTERN_TIME_BOUND")
	                         ? atof(getenv("LECTERN_TIME_BOUND"))
	                         : 5.0;
	static const shape shapes[] = {
	    {"a letter and 100,000 acute accents", "a", "\xCC\x81", MARKS, ""},
	    {"a hit across 100,000 marks", "th", "\xCC\x81", MARKS, "e"},
	    {"marks after a word", "the", "\xCC\x81", MARKS, " the"},
	    {"decomposed letters", "", "e\xCC\x81", MARKS, ""},
	    {"precomposed letters", "", "\xC3\xA9", MARKS, ""},
	    {"sharp s", "", "\xC3\x9F", MARKS, ""},
	    {"ligatures", "", "\xEF\xAC\x80", MARKS, ""},
	    {"Arabic marks", "\xD8\xA8", "\xD9\x8E", MARKS, ""},
	    {"Syriac marks after a letter", "t", "\xDC\xB0", MARKS, "he"},
	    {"marks then spaces", "\xC3\xA9", "\xCC\x81", MARKS / 2,
	     "                                                            "},
	    {"spaces and marks", "the", " \xCC\x81", MARKS, "the"},
	    {"no-break spaces", "the", "\xC2\xA0", MARKS, "the"},
	    {"marks between letters", "", "t\xCC\x81\xCC\x81\xCC\x81", MARKS,
	     ""},
	    {"words", "", "the ", MARKS, ""},
	    {"NULs", "", "\x01", MARKS, ""},
	    {"invalid bytes", "", "\xFF\xCC", MARKS, ""},
	    {"lone lead bytes", "", "\xE1", MARKS, ""},
	    {"one long word", "", "t", MARKS, "x"},
	};
	static const kind kinds[] = {
	    {"the", {LT_CASE_SMART, false, false, false}},
	    {"The", {LT_CASE_SMART, false, false, false}},
	    {"the", {LT_CASE_IGNORE, true, false, false}},
	    {"th e", {LT_CASE_SMART, false, false, false}},
	    {"t\xC3\xA9", {LT_CASE_SMART, false, false, false}},
	    {"strasse", {LT_CASE_SMART, false, false, false}},
	    {"ff", {LT_CASE_SMART, false, false, false}},
	    {"the", {LT_CASE_SMART, false, false, true}},
	    {"the", {LT_CASE_SMART, true, false, true}},
	    {"\\bt\\w*e", {LT_CASE_SMART, false, true, false}},
	    {"t+", {LT_CASE_SMART, true, true, false}},
	};
	harness_test("search is linear in the text on hostile shapes");
	size_t nshapes = sizeof shapes / sizeof *shapes;
	size_t nkinds = sizeof kinds / sizeof *kinds;
	double worst = 0;
	for (size_t i = 0; i < nshapes; i++) {
		size_t len;
		char *text = make(shapes[i].head, shapes[i].unit,
		                  shapes[i].count, shapes[i].tail, &len);
		const char *path = harness_file("shape.txt", text, len);
		for (size_t k = 0; k < nkinds; k++) {
			char err[256];
			lt_search_opts o = kinds[k].opts;
			lt_search *s = lt_search_new(kinds[k].pattern, &o, err,
			                             sizeof err);
			if (!OK(s != NULL))
				continue;
			double t0 = cpu_now();
			/* a paragraph, the reader's slices, --count */
			lt_spans spans = {0};
			lt_search_text(s, text, len, &spans);
			lt_error e;
			lt_doc *doc = lt_doc_open(path, &e);
			if (doc) {
				lt_doc_scan(doc, 0);
				lt_hits *h = lt_hits_new(s, doc);
				while (!lt_hits_run(h, 128 << 10))
					;
				INT_EQ(lt_hits_count(h), spans.n);
				INT_EQ(lt_search_count(s, doc), spans.n);
				lt_hits_free(h);
				lt_doc_free(doc);
			}
			double took = cpu_now() - t0;
			if (took > worst)
				worst = took;
			if (!OK(took < bound))
				fprintf(stderr,
				        "  %s, pattern %s (%s%s%s): %.2f s\n",
				        shapes[i].name, kinds[k].pattern,
				        o.regex ? "regex" : "literal",
				        o.word ? ", word" : "",
				        o.casing == LT_CASE_IGNORE ? ", icase"
				                                   : "",
				        took);
			lt_spans_free(&spans);
			lt_search_free(s);
		}
		free(text);
	}
	fprintf(stderr, "  the slowest case took %.3f s of CPU\n", worst);
	return harness_done();
}
