/* The modes that print instead of opening the reader: the outline, the
 * authors, the text as plain reflowed lines, and search results. */
#ifndef LECTERN_MODES_H
#define LECTERN_MODES_H

#include <stdbool.h>
#include <stddef.h>

#include "lectern/doc.h"
#include "lectern/search.h"

/* The outline, printed as the scan completes each essay; with explain,
 * a "plan" line first (the rules used and how sure they are) and each
 * line ends in the evidence for it. */
void print_outline(lt_doc *doc, bool explain);
void print_authors(const lt_doc *doc);
/* The text reflowed to width cells from paragraph from on, as plain
 * text: the reader's layout without its attributes. */
void print_plain(const lt_doc *doc, size_t width, size_t from);

/* Every hit of s, one line each: ESSAY.SECTION, the source line, and the
 * paragraph around the hit (the hit in colour when color is set); or,
 * with count_only, the number of hits. Returns the number of hits. */
size_t print_search(lt_doc *doc, lt_search *s, bool count_only, bool color);

#endif
