/* truncate and ftruncate grow with zeros and shrink. */
#include "../conf.h"
int main(void)
{
	put("f", "abcdef");
	check("truncate 3", truncate("f", 3));
	struct stat st;
	stat("f", &st);
	value("size", st.st_size);
	int fd = must("open", open("f", O_RDWR));
	check("ftruncate 8", ftruncate(fd, 8));
	char buf[8];
	value("read", pread(fd, buf, 8, 0));
	printf("bytes:");
	for (int i = 0; i < 8; i++) printf(" %02x", (unsigned char)buf[i]);
	printf("\n");
	check("ftruncate -1", ftruncate(fd, -1));
	check("truncate missing", truncate("missing", 0));
	mkdir("d", 0755);
	check("truncate dir", truncate("d", 0));
	return 0;
}
