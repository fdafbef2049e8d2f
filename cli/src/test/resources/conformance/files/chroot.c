/* chroot: absolute paths, "..", absolute links and exec from the new root; the
 * working directory left outside it; a fork inherits it; who may call it. */
#include "../conf.h"

static void copy(const char *from, const char *to)
{
	int in = must("open", open(from, O_RDONLY)), out = must("create", open(to, O_CREAT | O_WRONLY | O_TRUNC, 0755));
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0) must("write", write(out, buf, n));
	close(in);
	close(out);
}

/* The raw call's answer: a path outside the root shows as "(unreachable)" and its path from the real root. */
static void cwd_is(const char *label, const char *suffix)
{
	char buf[PATH_MAX];
	long n = syscall(SYS_getcwd, buf, sizeof buf);
	if (n < 0) { printf("%s: %s\n", label, errname(errno)); return; }
	size_t len = strlen(buf), slen = strlen(suffix);
	printf("%s: %s\n", label, !strncmp(buf, "(unreachable)/", 14) && len >= slen && !strcmp(buf + len - slen, suffix)
		? "unreachable" : buf);
}

int main(void)
{
	mkdir("jail", 0755);
	mkdir("jail/in", 0755);
	mkdir("jail/bin", 0755);
	mkdir("jail/lib", 0755);
	mkdir("out", 0755);
	symlink("/in", "jail/abs");
	copy("/bin/busybox", "jail/bin/busybox");
	copy("/lib/ld-musl-x86_64.so.1", "jail/lib/ld-musl-x86_64.so.1");
	int outside = must("open out", open("out", O_DIRECTORY | O_RDONLY));
	/* a datagram socket connected before the chroot keeps its peer (syslog's, opened first) */
	struct sockaddr_un at = { .sun_family = AF_UNIX };
	strcpy(at.sun_path, "sock");
	int server = must("socket", socket(AF_UNIX, SOCK_DGRAM, 0)), client = must("socket", socket(AF_UNIX, SOCK_DGRAM, 0));
	must("bind", bind(server, (struct sockaddr *)&at, sizeof at));
	must("connect", connect(client, (struct sockaddr *)&at, sizeof at));
	check("chroot missing", chroot("missing"));
	check("chroot file", chroot("jail/bin/busybox"));
	pid_t pid = must("fork", fork());
	if (pid == 0) {
		check("chroot jail", chroot("jail"));
		cwd_is("cwd after chroot", "/tmp/w");
		check("send to the peer connected before", send(client, "x", 1, 0));
		char c;
		check("the peer has it", recv(server, &c, 1, MSG_DONTWAIT));
		check("chdir /", chdir("/"));
		cwd_is("cwd", "");
		check("access /in", access("/in", F_OK));
		check("access /tmp", access("/tmp", F_OK));
		check("chdir /../../in", chdir("/../../in"));
		cwd_is("cwd in", "");
		check("chdir ../..", chdir("../.."));
		cwd_is("cwd up", "");
		check("chdir /abs", chdir("/abs"));
		cwd_is("cwd through link", "");
		struct stat a, b;
		must("stat /", stat("/", &a));
		must("stat /..", stat("/..", &b));
		yes("/.. is /", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
		pid_t child = must("fork", fork());
		if (child == 0) {
			check("child access /in", access("/in", F_OK));
			check("child access /tmp", access("/tmp", F_OK));
			execl("/bin/busybox", "sh", "-c", "cd /; pwd; busybox ls /; cd ..; pwd; busybox readlink abs; busybox realpath abs/..", (char *)0);
			_exit(99);
		}
		int st;
		waitpid(child, &st, 0);
		status("exec in the root", st);
		/* A directory held from before: outside the root, and ".." from there is not stopped. */
		check("fchdir outside", fchdir(outside));
		cwd_is("cwd outside", "/tmp/w/out");
		check("chdir ../jail/in", chdir("../jail/in"));
		cwd_is("cwd back in", "");
		must("setuid", setuid(65534));
		check("chroot as a user", chroot("/"));
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	status("child", st);
	check("parent access /tmp", access("/tmp", F_OK));
	return 0;
}
