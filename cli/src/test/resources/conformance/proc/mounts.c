/* /proc/self/mounts and mountinfo list /proc (a chroot's root is the host's, so not compared). */
#include "../conf.h"
#include "procfile.h"
int main(void)
{
	char *s = slurp("/proc/self/mounts");
	yes("mounts: proc on /proc", s && strstr(s, "proc /proc proc ") != NULL);
	s = slurp("/proc/self/mountinfo");
	yes("mountinfo: /proc", s && strstr(s, " /proc ") != NULL);
	return 0;
}
