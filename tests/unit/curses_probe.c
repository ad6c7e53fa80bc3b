/* Must not link: the view library links the core and nothing else, so a
 * curses call beside it is an undefined reference (unit.view-no-curses
 * builds this and expects the build to fail). */
#include "view/view.h"

void *initscr(void);

int main(void)
{
	lv_view v;
	lv_view_init(&v, NULL, 76);
	lv_view_free(&v);
	return initscr() != NULL;
}
