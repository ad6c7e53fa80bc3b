/* The structure's invariants, on every file named on the command line (the
 * fixtures and the bundled collection): front matter, essays and back
 * matter tile the file, every paragraph lies in exactly one of them, and
 * titles, bylines, sections, bios and authors agree with each other. */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#include "lectern/doc.h"

/* Scratch for titles and headings. */
static lt_buf text;

static bool inside(lt_range part, lt_range r)
{
	return r.start >= part.start && r.end <= part.end;
}

/* The parts' byte ranges, in order: front, essays..., back. */
static void check_partition(const lt_doc *doc)
{
	size_t nessays = lt_doc_nessays(doc);
	lt_range front = lt_doc_front(doc), back = lt_doc_back(doc);
	INT_EQ(front.start, 0);
	uint64_t at = front.end;
	for (size_t k = 0; k < nessays; k++) {
		lt_essay e_view = lt_doc_essay(doc, k);
		const lt_essay *e = &e_view;
		INT_EQ(e->bytes.start, at);
		OK(e->bytes.end > e->bytes.start);
		at = e->bytes.end;
	}
	INT_EQ(back.start, at);
	INT_EQ(back.end, lt_doc_size(doc));
	OK(front.start <= front.end && back.start <= back.end);

	size_t back_para = lt_doc_back_para(doc);
	for (size_t i = 0; i < lt_doc_npara(doc); i++) {
		lt_range r = lt_doc_para(doc, i);
		size_t k = lt_doc_para_essay(doc, i);
		lt_para_kind kind = lt_doc_para_kind(doc, i);
		OK(r.start < r.end);
		int holders = inside(front, r) + inside(back, r);
		for (size_t j = 0; j < nessays; j++)
			holders += inside(lt_doc_essay(doc, j).bytes, r);
		if (!INT_EQ(holders, 1))
			fprintf(stderr, "  paragraph %zu\n", i);
		if (k != LT_NONE) {
			OK(k < nessays &&
			   inside(lt_doc_essay(doc, k).bytes, r));
			OK(kind != LT_PARA_FRONT && kind != LT_PARA_BACK);
		} else if (i >= back_para) {
			OK(kind == LT_PARA_BACK && inside(back, r));
		} else {
			OK(kind == LT_PARA_FRONT && inside(front, r));
		}
		INT_EQ(lt_doc_para_at(doc, r.start), i);
		INT_EQ(lt_doc_para_at(doc, r.end - 1), i);
	}
}

static void check_essays(const lt_doc *doc)
{
	size_t nessays = lt_doc_nessays(doc), nsections = 0;
	for (size_t k = 0; k < nessays; k++) {
		lt_essay e_view = lt_doc_essay(doc, k);
		const lt_essay *e = &e_view;
		OK(lt_doc_essay_title(doc, k, &text)[0] != '\0');
		OK(e->title_para < e->end_para);
		INT_EQ(lt_doc_para_kind(doc, e->title_para), LT_PARA_TITLE);
		INT_EQ(
		    e->line,
		    lt_doc_line_at(doc, lt_doc_para(doc, e->title_para).start));
		/* the header: title paragraphs, then subtitle, publication
		 * and author lines, the byline last */
		for (size_t i = e->title_para + 1;
		     e->byline_para != LT_NONE && i < e->byline_para; i++)
			OK(lt_doc_para_kind(doc, i) == LT_PARA_TITLE ||
			   lt_doc_para_kind(doc, i) == LT_PARA_BYLINE);
		if (e->byline_para != LT_NONE) {
			OK(e->byline_para > e->title_para &&
			   e->byline_para < e->end_para);
			INT_EQ(lt_doc_para_kind(doc, e->byline_para),
			       LT_PARA_BYLINE);
			OK(e->author != LT_NONE);
		}
		if (e->bio_para != LT_NONE) {
			INT_EQ(e->bio_para, e->end_para - 1);
			INT_EQ(lt_doc_para_kind(doc, e->bio_para), LT_PARA_BIO);
		}
		if (k + 1 < nessays)
			INT_EQ(e->end_para,
			       lt_doc_essay(doc, k + 1).title_para);
		else
			INT_EQ(e->end_para, lt_doc_back_para(doc));
		INT_EQ(e->first_section, nsections);
		for (size_t s = 0; s < e->nsections; s++) {
			lt_section sec_view =
			    lt_doc_section(doc, e->first_section + s);
			const lt_section *sec = &sec_view;
			size_t sec_index = e->first_section + s;
			INT_EQ(sec->essay, k);
			OK(sec->para > e->title_para &&
			   sec->para < e->end_para);
			OK(sec->para != e->byline_para &&
			   sec->para != e->bio_para);
			INT_EQ(lt_doc_para_kind(doc, sec->para),
			       LT_PARA_HEADING);
			OK(lt_doc_section_heading(doc, sec_index, &text)[0] !=
			   '\0');
		}
		nsections += e->nsections;
	}
	INT_EQ(lt_doc_nsections(doc), nsections);
}

/* Every essay with an author is listed under it, in document order, and
 * every listing points back. */
static void check_authors(const lt_doc *doc)
{
	size_t listed = 0;
	for (size_t a = 0; a < lt_doc_nauthors(doc); a++) {
		const lt_author *au = lt_doc_author(doc, a);
		OK(au->nessays > 0);
		for (size_t k = 0; k < au->nessays; k++) {
			INT_EQ(lt_doc_essay(doc, au->essays[k]).author, a);
			OK(k == 0 || au->essays[k] > au->essays[k - 1]);
		}
		listed += au->nessays;
	}
	size_t with_author = 0;
	for (size_t k = 0; k < lt_doc_nessays(doc); k++)
		with_author += lt_doc_essay(doc, k).author != LT_NONE;
	INT_EQ(listed, with_author);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: test_structure FILE...\n", stderr);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		harness_test(argv[i]);
		lt_error err = {0};
		lt_doc *doc = lt_doc_open(argv[i], &err);
		if (!OK(doc != NULL))
			continue;
		OK(lt_doc_scan(doc, 0));
		check_partition(doc);
		check_essays(doc);
		check_authors(doc);
		/* a text with paragraphs always has an essay */
		OK(lt_doc_npara(doc) == 0 || lt_doc_nessays(doc) > 0);
		lt_doc_free(doc);
	}
	return harness_done();
}
