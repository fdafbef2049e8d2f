/* execve's refusals: no file, not a program, bad interpreter, a directory, empty path. */
#include "../conf.h"
static void try(const char *label, const char *path)
{
	char *argv[] = {"x", NULL};
	execve(path, argv, (char *[]){NULL});
	printf("%s: %s\n", label, errname(errno));
}
int main(void)
{
	try("missing", "./missing");
	put("text", "plain text");
	chmod("text", 0755);
	try("text", "./text");
	put("elf", "\177ELF garbage");
	chmod("elf", 0755);
	try("bad ELF", "./elf");
	try("directory", "/tmp");
	try("empty path", "");
	try("path through a file", "/etc/passwd/x");
	return 0;
}
