/* Stopping long work. The caller names a flag that its signal handlers set;
 * the core's long loops (the scan, searching, counting) look at it between
 * steps that each take well under a millisecond, and return early with
 * what they have once it is set (each function says what it leaves). The
 * caller clears the flag to let work go on. No flag (the default, or
 * NULL): nothing stops. */
#ifndef LECTERN_STOP_H
#define LECTERN_STOP_H

#include <signal.h>
#include <stdbool.h>

void lt_stop_on(volatile sig_atomic_t *flag);
/* Is the flag set? */
bool lt_stop_asked(void);

#endif
