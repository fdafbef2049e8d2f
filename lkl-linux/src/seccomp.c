/* A guest's own seccomp (seccomp(2), prctl PR_SET_SECCOMP), run here on each
 * of its calls instead of by the host: installed on the host, a filter judges
 * the init host's own calls too (its round trips to the kernel), and a
 * program that sandboxes itself (sshd's privilege-separated child) died at
 * its first routed call. Classic BPF as Linux checks and runs it
 * (seccomp_check_filter, bpf_check_classic): the filters newest first, the
 * most severe action wins. Filters are the process's, not each thread's (a
 * filter one thread installs binds the others at once, as with TSYNC); they
 * stay across fork (memory), and across execve as the new init host's
 * arguments (seccomp_exec_args). The mode reads as Docker's default
 * profile leaves it (a filter in place, so no strict mode). Not the
 * container's confinement, which is the host's (container_filter.c,
 * landlock.c), and not a boundary as Linux's filters are: they lie in the
 * process's own memory, where guest code that runs what it likes can undo
 * them; a program's own sandbox against its own mistakes only. */
#include <asm/errno.h>
#include <asm/signal.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "dispatch.h"
#include "guest_access.h"
#include "host_syscall.h"
#include "route.h"
#include "seccomp.h"
#include "util.h"

#if defined(__x86_64__)
#define SECCOMP_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SECCOMP_ARCH AUDIT_ARCH_AARCH64
#endif

/* Linux's bounds: instructions per filter, and per chain with 4 more for each filter (MAX_INSNS_PER_PATH). */
#define INSNS_PER_FILTER BPF_MAXINSNS
#define INSNS_PER_CHAIN 32768
#define DATA_SIZE 64 /* struct seccomp_data */
_Static_assert(sizeof(struct seccomp_data) == DATA_SIZE, "seccomp_data");
_Static_assert(sizeof(struct sock_filter) == 8, "sock_filter");

static struct sock_filter insns[INSNS_PER_CHAIN];
static struct { unsigned start, len; } filters[SECCOMP_FILTERS_MAX];
static unsigned filter_count, chain_cost;
static int lock;

static void lock_take(void)
{
	while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE)) host_syscall0(__NR_sched_yield);
}

static void lock_drop(void) { __atomic_store_n(&lock, 0, __ATOMIC_RELEASE); }

/* Linux's check_load_and_stores: each load of a scratch word comes after a
 * store to it on the way there (jumps go forward only: one pass, each jump
 * target keeping what is stored on every way in). */
static int loads_stored(const struct sock_filter *f, unsigned len)
{
	static uint16_t masks[INSNS_PER_FILTER]; /* under the lock */
	uint16_t valid = 0;
	for (unsigned pc = 0; pc < len; pc++) masks[pc] = 0xffff;
	for (unsigned pc = 0; pc < len; pc++) {
		const struct sock_filter *i = &f[pc];
		valid &= masks[pc];
		if (i->code == BPF_ST || i->code == BPF_STX) {
			valid |= (uint16_t)(1u << i->k);
		} else if (i->code == (BPF_LD | BPF_MEM) || i->code == (BPF_LDX | BPF_MEM)) {
			if (!(valid >> i->k & 1)) return 0;
		} else if (i->code == (BPF_JMP | BPF_JA)) {
			masks[pc + 1 + i->k] &= valid;
			valid = 0xffff;
		} else if (BPF_CLASS(i->code) == BPF_JMP) {
			masks[pc + 1 + i->jt] &= valid;
			masks[pc + 1 + i->jf] &= valid;
			valid = 0xffff;
		}
	}
	return 1;
}

/* Linux's checks of a classic filter, with its rewrites of the length loads
 * (the data's fixed size): 0, or -EINVAL. */
static long check(struct sock_filter *f, unsigned len)
{
	if (!len || len > INSNS_PER_FILTER) return -EINVAL;
	for (unsigned pc = 0; pc < len; pc++) {
		struct sock_filter *i = &f[pc];
		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (i->k >= DATA_SIZE || i->k & 3) return -EINVAL;
			break;
		case BPF_LD | BPF_W | BPF_LEN:
			i->code = BPF_LD | BPF_IMM;
			i->k = DATA_SIZE;
			break;
		case BPF_LDX | BPF_W | BPF_LEN:
			i->code = BPF_LDX | BPF_IMM;
			i->k = DATA_SIZE;
			break;
		case BPF_ALU | BPF_DIV | BPF_K: case BPF_ALU | BPF_MOD | BPF_K:
			if (!i->k) return -EINVAL;
			break;
		case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM: case BPF_ST: case BPF_STX:
			if (i->k >= BPF_MEMWORDS) return -EINVAL;
			break;
		case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_K:
			if (i->k >= 32) return -EINVAL;
			break;
		case BPF_JMP | BPF_JA:
			if (i->k >= len - pc - 1) return -EINVAL;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JEQ | BPF_X:
		case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JGE | BPF_X:
		case BPF_JMP | BPF_JGT | BPF_K: case BPF_JMP | BPF_JGT | BPF_X:
		case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
			if (pc + 1 + i->jt >= len || pc + 1 + i->jf >= len) return -EINVAL;
			break;
		case BPF_RET | BPF_K: case BPF_RET | BPF_A:
		case BPF_ALU | BPF_ADD | BPF_K: case BPF_ALU | BPF_ADD | BPF_X:
		case BPF_ALU | BPF_SUB | BPF_K: case BPF_ALU | BPF_SUB | BPF_X:
		case BPF_ALU | BPF_MUL | BPF_K: case BPF_ALU | BPF_MUL | BPF_X:
		case BPF_ALU | BPF_DIV | BPF_X: case BPF_ALU | BPF_MOD | BPF_X:
		case BPF_ALU | BPF_AND | BPF_K: case BPF_ALU | BPF_AND | BPF_X:
		case BPF_ALU | BPF_OR | BPF_K: case BPF_ALU | BPF_OR | BPF_X:
		case BPF_ALU | BPF_XOR | BPF_K: case BPF_ALU | BPF_XOR | BPF_X:
		case BPF_ALU | BPF_LSH | BPF_X: case BPF_ALU | BPF_RSH | BPF_X:
		case BPF_ALU | BPF_NEG:
		case BPF_LD | BPF_IMM: case BPF_LDX | BPF_IMM:
		case BPF_MISC | BPF_TAX: case BPF_MISC | BPF_TXA:
			break;
		default:
			return -EINVAL;
		}
	}
	uint16_t last = f[len - 1].code;
	if (last != (BPF_RET | BPF_K) && last != (BPF_RET | BPF_A)) return -EINVAL;
	return loads_stored(f, len) ? 0 : -EINVAL;
}

/* One filter's verdict on the call (checked: every jump lands inside, every load is in range). */
static uint32_t run(const struct sock_filter *f, const uint32_t data[DATA_SIZE / 4])
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = {0};
	for (unsigned pc = 0;; pc++) {
		const struct sock_filter *i = &f[pc];
		uint32_t k = i->k;
		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS: a = data[k / 4]; break;
		case BPF_LD | BPF_IMM: a = k; break;
		case BPF_LDX | BPF_IMM: x = k; break;
		case BPF_LD | BPF_MEM: a = mem[k]; break;
		case BPF_LDX | BPF_MEM: x = mem[k]; break;
		case BPF_ST: mem[k] = a; break;
		case BPF_STX: mem[k] = x; break;
		case BPF_MISC | BPF_TAX: x = a; break;
		case BPF_MISC | BPF_TXA: a = x; break;
		case BPF_ALU | BPF_ADD | BPF_K: a += k; break;
		case BPF_ALU | BPF_ADD | BPF_X: a += x; break;
		case BPF_ALU | BPF_SUB | BPF_K: a -= k; break;
		case BPF_ALU | BPF_SUB | BPF_X: a -= x; break;
		case BPF_ALU | BPF_MUL | BPF_K: a *= k; break;
		case BPF_ALU | BPF_MUL | BPF_X: a *= x; break;
		case BPF_ALU | BPF_DIV | BPF_K: a /= k; break;
		case BPF_ALU | BPF_DIV | BPF_X: if (!x) return 0; a /= x; break; /* Linux's: the filter ends with 0 */
		case BPF_ALU | BPF_MOD | BPF_K: a %= k; break;
		case BPF_ALU | BPF_MOD | BPF_X: if (!x) return 0; a %= x; break;
		case BPF_ALU | BPF_AND | BPF_K: a &= k; break;
		case BPF_ALU | BPF_AND | BPF_X: a &= x; break;
		case BPF_ALU | BPF_OR | BPF_K: a |= k; break;
		case BPF_ALU | BPF_OR | BPF_X: a |= x; break;
		case BPF_ALU | BPF_XOR | BPF_K: a ^= k; break;
		case BPF_ALU | BPF_XOR | BPF_X: a ^= x; break;
		case BPF_ALU | BPF_LSH | BPF_K: a <<= k; break; /* k < 32 (check) */
		case BPF_ALU | BPF_LSH | BPF_X: a <<= x & 31; break; /* the count masked, as Linux runs it */
		case BPF_ALU | BPF_RSH | BPF_K: a >>= k; break;
		case BPF_ALU | BPF_RSH | BPF_X: a >>= x & 31; break;
		case BPF_ALU | BPF_NEG: a = -a; break;
		case BPF_JMP | BPF_JA: pc += k; break;
		case BPF_JMP | BPF_JEQ | BPF_K: pc += a == k ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JEQ | BPF_X: pc += a == x ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JGE | BPF_K: pc += a >= k ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JGE | BPF_X: pc += a >= x ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JGT | BPF_K: pc += a > k ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JGT | BPF_X: pc += a > x ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JSET | BPF_K: pc += a & k ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JSET | BPF_X: pc += a & x ? i->jt : i->jf; break;
		case BPF_RET | BPF_K: return k;
		default: return a; /* BPF_RET | BPF_A, the only other code check() lets in */
		}
	}
}

/* The process ends as the host ends one killed by sig (SIGSYS: a core, as Linux's seccomp kill). */
static _Noreturn void die(int sig)
{
	struct lx_sigaction dfl = {0};
	host_syscall4(__NR_rt_sigaction, sig, &dfl, 0, 8);
	uint64_t set = 1ull << (sig - 1);
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_UNBLOCK, &set, 0, 8);
	host_syscall2(__NR_kill, host_syscall0(__NR_getpid), sig);
	host_exit(128 + sig);
}

/* SECCOMP_RET_TRAP: SIGSYS to the calling thread, its siginfo saying which call, as Linux's. */
static void trap(long nr, uint32_t data, uint64_t pc)
{
	union { struct lx_siginfo_sys sys; char whole[LX_SIGINFO_SIZE]; } si = {0}; /* the host reads all of it */
	si.sys.signo = LX_SIGSYS;
	si.sys.code = LX_SYS_SECCOMP;
	si.sys.errno_ = (int)data;
	si.sys.call_addr = (void *)pc;
	si.sys.syscall = (int)nr;
	si.sys.arch = SECCOMP_ARCH;
	host_syscall4(__NR_rt_tgsigqueueinfo, host_syscall0(__NR_getpid), host_syscall0(__NR_gettid), LX_SIGSYS, &si);
}

long seccomp_filter(long nr, const long args[6], uint64_t pc)
{
	unsigned count = __atomic_load_n(&filter_count, __ATOMIC_ACQUIRE);
	if (!count) return DISPATCH_PASS;
	uint32_t data[DATA_SIZE / 4] = { (uint32_t)nr, SECCOMP_ARCH, (uint32_t)pc, (uint32_t)(pc >> 32) };
	for (int i = 0; i < 6; i++) {
		data[4 + 2 * i] = (uint32_t)args[i];
		data[5 + 2 * i] = (uint32_t)((uint64_t)args[i] >> 32);
	}
	uint32_t verdict = SECCOMP_RET_ALLOW;
	for (unsigned f = count; f-- > 0;) {
		uint32_t r = run(&insns[filters[f].start], data);
		if ((int32_t)(r & SECCOMP_RET_ACTION_FULL) < (int32_t)(verdict & SECCOMP_RET_ACTION_FULL)) verdict = r;
	}
	uint32_t value = verdict & SECCOMP_RET_DATA;
	switch (verdict & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW: case SECCOMP_RET_LOG:
		return DISPATCH_PASS;
	case SECCOMP_RET_ERRNO:
		return -(long)(value > 4095 ? 4095 : value);
	case SECCOMP_RET_TRAP:
		/* As Linux's force_sig_seccomp: an ignored or blocked SIGSYS kills. */
		if (!signal_sigsys_handled()) die(LX_SIGSYS);
		/* Not made; the result register holds what Linux's syscall_rollback leaves there (a handler may change it on Linux, not here) */
		trap(nr, value, pc);
#ifdef __aarch64__
		return args[0];
#else
		return nr;
#endif
	case SECCOMP_RET_TRACE: case SECCOMP_RET_USER_NOTIF: /* no tracer, no listener: as Linux without one */
		return -ENOSYS;
	default: /* SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD (the process: see above), and any other */
		die(LX_SIGSYS);
	}
}

/* Linux's rule for a filter: no_new_privs set, or CAP_SYS_ADMIN in effect (both the kernel's). */
static int may_filter(void)
{
	if (route_simple(LAMINA_OP_CAPS, PR_GET_NO_NEW_PRIVS, 0) == 1) return 1;
	uint32_t header[2] = { _LINUX_CAPABILITY_VERSION_3, 0 }, caps[6] = {0};
	long args[6] = { (long)header, (long)caps, 0, 0, 0, 0 };
	return route_call(__NR_capget, args) == 0 && (caps[0] >> CAP_SYS_ADMIN & 1); /* the effective set's first word */
}

/* A checked filter becomes the newest; under the lock. */
static long add(const struct sock_filter *f, unsigned len)
{
	/* Linux's bound: the new filter's instructions and each filter's before it with 4 more */
	if (filter_count == SECCOMP_FILTERS_MAX || chain_cost + len > INSNS_PER_CHAIN) return -ENOMEM;
	unsigned start = filter_count ? filters[filter_count - 1].start + filters[filter_count - 1].len : 0;
	memcpy(&insns[start], f, len * sizeof *f);
	filters[filter_count].start = start;
	filters[filter_count].len = len;
	chain_cost += len + 4;
	__atomic_store_n(&filter_count, filter_count + 1, __ATOMIC_RELEASE);
	return 0;
}

static long set_filter(unsigned long flags, const void *guest_prog)
{
	const unsigned long known = SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW |
	                            SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
	/* A listener (SECCOMP_FILTER_FLAG_NEW_LISTENER) is not served: refused as by a kernel without it. */
	if (flags & ~known) return -EINVAL;
	struct sock_fprog prog;
	if (guest_copy(&prog, guest_prog, sizeof prog)) return -EFAULT;
	if (!prog.len || prog.len > INSNS_PER_FILTER) return -EINVAL;
	if (!may_filter()) return -EACCES;
	static struct sock_filter copy[INSNS_PER_FILTER];
	uint64_t old;
	signals_block_all(&old); /* a guest handler's own seccomp call would spin on the lock */
	lock_take();
	long r = guest_copy(copy, prog.filter, prog.len * sizeof *copy) ? -EFAULT : check(copy, prog.len);
	if (!r) r = add(copy, prog.len);
	lock_drop();
	signals_restore(&old);
	return r;
}

long seccomp_call(unsigned long op, unsigned long flags, void *arg)
{
	switch (op) {
	case SECCOMP_SET_MODE_STRICT:
		/* A container's processes run under a filter already (Docker's default profile's place): strict
		 * mode cannot follow one, as under Docker. */
		return -EINVAL;
	case SECCOMP_SET_MODE_FILTER:
		return set_filter(flags, arg);
	case SECCOMP_GET_ACTION_AVAIL: {
		uint32_t action;
		if (flags) return -EINVAL;
		if (guest_copy(&action, arg, sizeof action)) return -EFAULT;
		switch (action) {
		case SECCOMP_RET_KILL_PROCESS: case SECCOMP_RET_KILL_THREAD: case SECCOMP_RET_TRAP: case SECCOMP_RET_ERRNO:
		case SECCOMP_RET_TRACE: case SECCOMP_RET_LOG: case SECCOMP_RET_ALLOW:
			return 0;
		default:
			return -EOPNOTSUPP;
		}
	}
	default: /* SECCOMP_GET_NOTIF_SIZES among them: no listener is served */
		return -EINVAL;
	}
}

void seccomp_forked(void)
{
	lock_drop(); /* another thread of the parent may have held it at the fork */
}

long seccomp_prctl(long option, long a2, long a3)
{
	if (option == PR_GET_SECCOMP) return SECCOMP_MODE_FILTER; /* as under Docker's default profile */
	if (a2 == SECCOMP_MODE_STRICT) return seccomp_call(SECCOMP_SET_MODE_STRICT, 0, 0);
	if (a2 == SECCOMP_MODE_FILTER) return seccomp_call(SECCOMP_SET_MODE_FILTER, 0, (void *)a3);
	return -EINVAL;
}

/* The filters as the new init host's arguments: one "seccomp=HEX" per
 * filter, oldest first. */
#define ARG_PREFIX "seccomp="
static char exec_text[SECCOMP_FILTERS_MAX * (sizeof ARG_PREFIX) + INSNS_PER_CHAIN * 16];

int seccomp_exec_args(char *argv[], int room)
{
	static const char digits[] = "0123456789abcdef";
	char *p = exec_text;
	int n = 0;
	for (unsigned f = 0; f < filter_count && n < room; f++) {
		argv[n++] = p;
		for (const char *s = ARG_PREFIX; *s; s++) *p++ = *s;
		const unsigned char *b = (const unsigned char *)&insns[filters[f].start];
		for (unsigned i = 0; i < filters[f].len * sizeof *insns; i++) {
			*p++ = digits[b[i] >> 4];
			*p++ = digits[b[i] & 15];
		}
		*p++ = 0;
	}
	return n;
}

static int hex_value(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int seccomp_exec_arg(const char *arg)
{
	const char *prefix = ARG_PREFIX;
	for (; *prefix; prefix++, arg++)
		if (*arg != *prefix) return 0;
	static struct sock_filter f[INSNS_PER_FILTER];
	size_t len = str_len(arg);
	if (len % 16 || !len || len / 16 > INSNS_PER_FILTER) return -1;
	unsigned char *b = (unsigned char *)f;
	for (size_t i = 0; i < len; i += 2) {
		int hi = hex_value(arg[i]), lo = hex_value(arg[i + 1]);
		if (hi < 0 || lo < 0) return -1;
		b[i / 2] = (unsigned char)(hi << 4 | lo);
	}
	return check(f, (unsigned)(len / 16)) || add(f, (unsigned)(len / 16)) ? -1 : 1;
}
