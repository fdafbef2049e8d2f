/* fsync, fdatasync, syncfs and sync_file_range on a file; fsync of a pipe. */
#include "../conf.h"
int main(void)
{
	int fd = must("open", open("f", O_RDWR | O_CREAT, 0644));
	write(fd, "x", 1);
	check("fsync", fsync(fd));
	check("fdatasync", fdatasync(fd));
	check("syncfs", syncfs(fd));
	check("sync_file_range", sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE));
	int p[2];
	pipe(p);
	check("fsync pipe", fsync(p[0]));
	check("fsync bad fd", fsync(77));
	sync();
	printf("sync returned\n");
	return 0;
}
