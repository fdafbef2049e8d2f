/* /proc/self/auxv: the auxiliary vector the program got, through AT_NULL:
 * each entry as getauxval tells it (musl keeps the one on the stack), and a
 * forked child's the same as its parent's. Prints what a chroot prints too. */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

static long read_auxv(const char *path, unsigned long *v, long cap)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) return -1;
	long n = 0, r;
	while ((r = read(fd, (char *)v + n, cap - n)) > 0) n += r;
	close(fd);
	return n;
}

int main(void)
{
	static unsigned long v[512], child[512];
	long n = read_auxv("/proc/self/auxv", v, sizeof v);
	if (n <= 0 || n % 16) {
		printf("auxv: %ld bytes\n", n);
		return 1;
	}
	long entries = n / 16, mismatches = 0;
	int seen_pagesz = 0, seen_entry = 0, seen_random = 0, seen_phdr = 0;
	for (long i = 0; i < entries - 1; i++) {
		unsigned long type = v[2 * i], value = v[2 * i + 1];
		if (type == AT_NULL) mismatches++; /* AT_NULL only last */
		else if (getauxval(type) != value) {
			printf("type %lu: file 0x%lx, getauxval 0x%lx\n", type, value, getauxval(type));
			mismatches++;
		}
		seen_pagesz |= type == AT_PAGESZ && value == (unsigned long)sysconf(_SC_PAGESIZE);
		seen_entry |= type == AT_ENTRY;
		seen_phdr |= type == AT_PHDR;
		seen_random |= type == AT_RANDOM;
	}
	printf("ends with AT_NULL: %s\n", v[2 * (entries - 1)] == AT_NULL ? "yes" : "no");
	printf("entries as getauxval: %s\n", mismatches ? "no" : "yes");
	printf("AT_PAGESZ %d AT_ENTRY %d AT_PHDR %d AT_RANDOM %d\n", seen_pagesz, seen_entry, seen_phdr, seen_random);
	pid_t pid = fork();
	if (pid == 0) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/auxv", (int)getppid());
		long m = read_auxv("/proc/self/auxv", child, sizeof child);
		unsigned long parent[512];
		long p = read_auxv(path, parent, sizeof parent);
		_exit(!(m == n && p == n && !memcmp(child, v, n) && !memcmp(parent, v, n)));
	}
	int status;
	waitpid(pid, &status, 0);
	printf("a forked child's, and its parent's read by it, the same: %s\n",
	       WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "yes" : "no");
	return 0;
}
