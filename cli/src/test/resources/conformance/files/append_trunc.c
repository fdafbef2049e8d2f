/* O_APPEND writes land at the end whatever the offset; O_TRUNC empties. */
#include "../conf.h"
int main(void)
{
	put("f", "abc");
	int fd = must("open", open("f", O_WRONLY | O_APPEND));
	lseek(fd, 0, SEEK_SET);
	value("write", write(fd, "de", 2));
	value("offset after", lseek(fd, 0, SEEK_CUR));
	close(fd);
	struct stat st;
	stat("f", &st);
	value("size", st.st_size);
	close(must("open trunc", open("f", O_WRONLY | O_TRUNC)));
	stat("f", &st);
	value("size after O_TRUNC", st.st_size);
	return 0;
}
