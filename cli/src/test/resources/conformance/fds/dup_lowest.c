/* dup and open take the lowest free descriptor. */
#include "../conf.h"
int main(void)
{
	int a = open("/dev/null", O_RDONLY);
	int b = open("/dev/null", O_RDONLY);
	value("first", a);
	value("second", b);
	close(a);
	value("dup takes the freed one", dup(b));
	value("next open", open("/dev/null", O_RDONLY));
	close(0);
	value("open after close(0)", open("/dev/null", O_RDONLY));
	return 0;
}
