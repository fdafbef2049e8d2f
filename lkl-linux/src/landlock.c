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
 * could then not signal its parent; a process that gives up root takes a
 * domain of its own for signals alone (landlock_scope_signals). An init host started ahead of need
 * confines itself before the plan comes; the plan's TCP ports then make a
 * layer of their own, still before any guest code or child. */
#include <asm/errno.h>
#include <linux/fcntl.h>
#include <linux/landlock.h>
#include <linux/prctl.h>
#include <lamina/linux_abi.h>
#include "dispatch.h"
#include "host_syscall.h"
#include "landlock_abi.h"
#include "util.h"

#define PATH_MAX_HERE 4096

static _Noreturn void refuse(const char *why)
{
	print_error("lamina: cannot confine the container: ", why, 0);
	host_exit(126);
}

/* The installation: the directory of /proc/self/exe, which RuntimeFiles
 * keeps beside musl+. */
static int open_installation(void)
{
	static char path[PATH_MAX_HERE];
	long n = host_syscall4(__NR_readlinkat, LX_AT_FDCWD, "/proc/self/exe", path, sizeof path - 1);
	if (n <= 0) refuse("cannot find the init host's own file");
	long slash = n - 1;
	while (slash > 0 && path[slash] != '/') slash--;
	path[slash > 0 ? slash : 1] = 0;
	long fd = host_syscall4(__NR_openat, LX_AT_FDCWD, path, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
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

static void restrict_self(long ruleset)
{
	if (host_syscall2(__NR_landlock_restrict_self, ruleset, 0)) refuse("landlock_restrict_self failed");
	host_syscall1(__NR_close, ruleset);
}

long landlock_confine(void)
{
	long abi = host_syscall3(__NR_landlock_create_ruleset, 0, 0, LANDLOCK_CREATE_RULESET_VERSION);
#ifdef LAMINA_TEST_LANDLOCK_ABI
	/* Only in the init host lkl-linux's tests build to act as on an older kernel (Makefile). */
	if (abi > LAMINA_TEST_LANDLOCK_ABI) abi = LAMINA_TEST_LANDLOCK_ABI;
#endif
	if (abi < 1) return 0;
	struct landlock_rights rights = landlock_rights(abi, 0);
	struct lx_landlock_ruleset_attr attr = { .handled_access_fs = rights.fs, .scoped = rights.scoped };
	long ruleset = host_syscall3(__NR_landlock_create_ruleset, &attr, sizeof attr, 0);
	if (host_is_error(ruleset)) refuse("the ruleset was refused");

	struct landlock_path_beneath_attr install = {
		.allowed_access = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR,
		.parent_fd = open_installation(),
	};
	if (host_syscall4(__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &install, 0))
		refuse("the installation rule was refused");
	host_syscall1(__NR_close, install.parent_fd);

	/* Unprivileged processes need no_new_privs to restrict themselves;
	 * guests only ever execute the init host, which has no set-id bits. */
	if (host_syscall5(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) refuse("no_new_privs was refused");
	restrict_self(ruleset);
	return abi;
}

/* A ruleset that handles TCP only: the domain's file system and scopes
 * stay as they are. */
void landlock_limit_tcp(long abi, uint32_t flags, const unsigned char *ports, uint32_t nbind, uint32_t nconnect)
{
	struct landlock_rights rights = landlock_rights(abi, flags);
	if (!rights.net) return;
	struct lx_landlock_ruleset_attr attr = { .handled_access_net = rights.net };
	long ruleset = host_syscall3(__NR_landlock_create_ruleset, &attr, sizeof attr, 0);
	if (host_is_error(ruleset)) refuse("the TCP ruleset was refused");
	if (rights.net & LX_LANDLOCK_ACCESS_NET_BIND_TCP)
		allow_ports((int)ruleset, LX_LANDLOCK_ACCESS_NET_BIND_TCP, ports, nbind);
	if (rights.net & LX_LANDLOCK_ACCESS_NET_CONNECT_TCP)
		allow_ports((int)ruleset, LX_LANDLOCK_ACCESS_NET_CONNECT_TCP, ports + 2 * nbind, nconnect);
	restrict_self(ruleset);
}

/* A domain of its own below the container's, for a process that has given up
 * root: every process of the container is one host user, so the host lets
 * any of them signal any other (a raw kill, or sigqueue and
 * pidfd_send_signal, which the dispatcher makes itself) where Linux refuses
 * a user root's processes. Signals then reach this domain and those below
 * it only, as a user's reach its own processes; root's, in the domains
 * above, still reach it. Threads of one process always signal each other
 * (Linux 6.14 on: ABI 7, whose kernels have it, is asked for, since each
 * thread makes its own domain as musl's set*id runs on every thread). Best
 * effort: past Landlock's 16 layers the process stays where it was. */
void landlock_scope_signals(void)
{
	if (host_syscall3(__NR_landlock_create_ruleset, 0, 0, LANDLOCK_CREATE_RULESET_VERSION) < 7) return;
	struct lx_landlock_ruleset_attr attr = { .scoped = LX_LANDLOCK_SCOPE_SIGNAL };
	long ruleset = host_syscall3(__NR_landlock_create_ruleset, &attr, sizeof attr, 0);
	if (host_is_error(ruleset)) return;
	host_syscall2(__NR_landlock_restrict_self, ruleset, 0);
	host_syscall1(__NR_close, ruleset);
}

void landlock_warn(long abi, uint32_t flags)
{
	char line[LANDLOCK_WARNING_MAX];
	if (*landlock_warning(abi, flags, line)) print_error(line, 0);
}
