/* eventfd: a counter, and semaphore mode. */
#include <sys/eventfd.h>
#include "../conf.h"
int main(void)
{
	int e = check("eventfd", eventfd(3, EFD_NONBLOCK));
	uint64_t v = 4;
	value("write 4", write(e, &v, 8));
	value("read", read(e, &v, 8));
	printf("value %llu\n", (unsigned long long)v);
	check("read empty", read(e, &v, 8));
	check("short write", write(e, &v, 4));
	int s = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	read(s, &v, 8);
	printf("semaphore read %llu\n", (unsigned long long)v);
	read(s, &v, 8);
	check("third", read(s, &v, 8));
	struct pollfd f = {e, POLLOUT, 0};
	value("poll writable", poll(&f, 1, 0));
	return 0;
}
