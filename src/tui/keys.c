#include "keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui.h"

const keys_binding keys_table[] = {
#define ACTION_ROW(name, map, group, keys, help, brief)                        \
	{ACT_##name, KM_##map, group, keys, help, brief},
    ACTION_LIST(ACTION_ROW)
#undef ACTION_ROW
};
const size_t keys_table_len = sizeof keys_table / sizeof *keys_table;

#define MAX_SEQ 4
#define ANY_KEY (-2) /* <letter>: any key, handed to the action */

/* One key of a sequence: the codes that stand for it. */
typedef struct {
	int codes[3];
} key_set;

static const struct {
	const char *name;
	int codes[3];
} named_keys[] = {
    {"Down", {KEY_DOWN}},
    {"Up", {KEY_UP}},
    {"Left", {KEY_LEFT}},
    {"Right", {KEY_RIGHT}},
    {"PgDn", {KEY_NPAGE}},
    {"PgUp", {KEY_PPAGE}},
    {"Home", {KEY_HOME}},
    {"End", {KEY_END}},
    {"Enter", {'\n', '\r', KEY_ENTER}},
    {"Space", {' '}},
    {"Tab", {'\t'}},
    {"Esc", {27}},
    {"BS", {KEY_BACKSPACE, 127}},
    {"Del", {KEY_DC}},
    {"F1", {KEY_F(1)}},
};

/* The keys of one key name (a word of a binding's keys), in seq; returns
 * how many. N% is % (the count is the decoder's). */
static size_t parse_name(const char *name, size_t n, key_set seq[MAX_SEQ])
{
	memset(seq, 0, MAX_SEQ * sizeof *seq);
	if (n == 2 && name[0] == 'N' && name[1] == '%') {
		seq[0].codes[0] = '%';
		return 1;
	}
	if (n > 4 && strncmp(name, "ESC-", 4) == 0) {
		seq[0].codes[0] = 27;
		seq[1].codes[0] = (unsigned char)name[4];
		return 2;
	}
	if (n == 2 && name[0] == '^') {
		seq[0].codes[0] = name[1] & 0x1f;
		return 1;
	}
	for (size_t i = 0; i < sizeof named_keys / sizeof *named_keys; i++)
		if (strlen(named_keys[i].name) == n &&
		    strncmp(named_keys[i].name, name, n) == 0) {
			memcpy(seq[0].codes, named_keys[i].codes,
			       sizeof seq[0].codes);
			return 1;
		}
	const char *arg = memchr(name, '<', n);
	size_t k = 0, plain = arg ? (size_t)(arg - name) : n;
	for (; k < plain && k < MAX_SEQ; k++)
		seq[k].codes[0] = (unsigned char)name[k];
	if (arg && k < MAX_SEQ)
		seq[k++].codes[0] = ANY_KEY;
	return k;
}

static bool set_has(const key_set *s, int code)
{
	for (int i = 0; i < 3 && s->codes[i]; i++)
		if (s->codes[i] == code || s->codes[i] == ANY_KEY)
			return true;
	return false;
}

/* How typed[0..n) compares with the sequences of binding b: 3 when one
 * equals it key for key, 2 when one equals it with a <letter>, 1 when one
 * only begins with it, else 0; *arg gets the key that stood for a
 * <letter>. */
static int match(const keys_binding *b, const int *typed, size_t n, int *arg)
{
	int best = 0;
	for (const char *k = b->keys; *k;) {
		size_t len = strcspn(k, " ");
		key_set seq[MAX_SEQ];
		size_t m = parse_name(k, len, seq), i = 0;
		bool any = false;
		while (i < n && i < m && set_has(&seq[i], typed[i])) {
			if (seq[i].codes[0] == ANY_KEY) {
				*arg = typed[i];
				any = true;
			}
			i++;
		}
		if (i == n && m == n && !any)
			return 3;
		if (i == n && m == n)
			best = 2;
		else if (i == n && m > n && best == 0)
			best = 1;
		k += len;
		while (*k == ' ')
			k++;
	}
	return best;
}

action keys_action(keymap map, int key)
{
	int arg;
	for (size_t i = 1; i < keys_table_len; i++)
		if (keys_table[i].map == map &&
		    match(&keys_table[i], &key, 1, &arg) >= 2)
			return keys_table[i].act;
	return ACT_NONE;
}

/* The binding that typed[0..n) completes (*longer: one that it only
 * begins), or NULL. */
static const keys_binding *lookup(keymap map, const int *typed, size_t n,
                                  bool *longer, int *arg)
{
	const keys_binding *exact = NULL;
	int best = 0;
	*longer = false;
	for (size_t i = 1; i < keys_table_len; i++) {
		if (keys_table[i].map != map)
			continue;
		int a = 0, m = match(&keys_table[i], typed, n, &a);
		if (m >= 2 && m > best) {
			exact = &keys_table[i];
			best = m;
			*arg = a;
		} else if (m == 1) {
			*longer = true;
		}
	}
	return exact;
}

void keys_reset(keys_decoder *d)
{
	d->n = 0;
	d->count = 0;
	d->have_count = false;
}

bool keys_waiting(const keys_decoder *d, keymap map)
{
	bool longer;
	int arg;
	return d->n > 0 && lookup(map, d->seq, d->n, &longer, &arg);
}

static keys_event event(keys_decoder *d, action act, int key, int arg)
{
	keys_event ev = {act, key, arg, d->count, d->have_count, false};
	keys_reset(d);
	return ev;
}

size_t keys_feed(keys_decoder *d, keymap map, int key, keys_event out[2])
{
	bool longer;
	int arg = 0;
	if (key == ERR) { /* nothing more came: what was typed is whole */
		if (d->n == 0)
			return 0;
		const keys_binding *b =
		    lookup(map, d->seq, d->n, &longer, &arg);
		out[0] = event(d, b ? b->act : ACT_NONE, d->seq[d->n - 1], arg);
		out[0].dropped = !b;
		return 1;
	}
	if (d->n == 0 && map == KM_READER && key >= '0' && key <= '9') {
		d->count = d->count * 10 + (size_t)(key - '0');
		if (d->count > 1000000000)
			d->count = 1000000000;
		d->have_count = true;
		out[0] =
		    (keys_event){ACT_COUNTING, key, 0, d->count, true, false};
		return 1;
	}
	d->seq[d->n++] = key;
	const keys_binding *b = lookup(map, d->seq, d->n, &longer, &arg);
	if (longer && d->n < MAX_SEQ)
		return 0;
	if (b) {
		out[0] = event(d, b->act, key, arg);
		return 1;
	}
	if (d->n == 1) {
		out[0] = event(d, ACT_NONE, key, 0);
		return 1;
	}
	/* the key does not continue the sequence: the sequence alone, when
	 * it is one, then the key afresh; else both are dropped */
	b = lookup(map, d->seq, d->n - 1, &longer, &arg);
	if (!b) {
		out[0] = event(d, ACT_NONE, key, 0);
		out[0].dropped = true;
		return 1;
	}
	out[0] = event(d, b->act, d->seq[d->n - 2], arg);
	keys_event rest[2];
	size_t more = keys_feed(d, map, key, rest);
	if (more)
		out[1] = rest[0];
	return 1 + (more > 0);
}

/* roff needs its backslashes, leading dots and quotes escaped */
static void roff_escaped(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else if (*s == '\'')
			fputs("\\(aq", stdout);
		else
			putchar(*s);
	}
}

void tui_print_keys(int roff)
{
	const char *group = "";
	for (size_t i = 1; i < keys_table_len; i++) {
		const keys_binding *b = &keys_table[i];
		if (strcmp(group, b->group) != 0) {
			group = b->group;
			if (roff)
				printf(".SS %s\n", group);
			else
				printf("%s%s\n", i > 1 ? "\n" : "", group);
		}
		if (roff) {
			fputs(".TP\n.B ", stdout);
			roff_escaped(b->keys);
			putchar('\n');
			roff_escaped(b->help);
			fputs(".\n", stdout);
		} else {
			printf("  %-18s %s\n", b->keys, b->help);
		}
	}
}

void tui_print_key_summary(FILE *f)
{
	size_t col = 0;
	for (size_t i = 1; i < keys_table_len; i++) {
		const keys_binding *b = &keys_table[i];
		if (!b->brief[0])
			continue;
		fprintf(f, col == 0 ? "  %-15s %-24s" : "%-15s %s\n", b->keys,
		        b->brief);
		col = !col;
	}
	if (col)
		fputc('\n', f);
}
