/* chmod keeps the set-id and sticky bits for root; fchmod too. */
#include "../conf.h"
int main(void)
{
	put("f", "x");
	mkdir("d", 0755);
	int modes[] = {04755, 02755, 01777, 07777, 0};
	struct stat st;
	for (int i = 0; i < 5; i++) {
		chmod("f", modes[i]);
		stat("f", &st);
		printf("chmod %04o: %04o\n", modes[i], st.st_mode & 07777);
	}
	int fd = open("d", O_RDONLY);
	check("fchmod dir", fchmod(fd, 03775));
	fstat(fd, &st);
	printf("dir: %04o\n", st.st_mode & 07777);
	check("chmod missing", chmod("missing", 0644));
	return 0;
}
