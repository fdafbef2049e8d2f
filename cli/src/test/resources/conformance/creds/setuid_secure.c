/* A set-user-ID root program run by a user starts with AT_SECURE set (its
 * loader then ignores LD_PRELOAD and the like), root as its effective uid
 * and root's capabilities; run by root, AT_SECURE is clear. */
#include "../conf.h"
#include <elf.h>
#include <sys/sendfile.h>
extern char **environ;
/* AT_SECURE as the kernel put it on the initial stack, past the
 * environment (musl's getauxval answers from its own uid checks). */
static unsigned long at_secure(void)
{
	char **p = environ;
	while (*p) p++;
	for (Elf64_auxv_t *a = (Elf64_auxv_t *)(p + 1); a->a_type != AT_NULL; a++)
		if (a->a_type == AT_SECURE) return a->a_un.a_val;
	return 99;
}
static void show(const char *who)
{
	struct { uint32_t version; int pid; } h = {0x20080522, 0};
	struct { uint32_t effective, permitted, inheritable; } d[2];
	long r = syscall(SYS_capget, &h, d);
	printf("%s: AT_SECURE %lu euid %d CAP_CHOWN %s\n", who, at_secure(), (int)geteuid(),
	       r == 0 && (d[0].effective & 1) ? "yes" : "no");
}
int main(int argc, char **argv)
{
	if (argc > 1) {
		show(argv[1]);
		return 0;
	}
	/* A set-user-ID root copy of this program. */
	int in = open("/proc/self/exe", O_RDONLY), out = open("/tmp/setuid_secure", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	struct stat st;
	fstat(in, &st);
	check("copy", sendfile(out, in, NULL, st.st_size) == st.st_size ? 0 : -1);
	close(in);
	close(out);
	check("chmod 4755", chmod("/tmp/setuid_secure", 04755));
	pid_t child = fork();
	if (child == 0) {
		execl("/tmp/setuid_secure", "setuid_secure", "root", (char *)NULL);
		_exit(1);
	}
	waitpid(child, NULL, 0);
	child = fork();
	if (child == 0) {
		setresuid(1000, 1000, 1000);
		execl("/tmp/setuid_secure", "setuid_secure", "user", (char *)NULL);
		_exit(1);
	}
	waitpid(child, NULL, 0);
	unlink("/tmp/setuid_secure");
	return 0;
}
