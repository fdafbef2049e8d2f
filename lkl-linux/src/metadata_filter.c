/* Changes to a file's metadata go through the Lamina kernel only. chmod,
 * chown, utimes, extended attributes and inode flags need no write access
 * to a descriptor, and Landlock has no right for them: guest code calling
 * them itself on a descriptor the kernel handed out (a file shared with the
 * image, read-only) or on one of the installation's files (Landlock lets
 * the container read those) would change the image store or Lamina itself.
 * musl+ routes all of them to the kernel, which copies up and decides, so
 * the init host never makes them: a seccomp filter refuses them (EPERM) to
 * every process of the container, with io_uring (whose operations no
 * dispatcher sees) and the x32 ABI's numbers. */
#include <asm/errno.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>
#include <lamina/linux_abi.h>
#include "dispatch.h"
#include "host_syscall.h"
#include "util.h"

static const unsigned refused_calls[] = {
	__NR_chmod, __NR_fchmod, __NR_fchmodat, LX_NR_fchmodat2,
	__NR_chown, __NR_fchown, __NR_lchown, __NR_fchownat,
	__NR_utime, __NR_utimes, __NR_futimesat, __NR_utimensat,
	__NR_setxattr, __NR_lsetxattr, __NR_fsetxattr, __NR_removexattr, __NR_lremovexattr, __NR_fremovexattr,
	LX_NR_setxattrat, LX_NR_getxattrat, LX_NR_listxattrat, LX_NR_removexattrat,
	LX_NR_file_getattr, LX_NR_file_setattr, __NR_io_uring_setup,
};

/* Inode flags (chattr) and project attributes set by ioctl. */
static const unsigned refused_ioctls[] = { LX_FS_IOC_SETFLAGS, LX_FS_IOC32_SETFLAGS, LX_FS_IOC_FSSETXATTR };

#define NCALLS (sizeof refused_calls / sizeof refused_calls[0])
#define NIOCTLS (sizeof refused_ioctls / sizeof refused_ioctls[0])
/* arch check (3), nr load, x32 check, the calls, ioctl check, its arg load,
 * the ioctls, allow, refuse, refuse x32 */
#define LEN (3 + 1 + 1 + NCALLS + 1 + 1 + NIOCTLS + 3)

void metadata_filter_install(void)
{
	struct sock_filter f[LEN];
	unsigned n = 0;
	const unsigned allow = LEN - 3, deny = LEN - 2, deny_x32 = LEN - 1;
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, __builtin_offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, __builtin_offsetof(struct seccomp_data, nr));
	f[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, (uint8_t)(deny_x32 - n - 1), 0);
	n++;
	for (unsigned i = 0; i < NCALLS; i++, n++)
		f[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, refused_calls[i], (uint8_t)(deny - n - 1), 0);
	f[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, (uint8_t)(allow - n - 1));
	n++;
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, __builtin_offsetof(struct seccomp_data, args[1]));
	for (unsigned i = 0; i < NIOCTLS; i++, n++)
		f[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, refused_ioctls[i], (uint8_t)(deny - n - 1), 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
	_Static_assert(LEN < 256, "jumps are 8 bits");
	struct sock_fprog prog = { (unsigned short)n, f };
	/* Landlock set it already, unless the kernel has no Landlock. */
	host_syscall5(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (host_syscall3(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
		print_error("lamina: cannot confine the container: the seccomp filter was refused", 0);
		host_exit(126);
	}
}
