/* pthread_exit in main: the process lives until its last thread ends, with that thread's exit status. */
#include "../conf.h"
static void *run(void *arg) { (void)arg; usleep(50000); printf("last thread ends\n"); exit(3); }
int main(void)
{
	pid_t c = fork();
	if (c == 0) {
		pthread_t t;
		pthread_create(&t, NULL, run, NULL);
		pthread_exit(NULL);
	}
	int st;
	waitpid(c, &st, 0);
	status("process", st);
	return 0;
}
