/* A thread that takes a root of its own (unshare(CLONE_FS), then chroot)
 * and executes a program: the program runs in that root, as Linux keeps
 * the executing thread's fs_struct; a thread it makes before shares it.
 * The process's root stayed the container's for the new program (a jail
 * a server builds for untrusted code so left it the whole container:
 * found by the forty-second session's review). Built static: the jail
 * holds nothing but this program. */
#include "../conf.h"

#define JAIL "/tmp/chroot_exec_jail"

static const char *there(const char *path) { return access(path, F_OK) == 0 ? "yes" : "no"; }

static void *sibling(void *arg)
{
	(void)arg;
	printf("a thread it made: /prog there: %s, /etc there: %s\n", there("/prog"), there("/etc"));
	return NULL;
}

static void *jailer(void *arg)
{
	(void)arg;
	check("unshare(CLONE_FS)", unshare(CLONE_FS));
	check("chroot", chroot(JAIL));
	check("chdir", chdir("/"));
	pthread_t t;
	pthread_create(&t, NULL, sibling, NULL);
	pthread_join(t, NULL);
	char *argv[] = { "prog", "inside", NULL };
	execv("/prog", argv);
	printf("execv: %s\n", errname(errno));
	exit(1);
}

/* This program's own bytes into the jail, as /prog. */
static void copy_self(void)
{
	int in = must("open self", open("/proc/self/exe", O_RDONLY));
	int out = must("create /prog", open(JAIL "/prog", O_WRONLY | O_CREAT | O_TRUNC, 0755));
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0) must("write", write(out, buf, (size_t)n));
	close(in);
	close(out);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "inside")) {
		printf("the program: /prog there: %s, /etc there: %s\n", there("/prog"), there("/etc"));
		return 0;
	}
	if (mkdir(JAIL, 0755) && errno != EEXIST) must("mkdir", -1);
	copy_self();
	pthread_t t;
	pthread_create(&t, NULL, jailer, NULL);
	pthread_join(t, NULL); /* the exec ends this thread */
	return 1;
}
