/* lectern_dump FILE: the structure the core finds in FILE, in a readable
 * form that the fixture tests compare with FILE's .expected outline:
 *
 *   structure: markdown (guessed)   (unless blog rules were guessed)
 *   front: TEXT (line N)
 *   essay 1: TITLE — AUTHOR (line N)
 *     header: TEXT (line N)   (more title lines, subtitle, publication)
 *     byline: line N
 *     section 1.1: HEADING (line N)
 *     body: N paragraphs
 *     bio: first 40 characters… (line N)
 *   back: TEXT (line N)
 *   authors:
 *     NAME: 1, 3
 *
 * Texts are folded to one line; longer than 60 characters, they are cut
 * with "…". Exit status 1 when FILE cannot be opened. */
#include <stdio.h>
#include <string.h>
#include <unistr.h>

#include "lectern/doc.h"
#include "lectern/text.h"

#define TEXT_MAX 60
#define BIO_MAX  40

/* Paragraph i folded and cut after max characters. */
static void put_para(const lt_doc *doc, size_t i, size_t max)
{
	lt_buf b = {0};
	lt_range r = lt_doc_para(doc, i);
	lt_fold(lt_doc_bytes(doc) + r.start, (size_t)(r.end - r.start), &b);
	const uint8_t *s = (const uint8_t *)b.s, *end = s + b.len;
	size_t chars = 0;
	while (s < end && chars < max) {
		ucs4_t uc;
		s += u8_mbtouc(&uc, s, (size_t)(end - s));
		chars++;
	}
	fwrite(b.s, 1, (size_t)((const char *)s - b.s), stdout);
	if (s < end)
		fputs("\xE2\x80\xA6", stdout);
	printf(" (line %llu)\n",
	       (unsigned long long)lt_doc_line_at(doc, r.start));
	lt_buf_free(&b);
}

static void dump_essay(const lt_doc *doc, size_t k)
{
	lt_essay e_view = lt_doc_essay(doc, k);
	const lt_essay *e = &e_view;
	lt_buf title = {0};
	printf("essay %zu: %s", k + 1, lt_doc_essay_title(doc, k, &title));
	if (e->author != LT_NONE)
		printf(" \xE2\x80\x94 %s", lt_doc_author(doc, e->author)->name);
	printf(" (line %llu)\n", (unsigned long long)e->line);
	for (size_t i = e->title_para + 1;
	     i < e->end_para && i != e->byline_para &&
	     (lt_doc_para_kind(doc, i) == LT_PARA_TITLE ||
	      lt_doc_para_kind(doc, i) == LT_PARA_BYLINE);
	     i++) {
		fputs("  header: ", stdout);
		put_para(doc, i, TEXT_MAX);
	}
	if (e->byline_para != LT_NONE)
		printf("  byline: line %llu\n",
		       (unsigned long long)lt_doc_line_at(
		           doc, lt_doc_para(doc, e->byline_para).start));
	size_t body = 0;
	for (size_t i = e->title_para; i < e->end_para; i++)
		body += lt_doc_para_kind(doc, i) == LT_PARA_BODY;
	for (size_t s = 0; s < e->nsections; s++) {
		lt_section sec_view = lt_doc_section(doc, e->first_section + s);
		const lt_section *sec = &sec_view;
		size_t sec_index = e->first_section + s;
		printf("  section %zu.%zu: %s (line %llu)\n", k + 1, s + 1,
		       lt_doc_section_heading(doc, sec_index, &title),
		       (unsigned long long)sec->line);
	}
	printf("  body: %zu paragraph%s\n", body, body == 1 ? "" : "s");
	if (e->bio_para != LT_NONE) {
		fputs("  bio: ", stdout);
		put_para(doc, e->bio_para, BIO_MAX);
	}
	lt_buf_free(&title);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: lectern_dump FILE\n", stderr);
		return 2;
	}
	lt_error err = {0};
	lt_doc *doc = lt_doc_open(argv[1], &err);
	if (!doc) {
		fprintf(stderr, "lectern_dump: %s: %s\n", argv[1],
		        lt_error_message(&err));
		return 1;
	}
	lt_doc_scan(doc, 0);
	size_t npara = lt_doc_npara(doc), nessays = lt_doc_nessays(doc);
	printf("%llu bytes, %zu paragraphs, %zu essays\n",
	       (unsigned long long)lt_doc_size(doc), npara, nessays);
	if (lt_doc_structure(doc) != LT_STRUCT_BLOG ||
	    !lt_doc_structure_guessed(doc))
		printf("structure: %s (%s)\n",
		       lt_structure_name(lt_doc_structure(doc)),
		       lt_doc_structure_guessed(doc) ? "guessed" : "chosen");
	size_t i = 0;
	for (; i < npara && lt_doc_para_kind(doc, i) == LT_PARA_FRONT; i++) {
		fputs("front: ", stdout);
		put_para(doc, i, TEXT_MAX);
	}
	for (size_t k = 0; k < nessays; k++)
		dump_essay(doc, k);
	for (i = lt_doc_back_para(doc); i < npara; i++) {
		fputs("back: ", stdout);
		put_para(doc, i, TEXT_MAX);
	}
	puts("authors:");
	for (size_t a = 0; a < lt_doc_nauthors(doc); a++) {
		const lt_author *au = lt_doc_author(doc, a);
		printf("  %s:", au->name);
		for (size_t k = 0; k < au->nessays; k++)
			printf("%s %zu", k ? "," : "", au->essays[k] + 1);
		putchar('\n');
	}
	lt_doc_free(doc);
	return 0;
}
