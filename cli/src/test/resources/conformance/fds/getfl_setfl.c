/* F_GETFL shows the access mode and flags; F_SETFL changes O_APPEND and O_NONBLOCK only. */
#include "../conf.h"
int main(void)
{
	int fd = open("f", O_RDWR | O_CREAT | O_APPEND, 0644);
	int fl = fcntl(fd, F_GETFL);
	printf("accmode rdwr: %s append: %s\n", (fl & O_ACCMODE) == O_RDWR ? "yes" : "no", fl & O_APPEND ? "yes" : "no");
	check("F_SETFL nonblock, no append", fcntl(fd, F_SETFL, O_NONBLOCK));
	fl = fcntl(fd, F_GETFL);
	printf("append: %s nonblock: %s\n", fl & O_APPEND ? "yes" : "no", fl & O_NONBLOCK ? "yes" : "no");
	check("F_SETFL O_RDONLY ignored", fcntl(fd, F_SETFL, O_RDONLY));
	fl = fcntl(fd, F_GETFL);
	printf("still rdwr: %s\n", (fl & O_ACCMODE) == O_RDWR ? "yes" : "no");
	int w = open("f", O_WRONLY);
	printf("wronly: %s\n", (fcntl(w, F_GETFL) & O_ACCMODE) == O_WRONLY ? "yes" : "no");
	int p = open("f", O_PATH);
	printf("O_PATH shown: %s\n", fcntl(p, F_GETFL) & O_PATH ? "yes" : "no");
	return 0;
}
