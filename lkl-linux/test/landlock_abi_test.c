/* landlock_abi.c: for every Landlock ABI, what is handled, and the one
 * warning, which names exactly the classes the rights leave open. */
#include <linux/landlock.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "landlock_abi.h"
#include "unit.h"

#define TCP (LAMINA_PLAN_CONFINE_BIND_TCP | LAMINA_PLAN_CONFINE_CONNECT_TCP)
#define PREFIX "lamina: warning: this kernel's Landlock (ABI "
#define SUFFIX " see Lamina's README, Security"
#define TRUNCATE " truncating host files by path;"
#define PORTS " TCP ports;"
#define SCOPES " signals to host processes and host abstract unix sockets;"
#define NONE "lamina: warning: this kernel has no Landlock: the container is not confined " \
             "(it can reach the host's files, processes and sockets as your user)"

static void warning(long abi, uint32_t flags, const char *want)
{
	char line[LANDLOCK_WARNING_MAX], num[21];
	check(str_eq(landlock_warning(abi, flags, line), want), "the warning for ABI", dec_format(num, abi));
	if (!str_eq(line, want)) print_error("  got:  ", line, "\n  want: ", want, 0);
}

static int contains(const char *s, const char *part)
{
	for (; *s; s++) {
		size_t i = 0;
		while (part[i] && s[i] == part[i]) i++;
		if (!part[i]) return 1;
	}
	return 0;
}

static void unit_main(void)
{
	/* What each version adds (Documentation/userspace-api/landlock.rst). */
	uint64_t abi1_fs = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;
	struct landlock_rights r = landlock_rights(1, TCP);
	check(r.fs == abi1_fs && !r.net && !r.scoped, "ABI 1 handles the file system only", 0);
	check(landlock_rights(2, 0).fs == (abi1_fs | LANDLOCK_ACCESS_FS_REFER), "ABI 2 adds refer", 0);
	r = landlock_rights(4, TCP);
	check(r.net == (LX_LANDLOCK_ACCESS_NET_BIND_TCP | LX_LANDLOCK_ACCESS_NET_CONNECT_TCP) && !r.scoped
	      && !(r.fs & LX_LANDLOCK_ACCESS_FS_IOCTL_DEV) && (r.fs & LX_LANDLOCK_ACCESS_FS_TRUNCATE), "ABI 4 adds TCP", 0);
	check(landlock_rights(4, LAMINA_PLAN_CONFINE_BIND_TCP).net == LX_LANDLOCK_ACCESS_NET_BIND_TCP,
	      "TCP bind only when the plan limits it", 0);
	check(landlock_rights(7, LAMINA_PLAN_CONFINE).net == 0, "no TCP rights when the plan leaves TCP open", 0);
	check(landlock_rights(5, 0).fs & LX_LANDLOCK_ACCESS_FS_IOCTL_DEV, "ABI 5 adds device ioctls", 0);
	r = landlock_rights(6, 0);
	check(r.scoped == (LX_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LX_LANDLOCK_SCOPE_SIGNAL), "ABI 6 adds scopes", 0);
	r = landlock_rights(0, TCP);
	check(!r.fs && !r.net && !r.scoped, "no Landlock, nothing handled", 0);

	warning(-38, LAMINA_PLAN_CONFINE, NONE); /* ENOSYS */
	warning(0, LAMINA_PLAN_CONFINE | TCP, NONE);
	warning(1, LAMINA_PLAN_CONFINE, PREFIX "1) leaves open:" TRUNCATE SCOPES SUFFIX);
	warning(2, LAMINA_PLAN_CONFINE | TCP, PREFIX "2) leaves open:" TRUNCATE PORTS SCOPES SUFFIX);
	warning(3, LAMINA_PLAN_CONFINE, PREFIX "3) leaves open:" SCOPES SUFFIX);
	warning(3, LAMINA_PLAN_CONFINE | LAMINA_PLAN_CONFINE_CONNECT_TCP, PREFIX "3) leaves open:" PORTS SCOPES SUFFIX);
	warning(4, LAMINA_PLAN_CONFINE | TCP, PREFIX "4) leaves open:" SCOPES SUFFIX);
	warning(5, LAMINA_PLAN_CONFINE, PREFIX "5) leaves open:" SCOPES SUFFIX);
	warning(6, LAMINA_PLAN_CONFINE | TCP, "");
	warning(7, LAMINA_PLAN_CONFINE, "");
	warning(8, LAMINA_PLAN_CONFINE | TCP, "");

	/* Whatever the version, a class is named exactly when its right is missing. */
	for (long abi = 1; abi <= 8; abi++)
		for (uint32_t flags = 0; flags <= TCP; flags += LAMINA_PLAN_CONFINE_BIND_TCP) {
			char line[LANDLOCK_WARNING_MAX], num[21];
			const char *w = landlock_warning(abi, flags | LAMINA_PLAN_CONFINE, line);
			r = landlock_rights(abi, flags);
			uint64_t asked = (flags & LAMINA_PLAN_CONFINE_BIND_TCP ? LX_LANDLOCK_ACCESS_NET_BIND_TCP : 0)
			               | (flags & LAMINA_PLAN_CONFINE_CONNECT_TCP ? LX_LANDLOCK_ACCESS_NET_CONNECT_TCP : 0);
			const char *v = dec_format(num, abi);
			check(contains(w, TRUNCATE) == !(r.fs & LX_LANDLOCK_ACCESS_FS_TRUNCATE), "truncation named iff open", v);
			check(contains(w, PORTS) == ((r.net & asked) != asked), "TCP named iff open", v);
			check(contains(w, SCOPES) == !(r.scoped & LX_LANDLOCK_SCOPE_SIGNAL), "scopes named iff open", v);
		}
}
