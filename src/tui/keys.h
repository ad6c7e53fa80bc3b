/* Key bindings as data: one table of actions, their keys and help text.
 * The help screen and the man page's key list are drawn from it. */
#ifndef LECTERN_KEYS_H
#define LECTERN_KEYS_H

#include <stddef.h>

#define ACTION_LIST(_)                                                         \
	_(NONE, "", "", "")                                                    \
	_(LINE_DOWN, "Reading", "j Down Enter", "Forward one line")            \
	_(LINE_UP, "Reading", "k Up", "Back one line")                         \
	_(PAGE_DOWN, "Reading", "Space f ^F PgDn", "Forward one screen")       \
	_(PAGE_UP, "Reading", "b ^B PgUp", "Back one screen")                  \
	_(HALF_DOWN, "Reading", "d ^D", "Forward half a screen")               \
	_(HALF_UP, "Reading", "u ^U", "Back half a screen")                    \
	_(TOP, "Reading", "g Home", "Go to the beginning")                     \
	_(BOTTOM, "Reading", "G End", "Go to the end")                         \
	_(PERCENT, "Reading", "N%", "Go N percent into the document")          \
	_(WIDER, "Reading", "+", "Widen the text column")                      \
	_(NARROWER, "Reading", "-", "Narrow the text column")                  \
	_(RESET_WIDTH, "Reading", "W", "Reset the text column width")          \
	_(NEXT_ESSAY, "Structure", "]", "Next essay")                          \
	_(PREV_ESSAY, "Structure", "[",                                        \
	  "Start of this essay, then the previous one")                        \
	_(NEXT_SECTION, "Structure", "}", "Next section (or essay)")           \
	_(PREV_SECTION, "Structure", "{",                                      \
	  "Start of this section, then the previous one")                      \
	_(NEXT_AUTHOR, "Structure", ")", "First essay of the next author")     \
	_(PREV_AUTHOR, "Structure", "(", "First essay of the previous author") \
	_(SAME_AUTHOR_NEXT, "Structure", ".", "This author's next essay")      \
	_(SAME_AUTHOR_PREV, "Structure", ",", "This author's previous essay")  \
	_(CONTENTS, "Structure", "Tab t", "Table of contents")                 \
	_(AUTHORS, "Structure", "a", "Author index")                           \
	_(SEARCH, "Search", "/", "Search forward, as you type")                \
	_(SEARCH_BACK, "Search", "?", "Search backward")                       \
	_(NEXT_HIT, "Search", "n", "Next hit, in the search's direction")      \
	_(PREV_HIT, "Search", "N", "Previous hit")                             \
	_(HIGHLIGHT, "Search", "ESC-u Esc",                                    \
	  "Highlighting of hits off and on (Esc: off)")                        \
	_(RESULTS, "Search", "s", "Every hit, by essay and section")           \
	_(FILTER, "Search", "&",                                               \
	  "Only the paragraphs that match (an empty pattern: all)")            \
	_(MARK, "Marks", "m<letter>", "Mark this place with a letter")         \
	_(GOTO_MARK, "Marks", "'<letter>", "Go to a marked place")             \
	_(BACK, "Marks", "''",                                                 \
	  "Go back to where you were before the last jump")                    \
	_(WHERE, "Other", "= ^G",                                              \
	  "Where am I: file, essay, section, line, percent, and how the "      \
	  "structure was found")                                               \
	_(REDRAW, "Other", "^L", "Redraw the screen")                          \
	_(HELP, "Other", "h H F1", "This help")                                \
	_(QUIT, "Other", "q Q ZZ", "Quit")

typedef enum {
#define ACTION_ENUM(name, group, keys, help) ACT_##name,
	ACTION_LIST(ACTION_ENUM)
#undef ACTION_ENUM
	    ACT_COUNT
} action;

typedef struct {
	action act;
	const char *group;
	const char *keys; /* key names, space-separated */
	const char *help;
} key_binding;

extern const key_binding key_table[];
extern const size_t key_table_len;

/* The action bound to a single key code (curses' codes), or ACT_NONE.
 * Sequences (ZZ, m<letter>, '<letter>, N%) are handled by the reader. */
action key_action(int key);

#endif
