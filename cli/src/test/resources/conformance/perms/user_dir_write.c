/* A user other than root makes files only in directories it may write; they are its own. */
#include "../conf.h"
int main(void)
{
	mkdir("closed", 0755);
	mkdir("open", 0777);
	chmod("open", 0777);
	if (fork() == 0) {
		setgid(100);
		setuid(1000);
		check("create in 0755 root dir", open("closed/f", O_CREAT | O_WRONLY, 0644));
		check("create in 0777 dir", open("open/f", O_CREAT | O_WRONLY, 0644));
		check("mkdir in 0777 dir", mkdir("open/d", 0755));
		struct stat st;
		stat("open/f", &st);
		printf("owner of file: %d:%d\n", st.st_uid, st.st_gid);
		stat("open/d", &st);
		printf("owner of dir: %d:%d\n", st.st_uid, st.st_gid);
		_exit(0);
	}
	wait(NULL);
	return 0;
}
