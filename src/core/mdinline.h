/* Markdown's inline markup, in one place: emphasis and strong runs, code
 * spans, links (their addresses dimmed after them, or hidden) and
 * backslash escapes, read as
 * CommonMark reads them. The reader's layout hides it from a paragraph and
 * keeps its emphasis as styles; titles, headings and the outline show the
 * same text. */
#ifndef LECTERN_MDINLINE_H
#define LECTERN_MDINLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <unitypes.h>

#include "lectern/layout.h"
#include "lectern/text.h"

/* The code point at s[i] (of s[0..n)), and the one that ends just
 * before s[i] (i > 0; its start in *start when not NULL). */
ucs4_t md_char_at(const char *s, size_t n, size_t i);
ucs4_t md_char_before(const char *s, size_t i, size_t *start);
/* ASCII punctuation, as CommonMark has it. */
bool md_ascii_punct(ucs4_t c);
/* Append text[from, to) to out with its sources (both tracked). */
void md_put_range(lt_buf *out, const lt_buf *text, size_t from, size_t to);
/* The text of the tracked buffer text without its markup, appended to
 * out (tracked), and its emphasis as spans of out in styles; with
 * addresses, each link's address follows its text, "(address)" after a
 * space, styled LT_STYLE_LINK. */
void md_inline(const lt_buf *text, lt_buf *out, lt_styles *styles,
               bool addresses);
/* The same for p[0..n), decoded first, without link addresses (a title's
 * text): only the text shown, appended to out. */
void md_plain(const char *p, size_t n, lt_buf *out);

#endif
