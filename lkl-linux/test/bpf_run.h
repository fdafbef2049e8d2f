/* A small classic-BPF machine for the seccomp filters' tests: the
 * instructions the filters use, over (arch, nr, args[0], args[1], args[2]). */
#ifndef BPF_RUN_H
#define BPF_RUN_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>

/* Runs the filter on (arch, nr, args[0], args[1], args[2]); *steps: instructions walked. */
static uint32_t run3(const struct sock_filter *f, unsigned len, uint32_t arch, uint32_t nr, uint32_t arg0, uint32_t arg1,
                     uint32_t arg2, unsigned *steps)
{
	uint32_t a = 0;
	*steps = 0;
	for (unsigned pc = 0; pc < len; pc++) {
		const struct sock_filter *i = &f[pc];
		++*steps;
		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (i->k == __builtin_offsetof(struct seccomp_data, arch)) a = arch;
			else if (i->k == __builtin_offsetof(struct seccomp_data, nr)) a = nr;
			else if (i->k == __builtin_offsetof(struct seccomp_data, args[0])) a = arg0;
			else if (i->k == __builtin_offsetof(struct seccomp_data, args[1])) a = arg1;
			else if (i->k == __builtin_offsetof(struct seccomp_data, args[2])) a = arg2;
			else return 0xdead;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K: pc += a == i->k ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JGE | BPF_K: pc += a >= i->k ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JSET | BPF_K: pc += a & i->k ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JA: pc += i->k; break;
		case BPF_ALU | BPF_AND | BPF_K: a &= i->k; break;
		case BPF_RET | BPF_K: return i->k;
		default: return 0xdead;
		}
	}
	return 0xdead; /* fell off the end */
}

static uint32_t run2(const struct sock_filter *f, unsigned len, uint32_t arch, uint32_t nr, uint32_t arg0, uint32_t arg1,
                     unsigned *steps)
{
	return run3(f, len, arch, nr, arg0, arg1, 0, steps);
}

#endif
