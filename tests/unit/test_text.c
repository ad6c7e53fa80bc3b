/* Decoding for display: lt_decode, lt_sanitize, lt_fold and the source
 * offset map. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "harness.h"
#include "lectern/text.h"

typedef struct {
	const char *in; /* raw bytes; may hold NUL, hence len */
	size_t len;
	const char *out;
} decode_case;

#define CASE(in, out)                                                          \
	{                                                                      \
		in, sizeof in - 1, out                                         \
	}

static const decode_case decode_cases[] = {
    /* line ends and tabs */
    CASE("a\tb", "a\tb"),
    CASE("a\r\nb", "a\nb"),
    CASE("a\rb", "a\nb"),
    CASE("a\n\rb", "a\n\nb"),
    CASE("a\r\r\nb", "a\n\nb"),
    /* valid UTF-8 is kept, no-break spaces too */
    CASE("caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80",
         "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80"),
    CASE("a\xC2\xA0"
         "b",
         "a\xC2\xA0"
         "b"),
    /* invalid UTF-8: one marker a byte, resynchronising on the next */
    CASE("\x80", "<80>"),
    CASE("a\xBF"
         "b",
         "a<BF>b"),
    CASE("\xC3"
         "A",
         "<C3>A"),
    CASE("\xC3", "<C3>"),
    CASE("\xE2\x82"
         "A",
         "<E2><82>A"),
    CASE("\xE2\x82", "<E2><82>"),
    CASE("\xF0\x9F\x98"
         "A",
         "<F0><9F><98>A"),
    CASE("\xF0\x9F\x98", "<F0><9F><98>"),
    CASE("\xC0\xAF", "<C0><AF>"),
    CASE("\xC1\xBF", "<C1><BF>"),
    CASE("\xE0\x80\xAF", "<E0><80><AF>"),
    CASE("\xF0\x80\x80\xAF", "<F0><80><80><AF>"),
    CASE("\xED\xA0\x80", "<ED><A0><80>"),
    CASE("\xED\xBF\xBF", "<ED><BF><BF>"),
    CASE("\xF4\x90\x80\x80", "<F4><90><80><80>"),
    CASE("\xF5\x80\x80\x80", "<F5><80><80><80>"),
    CASE("\xF8\x88\x80\x80\x80", "<F8><88><80><80><80>"),
    CASE("\xFC\x84\x80\x80\x80\x80", "<FC><84><80><80><80><80>"),
    CASE("\xFE", "<FE>"),
    CASE("\xFF"
         "a",
         "<FF>a"),
    /* an invalid byte before a valid sequence does not swallow it */
    CASE("\xE2\xC3\xA9", "<E2>\xC3\xA9"),
    /* C0 controls, DEL, C1 controls */
    CASE("a\0b", "a^@b"),
    CASE("\x1B[2J\x1B]0;x\x07", "^[[2J^[]0;x^G"),
    CASE("\x01\x1F", "^A^_"),
    CASE("\x7F", "^?"),
    CASE("\v\f", "^K^L"),
    CASE("\xC2\x9B"
         "31m",
         "<U+009B>31m"),
    CASE("\xC2\x80\xC2\x9F", "<U+0080><U+009F>"),
    /* bidi embeddings, overrides and isolates; separators; BOM */
    CASE("\xE2\x80\xAA\xE2\x80\xAE", "<U+202A><U+202E>"),
    CASE("\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9",
         "<U+2066><U+2067><U+2068><U+2069>"),
    /* the bidi marks LRM, RLM, ALM */
    CASE("a\xE2\x80\x8E"
         "b\xE2\x80\x8F"
         "c\xD8\x9C",
         "a<U+200E>b<U+200F>c<U+061C>"),
    CASE("\xE2\x80\xA8\xE2\x80\xA9", "<U+2028><U+2029>"),
    CASE("\xEF\xBB\xBF", "<U+FEFF>"),
    CASE("\xEF\xBF\xBE", "<U+FFFE>"),
};

static void test_decode_table(void)
{
	harness_test("decode table");
	lt_buf b = {0};
	for (size_t i = 0; i < sizeof decode_cases / sizeof *decode_cases;
	     i++) {
		const decode_case *c = &decode_cases[i];
		lt_buf_clear(&b);
		lt_decode(c->in, c->len, &b);
		STR_EQ(b.s, c->out);
		INT_EQ(b.len, strlen(c->out));
	}
	lt_buf_free(&b);
}

/* Every byte value in every position: the output is valid UTF-8 with no
 * control character but tab and line feed. */
static void test_decode_is_safe(void)
{
	harness_test("decode output is safe");
	unsigned char in[4];
	lt_buf b = {0};
	bool ok = true;
	for (unsigned v = 0; v < 256 && ok; v++) {
		for (unsigned w = 0; w < 256 && ok; w++) {
			in[0] = (unsigned char)v;
			in[1] = (unsigned char)w;
			in[2] = 0x80 | (unsigned char)(v & 0x3F);
			in[3] = 0x80 | (unsigned char)(w & 0x3F);
			lt_buf_clear(&b);
			lt_decode((const char *)in, sizeof in, &b);
			ok = u8_check((const uint8_t *)b.s, b.len) == NULL;
			for (size_t k = 0; k < b.len && ok; k++) {
				unsigned char c = (unsigned char)b.s[k];
				ok = c >= 0x20 || c == '\t' || c == '\n';
				ok = ok && c != 0x7F;
			}
			ok = ok && strlen(b.s) == b.len;
		}
	}
	OK(ok);
	lt_buf_free(&b);
}

static void test_sanitize(void)
{
	harness_test("sanitize");
	lt_buf b = {0};
	lt_sanitize("a\tb\nc\rd\r\n", 9, &b);
	STR_EQ(b.s, "a^Ib^Jc^Md^M^J");
	lt_buf_clear(&b);
	const char esc[] = "x\x1B[31m\xE2\x80\xAEy\xFF";
	lt_sanitize(esc, sizeof esc - 1, &b);
	STR_EQ(b.s, "x^[[31m<U+202E>y<FF>");
	lt_buf_free(&b);
}

static void test_fold(void)
{
	harness_test("fold");
	lt_buf b = {0};
	const char in[] = "  Written\xC2\xA0\xC2\xA0"
	                  "by \t Ann\r\n\xE2\x80\x83Lee.\xE3\x80\x80 ";
	lt_fold(in, sizeof in - 1, &b);
	STR_EQ(b.s, "Written by Ann Lee.");
	/* appends after what the buffer holds */
	lt_fold(" x  y ", 6, &b);
	STR_EQ(b.s, "Written by Ann Lee.x y");
	lt_buf_clear(&b);
	lt_fold(" \xC2\xA0\t\n ", 6, &b);
	STR_EQ(b.s, "");
	lt_buf_clear(&b);
	/* invalid bytes and controls are decoded first */
	lt_fold("a\x1B  \xFF", 5, &b);
	STR_EQ(b.s, "a^[ <FF>");
	lt_buf_free(&b);

	/* plain text is folded in one pass, other text decoded first: the
	 * same either way (a tracked buffer always takes the second road) */
	static const char *const bits[] = {"a",
	                                   "Title",
	                                   "Sino-Russian",
	                                   "of the ~Past}",
	                                   " ",
	                                   "  ",
	                                   "\t",
	                                   "\n",
	                                   "\r\n",
	                                   "\r",
	                                   "\xC2\xA0",
	                                   "\xE2\x80\x83",
	                                   "\x1B",
	                                   "\x7F",
	                                   "\xFF",
	                                   "\xE2\x80",
	                                   "\xE2\x80\xAE",
	                                   "\xEF\xBB\xBF",
	                                   "\xE2\x80\x99",
	                                   "\xE4\xB8\xAD",
	                                   "\v",
	                                   "\f",
	                                   "\xC3\xA9"};
	lt_buf one = {0}, two = {0};
	lt_buf_track(&two);
	unsigned seed = 7;
	for (int t = 0; t < 20000; t++) {
		char mix[128];
		size_t n = 0;
		for (int k = (int)(seed % 9); k >= 0; k--) {
			seed = seed * 1103515245u + 12345u;
			const char *piece =
			    bits[(seed >> 16) % (sizeof bits / sizeof *bits)];
			memcpy(mix + n, piece, strlen(piece));
			n += strlen(piece);
		}
		lt_buf_clear(&one);
		lt_buf_clear(&two);
		lt_fold(mix, n, &one);
		lt_fold(mix, n, &two);
		if (!STR_EQ(one.s, two.s))
			break;
	}
	lt_buf_free(&one);
	lt_buf_free(&two);

	char *s = lt_text_fold("  The\xC2\xA0Title \n", 13);
	STR_EQ(s, "The Title");
	free(s);
	s = lt_text_fold("", 0);
	STR_EQ(s, "");
	free(s);
}

static void test_space_and_width(void)
{
	harness_test("white space and width");
	const uint32_t spaces[] = {' ',    '\t',   '\n',   '\r',
	                           0xA0,   0x1680, 0x2000, 0x200A,
	                           0x202F, 0x205F, 0x3000};
	for (size_t i = 0; i < sizeof spaces / sizeof *spaces; i++)
		OK(lt_uc_is_space(spaces[i]));
	const uint32_t others[] = {'a', '_', 0x200B, 0x2060, 0xFEFF, 0};
	for (size_t i = 0; i < sizeof others / sizeof *others; i++)
		OK(!lt_uc_is_space(others[i]));
	INT_EQ(lt_text_width("abc", 3), 3);
	INT_EQ(lt_text_width("\xE6\x97\xA5\xE6\x9C\xAC", 6), 4);
	INT_EQ(lt_text_width("e\xCC\x81", 3), 1);
}

/* With tracking, every output byte names the source byte it came from. */
static void test_src_map(void)
{
	harness_test("source offset map");
	const char in[] = "a\xC3\xA9\x80\x1B\r\nb\xE2\x80\xAE\t";
	/* a  é(1,2) <80>(3) ^[(4) \n(5,6) b(7) <U+202E>(8..10) \t(11) */
	const uint32_t want[] = {0, 1, 1, 3, 3, 3, 3, 4, 4, 5,
	                         7, 8, 8, 8, 8, 8, 8, 8, 8, 11};
	lt_buf b = {0};
	lt_buf_track(&b);
	lt_decode(in, sizeof in - 1, &b);
	STR_EQ(b.s, "a\xC3\xA9<80>^[\nb<U+202E>\t");
	if (INT_EQ(b.len, sizeof want / sizeof *want))
		for (size_t i = 0; i < b.len; i++)
			INT_EQ(b.src[i], want[i]);

	/* appending: offsets stay relative to each decoded range */
	size_t base = b.len;
	lt_decode("xy", 2, &b);
	INT_EQ(b.src[base], 0);
	INT_EQ(b.src[base + 1], 1);

	/* a long mixed input: the map never decreases and stays in range */
	lt_buf_clear(&b);
	char big[3000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)((i * 37 + i / 7) & 0xFF);
	lt_decode(big, sizeof big, &b);
	bool ok = b.len > 0 && b.src[0] == 0;
	for (size_t i = 1; i < b.len && ok; i++)
		ok = b.src[i] >= b.src[i - 1] && b.src[i] < sizeof big;
	OK(ok);
	lt_buf_free(&b);
	OK(b.s == NULL && b.src == NULL && b.len == 0);
}

static void test_buf(void)
{
	harness_test("buffer");
	lt_buf b = {0};
	for (int i = 0; i < 1000; i++)
		lt_buf_put(&b, "0123456789", 10, (uint32_t)i);
	INT_EQ(b.len, 10000);
	INT_EQ(strlen(b.s), 10000);
	lt_buf_clear(&b);
	INT_EQ(b.len, 0);
	lt_decode("", 0, &b);
	STR_EQ(b.s, "");
	lt_buf_free(&b);
	lt_buf e = {0};
	lt_decode("", 0, &e);
	STR_EQ(e.s, "");
	lt_buf_free(&e);
}

#define S(lit) lit, sizeof lit - 1

static void test_line_shapes(void)
{
	harness_test("line shapes: cells, indentation, first word");
	size_t indent = 99;
	INT_EQ(lt_line_cells(S("  two words  "), &indent), 11);
	INT_EQ(indent, 2);
	INT_EQ(lt_line_cells(S("\tx"), &indent), 9); /* a tab stop of 8 */
	INT_EQ(indent, 8);
	INT_EQ(lt_line_cells(S("\xC2\xA0\xC2\xA0"), &indent), 0);
	INT_EQ(indent, 2); /* a blank line: all of it */
	INT_EQ(lt_line_cells(S("\xE6\x97\xA5\xE6\x9C\xAC"), NULL), 4);
	INT_EQ(lt_line_cells(S("e\xCC\x81\x80"), NULL), 2); /* é, <80> */
	/* counted up to a width: one more for a wider line */
	INT_EQ(lt_line_cells_max(S("  two words  "), 11), 11);
	INT_EQ(lt_line_cells_max(S("  two words  "), 10), 11);
	INT_EQ(lt_line_cells_max(S("  two words  "), 3), 4);
	INT_EQ(lt_line_cells_max(S("\xE2\x80\x9Cquoted\xE2\x80\x9D words"), 80),
	       14);
	INT_EQ(lt_line_cells_max(S("\xE2\x80\x9Cquoted\xE2\x80\x9D words"), 5),
	       6);
	INT_EQ(lt_line_cells_max(S("\xE6\x97\xA5\xE6\x9C\xAC  "), 3), 4);
	INT_EQ(lt_line_cells_max(S("\xE6\x97\xA5\xE6\x9C\xAC  "), 4), 4);
	INT_EQ(lt_line_first_word(S("   well-known critic")), 10);
	INT_EQ(lt_line_first_word(S("caf\xC3\xA9 noir")), 4);
	INT_EQ(lt_line_first_word(S("\xE6\x97\xA5\xE6\x9C\xAC")), 2);
	INT_EQ(lt_line_first_word(S("  ")), 0);
	OK(lt_uc_unspaced(0x65E5) && lt_uc_unspaced(0x3002));
	OK(lt_uc_unspaced(0x3042) && lt_uc_unspaced(0xFF01));
	OK(!lt_uc_unspaced(0xD55C) && !lt_uc_unspaced('a'));

	harness_test("line shapes: list items");
	static const char *const items[] = {
	    "- a lantern",         "* star",    "+ plus",     "  - nested",
	    "\xE2\x80\xA2 bullet", "1. one",    "12) twelve", "a) letter",
	    "(3) three",           "(iv) four", "(b)\tb"};
	for (size_t i = 0; i < sizeof items / sizeof *items; i++)
		if (!OK(lt_line_list_item(items[i], strlen(items[i]))))
			fprintf(stderr, "  not a list item: %s\n", items[i]);
	static const char *const prose[] = {
	    "-dash",           "1990. The year", "1.5 times",
	    "ab) two letters", "a. b",           "(x1) mixed",
	    "I. Roman",        "Mr. Smith",      "\xE2\x80\x94 an em dash"};
	for (size_t i = 0; i < sizeof prose / sizeof *prose; i++)
		if (!OK(!lt_line_list_item(prose[i], strlen(prose[i]))))
			fprintf(stderr, "  a list item: %s\n", prose[i]);

	harness_test("line shapes: Markdown headings, underlines, fences");
	INT_EQ(lt_md_atx(S("# Title")), 1);
	INT_EQ(lt_md_atx(S("###\tThree")), 3);
	INT_EQ(lt_md_atx(S("######")), 6);
	INT_EQ(lt_md_atx(S("####### seven")), 0);
	INT_EQ(lt_md_atx(S("#hashtag")), 0);
	INT_EQ(lt_md_atx(S(" # indented")), 0);
	INT_EQ(lt_md_underline(S("===")), 1);
	INT_EQ(lt_md_underline(S("------  \t")), 2);
	INT_EQ(lt_md_underline(S("==")), 0);
	INT_EQ(lt_md_underline(S("=-=")), 0);
	INT_EQ(lt_md_underline(S("- - -")), 0);
	OK(lt_md_fence(S("```c")) && lt_md_fence(S("~~~")));
	OK(!lt_md_fence(S("``")) && !lt_md_fence(S(" ```")));
}

int main(void)
{
	test_decode_table();
	test_decode_is_safe();
	test_sanitize();
	test_fold();
	test_space_and_width();
	test_src_map();
	test_buf();
	test_line_shapes();
	return harness_done();
}
