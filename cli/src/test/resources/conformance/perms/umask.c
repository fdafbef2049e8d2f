/* The umask masks the modes of new files, directories and fifos. */
#include "../conf.h"
static void mode(const char *name)
{
	struct stat st;
	stat(name, &st);
	printf("%s: %04o\n", name, st.st_mode & 07777);
}
int main(void)
{
	value("old umask", umask(027));
	close(open("f", O_CREAT | O_WRONLY, 0666));
	mkdir("d", 0777);
	mkfifo("p", 0666);
	mode("f");
	mode("d");
	mode("p");
	value("umask now", umask(0));
	close(open("g", O_CREAT | O_WRONLY, 0777));
	mode("g");
	check("chmod is not masked", (umask(077), chmod("g", 0755)));
	mode("g");
	return 0;
}
