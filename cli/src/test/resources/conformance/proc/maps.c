/* /proc/self/maps: the program, libc, the stack, a new mapping with its permissions. */
#include "../conf.h"
#include "procfile.h"
int main(int argc, char **argv)
{
	(void)argc;
	char *p = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *m = slurp("/proc/self/maps");
	if (!m) { printf("open: %s\n", errname(errno)); return 0; }
	char want[64];
	snprintf(want, sizeof want, "%lx-%lx r--p", (unsigned long)p, (unsigned long)p + 8192);
	yes("the new mapping", strstr(m, want) != NULL);
	char prog[300];
	snprintf(prog, sizeof prog, " %s\n", argv[0]);
	yes("the program", strstr(m, prog) != NULL);
	yes("musl", strstr(m, " /lib/ld-musl-x86_64.so.1\n") != NULL);
	yes("[stack]", strstr(m, "[stack]") != NULL);
	return 0;
}
