/* Open file description locks: owned by the open, so two opens in one process conflict. */
#include "../conf.h"
int main(void)
{
	put("f", "0123456789");
	int a = open("f", O_RDWR);
	int b = open("f", O_RDWR);
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 4};
	check("a F_OFD_SETLK", fcntl(a, F_OFD_SETLK, &fl));
	fl = (struct flock){.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 4};
	check("b F_OFD_SETLK", fcntl(b, F_OFD_SETLK, &fl));
	fl = (struct flock){.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 1, .l_len = 1};
	check("b F_OFD_GETLK", fcntl(b, F_OFD_GETLK, &fl));
	printf("type wrlck: %s pid: %d\n", fl.l_type == F_WRLCK ? "yes" : "no", fl.l_pid);
	fl = (struct flock){.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 4, .l_pid = 1};
	check("nonzero l_pid", fcntl(b, F_OFD_SETLK, &fl));
	return 0;
}
