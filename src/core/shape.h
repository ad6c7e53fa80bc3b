/* The shapes of paragraphs that the structure is found from: what a
 * paragraph looks like on its own (a byline, a name, a date, a numbering
 * line, a heading, an underlined title, a front matter block ...), asked of
 * the text by the structure's reader. No decisions here: structure.c
 * weighs these against the whole document. */
#ifndef LECTERN_SHAPE_H
#define LECTERN_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <unitypes.h>

#include "doc_impl.h"
#include "lectern/text.h"

/* Paragraphs longer than this (in bytes) are never titles or bylines. */
#define SH_TITLE_MAX 400
/* ... nor headings. */
#define SH_HEADING_MAX   200
#define SH_HEADING_WORDS 12
/* A front matter block is at most this long. */
#define SH_BLOCK_MAX 8192

/* The reader of paragraphs: their ranges and folded texts, the last few
 * of each kept (the rules look at a run of header paragraphs at once). */
#define SH_SLOTS 8
typedef struct {
	lt_doc *doc;
	lt_buf fold[SH_SLOTS];
	size_t fold_i[SH_SLOTS];
	size_t range_i[SH_SLOTS];
	lt_range range[SH_SLOTS];
	unsigned fold_next, range_next;
	/* a caller's answers about paragraphs (plan.c: how each looks as
	 * a heading), asked again and again of a block */
	size_t memo_i[SH_SLOTS];
	uint32_t memo[SH_SLOTS];
	unsigned memo_next;
} sh_reader;

void sh_init(sh_reader *rd, lt_doc *doc);
void sh_free(sh_reader *rd);

lt_range sh_para(sh_reader *rd, size_t i);
/* The bytes of r, a range of the text (lt_doc_text). */
static inline const char *sh_raw(sh_reader *rd, lt_range r)
{
	return lt_doc_text(rd->doc, r.start, r.end);
}
uint64_t sh_len(sh_reader *rd, size_t i);
/* Paragraph i folded to one line (valid until SH_SLOTS others are). */
const char *sh_fold(sh_reader *rd, size_t i);
bool sh_single_line(sh_reader *rd, size_t i);
/* Lines of paragraph i, counted up to max + 1. */
size_t sh_lines(sh_reader *rd, size_t i, size_t max);
/* Blank lines between paragraph i and the text before it (capped). */
unsigned sh_gap(sh_reader *rd, size_t i);
/* Does every line of paragraph i start with two or more spaces? */
bool sh_indented(sh_reader *rd, size_t i);

/* ---- small text helpers ------------------------------------------------ */
size_t sh_words(const char *s);
ucs4_t sh_first_uc(const char *s);
ucs4_t sh_last_uc(const char *s, size_t n);
bool sh_is_cap(ucs4_t uc);
bool sh_is_open_quote(ucs4_t uc);
bool sh_is_close_quote(ucs4_t uc);
bool sh_prefix_ci(const char *s, const char *prefix);
bool sh_in_list(const char *w, size_t n, const char *const *list);
/* Letters, none of them lower case. */
bool sh_caps_only(const char *s);
/* Title case: every word capitalised but the small ones. */
bool sh_title_case(const char *s);
/* A few words in title case or capitals, not running on like a sentence. */
bool sh_title_shaped(const char *s);
/* ASCII case-insensitive search; word-bounded when word is set. */
bool sh_find_ci(const char *p, size_t n, const char *needle, size_t nn,
                bool word);
extern const char *const sh_small_words[];

/* ---- names and bylines ------------------------------------------------- */
/* 1-8 capitalised words (initials and particles allowed), no digits. */
bool sh_looks_like_name(const char *s);
/* A person's name standing alone on a header line, stricter: two to
 * seven words, none of them a sentence's small words ("of" only after a
 * title such as EARL), perhaps with degrees, a date or a footnote mark
 * after it. Returns the name's length in s (0: not one). */
size_t sh_name_line(const char *s);
/* If paragraph i is a byline ("By NAME", "Written by NAME", "Posted by
 * NAME", perhaps in Markdown emphasis, with a tail "NAME, Author of ...",
 * "NAME on DATE" or a link "[NAME](url)"), return the name (a new
 * string), else NULL. "by NAME" alone on its
 * line may be in lower case; lower allows it anywhere. */
char *sh_byline(sh_reader *rd, size_t i, bool lower);
/* The same asked of one line, text[0..n). */
char *sh_byline_text(const char *text, size_t n, bool lower);
/* One short line of a name in capitals ("HAMILTON", "PUBLIUS."): the
 * name (a new string), or NULL. */
char *sh_caps_name(sh_reader *rd, size_t i, size_t max);
/* "NAME @ PLACE", a sign-off: the name (a new string), or NULL. */
char *sh_signoff(sh_reader *rd, size_t i);
/* "— NAME", "-- NAME": a name signing what it ends (a new string), or
 * NULL. */
char *sh_dash_name(sh_reader *rd, size_t i);
/* An author line of a front matter block: "Author: A <a@x>, B <b@y>"
 * with the addresses dropped; a new string or NULL. */
char *sh_author_value(const char *v, size_t n);

/* ---- headings ----------------------------------------------------------- */
/* One short line, title case or capitals or quoted, ending like a heading
 * and not a site footer. */
bool sh_heading_like(sh_reader *rd, size_t i);
/* What the folded line f[0..n) alone says of it as a heading: none, one,
 * or a quoted line (one unless it reads as dialogue among the
 * paragraphs around it: sh_heading_like asks those). */
typedef enum { SH_HEAD_NO, SH_HEAD_YES, SH_HEAD_QUOTED } sh_head;
sh_head sh_heading_text(const char *f, size_t n);
/* A salutation or address line: "SIR,", "DEAR SIR,--", "DOCTOR NORTH:". */
bool sh_salutation(sh_reader *rd, size_t i);
/* A salutation, or a paragraph that opens with one ("SIR, As you ..."). */
bool sh_salutation_start(sh_reader *rd, size_t i);
/* A short line closing a letter, before its signature: "I am, &c.",
 * "Your humble servant,". */
bool sh_closing(sh_reader *rd, size_t i);
bool sh_footer_like(sh_reader *rd, size_t i);
/* A footnote: "12. Ibid.", "(3) ...", "[Footnote 1: ...]". */
bool sh_footnote(sh_reader *rd, size_t i);
/* A rule alone on its line: "* * *", "~~~~", "-----". */
bool sh_rule(sh_reader *rd, size_t i);
/* A number alone ("1.", "IV.", "XII") on a line that is not indented:
 * the text p[0..n), or paragraph i. */
bool sh_number_text(const char *p, size_t n);
bool sh_bare_number(sh_reader *rd, size_t i);
/* Does paragraph i open a list item with a bullet? */
bool sh_bullet(sh_reader *rd, size_t i);
/* Does paragraph i hold an ASCII lower-case letter? */
bool sh_has_ascii_lower(sh_reader *rd, size_t i);
/* A short title in capitals over a subtitle line or a bracketed note. */
bool sh_title_over_subtitle(sh_reader *rd, size_t t, size_t s);
bool sh_is_bio(sh_reader *rd, size_t i, const char *author);
bool sh_short_line(sh_reader *rd, size_t i);

/* ---- numbering, dates, publication lines -------------------------------- */
/* A numbering line ("FEDERALIST No. 10", "ESSAY XII.", "CHAPTER IV.
 * TITLE"), or with bare set a Roman numeral with its point ("XII."). */
bool sh_numbering(sh_reader *rd, size_t i, bool bare, bool *titled,
                  unsigned *roman);
bool sh_publication(sh_reader *rd, size_t i);
/* A date alone: "MARCH 8, 1738", "A.D. 1438", "April 2001, rev. April
 * 2003", "1917". */
bool sh_date_text(const char *s);
/* A date "MONTH D, YYYY" inside s: its byte range in *start, *end. */
bool sh_date_span(const char *s, size_t *start, size_t *end);
bool sh_end_marker(sh_reader *rd, size_t i);
bool sh_contents_heading(const char *f);
/* The heading of a list of illustrations or plates. */
bool sh_list_heading(const char *f);
/* A header line that may stand before a title: a name in capitals, a
 * date, a numbering line. */
bool sh_lead_line(sh_reader *rd, size_t i);
/* ... a name in capitals or a date alone. */
bool sh_name_or_date(sh_reader *rd, size_t i);

/* ---- markup ---------------------------------------------------------------
 */
/* A front matter block: YAML between "---" lines, TOML between "+++". */
bool sh_front_block(const char *p, size_t n);
/* "Key: value" lines, one of them "Title:" or "Subject:": an RFC 822
 * style header. */
bool sh_kv_block(const char *p, size_t n);
/* The value of "key:" in a block p[0..n) (quotes dropped); *len 0 when
 * there is none. */
const char *sh_block_value(const char *p, size_t n, const char *key,
                           size_t *len);
/* The title of a header block: its Title:, else its Subject:. */
const char *sh_block_title(const char *p, size_t n, size_t *len);
/* The author of a front matter block ("author: NAME", a nested "name:",
 * "Author: A <a@x>", else a mail's "From: A <a@x>"): a new string or
 * NULL. */
char *sh_block_author(const char *p, size_t n);
/* The level of an ATX heading line with some text in it, or 0. */
int sh_md_atx(const char *p, size_t n);
/* The Markdown heading level of paragraph i (ATX or setext), or 0. */
int sh_md_heading(sh_reader *rd, size_t i);
/* A whole line in bold: "**Heading**". */
bool sh_bold_line(sh_reader *rd, size_t i);

/* A plain-text underline (or an overline and underline: a box) in a
 * paragraph: the line it underlines (0-based; in a box, its first), its
 * character, whether the title line opens with "> ", and the columns the
 * underline covers. */
typedef struct {
	unsigned line; /* the underlined line; lines after it may follow */
	char c;        /* 0: none */
	bool quoted;
	bool over;
	unsigned inner;    /* a box's lines between its rules (1 to 3) */
	unsigned from, to; /* columns of the underline */
} sh_underline;
sh_underline sh_find_underline(const char *p, size_t n);

#endif
