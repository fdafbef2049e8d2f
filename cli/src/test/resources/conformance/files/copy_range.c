/* copy_file_range and sendfile between files. */
#include <sys/sendfile.h>
#include "../conf.h"
int main(void)
{
	put("src", "0123456789");
	int in = must("open src", open("src", O_RDONLY));
	int out = must("open dst", open("dst", O_RDWR | O_CREAT | O_TRUNC, 0644));
	loff_t off = 2;
	value("copy_file_range", syscall(SYS_copy_file_range, in, &off, out, NULL, 4, 0));
	value("in offset", off);
	off_t so = 6;
	value("sendfile", sendfile(out, in, &so, 10));
	char buf[16] = {0};
	pread(out, buf, 15, 0);
	printf("dst: %s\n", buf);
	value("copy to itself overlapping", syscall(SYS_copy_file_range, out, &(loff_t){0}, out, &(loff_t){2}, 4, 0));
	return 0;
}
