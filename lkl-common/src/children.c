/* children.h: a process's table of its unreaped children, the pid
 * translations that consult it first, and the waits that reap them. Host
 * calls in Linux's terms (host_syscall.h), so that each host's init host
 * shares them. */
#include <asm/errno.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "children.h"
#include "host_syscall.h"
#include "route.h"
#include "state.h"

/* The children this process forked and has not reaped, each its guest pid
 * << 32 | its host pid (0: a free slot), so that a SIGCHLD's sender, a
 * wait's result and a waitpid's target are named without a round trip. A
 * signal handler reads it, so slots change whole, by compare-and-swap. A
 * child forked before an exec, or past the room, is asked about. */
#define CHILDREN_MAX 64
static uint64_t children[CHILDREN_MAX];

void children_forget(long host_pid)
{
	for (int i = 0; i < CHILDREN_MAX; i++) {
		uint64_t v = __atomic_load_n(&children[i], __ATOMIC_ACQUIRE);
		if (v && (uint32_t)v == (uint32_t)host_pid)
			__atomic_compare_exchange_n(&children[i], &v, 0, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
	}
}

void children_note(long pid, long host_pid)
{
	children_forget(host_pid); /* a number the host gave again: the old entry was missed */
	uint64_t v = (uint64_t)(uint32_t)pid << 32 | (uint32_t)host_pid;
	for (int i = 0; i < CHILDREN_MAX; i++) {
		uint64_t free = 0;
		if (__atomic_compare_exchange_n(&children[i], &free, v, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) return;
	}
}

/* The other pid of a child: want_host picks which; 0 when it is not one. */
static long child_pid(long known, int want_host)
{
	if (known <= 0) return 0;
	for (int i = 0; i < CHILDREN_MAX; i++) {
		uint64_t v = __atomic_load_n(&children[i], __ATOMIC_ACQUIRE);
		if (!v) continue;
		uint32_t pid = (uint32_t)(v >> 32), host = (uint32_t)v;
		if (want_host && pid == (uint32_t)known) return host;
		if (!want_host && host == (uint32_t)known) return pid;
	}
	return 0;
}

long process_pid_to_host(long pid)
{
	/* A new child names itself (setpgid, tcsetpgrp) before its parent has told
	 * the kernel its host pid: its own it knows. */
	if (pid == process_own_pid()) return host_syscall0(__NR_getpid);
	if (pid == thread_current()->tid) return host_syscall0(__NR_gettid); /* a thread naming itself */
	long host = child_pid(pid, 1);
	return host ? host : route_simple(LAMINA_OP_HOST_PID, pid, 0);
}

long process_group_to_host(long pgid)
{
	if (pgid == process_own_pid()) return host_syscall0(__NR_getpid);
	long host = child_pid(pgid, 1);
	return host ? host : route_simple(LAMINA_OP_HOST_PID, pgid, LAMINA_HOST_PID_GROUP);
}

long process_pid_from_host(long host_pid)
{
	/* Its own group or session, named by the host before the kernel has
	 * heard of this child: its own pid it knows. */
	if (host_pid == host_syscall0(__NR_getpid)) return process_own_pid();
	long pid = child_pid(host_pid, 0);
	return pid ? pid : route_simple(LAMINA_OP_GUEST_PID, host_pid, 0);
}

long process_child_pid(long host_pid) { return child_pid(host_pid, 0); }

void children_clear(void)
{
	for (int i = 0; i < CHILDREN_MAX; i++) __atomic_store_n(&children[i], 0, __ATOMIC_RELEASE);
}

/* A wait result: the kernel learns the child's fate and names it, or for a
 * child this process knows, is told it and the child named here. */
static long reaped(long host_pid, int status)
{
	long pid = child_pid(host_pid, 0);
	if (!pid) return route_simple(LAMINA_OP_REAPED, host_pid, status & 0xffff);
	int stopped_or_continued = (status & 0xff) == 0x7f || (status & 0xffff) == 0xffff;
	if (!stopped_or_continued) children_forget(host_pid);
	long r = route_post(LAMINA_OP_REAPED, host_pid, status & 0xffff);
	return r < 0 ? r : pid;
}

long process_wait4(long pid, int *status, long options, void *rusage)
{
	/* A child or a group of them on the host; none of the container's is ECHILD (an
	 * errno taken for a target would wait for that group). */
	long target = pid;
	if (pid != -1 && pid != 0) {
		long host = pid < 0 ? process_group_to_host(-pid) : process_pid_to_host(pid);
		if (host <= 0) return -ECHILD;
		target = pid < 0 ? -host : host;
	}
	int st = 0;
	long r = host_syscall4(__NR_wait4, target, &st, options, rusage);
	if (r <= 0) return r;
	if (status) *status = st;
	return reaped(r, st);
}

long process_waitid(long idtype, long id, void *info, long options, void *rusage)
{
	if (idtype == LX_P_PID || idtype == LX_P_PGID) {
		id = process_pid_to_host(id);
		if (id < 0) return -ECHILD;
	}
	long r = host_syscall5(__NR_waitid, idtype, id, info, options, rusage);
	struct lx_siginfo_child *w = info;
	if (r == 0 && w && w->pid > 0) {
		long host_pid = w->pid;
		w->pid = (int)process_pid_from_host(host_pid);
		if (!(options & LX_WNOWAIT) && w->code != LX_CLD_STOPPED && w->code != LX_CLD_CONTINUED && w->code != LX_CLD_TRAPPED)
			children_forget(host_pid);
	}
	return r;
}
