#include <string.h>

#include "lectern/status.h"

static const char *const messages[] = {
#define LT_STATUS_MSG(name, msg) msg,
    LT_STATUS_LIST(LT_STATUS_MSG)
#undef LT_STATUS_MSG
};

const char *lt_error_message(const lt_error *err)
{
	if (err->code == LT_SYS)
		return strerror(err->sys_errno);
	if ((unsigned)err->code < sizeof messages / sizeof *messages)
		return messages[err->code];
	return "unknown error";
}
