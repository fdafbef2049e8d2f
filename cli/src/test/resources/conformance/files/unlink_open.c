/* A removed file stays readable through a descriptor; its link count is 0. */
#include "../conf.h"
int main(void)
{
	put("f", "still here");
	int fd = must("open", open("f", O_RDWR));
	check("unlink", unlink("f"));
	struct stat st;
	check("fstat", fstat(fd, &st));
	value("nlink", st.st_nlink);
	char buf[32] = {0};
	value("read", read(fd, buf, sizeof buf - 1));
	printf("content: %s\n", buf);
	value("write", write(fd, "!", 1));
	check("stat name", stat("f", &st));
	return 0;
}
