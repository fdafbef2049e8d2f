/* The memory and I/O figures tools read: /proc/self/statm (top, psutil), smaps with
 * a mapping's lines and its figures (redis after a fork), smaps_rollup, io,
 * oom_score_adj; /proc/vmstat (vmstat), swaps (swapon), diskstats (iostat). */
#include "../conf.h"
#include "procfile.h"
int main(int argc, char **argv)
{
	(void)argc;
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;
	char *s = slurp("/proc/self/statm");
	long size = -1, resident = -1;
	if (s) sscanf(s, "%ld %ld", &size, &resident);
	yes("statm: resident <= size, both > 0", resident > 0 && resident <= size);
	s = slurp("/proc/self/smaps");
	char want[64];
	snprintf(want, sizeof want, "%lx-%lx rw-p", (unsigned long)p, (unsigned long)p + 8192);
	char *m = s ? strstr(s, want) : NULL;
	yes("smaps: the new mapping", m != NULL);
	yes("smaps: its Size", m && field(strchr(m, '\n') + 1, "Size") == 8);
	char prog[300];
	snprintf(prog, sizeof prog, " %s\n", argv[0]);
	yes("smaps: the program", s && strstr(s, prog) != NULL);
	yes("smaps: VmFlags", s && strstr(s, "\nVmFlags:") != NULL);
	s = slurp("/proc/self/smaps_rollup");
	yes("smaps_rollup: Rss", s && field(strchr(s, '\n') + 1, "Rss") > 0);
	s = slurp("/proc/self/io");
	yes("io: rchar", s && field(s, "rchar") >= 0);
	s = slurp("/proc/self/oom_score_adj");
	printf("oom_score_adj: %s", s ? s : "none\n");
	s = slurp("/proc/vmstat");
	yes("vmstat: pgfault", s && strstr(s, "\npgfault ") != NULL);
	s = slurp("/proc/swaps");
	yes("swaps: header", s && !strncmp(s, "Filename", 8));
	yes("diskstats", slurp("/proc/diskstats") != NULL);
	return 0;
}
