/* What servers read and write at start: raising the process's own oom_score_adj
 * (redis's oom-score-adj) and reading it back, a child's; vm.overcommit_memory
 * and net.core.somaxconn as the host has them (redis warns by them). */
#include "../conf.h"
#include "procfile.h"
int main(void)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);
	check("open oom_score_adj for writing", fd);
	check("write 200", write(fd, "200\n", 4));
	close(fd);
	char *s = slurp("/proc/self/oom_score_adj");
	printf("reads: %s", s ? s : "none\n");
	pid_t c = fork();
	if (c == 0) {
		char *t = slurp("/proc/self/oom_score_adj");
		printf("the child's: %s", t ? t : "none\n");
		_exit(0);
	}
	waitpid(c, NULL, 0);
	s = slurp("/proc/sys/vm/overcommit_memory");
	yes("overcommit_memory 0, 1 or 2", s && (s[0] == '0' || s[0] == '1' || s[0] == '2') && s[1] == '\n');
	s = slurp("/proc/sys/net/core/somaxconn");
	yes("somaxconn > 0", s && atoi(s) > 0);
	s = slurp("/proc/sys/vm/max_map_count");
	yes("max_map_count > 0", s && atoi(s) > 0);
	return 0;
}
