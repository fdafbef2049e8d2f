#include <linux/landlock.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "landlock_abi.h"
#include "util.h"

/* Every file system right the ABI knows is handled. Below ABI 2 links and
 * renames across directories are refused outright (not open), and the
 * Lamina kernel makes those anyway; below ABI 5 ioctls are open only on
 * devices opened in the domain, which a guest cannot open. */
struct landlock_rights landlock_rights(long abi, uint32_t flags)
{
	struct landlock_rights r = { 0, 0, 0 };
	if (abi < 1) return r;
	r.fs = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;
	if (abi >= 2) r.fs |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3) r.fs |= LX_LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 4) {
		if (flags & LAMINA_PLAN_CONFINE_BIND_TCP) r.net |= LX_LANDLOCK_ACCESS_NET_BIND_TCP;
		if (flags & LAMINA_PLAN_CONFINE_CONNECT_TCP) r.net |= LX_LANDLOCK_ACCESS_NET_CONNECT_TCP;
	}
	if (abi >= 5) r.fs |= LX_LANDLOCK_ACCESS_FS_IOCTL_DEV;
	if (abi >= LX_LANDLOCK_ABI_SCOPES) r.scoped = LX_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LX_LANDLOCK_SCOPE_SIGNAL;
	return r;
}

static char *append(char *at, const char *end, const char *s)
{
	while (*s && at < end) *at++ = *s++;
	return at;
}

/* The open classes follow from the rights, so the warning cannot name
 * what the ruleset closes, nor miss what it leaves open. */
const char *landlock_warning(long abi, uint32_t flags, char line[LANDLOCK_WARNING_MAX])
{
	char *at = line, *end = line + LANDLOCK_WARNING_MAX - 1;
	struct landlock_rights r = landlock_rights(abi, flags);
	uint64_t tcp = (flags & LAMINA_PLAN_CONFINE_BIND_TCP ? LX_LANDLOCK_ACCESS_NET_BIND_TCP : 0)
	             | (flags & LAMINA_PLAN_CONFINE_CONNECT_TCP ? LX_LANDLOCK_ACCESS_NET_CONNECT_TCP : 0);
	const char *open[3];
	int n = 0;
	if (!(r.fs & LX_LANDLOCK_ACCESS_FS_TRUNCATE)) open[n++] = " truncating host files by path;";
	if ((r.net & tcp) != tcp) open[n++] = " TCP ports;";
	if (!(r.scoped & LX_LANDLOCK_SCOPE_SIGNAL)) open[n++] = " signals to host processes and host abstract unix sockets;";
	if (abi < 1) {
		at = append(at, end, "lamina: warning: this kernel has no Landlock: the container is not confined "
		                     "(it can reach the host's files, processes and sockets as your user)");
	} else if (n) {
		char num[21];
		at = append(at, end, "lamina: warning: this kernel's Landlock (ABI ");
		at = append(at, end, dec_format(num, abi));
		at = append(at, end, ") leaves open:");
		for (int i = 0; i < n; i++) at = append(at, end, open[i]);
		at = append(at, end, " see Lamina's README, Security");
	}
	*at = 0;
	return line;
}
