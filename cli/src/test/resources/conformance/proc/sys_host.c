/* /proc/sys files the host's kernel answers for a container as for itself:
 * file watchers' inotify limits, the pipe size limit, the range ports are
 * picked from, the core pattern. Read-only, as Docker mounts /proc/sys. */
#include "../conf.h"
#include "procfile.h"
int main(void)
{
	static const char *const names[] = {
		"fs/inotify/max_user_watches", "fs/inotify/max_user_instances", "fs/inotify/max_queued_events",
		"fs/pipe-max-size", "net/ipv4/ip_local_port_range", "kernel/core_pattern",
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char path[96];
		snprintf(path, sizeof path, "/proc/sys/%s", names[i]);
		char *s = slurp(path);
		printf("%s: %s", names[i], s ? s : "none\n");
	}
	return 0;
}
