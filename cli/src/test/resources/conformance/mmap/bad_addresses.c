/* A bad address given to a call the kernel or the init host serves is
 * EFAULT, with or without a SIGSEGV handler (which a call's EFAULT never
 * runs): unmapped, read-only, past a file's end (SIGBUS memory), a string
 * running into an unmapped page. capset's version-1 data is 12 bytes, even at
 * a page's end. A fault of the program's own still reaches its handler. */
#include "../conf.h"
static void on_segv(int s)
{
	(void)s;
	static const char msg[] = "handler ran\n";
	write(1, msg, sizeof msg - 1);
	_exit(0);
}
static void efault(const char *label, long r)
{
	printf("%s: %s\n", label, r == -1 ? errname(errno) : "no error");
}
int main(void)
{
	struct stat st;
	char *page = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(page + 4096, 4096, PROT_NONE); /* not unmapped: a later mapping could take its place */
	efault("stat, unmapped buffer", syscall(SYS_stat, "/etc/passwd", (void *)8));
	efault("stat, unmapped path", syscall(SYS_stat, (void *)8, &st));
	memset(page + 4086, 'a', 10);
	efault("stat, path into a page of no access", syscall(SYS_stat, page + 4086, &st));
	efault("open, unmapped path", syscall(SYS_open, (void *)8, O_RDONLY));
	efault("readlink, unmapped buffer", syscall(SYS_readlink, "/proc/self/exe", (void *)8, 64));
	efault("getcwd, unmapped buffer", syscall(SYS_getcwd, (void *)8, 64));
	char *ro = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	efault("stat, read-only buffer", syscall(SYS_stat, "/etc/passwd", ro));
	int fd = open("/tmp/bad_addresses", O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(fd, "x", 1);
	char *file = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	efault("stat, buffer past the file's end", syscall(SYS_stat, "/etc/passwd", file + 4096));
	unlink("/tmp/bad_addresses");
	signal(SIGSEGV, on_segv);
	efault("stat with a handler, unmapped buffer", syscall(SYS_stat, "/etc/passwd", (void *)8));
	efault("stat with a handler, unmapped path", syscall(SYS_stat, (void *)8, &st));
	efault("stat still works", syscall(SYS_stat, "/etc/passwd", &st));
	efault("sigaction, unmapped action", syscall(SYS_rt_sigaction, SIGUSR1, (void *)8, 0, 8));
	efault("sigaction, unmapped old action", syscall(SYS_rt_sigaction, SIGUSR1, 0, (void *)8, 8));
	efault("sigaction, read-only old action", syscall(SYS_rt_sigaction, SIGUSR1, 0, ro, 8));
	efault("execve, unmapped path", syscall(SYS_execve, (void *)8, 0, 0));
	char *argv_bad[] = { "x", (char *)8, 0 };
	efault("execve, unmapped argument", syscall(SYS_execve, "/bin/true", argv_bad, 0));
	efault("execve, unmapped argument list", syscall(SYS_execve, "/bin/true", (void *)8, 0));
	int s = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_UNIX, SOCK_STREAM, 0);
	efault("connect, unmapped address", syscall(SYS_connect, s, (void *)8, 16));
	efault("bind, unmapped address", syscall(SYS_bind, s, (void *)8, 16));
	efault("bind, unix address into a page of no access", syscall(SYS_bind, u, page + 4096 - 8, 110));
	int d = socket(AF_INET, SOCK_DGRAM, 0);
	efault("sendto, unmapped address", syscall(SYS_sendto, d, "x", 1, 0, (void *)8, 16));
	efault("sendmsg, unmapped header", syscall(SYS_sendmsg, d, (void *)8, 0));
	efault("getsockname, unmapped length", syscall(SYS_getsockname, d, page, (void *)8));
	socklen_t len = 16;
	bind(d, (struct sockaddr *)&(struct sockaddr_in){.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)}, sizeof(struct sockaddr_in));
	efault("getsockname, read-only address", syscall(SYS_getsockname, d, ro, &len));
	efault("getsockname, read-only length", syscall(SYS_getsockname, d, page, ro));
	efault("sendmmsg, unmapped vector", syscall(SYS_sendmmsg, d, (void *)8, 2, 0));
	efault("fstatat, empty path unmapped", syscall(SYS_newfstatat, 0, (void *)8, &st, AT_EMPTY_PATH));
	unsigned *header = (unsigned *)page;
	header[0] = 0x19980330; /* _LINUX_CAPABILITY_VERSION_1 */
	header[1] = 0;
	unsigned *data = (unsigned *)(page + 4096 - 12);
	efault("capget, version 1 at a page's end", syscall(SYS_capget, header, data));
	efault("capset, version 1 at a page's end", syscall(SYS_capset, header, data));
	*(volatile char *)(page + 4096) = 1; /* no access above */
	printf("the fault was not delivered\n");
	return 1;
}
