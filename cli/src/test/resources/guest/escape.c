/* A hostile guest. It makes its system calls through the init host's own
 * syscall instruction (a "syscall; ret" in the init host's code, which
 * Syscall User Dispatch lets through and musl+ never sees), so only the
 * host kernel stands between it and the host:
 *
 *   escape SECRET DIR PID NAME   tries to read and write SECRET, to create
 *                                a file and a directory in DIR, to kill PID
 *                                and to connect to the abstract socket NAME;
 *                                prints "WHAT ok" or "WHAT -ERRNO" for each
 *   escape listen NAME           (run on the host) serves that socket
 *
 * Built static (musl-gcc -static) and run with --compat. */
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

/* The init host is linked at this address (lkl-linux/Makefile), ELF header first. */
#define INIT_HOST_BASE 0x100000ul

const unsigned char *gadget;

/* raw(nr, a1..a5): the arguments into the syscall registers, then into the gadget,
 * whose ret comes back to our caller. */
long raw(long nr, long a1, long a2, long a3, long a4, long a5);
__asm__(".text\n.globl raw\nraw:\n"
        "mov %rdi, %rax\nmov %rsi, %rdi\nmov %rdx, %rsi\nmov %rcx, %rdx\nmov %r8, %r10\nmov %r9, %r8\n"
        "jmp *gadget(%rip)\n");

static const unsigned char *find_gadget(void)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)INIT_HOST_BASE;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(INIT_HOST_BASE + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !(ph[i].p_flags & PF_X)) continue;
		const unsigned char *p = (const unsigned char *)ph[i].p_vaddr;
		for (size_t j = 0; j + 3 <= ph[i].p_filesz; j++)
			if (p[j] == 0x0f && p[j + 1] == 0x05 && p[j + 2] == 0xc3) return p + j;
	}
	return 0;
}

static void report(const char *what, long r)
{
	if (r < 0) printf("%s %ld\n", what, r);
	else printf("%s ok\n", what);
}

static socklen_t abstract(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	size_t n = strlen(name);
	memcpy(a->sun_path + 1, name, n);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

static int listen_on(const char *name)
{
	struct sockaddr_un a;
	socklen_t len = abstract(&a, name);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&a, len) || listen(s, 8)) {
		perror("listen");
		return 1;
	}
	puts("listening");
	fflush(stdout);
	for (;;) {
		int c = accept(s, 0, 0);
		if (c >= 0) close(c);
	}
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "listen")) return listen_on(argv[2]);
	if (argc != 5) {
		fputs("usage: escape SECRET DIR PID NAME | escape listen NAME\n", stderr);
		return 2;
	}
	gadget = find_gadget();
	if (!gadget) {
		puts("no gadget");
		return 1;
	}
	char buf[4096];
	long fd = raw(SYS_openat, AT_FDCWD, (long)argv[1], O_RDONLY, 0, 0);
	if (fd >= 0) fd = raw(SYS_read, fd, (long)buf, sizeof buf, 0, 0);
	report("read", fd);
	report("write", raw(SYS_openat, AT_FDCWD, (long)argv[1], O_WRONLY, 0, 0));
	snprintf(buf, sizeof buf, "%s/created", argv[2]);
	report("create", raw(SYS_openat, AT_FDCWD, (long)buf, O_WRONLY | O_CREAT | O_EXCL, 0644, 0));
	snprintf(buf, sizeof buf, "%s/made", argv[2]);
	report("mkdir", raw(SYS_mkdirat, AT_FDCWD, (long)buf, 0755, 0, 0));
	report("kill", raw(SYS_kill, atoi(argv[3]), SIGKILL, 0, 0, 0));
	struct sockaddr_un a;
	socklen_t len = abstract(&a, argv[4]);
	long s = raw(SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0);
	report("connect", s < 0 ? s : raw(SYS_connect, s, (long)&a, len, 0, 0));
	return 0;
}
