/* vfork: the parent waits until the child execs or exits; memory is shared
 * until then: the child's stores into its callers' frames reach the parent,
 * from the main thread and from another thread, near the stack pointer or
 * frames away. */
#include <pthread.h>
#include "../conf.h"

/* A vfork child that stores v at into, then exits with code. */
static pid_t child_storing(volatile int *into, int v, int code)
{
	pid_t c = vfork();
	if (c == 0) {
		*into = v;
		_exit(code);
	}
	return c;
}

/* A vfork child's store into a variable `depth` frames above the call. */
static int stored_from(int depth, volatile int *into)
{
	volatile char frame[1024];
	frame[0] = (char)depth;
	if (depth) return stored_from(depth - 1, into) + frame[0];
	waitpid(child_storing(into, 3, 0), NULL, 0);
	return frame[0];
}

static void *in_thread(void *arg)
{
	(void)arg;
	volatile int shared = 0;
	pid_t c = child_storing(&shared, 2, 0);
	value("seen by a thread", shared);
	waitpid(c, NULL, 0);
	volatile int far = 0;
	stored_from(16, &far);
	value("16 frames up, in a thread", far);
	return NULL;
}

int main(void)
{
	volatile int shared = 0;
	pid_t c = child_storing(&shared, 1, 4);
	value("seen by parent", shared);
	int st;
	waitpid(c, &st, 0);
	status("child", st);
	volatile int far = 0;
	stored_from(16, &far);
	value("16 frames up", far);
	pthread_t t;
	pthread_create(&t, NULL, in_thread, NULL);
	pthread_join(t, NULL);
	c = vfork();
	if (c == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	waitpid(c, &st, 0);
	status("exec'd child", st);
	return 0;
}
