/* A glibc program's own call sites in the shape Lamina rewrites at its
 * first trap (`mov $NR,%eax; syscall`), one of them where no aligned 8 or
 * 16 bytes hold the mov, rewritten while four threads call it, and glibc's
 * read (`xor %eax,%eax; syscall`, moved whole with the instruction before):
 * whether each was rewritten (the first three lines, the only ones that
 * differ natively: the plain site, the read, the odd site);
 * reads through it, a signal's EINTR and SA_RESTART; and that a call through
 * it keeps what the syscall instruction keeps (every register but rax, rcx
 * and r11, the flags with the direction flag, the vector registers, the red
 * zone below the stack pointer) and sets rcx and r11 as it does, with a
 * timer's signals arriving meanwhile (their handler calling it too), from
 * several threads at once, and in a forked child. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

struct regs {
	uint64_t gp[12]; /* rdi rsi rdx r10 r8 r9 rbx rbp r12 r13 r14 r15 */
	uint64_t rax, rcx, r11, flags, red;
	uint64_t vec[16];
};

extern const unsigned char site_mov[], site_end[], odd_site_mov[], odd_site_end[];
void site_call(struct regs *out);
void odd_site_call(struct regs *out);

/* getppid (110) with every register set to a known value before, and all
 * of them stored in *out after: site_call's mov as the assembler places it,
 * odd_site_call's where no aligned 8 or 16 bytes hold it (13 bytes into 16),
 * as a fifth of glibc's are. */
__asm__(
	".macro site name, align, fill\n"
	".text\n"
	".globl \\name\\()_call\n"
	"\\name\\()_call:\n"
	"push %rbp\n push %rbx\n push %r12\n push %r13\n push %r14\n push %r15\n"
	"push %rdi\n"
	"movq $0xdddd,-64(%rsp)\n"
	"mov $1,%eax\n movq %rax,%xmm0\n  mov $2,%eax\n movq %rax,%xmm1\n  mov $3,%eax\n movq %rax,%xmm2\n"
	"mov $4,%eax\n movq %rax,%xmm3\n  mov $5,%eax\n movq %rax,%xmm4\n  mov $6,%eax\n movq %rax,%xmm5\n"
	"mov $7,%eax\n movq %rax,%xmm6\n  mov $8,%eax\n movq %rax,%xmm7\n  mov $9,%eax\n movq %rax,%xmm8\n"
	"mov $10,%eax\n movq %rax,%xmm9\n mov $11,%eax\n movq %rax,%xmm10\n mov $12,%eax\n movq %rax,%xmm11\n"
	"mov $13,%eax\n movq %rax,%xmm12\n mov $14,%eax\n movq %rax,%xmm13\n mov $15,%eax\n movq %rax,%xmm14\n"
	"mov $16,%eax\n movq %rax,%xmm15\n"
	"mov $0x1111,%rdi\n mov $0x2222,%rsi\n mov $0x3333,%rdx\n mov $0x4444,%r10\n"
	"mov $0x5555,%r8\n mov $0x6666,%r9\n mov $0x7777,%rbx\n mov $0x8888,%rbp\n"
	"mov $0x9999,%r12\n mov $0xaaaa,%r13\n mov $0xbbbb,%r14\n mov $0xcccc,%r15\n"
	"std\n"
	".p2align \\align, 0x90\n"
	".fill \\fill, 1, 0x90\n"
	".globl \\name\\()_mov\n"
	"\\name\\()_mov:\n"
	"mov $110,%eax\n"
	"syscall\n"
	".globl \\name\\()_end\n"
	"\\name\\()_end:\n"
	"pushfq\n"
	"cld\n"
	"push %rdi\n"
	"mov 16(%rsp),%rdi\n"
	"popq (%rdi)\n"
	"mov %rsi,8(%rdi)\n mov %rdx,16(%rdi)\n mov %r10,24(%rdi)\n mov %r8,32(%rdi)\n mov %r9,40(%rdi)\n"
	"mov %rbx,48(%rdi)\n mov %rbp,56(%rdi)\n mov %r12,64(%rdi)\n mov %r13,72(%rdi)\n mov %r14,80(%rdi)\n"
	"mov %r15,88(%rdi)\n mov %rax,96(%rdi)\n mov %rcx,104(%rdi)\n mov %r11,112(%rdi)\n"
	"popq 120(%rdi)\n"
	"mov -64(%rsp),%rax\n mov %rax,128(%rdi)\n"
	"movq %xmm0,136(%rdi)\n movq %xmm1,144(%rdi)\n movq %xmm2,152(%rdi)\n movq %xmm3,160(%rdi)\n"
	"movq %xmm4,168(%rdi)\n movq %xmm5,176(%rdi)\n movq %xmm6,184(%rdi)\n movq %xmm7,192(%rdi)\n"
	"movq %xmm8,200(%rdi)\n movq %xmm9,208(%rdi)\n movq %xmm10,216(%rdi)\n movq %xmm11,224(%rdi)\n"
	"movq %xmm12,232(%rdi)\n movq %xmm13,240(%rdi)\n movq %xmm14,248(%rdi)\n movq %xmm15,256(%rdi)\n"
	"add $8,%rsp\n"
	"pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbx\n pop %rbp\n"
	"ret\n"
	".endm\n"
	"site site, 0, 0\n"
	"site odd_site, 4, 13\n");

_Static_assert(sizeof(struct regs) == 264, "site_call's offsets");

static long parent;

/* One call of a site, checked: the first difference, or 0. */
static const char *site_checked(void (*call)(struct regs *), const unsigned char *end)
{
	struct regs r;
	call(&r);
	static const uint64_t want[12] = { 0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666,
	                                   0x7777, 0x8888, 0x9999, 0xaaaa, 0xbbbb, 0xcccc };
	for (int i = 0; i < 12; i++)
		if (r.gp[i] != want[i]) return "a register changed";
	for (int i = 0; i < 16; i++)
		if (r.vec[i] != (uint64_t)i + 1) return "a vector register changed";
	if (r.red != 0xdddd) return "the red zone changed";
	if ((long)r.rax != parent) return "a wrong answer";
	if (r.rcx != (uint64_t)end) return "rcx is not the pc after the call";
	if (!(r.flags & 0x400)) return "the direction flag was cleared";
	if (!(r.r11 & 0x400)) return "r11 is not the flags";
	return 0;
}

static const char *call_checked(void) { return site_checked(site_call, site_end); }

static const char *calls(int n)
{
	for (int i = 0; i < n; i++) {
		const char *bad = call_checked();
		if (bad) return bad;
	}
	return 0;
}

static volatile int alarms;
static const char *volatile in_handler;

static void on_alarm(int sig)
{
	(void)sig;
	const char *bad = call_checked();
	if (bad) in_handler = bad;
	alarms++;
}

static void *thread_calls(void *arg)
{
	(void)arg;
	return (void *)calls(2000);
}

/* Calls of the odd site from a thread while others call it too: the site is
 * rewritten meanwhile (once it has trapped often enough), in steps. */
static void *odd_thread_calls(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20000; i++) {
		const char *bad = site_checked(odd_site_call, odd_site_end);
		if (bad) return (void *)bad;
	}
	return 0;
}

/* Whether glibc's read still has `xor %eax,%eax; syscall` near its start. */
static int read_as_built(void)
{
	const unsigned char *f = (const unsigned char *)read;
	for (int i = 0; i < 64; i++)
		if (f[i] == 0x31 && f[i + 1] == 0xc0 && f[i + 2] == 0x0f && f[i + 3] == 0x05) return 1;
	return 0;
}

static int pipe_fds[2];

static void on_alarm_write(int sig)
{
	(void)sig;
	write(pipe_fds[1], "s", 1);
}

/* One byte at a time through a pipe, then a read a signal interrupts:
 * EINTR without SA_RESTART, the handler's byte with it. */
static const char *reads(void)
{
	static char text[2000];
	for (int i = 0; i < 2000; i++) text[i] = (char)('a' + i % 26);
	if (write(pipe_fds[1], text, sizeof text) != sizeof text) return "write failed";
	for (int i = 0; i < 2000; i++) {
		char c;
		if (read(pipe_fds[0], &c, 1) != 1 || c != text[i]) return "a byte read wrong";
	}
	struct sigaction sa = { .sa_handler = on_alarm_write };
	sigaction(SIGALRM, &sa, 0);
	struct itimerval once = { { 0, 0 }, { 0, 20000 } };
	char c;
	long r;
	/* A signal that comes before the read blocks (20 ms are not always enough on a loaded machine)
	 * has its handler's byte read, which an interrupted read cannot give: the timer again, then. */
	for (int i = 0; i < 50; i++) {
		setitimer(ITIMER_REAL, &once, 0);
		errno = 0;
		if ((r = read(pipe_fds[0], &c, 1)) != 1 || c != 's') break;
	}
	if (r != -1 || errno != EINTR) return "no EINTR without SA_RESTART";
	if (read(pipe_fds[0], &c, 1) != 1 || c != 's') return "the handler's byte is missing";
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, 0);
	setitimer(ITIMER_REAL, &once, 0);
	if (read(pipe_fds[0], &c, 1) != 1 || c != 's') return "SA_RESTART did not restart the read";
	return 0;
}

static void report(const char *what, const char *bad)
{
	printf("%s: %s\n", what, bad ? bad : "kept");
}

int main(void)
{
	setvbuf(stdout, 0, _IONBF, 0);
	parent = getppid();
	/* Lamina rewrites a site once it has trapped a few times. */
	const char *first = calls(20);
	printf("site: %s\n", site_mov[0] == 0xe9 ? "rewritten" : "as built");
	pipe(pipe_fds);
	const char *read_bad = reads();
	printf("read: %s\n", read_as_built() ? "as built" : "rewritten");
	/* after the reads: glibc's read moves only while the process has one thread */
	pthread_t odd[4];
	for (int i = 0; i < 4; i++) pthread_create(&odd[i], 0, odd_thread_calls, 0);
	const char *odd_bad = 0;
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(odd[i], &r);
		if (r) odd_bad = r;
	}
	printf("odd site: %s\n", odd_site_mov[0] == 0xe9 ? "rewritten" : "as built");
	report("first calls", first);
	report("calls of the odd site in four threads, rewritten meanwhile", odd_bad);
	report("reads", read_bad);
	report("1000 calls", calls(1000));

	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, 0);
	struct itimerval every = { { 0, 200 }, { 0, 200 } }, off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &every, 0);
	const char *bad = 0;
	for (int i = 0; i < 2000000 && alarms < 50 && !bad; i++) bad = call_checked();
	setitimer(ITIMER_REAL, &off, 0);
	report("calls under a timer's signals", bad ? bad : alarms < 50 ? "too few signals" : 0);
	report("calls in the signal handler", (const char *)in_handler);

	pthread_t t[4];
	for (int i = 0; i < 4; i++) pthread_create(&t[i], 0, thread_calls, 0);
	bad = 0;
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(t[i], &r);
		if (r) bad = r;
	}
	report("four threads", bad);

	pid_t child = fork();
	if (child == 0) {
		parent = getppid();
		_exit(calls(1000) ? 1 : 0);
	}
	int status;
	waitpid(child, &status, 0);
	report("a forked child", WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : "failed");
	return 0;
}
