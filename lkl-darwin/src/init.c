/* lamina-init for macOS: the init host's start on Darwin. It watches the
 * engine that started it (the lifeline), takes its channel from the
 * kernel and asks for its exec plan through the shared
 * channel code; loading the guest program (elf-loader on Darwin's memory
 * calls, the W^X copy, the TLS and svc rewriting: docs/macos.md) is not
 * written yet, so it stops there and says so. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <lamina/channel.h>
#include "darwin_calls.h"
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
	main_thread.channel = LAMINA_CHANNEL_FD;
	thread_bind(&main_thread);
	struct lamina_reply reply;
	int fds[2];
	call_begin(&main_thread.call, LAMINA_CHANNEL_FD, LAMINA_OP_EXEC_PLAN, 0, 0);
	if (call_finish_fds(&main_thread.call, &reply, fds, 2)) {
		fputs("lamina: init: no answer from the Lamina kernel\n", stderr);
		return 126;
	}
	fputs("lamina: this init host for macOS cannot load guest programs yet\n", stderr);
	return 126;
}
