/* What guest code reached of the host by raw calls past the init host,
 * each found by the forty-third session's review: inotify and fanotify
 * marks on host paths (the names of files made and read in the host's
 * directories), leases (on a file only read: a write lease on an image file
 * held up every container's open of it for 45 s), an inode's generation
 * changed through a descriptor open for reading, typing into a terminal it
 * controls, a host seccomp filter of its own (which stayed on a set-user-ID
 * root program it then ran), the host's mounts (listmount), and the host's
 * sockets of other families (vsock, socket diagnostics, device events).
 * Each should be EPERM; musl+'s lease is EINVAL (leases off) and its
 * seccomp, the init host's own, still works. Prints what each gives. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "raw_syscall.h"

/* linux/filter.h's and linux/seccomp.h's (musl-gcc has no kernel headers): a filter that allows everything */
struct insn { unsigned short code; unsigned char jt, jf; unsigned k; };
struct prog { unsigned short len; struct insn *filter; };
#define RET_ALLOW { 0x06 /* BPF_RET | BPF_K */, 0, 0, 0x7fff0000u }
#define SECCOMP_SET_MODE_FILTER 1
#define SECCOMP_MODE_FILTER 2
#define FS_IOC_SETVERSION_ 0x40087602
#define SYS_listmount_ 458
#define AF_VSOCK_ 40
#define NETLINK_SOCK_DIAG_ 4
#define NETLINK_KOBJECT_UEVENT_ 15
#define FAN_REPORT_FID_ 0x200

static const char *outcome(long r)
{
	if (r >= 0) return "allowed";
	return r == -EPERM ? "EPERM" : r == -EINVAL ? "EINVAL" : r == -EACCES ? "EACCES" : "other error";
}

static long libc(long r) { return r < 0 ? -errno : r; }

/* The raw TIOCSTI in a new session whose controlling terminal is a new pty: the host lets a process
 * type into its own terminal (dev.tty.legacy_tiocsti). */
static void tiocsti(void)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master)) {
		printf("raw TIOCSTI: no pty\n");
		return;
	}
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		setsid();
		int slave = open(ptsname(master), O_RDWR);
		raw(SYS_ioctl, slave, TIOCSCTTY, 0, 0, 0);
		char c = 'x';
		printf("raw TIOCSTI: %s\n", outcome(raw(SYS_ioctl, slave, TIOCSTI, (long)&c, 0, 0)));
		fflush(stdout);
		_exit(0);
	}
	waitpid(child, 0, 0);
	close(master);
}

/* musl+'s seccomp, which the init host runs: a filter that allows everything, in a child. */
static void own_seccomp(void)
{
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		struct insn allow = RET_ALLOW;
		struct prog prog = { 1, &allow };
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		printf("musl+'s seccomp: %s\n", outcome(libc(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))));
		fflush(stdout);
		_exit(0);
	}
	waitpid(child, 0, 0);
}

int main(void)
{
	if (!raw_syscall_init()) return 1;
	int in = (int)raw(SYS_inotify_init1, 0, 0, 0, 0, 0);
	printf("raw inotify_add_watch of a host path: %s\n", outcome(raw(SYS_inotify_add_watch, in, (long)"/etc", 0x100, 0, 0)));
	printf("raw fanotify_init: %s\n", outcome(raw(SYS_fanotify_init, FAN_REPORT_FID_, 0, 0, 0, 0)));
	int fd = open("/etc/motd", O_RDONLY);
	printf("raw F_SETLEASE: %s\n", outcome(raw(SYS_fcntl, fd, F_SETLEASE, F_WRLCK, 0, 0)));
	printf("F_SETLEASE: %s\n", outcome(libc(fcntl(fd, F_SETLEASE, F_RDLCK))));
	int version = 0x4c414d49;
	printf("raw FS_IOC_SETVERSION: %s\n", outcome(raw(SYS_ioctl, fd, FS_IOC_SETVERSION_, (long)&version, 0, 0)));
	tiocsti();
	struct insn allow = RET_ALLOW;
	struct prog prog = { 1, &allow };
	printf("raw seccomp filter: %s\n", outcome(raw(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&prog, 0, 0)));
	printf("raw PR_SET_SECCOMP: %s\n", outcome(raw(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, (long)&prog, 0, 0)));
	own_seccomp();
	struct { uint32_t size, spare; uint64_t mnt_id, param; } req = { 24, 0, ~0ull, 0 };
	uint64_t ids[64];
	printf("raw listmount: %s\n", outcome(raw(SYS_listmount_, (long)&req, (long)ids, 64, 0, 0)));
	printf("raw vsock socket: %s\n", outcome(raw(SYS_socket, AF_VSOCK_, SOCK_STREAM, 0, 0, 0)));
	printf("raw socket diagnostics: %s\n", outcome(raw(SYS_socket, AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG_, 0, 0)));
	printf("socket diagnostics: %s\n", outcome(libc(socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG_))));
	printf("raw device events: %s\n", outcome(raw(SYS_socket, AF_NETLINK, SOCK_RAW, NETLINK_KOBJECT_UEVENT_, 0, 0)));
	return 0;
}
