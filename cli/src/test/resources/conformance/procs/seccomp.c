/* A program's own seccomp filter: who may install one, what a bad one gets,
 * each action (errno, trap, kill), and that it holds for the calls the init
 * host sends to the kernel, across fork and across execve. (The mode and
 * strict mode differ by design: a container starts under a filter, as under
 * Docker's default profile; SyscallModesTest.) */
#include "../conf.h"
#include <sys/prctl.h>

/* linux/filter.h's, linux/seccomp.h's and linux/audit.h's values (musl-gcc has no kernel headers) */
struct insn { unsigned short code; unsigned char jt, jf; unsigned k; };
struct prog { unsigned short len; struct insn *filter; };
#define LD_ABS 0x20   /* BPF_LD | BPF_W | BPF_ABS */
#define JEQ_K 0x15    /* BPF_JMP | BPF_JEQ | BPF_K */
#define RET_K 0x06    /* BPF_RET | BPF_K */
#define SET_MODE_FILTER 1
#define RET_KILL_PROCESS 0x80000000u
#define RET_TRAP 0x00030000u
#define RET_ERRNO 0x00050000u
#define RET_ALLOW 0x7fff0000u
#define ARCH_X86_64 0xc000003eu
#define PR_SET_NO_NEW_PRIVS_ 38
#define SYS_SECCOMP_ 1

/* ret for call nr (other architectures: killed), everything else allowed */
static long install(long nr, unsigned ret)
{
	struct insn f[] = {
		{ LD_ABS, 0, 0, 4 },                 /* arch */
		{ JEQ_K, 1, 0, ARCH_X86_64 },
		{ RET_K, 0, 0, RET_KILL_PROCESS },
		{ LD_ABS, 0, 0, 0 },                 /* nr */
		{ JEQ_K, 0, 1, (unsigned)nr },
		{ RET_K, 0, 0, ret },
		{ RET_K, 0, 0, RET_ALLOW },
	};
	struct prog p = { sizeof f / sizeof *f, f };
	return syscall(SYS_seccomp, SET_MODE_FILTER, 0, &p);
}

static volatile int trapped_code, trapped_call;

static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	trapped_code = si->si_code;
	trapped_call = si->si_syscall;
}

int main(int argc, char **argv)
{
	if (argc > 1) { /* after the execve below */
		check("getppid after exec (filtered: EACCES)", syscall(SYS_getppid));
		check("uname after exec (trapped)", syscall(SYS_uname, 0));
		return 0;
	}
	check("install without no_new_privs", install(SYS_getppid, RET_ERRNO | EACCES));
	must("no_new_privs", prctl(PR_SET_NO_NEW_PRIVS_, 1, 0, 0, 0));
	struct insn no_ret[] = { { LD_ABS, 0, 0, 0 } };
	struct prog bad = { 1, no_ret };
	check("a filter without a return", syscall(SYS_seccomp, SET_MODE_FILTER, 0, &bad));
	struct insn odd_load[] = { { LD_ABS, 0, 0, 2 }, { RET_K, 0, 0, RET_ALLOW } };
	bad = (struct prog){ 2, odd_load };
	check("a load off the words", syscall(SYS_seccomp, SET_MODE_FILTER, 0, &bad));
	struct insn far_shift[] = { { 0x64 /* BPF_ALU | BPF_LSH | BPF_K */, 0, 0, 32 }, { RET_K, 0, 0, RET_ALLOW } };
	bad = (struct prog){ 2, far_shift };
	check("a shift past the word", syscall(SYS_seccomp, SET_MODE_FILTER, 0, &bad));
	struct insn unstored[] = {
		{ LD_ABS, 0, 0, 0 },
		{ JEQ_K, 0, 1, 0 },
		{ 0x02 /* BPF_ST */, 0, 0, 3 },
		{ 0x60 /* BPF_LD | BPF_MEM */, 0, 0, 3 },  /* M[3] stored on one way here only */
		{ RET_K, 0, 0, RET_ALLOW },
	};
	bad = (struct prog){ 5, unstored };
	check("a scratch word read before it is stored", syscall(SYS_seccomp, SET_MODE_FILTER, 0, &bad));
	struct insn stored[] = { { 0x02, 0, 0, 3 }, { 0x60, 0, 0, 3 }, { RET_K, 0, 0, RET_ALLOW } };
	bad = (struct prog){ 3, stored };
	check("a scratch word read after it is stored", syscall(SYS_seccomp, SET_MODE_FILTER, 0, &bad));
	bad.len = 0;
	check("an empty filter", syscall(SYS_seccomp, SET_MODE_FILTER, 0, &bad));
	check("unknown flags", syscall(SYS_seccomp, SET_MODE_FILTER, 1u << 30, &bad));

	int st;
	pid_t pid;
	check("install errno", install(SYS_getppid, RET_ERRNO | EACCES));
	check("getppid (filtered: EACCES)", syscall(SYS_getppid));
	/* calls the kernel serves still work under the filter (the init host's own round trips are not the program's) */
	int fd = open("/etc/passwd", O_RDONLY);
	yes("open under the filter", fd >= 0);
	close(fd);
	check("mkdir under the filter", mkdir("d", 0755));

	struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };
	sigaction(SIGSYS, &sa, 0);
	check("install trap", install(SYS_uname, RET_TRAP | 7));
	value("uname (trapped: its number)", syscall(SYS_uname, 0));
	yes("SIGSYS said SYS_SECCOMP and uname", trapped_code == SYS_SECCOMP_ && trapped_call == SYS_uname);
	check("getppid, both filters", syscall(SYS_getppid));

	pid = must("fork", fork());
	if (pid == 0) {
		check("child getppid (filtered: EACCES)", syscall(SYS_getppid));
		if (install(SYS_getuid, RET_KILL_PROCESS)) _exit(2);
		syscall(SYS_getuid);
		_exit(3);
	}
	waitpid(pid, &st, 0);
	status("child killed by its filter", st);

	pid = must("fork", fork());
	if (pid == 0) {
		signal(SIGSYS, SIG_DFL);
		execl(argv[0], argv[0], "after", (char *)0);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	status("exec'd child", st);
	return 0;
}
