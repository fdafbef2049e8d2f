/* Capabilities: when lamina runs as root, the init host starts with all of
 * them, and guest code that makes its own system calls would keep them for
 * the whole host (there is no namespace to bound them): packet sockets,
 * modules, the clock, the host's name. The zygote (zygote.c), which starts
 * every confined container's first init host, drops every one but
 * CAP_NET_BIND_SERVICE (a container's root binds low ports, as Docker
 * allows) before any guest code runs, and locks root out of regaining them
 * on the init host's execs (securebits, and no_new_privs). The Lamina kernel, which
 * does the privileged work (chown, mknod refusals, opens), keeps its own. */
#include <asm/errno.h>
#include <linux/capability.h>
#include <linux/prctl.h>
#include <linux/securebits.h>
#include "dispatch.h"
#include "host_syscall.h"
#include "util.h"

#define KEPT CAP_NET_BIND_SERVICE

static _Noreturn void refuse(const char *why)
{
	print_error("lamina: cannot drop the container's capabilities: ", why, 0);
	host_exit(126);
}

void capabilities_drop(void)
{
	struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	if (host_syscall2(__NR_capget, &header, data)) refuse("capget failed");
	if (!data[0].permitted && !data[1].permitted) return; /* an ordinary user: nothing to drop */
	/* Root gains no capabilities on execve and keeps none across uid changes. */
	if (host_syscall5(__NR_prctl, PR_SET_SECUREBITS,
	                  SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
	                  SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED, 0, 0, 0))
		refuse("the securebits were refused");
	/* The bounding set stays: it limits only what an execve could gain,
	 * and with no_new_privs (set next, for Landlock) and root locked out
	 * above, an execve gains nothing. Dropping it costs a call per
	 * capability on every container start. */
	host_syscall5(__NR_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	uint32_t kept = data[0].permitted & (1u << KEPT);
	for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) data[i].effective = data[i].permitted = data[i].inheritable = 0;
	data[0].effective = data[0].permitted = data[0].inheritable = kept;
	if (host_syscall2(__NR_capset, &header, data)) refuse("capset failed");
	/* Ambient: the one kept survives the init host's re-execs (it has no file capabilities). */
	if (kept && host_syscall5(__NR_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, KEPT, 0, 0))
		refuse("the ambient capability was refused");
}

/* Whether this process holds none but the one kept, root locked out of
 * regaining them, as capabilities_drop leaves it (the zygote's work, which
 * a confined init host checks). */
int capabilities_dropped(void)
{
	struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	if (host_syscall2(__NR_capget, &header, data)) return 0;
	if ((data[0].permitted & ~(1u << KEPT)) || data[1].permitted) return 0;
	return !data[0].permitted || (host_syscall1(__NR_prctl, PR_GET_SECUREBITS) & SECBIT_NOROOT_LOCKED);
}
