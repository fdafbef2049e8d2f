/* PR_SET_NO_NEW_PRIVS is one way, and /proc/self/status shows it (the
 * container's flag, not the host's); PR_GET_KEEPCAPS, PR_CAPBSET_READ. */
#include <sys/prctl.h>
#include "../conf.h"

static long status_flag(void)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");
	if (!f) return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "NoNewPrivs: %ld", &v) == 1) break;
	fclose(f);
	return v;
}

int main(void)
{
	value("NO_NEW_PRIVS before", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	value("status before", status_flag());
	check("set", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	value("after", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	value("status after", status_flag());
	check("unset", prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0));
	value("KEEPCAPS", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
	value("CAPBSET_READ CAP_CHOWN", prctl(PR_CAPBSET_READ, 0, 0, 0, 0));
	return 0;
}
