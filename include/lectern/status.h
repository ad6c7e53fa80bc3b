/* Status codes returned by the core. The core never prints: callers turn a
 * status into a message with lt_status_message(). */
#ifndef LECTERN_STATUS_H
#define LECTERN_STATUS_H

#define LT_STATUS_LIST(_)                                                      \
	_(OK, "success")                                                       \
	_(SYS, "system error")                                                 \
	_(NOMEM, "out of memory")                                              \
	_(ISDIR, "is a directory")                                             \
	_(NOTREG, "not a regular file (a FIFO, device or socket)")             \
	_(UTF16, "is UTF-16 text; convert it first: iconv -f UTF-16 -t UTF-8") \
	_(TOOBIG, "too large to read")                                         \
	_(SPOOL, "cannot spool standard input in this folder (TMPDIR)")        \
	_(NOFILES, "holds no file to read")

typedef enum {
#define LT_STATUS_ENUM(name, msg) LT_##name,
	LT_STATUS_LIST(LT_STATUS_ENUM)
#undef LT_STATUS_ENUM
} lt_status;

/* A status with the errno that caused it (for LT_SYS and LT_SPOOL), and
 * for LT_SPOOL the folder it names (from the environment or static; the
 * caller does not free it). */
typedef struct {
	lt_status code;
	int sys_errno;
	const char *folder;
} lt_error;

/* A static, human-readable message for err (strerror for LT_SYS).
 * The caller does not free it. */
const char *lt_error_message(const lt_error *err);

#endif
