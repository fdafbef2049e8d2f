/* A set-group-ID directory gives its group to what is made in it, and its bit to subdirectories. */
#include "../conf.h"
int main(void)
{
	mkdir("d", 0777);
	chown("d", 0, 50);
	chmod("d", 02777);
	put("d/f", "x");
	mkdir("d/sub", 0755);
	struct stat st;
	stat("d/f", &st);
	printf("file group %d mode %04o\n", st.st_gid, st.st_mode & 07777);
	stat("d/sub", &st);
	printf("subdir group %d mode %04o\n", st.st_gid, st.st_mode & 07777);
	return 0;
}
