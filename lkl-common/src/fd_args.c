/* Which arguments of a guest call name a file descriptor. The init host's
 * own descriptors (thread channels, lifeline, process channel: from
 * LAMINA_FD_FIRST up) are refused with EBADF to every call that names one:
 * a guest that could write on a channel could forge the kernel's messages,
 * and one that could dup or pass one could do it from any fd number.
 * lkl-common/syscalls.tbl says which arguments are fds, for every call
 * (route_table[].fds). */
#include <stdint.h>
#include <asm/unistd.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "guest_access.h"
#include "dispatcher.h"
#include "route.h"

#define A(i) (1u << (i))

/* The thread channels of this process in the extra range, one bit each. */
static volatile uint64_t extra[LAMINA_FD_EXTRA_COUNT / 64];
_Static_assert(LAMINA_FD_EXTRA_COUNT % 64 == 0, "whole words of bits");
_Static_assert(LAMINA_FD_EXTRA_FIRST > LAMINA_CHANNEL_FD, "the extra range lies above the fixed one");

static int extra_index(long fd)
{
	return fd >= LAMINA_FD_EXTRA_FIRST && fd < LAMINA_FD_EXTRA_FIRST + LAMINA_FD_EXTRA_COUNT ? (int)(fd - LAMINA_FD_EXTRA_FIRST) : -1;
}

void thread_fd_extra(long fd, int held)
{
	int i = extra_index(fd);
	if (i < 0) return;
	uint64_t bit = 1ull << (i % 64);
	if (held) __atomic_or_fetch(&extra[i / 64], bit, __ATOMIC_SEQ_CST);
	else __atomic_and_fetch(&extra[i / 64], ~bit, __ATOMIC_SEQ_CST);
}

int thread_fd_extra_held(long fd)
{
	int i = extra_index(fd);
	return i >= 0 && (extra[i / 64] >> (i % 64) & 1);
}

int thread_fd_reserved(long fd)
{
	return (fd >= LAMINA_FD_FIRST && fd <= LAMINA_CHANNEL_FD) || thread_fd_extra_held(fd);
}

/* Descriptors sent with SCM_RIGHTS: a copy would arrive at a number the
 * guest may use. Memory the guest cannot read is the host's sendmsg's to
 * refuse (EFAULT). */
static int control_names_reserved(const struct lx_msghdr *m)
{
	if (!m || guest_readable(m, sizeof *m) || !m->control || guest_readable(m->control, m->controllen)) return 0;
	const char *c = m->control;
	for (unsigned long at = 0; at + LX_CMSG_HEADER <= m->controllen;) {
		const struct lx_cmsg_fd *h = (const void *)(c + at);
		if (h->len < LX_CMSG_HEADER || h->len > m->controllen - at) break;
		if (h->level == LX_SOL_SOCKET && h->type == LX_SCM_RIGHTS) {
			const int *fds = (const int *)(c + at + LX_CMSG_HEADER);
			for (unsigned long i = 0; i < (h->len - LX_CMSG_HEADER) / sizeof(int); i++)
				if (thread_fd_reserved(fds[i])) return 1;
		}
		at += (h->len + sizeof(long) - 1) & ~(sizeof(long) - 1);
	}
	return 0;
}

int fd_args_reserved(long nr, const long a[6])
{
	if ((unsigned long)nr >= ROUTE_TABLE_SIZE) return 0;
	unsigned mask = route_table[nr].fds;
	for (int i = 0; i < 6; i++)
		if ((mask & A(i)) && thread_fd_reserved((int)a[i])) return 1;
	if (nr == __NR_sendmsg) return control_names_reserved((const void *)a[1]);
	if (nr == __NR_sendmmsg)
		for (long i = 0; a[1] && i < (unsigned)a[2] && i < LX_UIO_MAXIOV; i++)
			if (control_names_reserved((const void *)((const char *)a[1] + i * LX_MMSGHDR_SIZE))) return 1;
	return 0;
}
