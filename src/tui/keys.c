#include "keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui.h"

const key_binding key_table[] = {
#define ACTION_ROW(name, group, keys, help) {ACT_##name, group, keys, help},
    ACTION_LIST(ACTION_ROW)
#undef ACTION_ROW
};
const size_t key_table_len = sizeof key_table / sizeof *key_table;

static const struct {
	const char *name;
	int codes[3];
} named_keys[] = {
    {"Down", {KEY_DOWN}},
    {"Up", {KEY_UP}},
    {"PgDn", {KEY_NPAGE}},
    {"PgUp", {KEY_PPAGE}},
    {"Home", {KEY_HOME}},
    {"End", {KEY_END}},
    {"Enter", {'\n', '\r', KEY_ENTER}},
    {"Space", {' '}},
    {"Tab", {'\t'}},
    {"Esc", {27}},
    {"F1", {KEY_F(1)}},
};

/* Does the key name (one word of a binding's keys) stand for code? */
static bool name_matches(const char *name, size_t n, int code)
{
	if (n == 1)
		return (unsigned char)name[0] == code;
	if (n == 2 && name[0] == '^')
		return code == (name[1] & 0x1f);
	for (size_t i = 0; i < sizeof named_keys / sizeof *named_keys; i++) {
		if (strlen(named_keys[i].name) != n ||
		    strncmp(named_keys[i].name, name, n) != 0)
			continue;
		for (int k = 0; k < 3 && named_keys[i].codes[k]; k++)
			if (named_keys[i].codes[k] == code)
				return true;
	}
	return false;
}

action key_action(int key)
{
	for (size_t i = 0; i < key_table_len; i++) {
		const char *k = key_table[i].keys;
		while (*k) {
			size_t n = strcspn(k, " ");
			if (name_matches(k, n, key))
				return key_table[i].act;
			k += n;
			while (*k == ' ')
				k++;
		}
	}
	return ACT_NONE;
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
	for (size_t i = 1; i < key_table_len; i++) {
		const key_binding *b = &key_table[i];
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
