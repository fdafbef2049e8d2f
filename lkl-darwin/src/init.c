/* lamina-init for macOS: the init host's start on Darwin,
 * `lamina-init spawn [confine ROOT]` for a container's first process and
 * `lamina-init exec ...` for a guest's execve (process.c). It watches the
 * engine (the lifeline), takes its channel from the kernel, receives its
 * exec plan through the shared channel code, confines the container's
 * first process to the Seatbelt profile (ROOT: the container's root
 * directory, where its unix sockets may be; later processes inherit it),
 * and starts the guest program (start.c).
 * What a running guest still lacks on a Mac (its threads, processes,
 * signal handlers, terminals) is listed in docs/macos.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "darwin_calls.h"
#include "fd_limit.h"
#include "host_syscall.h"
#if defined(__aarch64__)
#include "raise.h"
#include "rules.h"
#include "signals.h"
#else
#include "faults.h"
#endif
#include "process.h"
#include "seatbelt.h"
#include "start.h"
#include "state.h"

static struct thread_state main_thread;

/* "exec CHANNEL IGNORED MASK HARD planned|ask ENGINE": a guest's execve
 * (process.c). Every signal is blocked until the mask is set (but SIGSEGV
 * and SIGBUS, which Darwin's mask never holds: darwin_calls.h). */
struct exec_args {
	int channel;
	uint64_t ignored, mask;
	int planned;
};

static void fail(const char *why)
{
	fprintf(stderr, "lamina: init: %s\n", why);
	exit(126);
}

int main(int argc, char **argv)
{
	int spawned = argc >= 2 && !strcmp(argv[1], "spawn");
	struct exec_args exec = { 0 };
	if (spawned) {
		if (dup2(LAMINA_SPAWN_CHANNEL_FD, LAMINA_CHANNEL_FD) != LAMINA_CHANNEL_FD) fail("no channel to the Lamina kernel");
		close(LAMINA_SPAWN_CHANNEL_FD);
		if (darwin_lifeline(getppid())) fail("cannot watch the engine that started it");
	} else if (argc >= 8 && !strcmp(argv[1], "exec")) {
		exec.channel = atoi(argv[2]);
		exec.ignored = strtoull(argv[3], 0, 16);
		exec.mask = strtoull(argv[4], 0, 16);
		fd_limit_inherit(strtoull(argv[5], 0, 16)); /* the guest's descriptor hard limit */
		exec.planned = !strcmp(argv[6], "planned");
		pid_t engine = (pid_t)atoi(argv[7]);
		if (exec.channel < 3 || exec.channel >= LAMINA_FD_EXTRA_FIRST + LAMINA_FD_EXTRA_COUNT || engine <= 0)
			fail("started in exec mode without its channel or engine");
		/* the reserved numbers lie above a limit the guest lowered (EBADF) */
		fd_limit_lift();
		if (exec.channel != LAMINA_CHANNEL_FD) {
			if (dup2(exec.channel, LAMINA_CHANNEL_FD) != LAMINA_CHANNEL_FD) fail("no channel to the Lamina kernel");
			close(exec.channel);
		}
		/* neither the kqueue nor its thread outlive an exec */
		if (darwin_lifeline(engine)) fail("cannot watch the engine");
		fd_limit_drop();
	} else {
		fputs("lamina-init: this is Lamina's init host; `lamina run` starts it\n", stderr);
		return 2;
	}
#if defined(__aarch64__)
	if (darwin_rules_start()) fail("Darwin's thread-specific data is not where the Apple-Silicon rules need it");
#else
	if (darwin_faults_start()) fail("cannot handle faults");
#endif
	main_thread.channel = LAMINA_CHANNEL_FD;
	thread_bind(&main_thread);
	thread_list_first(&main_thread);
	struct exec_plan plan;
	fd_limit_lift(); /* the plan's descriptors arrive whatever the guest's limit */
	exec_plan_receive(&main_thread.call, &plan, exec.planned);
	fd_limit_drop();
	main_thread.tid = plan.fixed.pid;
	/* the executable's real path found once, before the sandbox (which lets no parent directory be read) */
	if (darwin_process_start(plan.fixed.pid, spawned)) fail("cannot find its own executable");
#if defined(__aarch64__)
	darwin_raise_start();
	darwin_signals_inherit(exec.ignored);
#endif
	/* The first process is confined here; a later one inherited the sandbox across its fork and exec. */
	if (spawned && (plan.fixed.flags & LAMINA_PLAN_CONFINE)) {
		if (argc < 4 || strcmp(argv[2], "confine")) fail("a confined container's first process started without its root");
		seatbelt_confine(argv[3], plan.fixed.flags, plan.ports, plan.fixed.nbind, plan.fixed.nconnect);
	}
	if (!spawned) host_syscall4(__NR_rt_sigprocmask, LX_SIG_SETMASK, &exec.mask, 0, 8);
	darwin_start_guest(&main_thread.call, &plan);
}
