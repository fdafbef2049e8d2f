/* getrlimit and setrlimit: lowering, raising back as root, inherited by a child. */
#include "../conf.h"
int main(void)
{
	struct rlimit r;
	check("getrlimit NOFILE", getrlimit(RLIMIT_NOFILE, &r));
	struct rlimit low = {100, r.rlim_max};
	check("lower soft", setrlimit(RLIMIT_NOFILE, &low));
	if (fork() == 0) {
		getrlimit(RLIMIT_NOFILE, &r);
		value("child soft", r.rlim_cur);
		_exit(0);
	}
	wait(NULL);
	struct rlimit core = {0, 0};
	check("core 0/0", setrlimit(RLIMIT_CORE, &core));
	getrlimit(RLIMIT_CORE, &core);
	printf("core %lu %lu\n", (unsigned long)core.rlim_cur, (unsigned long)core.rlim_max);
	check("bad resource", setrlimit(99, &core));
	struct rlimit as = {1UL << 40, RLIM_INFINITY};
	check("AS", setrlimit(RLIMIT_AS, &as));
	return 0;
}
