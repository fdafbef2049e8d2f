/* A mapping past the end of its file: the page past EOF faults with SIGBUS. */
#include "../conf.h"
int main(void)
{
	put("f", "short");
	int fd = open("f", O_RDONLY);
	char *p = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
	yes("mapped", p != MAP_FAILED);
	printf("in the page: '%c' then %d\n", p[0], p[100]);
	pid_t c = fork();
	if (c == 0) { volatile char x = p[4096]; (void)x; _exit(0); }
	int st;
	waitpid(c, &st, 0);
	status("past the file's last page", st);
	return 0;
}
