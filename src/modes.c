/* The printing modes: outline, authors, plain text, search results. */
#define _GNU_SOURCE
#include "modes.h"

#include <stdio.h>
#include <string.h>
#include <unistr.h>

#include "lectern/layout.h"
#include "lectern/text.h"
#include "view/nav.h"

/* Print the rows of block b laid out at width cells. */
static void print_rows(const lt_block *b, size_t width)
{
	for (size_t r = 0; r < b->rows.nrows; r++) {
		const lt_row *row = &b->rows.rows[r];
		if (row->kind == LT_ROW_LABEL || row->kind == LT_ROW_TITLE) {
			printf("%*s%s\n", (int)b->indent, "",
			       row->kind == LT_ROW_LABEL ? lt_block_label(b)
			                                 : lt_block_title(b));
			continue;
		}
		if (row->kind == LT_ROW_BLANK || row->width == 0) {
			putchar('\n');
			continue;
		}
		printf("%*s", (int)b->indent, "");
		size_t col = 0;
		const char *s = b->text.s;
		for (size_t i = row->start; i < row->end && col < row->width;) {
			size_t w, len = lt_cell_next(s + i, row->end - i, col,
			                             width - 2 * b->indent, &w);
			if (s[i] == '\t')
				printf("%*s", (int)w, "");
			else if (s[i] != '\n')
				fwrite(s + i, 1, len, stdout);
			col += w;
			i += len;
		}
		putchar('\n');
	}
}

/* Print the text reflowed to width cells, as plain text (stdout is not a
 * terminal): the reader's layout without its attributes, a window of a
 * long paragraph at a time. */
void print_plain(const lt_doc *doc, size_t width, size_t from)
{
	lt_block b = {0};
	for (size_t p = from; p < lt_doc_npara(doc); p++) {
		size_t nw = 1;
		for (size_t w = 0; w < nw; w++) {
			lt_block_build(&b, doc, p, w, width);
			nw = b.nwindows;
			print_rows(&b, width);
		}
	}
	lt_block_free(&b);
}

/* Fields of a tab-separated line: titles, authors and headings are
 * already folded to one line, so tabs and controls cannot be in them.
 * Written whole, in one call: a large collection has a million of these
 * lines, and each call to stdio takes its lock. */
static void put_fields(const char *const *fields, size_t n)
{
	static lt_buf line;
	lt_buf_clear(&line);
	for (size_t i = 0; i < n; i++) {
		if (i)
			lt_buf_put(&line, "\t", 1, 0);
		lt_buf_put(&line, fields[i], strlen(fields[i]), 0);
	}
	lt_buf_put(&line, "\n", 1, 0);
	fwrite(line.s, 1, line.len, stdout);
}

static const char *number(char *buf, size_t size, uint64_t v)
{
	char *p = buf + size;
	*--p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	return p;
}

/* The file holding byte off, as a last field: its path with controls
 * made visible; NULL for a document of one file. */
static const char *file_field(const lt_doc *doc, uint64_t off, lt_buf *out)
{
	if (lt_doc_nfiles(doc) < 2)
		return NULL;
	const char *path = lt_doc_file(doc, lt_doc_file_at(doc, off)).path;
	lt_buf_clear(out);
	lt_sanitize(path, strlen(path), out);
	return out->s;
}

/* Put fields[0..n) and, when they are not NULL, the evidence and the
 * file after them. */
static void put_line(const char **fields, size_t n, const char *why,
                     const char *file)
{
	if (why)
		fields[n++] = why;
	if (file)
		fields[n++] = file;
	put_fields(fields, n);
}

/* Print essays [from, to) of the outline; with why, each line ends in
 * the evidence for it; in a collection of files, in the file's path. */
static void print_essays(const lt_doc *doc, size_t from, size_t to,
                         lt_buf *text, lt_buf *why)
{
	char num[24], sub[48], line[24], m[24];
	lt_buf file = {0};
	for (size_t i = from; i < to; i++) {
		lt_essay e = lt_doc_essay(doc, i);
		const char *n = number(num, sizeof num, i + 1);
		const char *f = file_field(doc, e.bytes.start, &file);
		put_line((const char *[7]){"essay", n,
		                           lt_doc_essay_title(doc, i, text),
		                           e.byline_name ? e.byline_name : "",
		                           number(line, sizeof line, e.line)},
		         5, why ? lt_doc_essay_evidence(doc, i, why) : NULL, f);
		for (size_t s = 0; s < e.nsections; s++) {
			lt_section sec =
			    lt_doc_section(doc, e.first_section + s);
			/* "ESSAY.SECTION" */
			size_t nl = strlen(n);
			memcpy(sub, n, nl);
			sub[nl] = '.';
			strcpy(sub + nl + 1, number(m, sizeof m, s + 1));
			put_line(
			    (const char *[7]){
			        "section", sub,
			        lt_doc_section_heading(doc, e.first_section + s,
			                               text),
			        "", number(line, sizeof line, sec.line)},
			    5,
			    why ? lt_doc_section_evidence(
			              doc, e.first_section + s, why)
			        : NULL,
			    f);
		}
	}
	lt_buf_free(&file);
}

/* The outline, printed as the scan completes each essay, while its text
 * is still in the cache. */
void print_outline(lt_doc *doc, bool explain)
{
	/* a collection's rules are its first file's: read it first */
	if (lt_doc_nfiles(doc) > 1)
		lt_doc_scan(doc, 1);
	put_fields((const char *[]){"structure",
	                            lt_structure_name(lt_doc_structure(doc)),
	                            lt_doc_structure_guessed(doc) ? "guessed"
	                                                          : "chosen"},
	           3);
	lt_buf text = {0}, why = {0};
	size_t printed = 0;
	for (;;) {
		bool done = lt_doc_scan(doc, 1u << 20);
		size_t complete = lt_doc_nessays_complete(doc);
		if (explain && printed == 0 && (complete > 0 || done)) {
			/* the plan is made before the first essay is */
			char conf[32];
			snprintf(conf, sizeof conf, "%.2f",
			         lt_doc_structure_confidence(doc));
			put_fields(
			    (const char *[]){
			        "plan", lt_doc_structure_summary(doc, &text),
			        conf},
			    3);
		}
		print_essays(doc, printed, complete, &text,
		             explain ? &why : NULL);
		printed = complete;
		if (done)
			break;
	}
	lt_buf_free(&text);
	lt_buf_free(&why);
}

void print_authors(const lt_doc *doc)
{
	lt_buf file = {0};
	for (size_t a = 0; a < lt_doc_nauthors(doc); a++) {
		const lt_author *au = lt_doc_author(doc, a);
		printf("%s\t", au->name);
		for (size_t k = 0; k < au->nessays; k++)
			printf("%s%zu", k ? "," : "", au->essays[k] + 1);
		/* in a collection of files: the files of the essays, each
		 * once */
		size_t last = SIZE_MAX;
		for (size_t k = 0; lt_doc_nfiles(doc) > 1 && k < au->nessays;
		     k++) {
			lt_essay e = lt_doc_essay(doc, au->essays[k]);
			size_t fi = lt_doc_file_at(doc, e.bytes.start);
			if (fi == last)
				continue;
			printf("%s%s", last == SIZE_MAX ? "\t" : ",",
			       file_field(doc, e.bytes.start, &file));
			last = fi;
		}
		putchar('\n');
	}
	lt_buf_free(&file);
}

/* The essay and section of paragraph para as ESSAY.SECTION (section 0:
 * before the first heading), or "front" / "back". */
static const char *place_of(const lt_doc *doc, size_t para, char *buf,
                            size_t size)
{
	size_t k = lt_doc_para_essay(doc, para);
	if (k == LT_NONE) {
		bool front = lt_doc_para_kind(doc, para) == LT_PARA_FRONT;
		return front ? "front" : "back";
	}
	snprintf(buf, size, "%zu.%zu", k + 1, lv_section_of(doc, k, para));
	return buf;
}

/* How much of the paragraph to show on each side of a hit, in bytes. */
#define CONTEXT 60

static void print_hit(const lt_doc *doc, size_t para, lt_range hit, bool color,
                      lt_buf *line)
{
	/* (of a front matter block, only its title is text) */
	lt_range r = lt_doc_para_text(doc, para);
	uint64_t skip = r.start - lt_doc_para(doc, para).start;
	hit.start -= skip;
	hit.end -= skip;
	const char *p = lt_doc_bytes(doc) + r.start;
	size_t n = (size_t)(r.end - r.start);
	size_t mf, mt;
	char place[48];
	lt_search_snippet(p, n, hit, CONTEXT, CONTEXT, line, &mf, &mt);
	/* the hit in bold red */
	lt_buf file = {0};
	const char *f = file_field(doc, r.start, &file);
	printf("%s\t%llu\t%.*s%s%.*s%s%s%s%s\n",
	       place_of(doc, para, place, sizeof place),
	       (unsigned long long)lt_doc_line_at(doc, r.start + hit.start),
	       (int)mf, line->s, color ? "\033[1;31m" : "", (int)(mt - mf),
	       line->s + mf, color ? "\033[m" : "", line->s + mt, f ? "\t" : "",
	       f ? f : "");
	lt_buf_free(&file);
}

size_t print_search(lt_doc *doc, lt_search *s, bool count_only, bool color)
{
	if (count_only) {
		size_t n = lt_search_count(s, doc);
		printf("%zu\n", n);
		return n;
	}
	lt_hits *h = lt_hits_new(s, doc);
	lt_spans spans = {0};
	lt_buf line = {0};
	size_t printed = 0; /* entries of h already printed */
	for (;;) {
		bool scanned = lt_doc_scan(doc, 1u << 20);
		bool done = lt_hits_run(h, 0);
		for (; !count_only && printed < lt_hits_nparas(h); printed++) {
			lt_para_hits ph = lt_hits_para(h, printed);
			lt_range r = lt_doc_para(doc, ph.para);
			spans.n = 0;
			lt_search_shown(s, doc, lt_doc_bytes(doc) + r.start,
			                (size_t)(r.end - r.start), &spans);
			for (size_t k = 0; k < spans.n; k++)
				print_hit(doc, ph.para, spans.v[k], color,
				          &line);
		}
		if (done || (scanned && lt_hits_done(h)))
			break;
	}
	size_t total = lt_hits_count(h);
	if (count_only)
		printf("%zu\n", total);
	lt_buf_free(&line);
	lt_spans_free(&spans);
	lt_hits_free(h);
	return total;
}
