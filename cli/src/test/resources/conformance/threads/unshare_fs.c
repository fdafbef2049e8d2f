/* unshare(CLONE_FS) gives the calling thread a working directory, root and
 * umask of its own (Linux's fs_struct): its chdir and umask leave the other
 * threads' alone, its relative paths and new files follow its own, and a
 * fork from it starts where it is. The kernel kept one per process, so the
 * thread's chdir moved every thread (Go's runtime tests, which lock a thread
 * and unshare it, saw it; found by the forty-first session's probe). */
#include "../conf.h"

static pthread_barrier_t made, checked;

static void cwd_line(const char *label)
{
	char buf[PATH_MAX];
	printf("%s: %s\n", label, getcwd(buf, sizeof buf) ? strrchr(buf, '/') + 1 : errname(errno));
}

static void *apart(void *arg)
{
	(void)arg;
	check("thread unshare", unshare(CLONE_FS));
	check("thread chdir", chdir("d"));
	umask(077);
	cwd_line("thread cwd");
	int fd = open("made-by-thread", O_CREAT | O_WRONLY, 0666);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0) printf("thread's file mode: %03o\n", st.st_mode & 0777);
	if (fd >= 0) close(fd);
	pid_t c = fork();
	if (c == 0) {
		cwd_line("its child's cwd");
		_exit(0);
	}
	waitpid(c, NULL, 0);
	pthread_barrier_wait(&made);
	pthread_barrier_wait(&checked);
	return 0;
}

int main(void)
{
	must("mkdir", mkdir("d", 0755));
	umask(022);
	pthread_barrier_init(&made, 0, 2);
	pthread_barrier_init(&checked, 0, 2);
	pthread_t t;
	must("pthread_create", -pthread_create(&t, 0, apart, 0));
	pthread_barrier_wait(&made);
	cwd_line("main cwd");
	mode_t m = umask(022);
	printf("main umask: %03o\n", m);
	printf("the thread's file here: %s\n", access("made-by-thread", F_OK) == 0 ? "yes" : "no");
	printf("the thread's file in d: %s\n", access("d/made-by-thread", F_OK) == 0 ? "yes" : "no");
	pthread_barrier_wait(&checked);
	pthread_join(t, 0);
	cwd_line("main cwd after");
	return 0;
}
