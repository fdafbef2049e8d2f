/* The container's first process leads its session and its process group, as
 * Docker starts it (runc makes it a session leader): so setsid from it fails,
 * and its children start in its group and session. */
#include "../conf.h"
int main(void)
{
	yes("pid 1 leads its group", getpgid(1) == 1);
	yes("pid 1 leads its session", getsid(1) == 1);
	yes("in pid 1's group", getpgrp() == 1);
	yes("in pid 1's session", getsid(0) == 1);
	FILE *f = fopen("/proc/1/stat", "r");
	int pgrp = -1, session = -1;
	if (f && fscanf(f, "%*d (%*[^)]) %*c %*d %d %d", &pgrp, &session) == 2)
		printf("/proc/1/stat pgrp %d session %d\n", pgrp, session);
	if (f) fclose(f);
	check("setpgid(0,0)", setpgid(0, 0));
	yes("own group in pid 1's session", getpgrp() == getpid() && getsid(0) == 1);
	return 0;
}
