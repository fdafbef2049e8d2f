/* A static program (its calls trap: compat mode): a handler that interrupts
 * a blocked read it will restart (SA_RESTART) sees the context Linux shows,
 * the program's own registers at its syscall instruction: the pc on that
 * instruction in the program's text, rax the call's number, rdi its fd. */
#include "../conf.h"
#include <ucontext.h>
extern const char __executable_start[], etext[];
static volatile int on_insn, in_text, number, fd_arg;
static volatile int *seen; /* in memory the child shares: it sends the byte once the handler has run */
static int fds[2];
static void on(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)si;
	ucontext_t *uc = ctx;
	uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
	in_text = pc >= (uintptr_t)__executable_start && pc < (uintptr_t)etext;
	on_insn = in_text && ((const unsigned char *)pc)[0] == 0x0f && ((const unsigned char *)pc)[1] == 0x05;
	number = uc->uc_mcontext.gregs[REG_RAX] == SYS_read;
	fd_arg = uc->uc_mcontext.gregs[REG_RDI] == fds[0];
	(*seen)++;
}
int main(void)
{
	int ready[2];
	must("pipe", pipe(fds));
	must("pipe", pipe(ready));
	seen = shared_int();
	struct sigaction sa = {.sa_sigaction = on, .sa_flags = SA_SIGINFO | SA_RESTART};
	sigaction(SIGUSR1, &sa, NULL);
	pid_t parent = getpid();
	if (fork() == 0) {
		char b;
		read(ready[0], &b, 1); /* the parent is about to read */
		until_process_asleep(parent); /* and waits in it, however late a loaded machine lets it get there */
		kill(parent, SIGUSR1);
		for (int i = 0; i < 10000 && !*seen; i++) usleep(1000);
		until_process_asleep(parent); /* the handler has run, and the restarted read waits again */
		write(fds[1], "x", 1);
		_exit(0);
	}
	write(ready[1], "", 1);
	char c;
	value("read after the handler", read(fds[0], &c, 1));
	value("handled", *seen);
	yes("pc in the program's text", in_text);
	yes("pc on the syscall instruction", on_insn);
	yes("rax the call's number", number);
	yes("rdi its fd", fd_arg);
	wait(NULL);
	return 0;
}
