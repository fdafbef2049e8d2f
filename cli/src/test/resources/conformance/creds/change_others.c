/* A user changing another process's limits or scheduling: its own user's
 * process it may (prlimit, setpriority to a lower priority,
 * sched_setaffinity), another user's or root's it may not (EPERM), as
 * Linux's prlimit and same-owner rules say. Every process of a container is
 * the same host user, and the dispatcher asked the host, which let a user
 * change root's processes (found by the forty-first session's review). */
#include "../conf.h"

static void try_all(const char *who, pid_t pid)
{
	struct rlimit l;
	char label[64];
	snprintf(label, sizeof label, "%s: prlimit read", who);
	check(label, prlimit(pid, RLIMIT_NOFILE, NULL, &l));
	snprintf(label, sizeof label, "%s: prlimit set", who);
	check(label, prlimit(pid, RLIMIT_CORE, &(struct rlimit){ 0, 0 }, NULL));
	snprintf(label, sizeof label, "%s: setpriority", who);
	check(label, setpriority(PRIO_PROCESS, pid, 5));
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	snprintf(label, sizeof label, "%s: sched_setaffinity", who);
	check(label, sched_setaffinity(pid, sizeof set, &set));
}

/* A child of the given user waiting on the pipe until the parent ends it;
 * returned once it is that user (a loaded machine ran the checks first). */
static pid_t waiting(uid_t uid, int p[2])
{
	int ready[2];
	must("pipe", pipe(p));
	must("pipe", pipe(ready));
	pid_t c = fork();
	if (c == 0) {
		if (setgid(uid) || setuid(uid)) _exit(1);
		close(p[1]);
		close(ready[0]);
		close(ready[1]);
		char b;
		read(p[0], &b, 1);
		_exit(0);
	}
	close(p[0]);
	close(ready[1]);
	char b;
	read(ready[0], &b, 1);
	close(ready[0]);
	return c;
}

int main(void)
{
	int nobody_pipe[2], other_pipe[2];
	pid_t nobody = waiting(65534, nobody_pipe);
	pid_t other = waiting(1000, other_pipe);
	pid_t root = getpid();
	pid_t c = fork();
	if (c == 0) {
		if (setgid(65534) || setuid(65534)) _exit(1);
		try_all("its own user's", nobody);
		try_all("another user's", other);
		try_all("root's", root);
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	status("user", st);
	close(nobody_pipe[1]);
	close(other_pipe[1]);
	waitpid(nobody, NULL, 0);
	waitpid(other, NULL, 0);
	return 0;
}
