/* The structure of a collection of files, asked of the files' own
 * documents and put in the collection's numbering (folder.h). */
#include "folder.h"
#include "folder_impl.h"

#include <stdio.h>
#include <string.h>

#include "doc_impl.h"

/* out (cleared first) holding s. */
static const char *say(lt_buf *out, const char *s)
{
	lt_buf_clear(out);
	lt_buf_puts(out, s);
	return out->s;
}

/* ---- structure ---------------------------------------------------------- */

size_t fo_para_essay(const lt_doc *doc, size_t i)
{
	const ffile *f = &folder(doc)->f[fo_file_of_para(doc, i)];
	if (f->whole)
		return f->essay0;
	if (f->block && i == f->para0)
		return LT_NONE;
	lt_doc *c = fo_fresh_child(doc, fo_file_of_para(doc, i));
	if (!c) /* changed since */
		return f->nessays ? f->essay0 : LT_NONE;
	size_t k = lt_doc_para_essay(c, i - pbase(f));
	return k == LT_NONE ? LT_NONE : f->essay0 + k;
}

/* Is paragraph p (the file's) one of a whole file's headings? */
static bool whole_heading(const ffile *f, size_t p)
{
	size_t lo = 0, hi = f->nsections;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->secs[mid].para < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->nsections && f->secs[lo].para == p;
}

lt_para_kind fo_para_kind(const lt_doc *doc, size_t i)
{
	size_t fi = fo_file_of_para(doc, i);
	const ffile *f = &folder(doc)->f[fi];
	if (f->block && i == f->para0)
		return f->whole && f->front.title ? LT_PARA_TITLE
		                                  : LT_PARA_FRONT;
	if (f->whole)
		return whole_heading(f, i - pbase(f)) ? LT_PARA_HEADING
		                                      : LT_PARA_BODY;
	lt_doc *c = fo_fresh_child(doc, fi);
	return c ? lt_doc_para_kind(c, i - pbase(f)) : LT_PARA_BODY;
}

static size_t add_to(size_t x, size_t base)
{
	return x == LT_NONE ? LT_NONE : x + base;
}

lt_essay fo_essay(const lt_doc *doc, size_t k)
{
	size_t fi = fo_scanned_file(doc, offsetof(ffile, essay0), k);
	const ffile *f = &folder(doc)->f[fi];
	lt_essay e;
	lt_doc *c = f->whole ? NULL : fo_fresh_child(doc, fi);
	if (!c) {
		/* one essay, the file; or, changed since it was read, its
		 * essays one after another from its first paragraph on */
		size_t j = k - f->essay0, last = f->npara ? f->npara - 1 : 0;
		e = (lt_essay){0};
		e.title_para = f->para0 + (j < last ? j : last);
		e.byline_para = e.bio_para = LT_NONE;
		e.end_para = j + 1 < f->nessays && j + 1 < last
		                 ? f->para0 + j + 1
		                 : f->para0 + f->npara;
		e.first_section = f->section0;
		e.nsections = f->whole ? f->nsections : 0;
		e.line = fo_line_at(doc, lt_para_start(doc, e.title_para));
		e.bytes = (lt_range){f->base, f->base + f->size};
	} else {
		e = lt_doc_essay(c, k - f->essay0);
		size_t pb = pbase(f);
		e.title_para += pb;
		e.byline_para = add_to(e.byline_para, pb);
		e.bio_para = add_to(e.bio_para, pb);
		e.end_para += pb;
		e.first_section += f->section0;
		e.line += f->line0 - 1;
		e.bytes.start += gbase(f);
		e.bytes.end += gbase(f);
	}
	uint32_t sp = doc->essays[k].spelling;
	e.byline_name = sp == LT_NO_SPELLING ? NULL : doc->spellings[sp].raw;
	e.author = doc->finished && sp != LT_NO_SPELLING
	               ? doc->spellings[sp].author
	               : LT_NONE;
	return e;
}

/* A file's name without its folders, its extension and a Jekyll date. */
static void name_title(const char *path, lt_buf *out)
{
	const char *s = strrchr(path, '/');
	s = s ? s + 1 : path;
	if (lt_front_name_date(s) >= 0 && strlen(s) > 11)
		s += 11;
	const char *dot = strrchr(s, '.');
	size_t n = dot && dot > s ? (size_t)(dot - s) : strlen(s);
	lt_sanitize(s, n, out);
}

const char *fo_essay_title(const lt_doc *doc, size_t k, lt_buf *out)
{
	size_t fi = fo_scanned_file(doc, offsetof(ffile, essay0), k);
	const ffile *f = &folder(doc)->f[fi];
	lt_doc *c = f->whole ? NULL : fo_fresh_child(doc, fi);
	if (c)
		return lt_doc_essay_title(c, k - f->essay0, out);
	lt_buf_clear(out);
	if (f->front.title && f->whole)
		lt_sanitize(f->front.title, strlen(f->front.title), out);
	else
		name_title(fo_path(folder(doc), fi), out);
	return out->s;
}

bool lt_doc_unwritten_title(const lt_doc *doc, size_t para, lt_buf *out)
{
	if (!doc->folder || para >= doc->npara)
		return false;
	size_t fi = fo_file_of_para(doc, para);
	const ffile *f = &folder(doc)->f[fi];
	if (!f->whole || f->front.title || f->block || para != f->para0)
		return false;
	lt_buf_clear(out);
	name_title(fo_path(folder(doc), fi), out);
	return out->len > 0;
}

const char *fo_essay_evidence(const lt_doc *doc, size_t k, lt_buf *out)
{
	size_t fi = fo_scanned_file(doc, offsetof(ffile, essay0), k);
	const ffile *f = &folder(doc)->f[fi];
	lt_buf_clear(out);
	lt_doc *c = f->whole ? NULL : fo_fresh_child(doc, fi);
	if (c) {
		lt_doc_essay_evidence(c, k - f->essay0, out);
	} else if (!f->whole) {
		say(out, "the file changed since it was read");
	} else {
		lt_buf_puts(out, f->front.title
		                     ? "a file: its front matter's title"
		                     : "a file with no essays found in it: "
		                       "titled by its name");
		lt_buf_puts(out, doc->essays[k].spelling == LT_NO_SPELLING
		                     ? "; author: none found"
		                 : f->front.author
		                     ? "; author: its front matter"
		                     : "; author: its header");
	}
	return out->s;
}

lt_section fo_section(const lt_doc *doc, size_t i)
{
	size_t fi = fo_scanned_file(doc, offsetof(ffile, section0), i);
	const ffile *f = &folder(doc)->f[fi];
	size_t local = i - f->section0;
	lt_section s;
	if (f->whole) {
		s.essay = f->essay0;
		s.para = pbase(f) + f->secs[local].para;
		s.line = f->secs[local].line + f->line0 - 1;
		return s;
	}
	lt_doc *c = fo_fresh_child(doc, fi);
	if (!c) /* changed since */
		return (lt_section){f->essay0, f->para0, 1};
	s = lt_doc_section(c, local);
	s.essay = add_to(s.essay, f->essay0);
	s.para += pbase(f);
	s.line += f->line0 - 1;
	return s;
}

/* Where section i's heading comes from: its file's document (NULL: the
 * file changed since), and the number there of the essay (a whole file's
 * heading that the file's rules took for an essay's title) or section. */
static lt_doc *section_from(const lt_doc *doc, size_t i, size_t *from,
                            bool *essay)
{
	size_t fi = fo_scanned_file(doc, offsetof(ffile, section0), i);
	const ffile *f = &folder(doc)->f[fi];
	size_t local = i - f->section0;
	*essay = f->whole && f->secs[local].essay;
	*from = f->whole ? f->secs[local].from : local;
	return fo_fresh_child(doc, fi);
}

const char *fo_section_heading(const lt_doc *doc, size_t i, lt_buf *out)
{
	size_t from;
	bool essay;
	lt_doc *c = section_from(doc, i, &from, &essay);
	if (!c)
		return say(out, "");
	return essay ? lt_doc_essay_title(c, from, out)
	             : lt_doc_section_heading(c, from, out);
}

const char *fo_section_evidence(const lt_doc *doc, size_t i, lt_buf *out)
{
	size_t from;
	bool essay;
	lt_doc *c = section_from(doc, i, &from, &essay);
	if (!c)
		return say(out, "the file changed since it was read");
	if (essay)
		return say(out, "a heading the file's rules take for an "
		                "essay's title, in a file that is one essay");
	return lt_doc_section_evidence(c, from, out);
}

const char *fo_summary(const lt_doc *doc, lt_buf *out)
{
	const struct lt_folder *fo = folder(doc);
	size_t skipped = 0, whole = 0;
	for (size_t i = 0; i < fo->next; i++) {
		skipped += fo->f[i].state != F_MAPPED;
		whole += fo->f[i].whole;
	}
	char buf[200];
	int k = snprintf(buf, sizeof buf, "%zu files", fo->n);
	if (fo->next < fo->n)
		k += snprintf(buf + k, sizeof buf - (size_t)k,
		              " (%zu read so far)", fo->next);
	snprintf(buf + k, sizeof buf - (size_t)k,
	         ", %zu skipped: each file's structure found alone; %zu of "
	         "them one essay each",
	         skipped, whole);
	lt_buf_clear(out);
	lt_buf_puts(out, buf);
	return out->s;
}
