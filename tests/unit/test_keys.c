/* The key table and the loop's decoder: single keys in each keymap,
 * counts, sequences (ZZ, m<letter>, '<letter>, '', ESC-u) and what a key
 * that does not continue a sequence does. */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#undef OK /* curses' status; the harness's check takes its name */

#include "harness.h"
#include "tui/keys.h"

/* Feed keys[0..n) of keymap map; the last event decoded. */
static size_t feed(keys_decoder *d, keymap map, const int *keys, size_t n,
                   keys_event out[2])
{
	size_t got = 0;
	for (size_t i = 0; i < n; i++)
		got = keys_feed(d, map, keys[i], out);
	return got;
}

static void test_single(void)
{
	harness_test("single keys in each keymap");
	INT_EQ(keys_action(KM_READER, 'j'), ACT_LINE_DOWN);
	INT_EQ(keys_action(KM_READER, KEY_DOWN), ACT_LINE_DOWN);
	INT_EQ(keys_action(KM_READER, '\r'), ACT_LINE_DOWN);
	INT_EQ(keys_action(KM_READER, 'f' & 0x1f), ACT_PAGE_DOWN);
	INT_EQ(keys_action(KM_READER, KEY_F(1)), ACT_HELP);
	INT_EQ(keys_action(KM_READER, '\t'), ACT_CONTENTS);
	INT_EQ(keys_action(KM_READER, 'x'), ACT_NONE);
	INT_EQ(keys_action(KM_LIST, 'j'), ACT_L_DOWN);
	INT_EQ(keys_action(KM_LIST, 'q'), ACT_L_CLOSE);
	INT_EQ(keys_action(KM_LIST, '\t'), ACT_NONE);
	INT_EQ(keys_action(KM_PROMPT, 'j'), ACT_NONE);
	INT_EQ(keys_action(KM_PROMPT, 127), ACT_P_BACKSPACE);
	INT_EQ(keys_action(KM_PROMPT, 'r' & 0x1f), ACT_P_REGEX);
	/* every binding's keys parse: each row's action is found again */
	for (size_t i = 1; i < keys_table_len; i++)
		OK(keys_table[i].keys[0] != '\0');
}

static void test_sequences(void)
{
	harness_test("counts and sequences, decoded from the table");
	keys_decoder d = {0};
	keys_event ev[2];
	/* a count, then a key that takes it */
	INT_EQ(keys_feed(&d, KM_READER, '1', ev), 1);
	INT_EQ(ev[0].act, ACT_COUNTING);
	INT_EQ(keys_feed(&d, KM_READER, '2', ev), 1);
	INT_EQ(ev[0].count, 12);
	INT_EQ(keys_feed(&d, KM_READER, 'j', ev), 1);
	INT_EQ(ev[0].act, ACT_LINE_DOWN);
	OK(ev[0].have_count);
	INT_EQ(ev[0].count, 12);
	INT_EQ(keys_feed(&d, KM_READER, 'j', ev), 1);
	OK(!ev[0].have_count);
	/* N% */
	int pct[] = {'5', '0', '%'};
	INT_EQ(feed(&d, KM_READER, pct, 3, ev), 1);
	INT_EQ(ev[0].act, ACT_PERCENT);
	INT_EQ(ev[0].count, 50);
	/* ZZ; Z and another key: both dropped */
	INT_EQ(keys_feed(&d, KM_READER, 'Z', ev), 0);
	OK(!keys_waiting(&d, KM_READER)); /* no Z alone: no timeout */
	INT_EQ(keys_feed(&d, KM_READER, 'Z', ev), 1);
	INT_EQ(ev[0].act, ACT_QUIT);
	int zj[] = {'Z', 'j'};
	INT_EQ(feed(&d, KM_READER, zj, 2, ev), 1);
	OK(ev[0].dropped);
	/* m<letter>, '<letter>, '' */
	int ma[] = {'m', 'a'};
	INT_EQ(feed(&d, KM_READER, ma, 2, ev), 1);
	INT_EQ(ev[0].act, ACT_MARK);
	INT_EQ(ev[0].arg, 'a');
	int m1[] = {'m', '1'}; /* a digit after m is no count */
	INT_EQ(feed(&d, KM_READER, m1, 2, ev), 1);
	INT_EQ(ev[0].act, ACT_MARK);
	INT_EQ(ev[0].arg, '1');
	int qa[] = {'\'', 'a'};
	INT_EQ(feed(&d, KM_READER, qa, 2, ev), 1);
	INT_EQ(ev[0].act, ACT_GOTO_MARK);
	int qq[] = {'\'', '\''};
	INT_EQ(feed(&d, KM_READER, qq, 2, ev), 1);
	INT_EQ(ev[0].act, ACT_BACK);
	/* Esc waits for u; alone (ERR after the wait) it is Esc */
	INT_EQ(keys_feed(&d, KM_READER, 27, ev), 0);
	OK(keys_waiting(&d, KM_READER));
	INT_EQ(keys_feed(&d, KM_READER, 'u', ev), 1);
	INT_EQ(ev[0].act, ACT_HIGHLIGHT);
	INT_EQ(keys_feed(&d, KM_READER, 27, ev), 0);
	INT_EQ(keys_feed(&d, KM_READER, ERR, ev), 1);
	INT_EQ(ev[0].act, ACT_HIGHLIGHT_OFF);
	/* Esc then another key: Esc, then the key afresh */
	int ej[] = {27, 'j'};
	INT_EQ(feed(&d, KM_READER, ej, 2, ev), 2);
	INT_EQ(ev[0].act, ACT_HIGHLIGHT_OFF);
	INT_EQ(ev[1].act, ACT_LINE_DOWN);
	/* in the prompt, Esc is whole at once, digits are typed */
	INT_EQ(keys_feed(&d, KM_PROMPT, 27, ev), 1);
	INT_EQ(ev[0].act, ACT_P_CANCEL);
	INT_EQ(keys_feed(&d, KM_PROMPT, '7', ev), 1);
	INT_EQ(ev[0].act, ACT_NONE);
	INT_EQ(ev[0].key, '7');
	/* an unbound key */
	INT_EQ(keys_feed(&d, KM_READER, 'x', ev), 1);
	INT_EQ(ev[0].act, ACT_NONE);
	OK(!ev[0].dropped);
}

int main(void)
{
	test_single();
	test_sequences();
	return harness_done();
}
