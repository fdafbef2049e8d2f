/* Built static for aarch64 (glibc's): its thread-local variable is read
 * and written through tpidr_el0, and its calls are its own svc. Under the
 * Apple-Silicon rules both are rewritten; the child's write to the variable
 * stays the child's. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static __thread int value = 7;

int main(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		value = 42;
		printf("tls %d in the child\n", value);
		return 0;
	}
	waitpid(pid, 0, 0);
	printf("tls %d in the parent\n", value);
	return 0;
}
