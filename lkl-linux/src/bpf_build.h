/* Classic BPF written by hand, as the container's small seccomp filters
 * are: labels are instruction numbers, jumps are made from them. */
#ifndef BPF_BUILD_H
#define BPF_BUILD_H

#include <asm/unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include "host_syscall.h"
#include "util.h"

#define LD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, __builtin_offsetof(struct seccomp_data, field))
/* Instruction at's jump to instruction to: jumps count from the next instruction. */
#define TO(at, to) ((to) - (at) - 1)
#define IF(at, k, yes, no) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k, TO(at, yes), TO(at, no))
#define NEXT(at) ((at) + 1)

/* Installs a filter for this process and every one it starts; without it the container is not confined. */
static inline void bpf_install(struct sock_filter *f, unsigned len, const char *refused)
{
	struct sock_fprog prog = { (unsigned short)len, f };
	if (host_syscall3(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
		print_error(refused, 0);
		host_exit(126);
	}
}

#endif
