/* A directory's entries by readdir, sorted, with their d_type. */
#include "../conf.h"
static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }
int main(void)
{
	mkdir("d", 0755);
	put("d/file", "x");
	mkdir("d/dir", 0755);
	symlink("file", "d/link");
	mkfifo("d/fifo", 0644);
	DIR *dir = opendir("d");
	if (!dir) return 1;
	char *names[16];
	int n = 0;
	for (struct dirent *e; (e = readdir(dir)) && n < 16; ) {
		char *s = malloc(300);
		snprintf(s, 300, "%s type %s", e->d_name,
			 e->d_type == DT_DIR ? "dir" : e->d_type == DT_REG ? "reg" : e->d_type == DT_LNK ? "lnk" :
			 e->d_type == DT_FIFO ? "fifo" : "other");
		names[n++] = s;
	}
	closedir(dir);
	qsort(names, n, sizeof *names, cmp);
	for (int i = 0; i < n; i++) printf("%s\n", names[i]);
	return 0;
}
