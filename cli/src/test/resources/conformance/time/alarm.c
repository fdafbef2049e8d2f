/* alarm returns the seconds left of the previous one; alarm(0) cancels. */
#include "../conf.h"
int main(void)
{
	value("first", alarm(10));
	value("second", alarm(5));
	value("cancel", alarm(0));
	value("none", alarm(0));
	return 0;
}
