/* Signal handlers on a small sigaltstack that make calls the init host
 * routes (paths: stat, open, renameat, openat) and runs locally (write):
 * the dispatcher must not need more stack than such a handler has. A
 * guard region lies below the stack, so running off it crashes (64 KiB:
 * a frame larger than one page would skip a single guard page). The handler
 * runs once from a local call (raise) and then on a timer, while the main
 * program makes the same kinds of calls, whose results must never mix.
 *   altstack_calls min|trap|BYTES
 * min: MINSIGSTKSZ, or AT_MINSIGSTKSZ where larger (the kernel's frame
 * alone, with AVX-512 state), plus 1 KiB for the handler's own frames.
 * trap: 8 KiB plus AT_MINSIGSTKSZ, for a program whose calls trap (compat
 * mode): each trapped call takes a signal frame of its own on the stack it
 * is made on, which Linux's calls do not (3.3 KiB with AVX-512 state). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

static ino_t passwd_ino;
static char *stack_low, *stack_high;
static volatile int handled, handler_failures, off_stack;

/* stat, then a file written, renamed and read back: the number of failures. */
static int calls(const char *name, const char *renamed, char mark)
{
	struct stat st;
	char c = 0;
	int failures = 0;
	if (stat("/etc/passwd", &st) || st.st_ino != passwd_ino) failures++;
	int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	if (fd < 0 || write(fd, &mark, 1) != 1) failures++;
	close(fd);
	if (renameat(AT_FDCWD, name, AT_FDCWD, renamed)) failures++;
	fd = openat(AT_FDCWD, renamed, O_RDONLY);
	if (fd < 0 || read(fd, &c, 1) != 1 || c != mark) failures++;
	close(fd);
	return failures;
}

static void on_signal(int sig)
{
	(void)sig;
	int saved = errno;
	char probe;
	if (&probe < stack_low || &probe >= stack_high) off_stack++;
	handler_failures += calls("/tmp/altstack.h", "/tmp/altstack.g", 'h');
	handled++;
	errno = saved;
}

int main(int argc, char **argv)
{
	if (argc != 2) return 2;
	size_t size = strtoul(argv[1], 0, 10);
	size_t frame = getauxval(AT_MINSIGSTKSZ) > MINSIGSTKSZ ? getauxval(AT_MINSIGSTKSZ) : MINSIGSTKSZ;
	if (!strcmp(argv[1], "min")) size = frame + 1024;
	if (!strcmp(argv[1], "trap")) size = 8192 + frame;
	size_t guard = 64 * 1024, span = (size + guard - 1) / guard * guard;
	char *base = mmap(0, guard + span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED || mprotect(base, guard, PROT_NONE)) return 3;
	stack_t ss = { .ss_sp = base + guard, .ss_size = size };
	if (sigaltstack(&ss, 0)) return perror("sigaltstack"), 4;
	stack_low = ss.ss_sp;
	stack_high = stack_low + size;
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_ONSTACK | SA_RESTART };
	sigaction(SIGUSR1, &sa, 0);
	sigaction(SIGALRM, &sa, 0);
	struct stat st;
	if (stat("/etc/passwd", &st)) return 5;
	passwd_ino = st.st_ino;

	raise(SIGUSR1);
	struct itimerval every = { { 0, 1000 }, { 0, 1000 } }, off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &every, 0);
	int main_failures = 0;
	for (int i = 0; i < 500; i++)
		main_failures += calls("/tmp/altstack.m", "/tmp/altstack.n", 'm');
	setitimer(ITIMER_REAL, &off, 0);
	int h = handled;
	int good = h >= 2 && !handler_failures && !main_failures && !off_stack;
	printf("%s: %s\n", argv[1], good ? "ok" : "FAILED");
	if (!good)
		printf("handled %d (%d off the altstack), handler failures %d, main failures %d\n", h, off_stack,
		       handler_failures, main_failures);
	return 0;
}
