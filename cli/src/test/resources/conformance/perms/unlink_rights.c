/* Removing a name needs write on the directory, not on the file. */
#include "../conf.h"
int main(void)
{
	mkdir("w", 0777);
	chmod("w", 0777);
	put("w/ro", "x");
	chmod("w/ro", 0444);
	mkdir("r", 0755);
	put("r/rw", "x");
	chmod("r/rw", 0666);
	if (fork() == 0) {
		setuid(1000);
		check("unlink read-only file in writable dir", unlink("w/ro"));
		check("unlink writable file in read-only dir", unlink("r/rw"));
		check("rename out of read-only dir", rename("r/rw", "w/moved"));
		check("truncate writable file in read-only dir", truncate("r/rw", 0));
		_exit(0);
	}
	wait(NULL);
	return 0;
}
