/* A collection of several files (folder.c): the files lie one after the
 * other in one reserved stretch of address space, each mapped into its
 * slot when it is first read, so that the document's bytes and offsets
 * work as for one file. Each file is a document of its own (a child),
 * scanned alone and then merged: its paragraph starts go into the
 * collection's index, its essays and authors into the collection's
 * numbering; what only the child knows (titles, kinds, sections, lines)
 * is asked of it, made anew when it was let go. The functions here stand
 * in for the ones of doc.c and structure.c when doc->folder is set. */
#ifndef LECTERN_FOLDER_H
#define LECTERN_FOLDER_H

#include "lectern/doc.h"

struct lt_folder;

/* A document over data[0..size) that is not its own mapping (doc.c). */
lt_doc *lt_doc_over(const char *data, uint64_t size);
/* The same, with nothing read of it: no rules guessed (doc.c). */
lt_doc *lt_doc_unread(const char *data, uint64_t size);
/* Add a paragraph starting at byte start (doc.c). */
void lt_doc_add_para(lt_doc *doc, uint64_t start, uint64_t line);

void fo_free(lt_doc *doc);
/* The user's delimiters for every file (compiled once by the caller). */
void fo_set_starts(lt_doc *doc, const char *essay_re, const char *section_re);
bool fo_scan(lt_doc *doc, uint64_t budget);
/* The size of the whole, every file opened for it. */
uint64_t fo_size(const lt_doc *doc);
/* The end of the file whose slot holds byte off (a SIGBUS there). */
uint64_t fo_slot_end(const lt_doc *doc, uint64_t off);
uint64_t fo_para_limit(const lt_doc *doc, size_t i, uint64_t limit);
lt_range fo_para_text(const lt_doc *doc, size_t i);
lt_range fo_para_around(const lt_doc *doc, uint64_t off);
uint64_t fo_line_at(const lt_doc *doc, uint64_t off);
unsigned fo_shape_flags(const lt_doc *doc, uint64_t off);
/* Is p[0..n), at byte off, a front matter block (a collection's file's,
 * or one that opens an essay of one file)? Then *title is where its
 * title's value is in it (empty: none). */
bool fo_block_text(const lt_doc *doc, uint64_t off, const char *p, size_t n,
                   lt_range *title);
uint64_t fo_fingerprint(const lt_doc *doc);

size_t fo_para_essay(const lt_doc *doc, size_t i);
lt_para_kind fo_para_kind(const lt_doc *doc, size_t i);
lt_essay fo_essay(const lt_doc *doc, size_t k);
const char *fo_essay_title(const lt_doc *doc, size_t k, lt_buf *out);
const char *fo_essay_evidence(const lt_doc *doc, size_t k, lt_buf *out);
lt_section fo_section(const lt_doc *doc, size_t i);
const char *fo_section_heading(const lt_doc *doc, size_t i, lt_buf *out);
const char *fo_section_evidence(const lt_doc *doc, size_t i, lt_buf *out);
const char *fo_summary(const lt_doc *doc, lt_buf *out);

#endif
