/* Root's capability sets hold CAP_CHOWN and CAP_KILL; a setuid to a user empties them. */
#include "../conf.h"
/* linux/capability.h's ABI (musl-gcc has no kernel headers) */
#define _LINUX_CAPABILITY_VERSION_3 0x20080522
#define CAP_CHOWN 0
#define CAP_KILL 5
#define CAP_SETUID 7
struct __user_cap_header_struct { uint32_t version; int pid; };
struct __user_cap_data_struct { uint32_t effective, permitted, inheritable; };
static void show(const char *who)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d) < 0) { printf("%s capget: %s\n", who, errname(errno)); return; }
	printf("%s: CAP_CHOWN %s CAP_KILL %s CAP_SETUID %s\n", who, d[0].effective & (1 << CAP_CHOWN) ? "yes" : "no",
	       d[0].effective & (1 << CAP_KILL) ? "yes" : "no", d[0].effective & (1 << CAP_SETUID) ? "yes" : "no");
}
int main(void)
{
	show("root");
	if (fork() == 0) {
		setuid(1000);
		show("user");
		_exit(0);
	}
	wait(NULL);
	return 0;
}
