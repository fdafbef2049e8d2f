/* vfork, and clone's CLONE_VFORK (glibc's posix_spawn): the parent waits
 * until its child execs or exits, then sees what the child stored on the
 * parent's stack, as Linux's shared memory shows it. glibc's posix_spawn
 * learns an exec's failure so, and a vfork child's stores to its caller's
 * variables reach the parent.
 *
 * The address space is not shared: the child runs init host code of its
 * own, which one shared memory could not keep apart from the parent's.
 * Just after the fork the child copies the stack from the call's stack
 * pointer up to the thread's stack top (SHARE_MAX at most, and that much
 * when the pointer is not below the top: a goroutine's stack, an alternate
 * one), as it was at the fork; when it execs or
 * exits it sends, through a pipe, the runs of bytes that differ from that
 * copy, and the parent writes just those, so what its other threads stored
 * meanwhile stays (a copy the parent made before the fork would count their
 * stores between the copy and the fork as the child's, and undo later
 * ones: Go's goroutine stacks lie among its heap's objects, which its other
 * threads change). Stores elsewhere (globals, the heap, a thread's TLS above
 * its stack's top) stay the child's. The
 * buffers for the runs are beside the copy, not on the stack: a trapped
 * vfork is served on the guest's alternate stack when it has one, which
 * may be small (Rust's are 8 KiB, a guard page below). */
#include <asm/errno.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <stdint.h>
#include "dispatch.h"
#include "guest_access.h"
#include "host_syscall.h"
#include "route.h"
#include "state.h"

#define SHARE_MAX (256ul << 10)
#define CHUNK 4096ul
/* The mapping: the copy of the stack, then two buffers of CHUNK bytes. */
#define MAPPED (SHARE_MAX + 2 * CHUNK)

/* On the pipe: a run's place from the stack pointer and its length, then
 * its bytes; a run of length 0 ends them. */
struct run {
	uint32_t offset, length;
};

/* In a vfork's child until it execs or exits: where its stores go. */
static struct {
	int fd;
	unsigned long base, size;
	const unsigned char *copy;
	unsigned char *buffers;
} child = { .fd = -1 };

/* How much above sp the caller's frames can lie: up to the thread's stack
 * top when sp is below it, SHARE_MAX at most. Past the top lie other
 * mappings (a library's), whose copy and compare cost a fault a page. */
static unsigned long share_size(unsigned long sp)
{
	unsigned long top = thread_current()->stack_top;
	return top > sp && top - sp < SHARE_MAX ? top - sp : SHARE_MAX;
}

/* Copies max bytes of the stack from base up, as far as they can be read:
 * the bytes copied. */
static unsigned long copy_stack(unsigned long base, unsigned long max, unsigned char *copy)
{
	unsigned long size = 0;
	while (size < max) {
		unsigned long n = CHUNK - (base + size) % CHUNK;
		if (n > max - size) n = max - size;
		if (guest_copy(copy + size, (const void *)(base + size), n)) break;
		size += n;
	}
	return size;
}

static int read_full(int fd, void *buf, unsigned long n)
{
	for (unsigned long done = 0; done < n;) {
		long r = host_syscall3(__NR_read, fd, (char *)buf + done, n - done);
		if (r == -EINTR) continue;
		if (r <= 0) return -1;
		done += (unsigned long)r;
	}
	return 0;
}

static void write_full(int fd, const void *buf, unsigned long n)
{
	for (unsigned long done = 0; done < n;) {
		long r = host_syscall3(__NR_write, fd, (const char *)buf + done, n - done);
		if (r == -EINTR) continue;
		if (r <= 0) return;
		done += (unsigned long)r;
	}
}

/* Writes n bytes at to, but those in [lo, hi). */
static void put_outside(unsigned long to, const unsigned char *from, unsigned long n, unsigned long lo, unsigned long hi)
{
	unsigned long end = to + n;
	/* unmapped meanwhile: lost, as it would be */
	if (to < lo) guest_copy((void *)to, from, (end < lo ? end : lo) - to);
	if (end > hi) {
		unsigned long at = to > hi ? to : hi;
		guest_copy((void *)at, from + (at - to), end - at);
	}
}

/* The parent: the child's runs written into its stack, until the end run
 * or the child's end without one (killed). A run outside the copied
 * range is no child's: nothing more is taken. The thread's alternate
 * stack is left out: the trap being served runs on it, and there the
 * child's own trap frames differ from the parent's, which Linux's vfork
 * child never has (Go's lie near its goroutine's stack). */
static void take_runs(int fd, unsigned long base, unsigned long size, unsigned char *buf)
{
	struct lx_stack alt;
	unsigned long lo = 0, hi = 0;
	if (!host_syscall2(__NR_sigaltstack, 0, &alt) && !(alt.flags & LX_SS_DISABLE))
		lo = (unsigned long)alt.sp, hi = lo + alt.size;
	struct run r;
	while (!read_full(fd, &r, sizeof r) && r.length) {
		if (r.offset > size || r.length > size - r.offset) return;
		for (uint32_t done = 0; done < r.length;) {
			uint32_t n = r.length - done < CHUNK ? r.length - done : (uint32_t)CHUNK;
			if (read_full(fd, buf, n)) return;
			put_outside(base + r.offset + done, buf, n, lo, hi);
			done += n;
		}
	}
}

long vfork_fork(unsigned long sp)
{
	if (!sp) return process_fork(0, 0, 0);
	uint64_t old;
	signals_block_all_but_faults(&old); /* signals reach the parent once the child is gone, as on Linux */
	long m = host_syscall6(__NR_mmap, 0, MAPPED, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int pipe[2] = { -1, -1 }, taker = -1;
	if (!host_is_error(m) && !host_syscall2(__NR_pipe2, pipe, O_CLOEXEC)) {
		/* The read end where the guest cannot touch it; the write end is
		 * moved so in the child, whose new start gives back every held number. */
		taker = thread_fd_hold(pipe[0]);
		if (taker < 0) host_syscall1(__NR_close, pipe[0]);
	}
	unsigned long share = share_size(sp);
	long pid = process_fork(0, 0, 0);
	if (pid == 0) {
		int giver = taker >= 0 ? thread_fd_hold(pipe[1]) : -1;
		if (giver < 0 && pipe[1] >= 0) host_syscall1(__NR_close, pipe[1]);
		if (giver >= 0)
			child.fd = giver, child.base = sp, child.size = copy_stack(sp, share, (unsigned char *)m),
			child.copy = (unsigned char *)m, child.buffers = (unsigned char *)m + SHARE_MAX;
		signals_restore(&old);
		return 0;
	}
	if (pipe[1] >= 0) host_syscall1(__NR_close, pipe[1]);
	if (taker >= 0) {
		if (pid > 0) take_runs(taker, sp, share, (unsigned char *)m + SHARE_MAX);
		thread_fd_give_back(taker);
	}
	if (!host_is_error(m)) host_syscall2(__NR_munmap, m, MAPPED);
	signals_restore(&old);
	return pid;
}

void vfork_release(void)
{
	if (child.fd < 0) return;
	uint64_t old;
	signals_block_all_but_faults(&old);
	/* Runs gathered in out, sent when it fills and at the end. */
	unsigned char *now = child.buffers, *out = child.buffers + CHUNK;
	unsigned long used = 0;
	for (unsigned long off = 0; off < child.size;) {
		unsigned long n = CHUNK - (child.base + off) % CHUNK;
		if (n > child.size - off) n = child.size - off;
		if (!guest_copy(now, (const void *)(child.base + off), n))
			for (unsigned long i = 0; i < n;) {
				if (now[i] == child.copy[off + i]) {
					i++;
					continue;
				}
				unsigned long j = i;
				while (j < n && now[j] != child.copy[off + j] && j - i < CHUNK - sizeof(struct run)) j++;
				if (used + sizeof(struct run) + (j - i) > CHUNK) {
					write_full(child.fd, out, used);
					used = 0;
				}
				struct run r = { (uint32_t)(off + i), (uint32_t)(j - i) };
				__builtin_memcpy(out + used, &r, sizeof r);
				__builtin_memcpy(out + used + sizeof r, now + i, j - i);
				used += sizeof r + (j - i);
				i = j;
			}
		off += n;
	}
	if (used + sizeof(struct run) > CHUNK) {
		write_full(child.fd, out, used);
		used = 0;
	}
	__builtin_memset(out + used, 0, sizeof(struct run));
	write_full(child.fd, out, used + sizeof(struct run));
	thread_fd_give_back(child.fd);
	child.fd = -1;
	signals_restore(&old);
}

void vfork_forget(void)
{
	child.fd = -1;
}
