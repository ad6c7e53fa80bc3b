/* Key bindings as data: one table of actions, the keymap each belongs to,
 * their keys and help text. Every screen takes its keys from it; the help
 * screen, the man page's key list and --help's summary are drawn from it;
 * the loop decodes counts and multi-key sequences from it. */
#ifndef LECTERN_KEYS_H
#define LECTERN_KEYS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	KM_READER, /* the text */
	KM_LIST,   /* contents, author index, results, help */
	KM_PROMPT, /* the line of / ? & */
	KM_COUNT
} keymap;

/* Key names: one character; ^X (control); Down Up Left Right PgDn PgUp
 * Home End Enter Space Tab Esc BS Del F1; ZZ (two characters, a
 * sequence); ESC-u (Esc then u); m<letter> (m then any key, the action
 * gets it); N% (a count then %). Rows are in the order help shows them;
 * brief, when not empty, puts the row in --help's summary. */
#define ACTION_LIST(_)                                                         \
	_(NONE, READER, "", "", "", "")                                        \
	_(LINE_DOWN, READER, "Reading", "j Down Enter", "Forward one line",    \
	  "line down")                                                         \
	_(LINE_UP, READER, "Reading", "k Up", "Back one line", "line up")      \
	_(PAGE_DOWN, READER, "Reading", "Space f ^F PgDn",                     \
	  "Forward one screen", "page down")                                   \
	_(PAGE_UP, READER, "Reading", "b ^B PgUp", "Back one screen",          \
	  "page up")                                                           \
	_(HALF_DOWN, READER, "Reading", "d ^D", "Forward half a screen", "")   \
	_(HALF_UP, READER, "Reading", "u ^U", "Back half a screen", "")        \
	_(TOP, READER, "Reading", "g Home",                                    \
	  "Go to the beginning (Ng: line N of the file)", "beginning")         \
	_(BOTTOM, READER, "Reading", "G End",                                  \
	  "Go to the end (NG: line N of the file)", "end")                     \
	_(PERCENT, READER, "Reading", "N%", "Go N percent into the document",  \
	  "")                                                                  \
	_(WIDER, READER, "Reading", "+", "Widen the text column",              \
	  "wider text")                                                        \
	_(NARROWER, READER, "Reading", "-", "Narrow the text column",          \
	  "narrower text")                                                     \
	_(RESET_WIDTH, READER, "Reading", "W", "Reset the text column width",  \
	  "")                                                                  \
	_(NEXT_ESSAY, READER, "Structure", "]", "Next essay", "next essay")    \
	_(PREV_ESSAY, READER, "Structure", "[",                                \
	  "Start of this essay, then the previous one", "previous essay")      \
	_(NEXT_SECTION, READER, "Structure", "}", "Next section (or essay)",   \
	  "next section")                                                      \
	_(PREV_SECTION, READER, "Structure", "{",                              \
	  "Start of this section, then the previous one", "previous section")  \
	_(NEXT_AUTHOR, READER, "Structure", ")",                               \
	  "Next essay, in reading order, by another author", "next author")    \
	_(PREV_AUTHOR, READER, "Structure", "(",                               \
	  "First essay of the previous author's run", "previous author")       \
	_(SAME_AUTHOR_NEXT, READER, "Structure", ".",                          \
	  "This author's next essay", "author's next")                         \
	_(SAME_AUTHOR_PREV, READER, "Structure", ",",                          \
	  "This author's previous essay", "author's previous")                 \
	_(CONTENTS, READER, "Structure", "Tab t", "Table of contents",         \
	  "contents")                                                          \
	_(AUTHORS, READER, "Structure", "a", "Author index", "authors")        \
	_(SEARCH, READER, "Search", "/", "Search forward, as you type",        \
	  "search on")                                                         \
	_(SEARCH_BACK, READER, "Search", "?", "Search backward",               \
	  "search back")                                                       \
	_(NEXT_HIT, READER, "Search", "n",                                     \
	  "Next hit, in the search's "                                         \
	  "direction",                                                         \
	  "next hit")                                                          \
	_(PREV_HIT, READER, "Search", "N", "Previous hit", "previous hit")     \
	_(HIGHLIGHT, READER, "Search", "ESC-u",                                \
	  "Highlighting of hits off and on", "")                               \
	_(HIGHLIGHT_OFF, READER, "Search", "Esc",                              \
	  "Leave the & filter, else highlighting of hits off; stops a "        \
	  "search that runs",                                                  \
	  "")                                                                  \
	_(RESULTS, READER, "Search", "s", "Every hit, by essay and section",   \
	  "every hit")                                                         \
	_(FILTER, READER, "Search", "&",                                       \
	  "Only the paragraphs that match, under their essays' titles (an "    \
	  "empty pattern or Esc: all; / then searches among them)",            \
	  "only matching paragraphs")                                          \
	_(P_CANCEL, PROMPT, "In the search prompt", "Esc ^C ^G",               \
	  "Cancel, putting the view back (BS on an empty line too)", "")       \
	_(P_ACCEPT, PROMPT, "In the search prompt", "Enter",                   \
	  "Search (an empty pattern: the last search again)", "")              \
	_(P_LEFT, PROMPT, "In the search prompt", "Left",                      \
	  "Cursor back one character", "")                                     \
	_(P_RIGHT, PROMPT, "In the search prompt", "Right",                    \
	  "Cursor on one character", "")                                       \
	_(P_HOME, PROMPT, "In the search prompt", "Home ^A",                   \
	  "Cursor to the start", "")                                           \
	_(P_END, PROMPT, "In the search prompt", "End ^E",                     \
	  "Cursor to the end", "")                                             \
	_(P_BACKSPACE, PROMPT, "In the search prompt", "BS ^H",                \
	  "Delete the character before the cursor", "")                        \
	_(P_DELETE, PROMPT, "In the search prompt", "Del",                     \
	  "Delete the character under the cursor", "")                         \
	_(P_KILL, PROMPT, "In the search prompt", "^U",                        \
	  "Delete up to the cursor", "")                                       \
	_(P_KILL_WORD, PROMPT, "In the search prompt", "^W",                   \
	  "Delete the word before the cursor", "")                             \
	_(P_OLDER, PROMPT, "In the search prompt", "Up",                       \
	  "An older pattern from the history", "")                             \
	_(P_NEWER, PROMPT, "In the search prompt", "Down",                     \
	  "A newer pattern from the history", "")                              \
	_(P_REGEX, PROMPT, "In the search prompt", "^R",                       \
	  "Regular expression on and off", "")                                 \
	_(P_WORD, PROMPT, "In the search prompt", "^O",                        \
	  "Whole words on and off", "")                                        \
	_(P_CASE, PROMPT, "In the search prompt", "^T",                        \
	  "Case: smart, any, exact", "")                                       \
	_(L_DOWN, LIST, "In the lists", "j Down ^N", "Next row", "")           \
	_(L_UP, LIST, "In the lists", "k Up ^P", "Previous row", "")           \
	_(L_PAGE_DOWN, LIST, "In the lists", "Space f ^F PgDn",                \
	  "Forward one screen", "")                                            \
	_(L_PAGE_UP, LIST, "In the lists", "b ^B PgUp", "Back one screen", "") \
	_(L_TOP, LIST, "In the lists", "g Home", "First row", "")              \
	_(L_BOTTOM, LIST, "In the lists", "G End", "Last row", "")             \
	_(L_CHOOSE, LIST, "In the lists", "Enter",                             \
	  "Go there (not in the help); digits first pick the essay or "        \
	  "author of that number",                                             \
	  "")                                                                  \
	_(L_SEARCH, LIST, "In the lists", "/",                                 \
	  "Search the rows (Enter: the next that matches)", "")                \
	_(L_NEXT, LIST, "In the lists", "n", "Next row that matches", "")      \
	_(L_PREV, LIST, "In the lists", "N", "Previous row that matches", "")  \
	_(L_CLOSE, LIST, "In the lists", "Esc q Q",                            \
	  "Back to the text (so does the key that opened the list)", "")       \
	_(MARK, READER, "Marks", "m<letter>", "Mark this place with a letter", \
	  "mark")                                                              \
	_(GOTO_MARK, READER, "Marks", "'<letter>", "Go to a marked place",     \
	  "go to mark")                                                        \
	_(MARKS, READER, "Marks", "M", "List the marks (Enter goes there)",    \
	  "marks")                                                             \
	_(BACK, READER, "Marks", "''",                                         \
	  "Go back to where you were before the last jump",                    \
	  "back to where you were")                                            \
	_(WHERE, READER, "Other", "= ^G",                                      \
	  "Where am I: file, essay, section, line, percent, and how the "      \
	  "structure was found",                                               \
	  "where am I")                                                        \
	_(REDRAW, READER, "Other", "^L", "Redraw the screen", "")              \
	_(MOUSE, READER, "Other", "ESC-m",                                     \
	  "Mouse off and on (remembered); while it is off, the terminal "      \
	  "selects text",                                                      \
	  "mouse off and on")                                                  \
	_(HELP, READER, "Other", "h H F1", "This help", "all the keys")        \
	_(QUIT, READER, "Other", "q Q ZZ", "Quit", "quit")

typedef enum {
#define ACTION_ENUM(name, map, group, keys, help, brief) ACT_##name,
	ACTION_LIST(ACTION_ENUM)
#undef ACTION_ENUM
	    ACT_COUNT,
	ACT_COUNTING, /* a digit of a count (keys_feed only) */
} action;

typedef struct {
	action act;
	keymap map;
	const char *group;
	const char *keys; /* key names, space-separated */
	const char *help;
	const char *brief; /* in --help's summary, or "" */
} keys_binding;

extern const keys_binding keys_table[];
extern const size_t keys_table_len;

/* The action of keymap map bound to the single key code (curses' codes),
 * or ACT_NONE. */
action keys_action(keymap map, int key);

/* A decoded key: an action of the keymap, the count typed before it and,
 * for a <letter> binding, the key typed in its place. */
typedef struct {
	action act; /* ACT_NONE: bound to nothing; ACT_COUNTING: a digit */
	int key;    /* the last key of the sequence */
	int arg;    /* the key a <letter> stood for */
	size_t count;
	bool have_count;
	bool dropped; /* a sequence that matched nothing: no action */
} keys_event;

/* The keys of a sequence typed so far, and the count before it. */
typedef struct {
	int seq[4];
	size_t n;
	size_t count;
	bool have_count;
} keys_decoder;

/* Feed one key (ERR: none came within the wait) of keymap map. Stores
 * the events it completes in out (at most two: a shorter sequence that
 * the key did not continue, then the key's own) and returns how many;
 * 0 while a sequence waits for its next key. Counts are decoded in the
 * keymaps that take them (the reader's). */
size_t keys_feed(keys_decoder *d, keymap map, int key, keys_event out[2]);

/* Is a sequence waiting for a key that may never come (Esc alone): then
 * ERR is fed after a short wait. */
bool keys_waiting(const keys_decoder *d, keymap map);
/* Forget a sequence begun and any count. */
void keys_reset(keys_decoder *d);

#endif
