/* Pids the host kernel writes into results must be the container's: the
 * owner of a lock (fcntl F_GETLK, /proc/locks), a socket's peer
 * (SO_PEERCRED), the sender of a signal and the child of a SIGCHLD
 * (si_pid), System V IPC's last sender and receiver of a queue, creator
 * and last user of a segment, last operator of a semaphore. Prints what it sees as comparisons with the pids the program
 * knows, so the output is the same whatever the numbers are.
 *
 *   host_pids DIR        the checks, in DIR (writable)
 *   host_pids sigterm    prints "ready", waits for SIGTERM, prints its si_pid */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/syscall.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_pid = -1, got_code = -99, chld_pid = -1;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	got_pid = si->si_pid;
	got_code = si->si_code;
}

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	chld_pid = si->si_pid;
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(sig, &sa, 0);
}

static int sigterm_mode(void)
{
	handle(SIGTERM, on_signal);
	printf("ready\n");
	fflush(stdout);
	while (got_pid < 0) pause();
	printf("SIGTERM from outside: si_pid %d si_code %d\n", (int)got_pid, (int)got_code);
	return 0;
}

static void locks(pid_t self)
{
	int fd = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
	if (fcntl(fd, F_SETLK, &fl)) perror("F_SETLK");
	pid_t child = fork();
	if (child == 0) {
		int mine = open("lockfile", O_RDWR);
		struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
		if (fcntl(mine, F_GETLK, &q)) perror("F_GETLK");
		printf("F_GETLK: %s, l_pid is the holder: %s\n", q.l_type == F_WRLCK ? "write lock" : "other",
		       q.l_pid == self ? "yes" : "no");
		FILE *f = fopen("/proc/locks", "r");
		char line[256];
		int holder = 0;
		while (f && fgets(line, sizeof line, f)) {
			int id, pid;
			char kind[16], mode[16], rw[16];
			if (sscanf(line, "%d: %15s %15s %15s %d", &id, kind, mode, rw, &pid) == 5 && pid == self &&
			    !strcmp(kind, "POSIX") && !strcmp(rw, "WRITE"))
				holder = 1;
		}
		/* How many lines: whatever else the host holds, natively. */
		printf("/proc/locks: the holder's lock by its pid: %s\n", holder ? "yes" : "no");
		_exit(0);
	}
	waitpid(child, 0, 0);
	close(fd);
	unlink("lockfile");
}

static void peercred(pid_t self)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strcpy(a.sun_path, "sock");
	unlink("sock");
	int srv = socket(AF_UNIX, SOCK_STREAM, 0);
	if (bind(srv, (struct sockaddr *)&a, sizeof a) || listen(srv, 1)) perror("bind");
	pid_t child = fork();
	if (child == 0) {
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(c, (struct sockaddr *)&a, sizeof a)) perror("connect");
		struct ucred cr;
		socklen_t len = sizeof cr;
		getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &len);
		printf("SO_PEERCRED of the listener: pid is its: %s, uid %d gid %d\n", cr.pid == self ? "yes" : "no",
		       (int)cr.uid, (int)cr.gid);
		fflush(stdout);
		write(c, "x", 1);
		/* Open until the parent has asked: Lamina names a client its kernel
		 * connected by its socket, while that is open (see the README). */
		read(c, &cr, 1);
		_exit(0);
	}
	int conn = accept(srv, 0, 0);
	char b;
	read(conn, &b, 1); /* the child has printed */
	struct ucred cr;
	socklen_t len = sizeof cr;
	getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &cr, &len);
	printf("SO_PEERCRED of the client: pid is the child's: %s, uid %d gid %d\n", cr.pid == child ? "yes" : "no",
	       (int)cr.uid, (int)cr.gid);
	fflush(stdout);
	write(conn, "y", 1);
	waitpid(child, 0, 0);
	close(conn);
	close(srv);
	unlink("sock");
}

static void signals(pid_t self)
{
	handle(SIGUSR1, on_signal);
	handle(SIGCHLD, on_chld);
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	pid_t child = fork();
	if (child == 0) {
		kill(self, SIGUSR1);
		_exit(0);
	}
	while (got_pid < 0 || chld_pid < 0) sigsuspend(&old);
	sigprocmask(SIG_SETMASK, &old, 0);
	printf("SIGUSR1 from the child: si_pid is the child's: %s (si_code %d)\n", got_pid == child ? "yes" : "no",
	       (int)got_code);
	printf("SIGCHLD: si_pid is the child's: %s\n", chld_pid == child ? "yes" : "no");
	waitpid(child, 0, 0);
}

static void sysv_ipc(pid_t self)
{
	struct { long type; char text[4]; } m = { 1, "hi" };
	int q = msgget(IPC_PRIVATE, 0600), seg = shmget(IPC_PRIVATE, 4096, 0600), sem = semget(IPC_PRIVATE, 1, 0600);
	msgsnd(q, &m, sizeof m.text, 0);
	pid_t child = fork();
	if (child == 0) {
		msgrcv(q, &m, sizeof m.text, 0, 0);
		shmdt(shmat(seg, 0, 0));
		struct sembuf op = { 0, 1, 0 };
		semop(sem, &op, 1);
		_exit(0);
	}
	waitpid(child, 0, 0);
	struct msqid_ds mq;
	msgctl(q, IPC_STAT, &mq);
	printf("msgctl: msg_lspid is the sender's: %s, msg_lrpid the receiver's: %s\n", mq.msg_lspid == self ? "yes" : "no",
	       mq.msg_lrpid == child ? "yes" : "no");
	struct shmid_ds sd;
	shmctl(seg, IPC_STAT, &sd);
	printf("shmctl: shm_cpid is the creator's: %s, shm_lpid the last user's: %s\n", sd.shm_cpid == self ? "yes" : "no",
	       sd.shm_lpid == child ? "yes" : "no");
	printf("semctl GETPID: the last operator's: %s\n", semctl(sem, 0, GETPID) == child ? "yes" : "no");
	msgctl(q, IPC_RMID, 0);
	shmctl(seg, IPC_RMID, 0);
	semctl(sem, 0, IPC_RMID);
}

/* A pidfd's fdinfo names its process by the pid the caller knows it by. */
static void pidfd_info(void)
{
	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	int fd = (int)syscall(434, child, 0); /* pidfd_open: not in musl 1.2.3 */
	char path[64], line[128];
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	FILE *f = fopen(path, "r");
	int pid = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "Pid: %d", &pid) == 1) break;
	printf("pidfd fdinfo: Pid is the child's: %s\n", pid == child ? "yes" : "no");
	if (f) fclose(f);
	kill(child, SIGKILL);
	waitpid(child, 0, 0);
}

int main(int argc, char **argv)
{
	if (argc < 2) return 2;
	if (!strcmp(argv[1], "sigterm")) return sigterm_mode();
	if (chdir(argv[1])) return 2;
	setvbuf(stdout, 0, _IONBF, 0);
	pid_t self = getpid();
	locks(self);
	peercred(self);
	signals(self);
	sysv_ipc(self);
	pidfd_info();
	return 0;
}
