/* libFuzzer (and AFL++) target for the state file's parser: any bytes
 * either parse or are refused, never crash; what parses prints back as
 * text that parses to the same store (print(parse(print(parse(x)))) ==
 * print(parse(x))); and escaping the input as a value round-trips it
 * exactly. A broken promise aborts with a message, so the fuzzer keeps
 * the input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, size_t size)
{
	fprintf(stderr, "fuzz_state: property violated: %s (%zu bytes)\n", what,
	        size);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	lt_state *st = lt_state_new("/nonexistent/lectern");
	if (lt_state_parse(st, s, size)) {
		size_t len;
		char *text = lt_state_format(st, &len);
		lt_state *again = lt_state_new("/nonexistent/lectern");
		if (!lt_state_parse(again, text, len))
			fail("the printed store does not parse", size);
		size_t len2;
		char *text2 = lt_state_format(again, &len2);
		if (len2 != len || memcmp(text, text2, len) != 0)
			fail("the printed store prints back differently", size);
		if (lt_state_nhistory(again) != lt_state_nhistory(st))
			fail("history lost in the round trip", size);
		free(text);
		free(text2);
		lt_state_free(again);
	}
	lt_state_free(st);

	char *e = lt_state_escape(s, size);
	if (strchr(e, '\t') || strchr(e, '\n'))
		fail("an escaped value holds a tab or line end", size);
	size_t n;
	char *back = lt_state_unescape(e, strlen(e), &n);
	if (!back || n != size || memcmp(back, s, size) != 0)
		fail("escape does not round-trip", size);
	free(back);
	free(e);
	return 0;
}
