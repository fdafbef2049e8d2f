/* Two processes with different umasks make files and directories at the
 * same moment: each one's are masked by its own umask (the kernel's threads
 * each keep a umask of their own). */
#include "../conf.h"
static int wrong(const char *tag, mode_t mask)
{
	umask(mask);
	int bad = 0;
	char f[64], d[64];
	struct stat st;
	for (int i = 0; i < 300; i++) {
		snprintf(f, sizeof f, "%sf%d", tag, i);
		snprintf(d, sizeof d, "%sd%d", tag, i);
		close(open(f, O_CREAT | O_WRONLY, 0666));
		mkdir(d, 0777);
		if (stat(f, &st) || (st.st_mode & 0777) != (0666 & ~mask)) bad++;
		if (stat(d, &st) || (st.st_mode & 0777) != (0777 & ~mask)) bad++;
	}
	return bad;
}
int main(void)
{
	pid_t c = fork();
	if (c == 0) _exit(wrong("c", 077) ? 1 : 0);
	yes("umask 0 while another process's is 077: every mode its own", !wrong("p", 0));
	int st;
	waitpid(c, &st, 0);
	yes("umask 077 while another process's is 0: every mode its own", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}
