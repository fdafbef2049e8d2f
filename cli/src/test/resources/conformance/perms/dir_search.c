/* Search (x) permission on each directory of a path; read (r) to list. */
#include "../conf.h"
int main(void)
{
	mkdir("noexec", 0766);
	chmod("noexec", 0766);
	put("noexec/f", "x");
	chmod("noexec/f", 0666);
	mkdir("noread", 0733);
	chmod("noread", 0733);
	put("noread/f", "x");
	chmod("noread/f", 0666);
	chmod(".", 0755);
	if (fork() == 0) {
		setuid(1000);
		check("open through no-x dir", open("noexec/f", O_RDONLY));
		check("stat through no-x dir", access("noexec/f", F_OK));
		check("list no-x dir", open("noexec", O_RDONLY | O_DIRECTORY));
		check("chdir no-x dir", chdir("noexec"));
		check("open through no-r dir", open("noread/f", O_RDONLY));
		check("list no-r dir", open("noread", O_RDONLY | O_DIRECTORY));
		_exit(0);
	}
	wait(NULL);
	return 0;
}
