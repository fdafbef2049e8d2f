/* CPU-time clocks of a process and of a thread named by id
 * (clock_getcpuclockid, pthread_getcpuclockid): they read that process's or
 * thread's time; a clock naming no process is EINVAL. */
#include "../conf.h"
#include <pthread.h>
#include <time.h>
static double seconds(clockid_t c)
{
	struct timespec ts;
	if (clock_gettime(c, &ts)) return -1;
	return ts.tv_sec + ts.tv_nsec / 1e9;
}
static void spin(double s)
{
	double start = seconds(CLOCK_THREAD_CPUTIME_ID);
	while (seconds(CLOCK_THREAD_CPUTIME_ID) - start < s) {}
}
int main(void)
{
	int ready[2];
	pipe(ready);
	pid_t child = fork();
	if (child == 0) {
		spin(0.2);
		write(ready[1], "x", 1);
		pause();
		_exit(0);
	}
	char x;
	read(ready[0], &x, 1);
	clockid_t c;
	value("clock_getcpuclockid", clock_getcpuclockid(child, &c));
	double t = seconds(c);
	yes("the child's CPU time at least 0.2 s", t >= 0.2);
	clockid_t mine;
	value("pthread_getcpuclockid", pthread_getcpuclockid(pthread_self(), &mine));
	spin(0.05);
	yes("this thread's CPU time by its id at least 0.05 s", seconds(mine) >= 0.05);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	clockid_t gone = (clockid_t)((~(unsigned)child << 3) | 2);
	struct timespec ts;
	check("the reaped child's clock", clock_gettime(gone, &ts));
	return 0;
}
