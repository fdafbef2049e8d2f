/* RLIMIT_NOFILE lowered: both limits read back as set; raising the hard one
 * back is EPERM (no CAP_SYS_RESOURCE, as in Docker), a soft one above the
 * hard EINVAL; a child and a new program keep them. */
#include "../conf.h"
static void show(const char *soft, const char *hard)
{
	struct rlimit g;
	must("getrlimit", getrlimit(RLIMIT_NOFILE, &g));
	value(soft, (long)g.rlim_cur);
	value(hard, (long)g.rlim_max);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		show("after exec, soft", "after exec, hard");
		return 0;
	}
	struct rlimit r = { 30, 40 };
	check("lower both", setrlimit(RLIMIT_NOFILE, &r));
	show("soft", "hard");
	r.rlim_max = 100;
	check("raise the hard", setrlimit(RLIMIT_NOFILE, &r));
	r.rlim_cur = 50;
	r.rlim_max = 40;
	check("soft above hard", setrlimit(RLIMIT_NOFILE, &r));
	r.rlim_cur = 20;
	r.rlim_max = 35;
	check("lower again", setrlimit(RLIMIT_NOFILE, &r));
	struct rlimit up = { 20, 60 }, raw;
	check("raise through prlimit of its own pid", prlimit(getpid(), RLIMIT_NOFILE, &up, NULL));
	check("the old call", syscall(SYS_getrlimit, RLIMIT_NOFILE, &raw));
	value("the old call's hard", (long)raw.rlim_max);
	check("raise through the old call", syscall(SYS_setrlimit, RLIMIT_NOFILE, &up));
	pid_t p = fork();
	if (p == 0) {
		show("child soft", "child hard");
		_exit(0);
	}
	int st;
	waitpid(p, &st, 0);
	execl("/proc/self/exe", argv[0], "again", (char *)NULL);
	printf("exec: %s\n", errname(errno));
	return 1;
}
