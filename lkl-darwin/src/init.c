/* lamina-init for macOS: the init host's start on Darwin,
 * `lamina-init spawn [confine ROOT]`. It watches the engine that started
 * it (the lifeline), takes its channel from the kernel, receives its exec
 * plan through the shared channel code, confines the container's first
 * process to the Seatbelt profile (ROOT: the container's root directory,
 * where its unix sockets may be), and starts the guest program (start.c).
 * What a running guest still lacks on a Mac (its threads, processes,
 * signal handlers, terminals) is listed in docs/macos.md. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <lamina/channel.h>
#include "darwin_calls.h"
#if defined(__aarch64__)
#include "raise.h"
#include "rules.h"
#else
#include "faults.h"
#endif
#include "process.h"
#include "seatbelt.h"
#include "start.h"
#include "state.h"

static struct thread_state main_thread;

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "spawn")) {
		fputs("lamina-init: this is Lamina's init host; `lamina run` starts it\n", stderr);
		return 2;
	}
	if (dup2(LAMINA_SPAWN_CHANNEL_FD, LAMINA_CHANNEL_FD) != LAMINA_CHANNEL_FD) {
		fputs("lamina: init: no channel to the Lamina kernel\n", stderr);
		return 126;
	}
	close(LAMINA_SPAWN_CHANNEL_FD);
	if (darwin_lifeline(getppid())) {
		fputs("lamina: init: cannot watch the engine that started it\n", stderr);
		return 126;
	}
#if defined(__aarch64__)
	if (darwin_rules_start()) {
		fputs("lamina: init: Darwin's thread-specific data is not where the Apple-Silicon rules need it\n", stderr);
		return 126;
	}
#else
	if (darwin_faults_start()) {
		fputs("lamina: init: cannot handle faults\n", stderr);
		return 126;
	}
#endif
	main_thread.channel = LAMINA_CHANNEL_FD;
	thread_bind(&main_thread);
	thread_list_first(&main_thread);
	struct exec_plan plan;
	exec_plan_receive(&main_thread.call, &plan, 0);
	main_thread.tid = plan.fixed.pid;
	darwin_process_start(plan.fixed.pid);
#if defined(__aarch64__)
	darwin_raise_start();
#endif
	if (plan.fixed.flags & LAMINA_PLAN_CONFINE) {
		if (argc < 4 || strcmp(argv[2], "confine")) {
			fputs("lamina: init: a confined container's first process started without its root\n", stderr);
			return 126;
		}
		seatbelt_confine(argv[3], plan.fixed.flags, plan.ports, plan.fixed.nbind, plan.fixed.nconnect);
	}
	darwin_start_guest(&main_thread.call, &plan);
}
