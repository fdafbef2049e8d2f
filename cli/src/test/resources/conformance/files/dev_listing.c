/* /dev lists its devices as character devices (d_type), as devtmpfs does:
 * `find /dev -type c`, `ls --color` and fts go by the listing's types. */
#include "../conf.h"
int main(void)
{
	static const char *names[] = {"null", "zero", "full", "random", "urandom", "tty", "fd", "pts"};
	DIR *d = opendir("/dev");
	if (!d) { printf("opendir: %s\n", errname(errno)); return 1; }
	unsigned char type[8] = {0};
	for (struct dirent *e; (e = readdir(d));)
		for (int i = 0; i < 8; i++)
			if (!strcmp(e->d_name, names[i])) type[i] = e->d_type;
	closedir(d);
	for (int i = 0; i < 8; i++)
		printf("%s: %s\n", names[i], type[i] == DT_CHR ? "chr" : type[i] == DT_LNK ? "lnk" : type[i] == DT_DIR ? "dir"
		       : type[i] == DT_REG ? "reg" : type[i] ? "other" : "missing");
	return 0;
}
