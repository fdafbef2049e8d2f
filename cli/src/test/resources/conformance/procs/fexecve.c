/* execveat of a descriptor (fexecve, AT_EMPTY_PATH) and execve of
 * /proc/self/fd/N run the descriptor's file, even when the descriptor is
 * close-on-exec (as Python's os.execve(fd) opens it: the exec failed once
 * the old program was gone, "the kernel has no program"), and even when its
 * name leads to another file by then. */
#include "../conf.h"

/* The program again, as `run LABEL`. */
static int run(const char *label)
{
	printf("%s: ran\n", label);
	return 0;
}

static void copy_self(const char *to)
{
	int in = must("open self", open("/proc/self/exe", O_RDONLY));
	int out = must("create", open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755));
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0) must("write", write(out, buf, n));
	close(in);
	close(out);
}

/* In a child: opens `path` (flags), then does `how` with it. */
static void try(const char *label, const char *path, int flags, int how)
{
	pid_t c = fork();
	if (c == 0) {
		int fd = must("open", open(path, O_RDONLY | flags));
		if (fd != 3) must("dup", dup3(fd, 3, flags & O_CLOEXEC)), close(fd);
		if (how == 'r') must("rename", rename("other", "prog")); /* the name now leads to a text file */
		char *argv[] = {"prog", "run", (char *)label, NULL};
		char *envp[] = {NULL};
		char proc[32];
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", 3);
		if (how == 'p') execve(proc, argv, envp);
		else syscall(SYS_execveat, 3, "", argv, envp, AT_EMPTY_PATH);
		printf("%s: %s\n", label, errname(errno));
		_exit(1);
	}
	int st;
	waitpid(c, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) > 1) status(label, st);
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "run")) return run(argv[2]);
	copy_self("prog");
	put("other", "not a program\n");
	chmod("other", 0755);
	try("execveat", "prog", 0, 'a');
	try("execveat close-on-exec", "prog", O_CLOEXEC, 'a');
	try("/proc/self/fd", "prog", 0, 'p');
	try("/proc/self/fd close-on-exec", "prog", O_CLOEXEC, 'p');
	try("execveat after a rename over its name", "prog", O_CLOEXEC, 'r');
	return 0;
}
