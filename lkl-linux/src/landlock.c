/* Confinement: guest code runs natively and can make any system call
 * through the init host's own syscall instructions, so the Lamina kernel's
 * path checks alone do not hold a hostile program. Landlock does: on the
 * host file system a container may by itself only execute and read
 * Lamina's installation (the directory this binary lives in, which holds
 * musl+ too); it reaches everything else through descriptors the Lamina
 * kernel opened outside the domain and handed over. It may not signal or
 * reach the abstract unix sockets of processes outside the container, and
 * TCP ports are limited when the plan says so.
 *
 * Applied once, by the container's first init host before any guest code
 * runs: forks inherit the domain and so do the init host's re-execs, so the
 * whole container is one domain. A domain per exec would nest, and a child
 * could then not signal its parent. */
#include <asm/errno.h>
#include <linux/fcntl.h>
#include <linux/landlock.h>
#include <linux/prctl.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "dispatch.h"
#include "host_syscall.h"
#include "util.h"

#define PATH_MAX_HERE 4096

static _Noreturn void refuse(const char *why)
{
	print_error("lamina: cannot confine the container: ", why, 0);
	host_exit(126);
}

/* Every file system right the running kernel's ABI knows is handled. */
static uint64_t fs_rights(long abi)
{
	uint64_t rights = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1; /* ABI 1 */
	if (abi >= 2) rights |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3) rights |= LX_LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 5) rights |= LX_LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return rights;
}

/* Names what an older kernel leaves open, on one line. Below ABI 2 links
 * and renames across directories are refused outright (not open), and the
 * Lamina kernel makes those anyway; below ABI 5 ioctls are open only on
 * devices opened in the domain, which a guest cannot open. */
static void warn_open(long abi, uint32_t flags)
{
	const char *parts[3] = { "", "", "" };
	int n = 0;
	if (abi < 3) parts[n++] = " truncating host files by path;";
	if (abi < 4 && (flags & (LAMINA_PLAN_CONFINE_BIND_TCP | LAMINA_PLAN_CONFINE_CONNECT_TCP)))
		parts[n++] = " TCP ports;";
	if (abi < 6) parts[n++] = " signals to host processes and host abstract unix sockets;";
	if (!n) return;
	char num[21];
	print_error("lamina: warning: this kernel's Landlock (ABI ", dec_format(num, abi), ") leaves open:",
	            parts[0], parts[1], parts[2], " see Lamina's README, Security", 0);
}

/* The installation: the directory of /proc/self/exe, which RuntimeFiles
 * keeps beside musl+. */
static int open_installation(void)
{
	static char path[PATH_MAX_HERE];
	long n = host_syscall3(__NR_readlink, "/proc/self/exe", path, sizeof path - 1);
	if (n <= 0) refuse("cannot find the init host's own file");
	long slash = n - 1;
	while (slash > 0 && path[slash] != '/') slash--;
	path[slash > 0 ? slash : 1] = 0;
	long fd = host_syscall3(__NR_open, path, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (host_is_error(fd)) refuse("cannot open Lamina's installation directory");
	return (int)fd;
}

static void allow_ports(int ruleset, uint64_t access, const unsigned char *ports, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		uint16_t port;
		memcpy(&port, ports + 2 * i, 2);
		struct lx_landlock_net_port_attr rule = { access, port };
		if (host_syscall4(__NR_landlock_add_rule, ruleset, LX_LANDLOCK_RULE_NET_PORT, &rule, 0))
			refuse("a TCP port rule was refused");
	}
}

void landlock_confine(uint32_t flags, const unsigned char *ports, uint32_t nbind, uint32_t nconnect)
{
	long abi = host_syscall3(__NR_landlock_create_ruleset, 0, 0, LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 1) {
		print_error("lamina: warning: this kernel has no Landlock: the container is not confined "
		            "(it can reach the host's files, processes and sockets as your user)", 0);
		return;
	}
	warn_open(abi, flags);
	struct lx_landlock_ruleset_attr attr = { .handled_access_fs = fs_rights(abi) };
	if (abi >= 4) {
		if (flags & LAMINA_PLAN_CONFINE_BIND_TCP) attr.handled_access_net |= LX_LANDLOCK_ACCESS_NET_BIND_TCP;
		if (flags & LAMINA_PLAN_CONFINE_CONNECT_TCP) attr.handled_access_net |= LX_LANDLOCK_ACCESS_NET_CONNECT_TCP;
	}
	if (abi >= 6) attr.scoped = LX_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LX_LANDLOCK_SCOPE_SIGNAL;
	long ruleset = host_syscall3(__NR_landlock_create_ruleset, &attr, sizeof attr, 0);
	if (host_is_error(ruleset)) refuse("the ruleset was refused");

	struct landlock_path_beneath_attr install = {
		.allowed_access = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR,
		.parent_fd = open_installation(),
	};
	if (host_syscall4(__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &install, 0))
		refuse("the installation rule was refused");
	host_syscall1(__NR_close, install.parent_fd);
	if (attr.handled_access_net & LX_LANDLOCK_ACCESS_NET_BIND_TCP)
		allow_ports((int)ruleset, LX_LANDLOCK_ACCESS_NET_BIND_TCP, ports, nbind);
	if (attr.handled_access_net & LX_LANDLOCK_ACCESS_NET_CONNECT_TCP)
		allow_ports((int)ruleset, LX_LANDLOCK_ACCESS_NET_CONNECT_TCP, ports + 2 * nbind, nconnect);

	/* Unprivileged processes need no_new_privs to restrict themselves;
	 * guests only ever execute the init host, which has no set-id bits. */
	if (host_syscall5(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) refuse("no_new_privs was refused");
	if (host_syscall2(__NR_landlock_restrict_self, ruleset, 0)) refuse("landlock_restrict_self failed");
	host_syscall1(__NR_close, ruleset);
}
