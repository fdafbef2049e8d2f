/* System V IPC as the kernel has it: shared memory (keys, attach counts
 * through fork and exit, SHM_DEST and reattaching by id after IPC_RMID,
 * SHM_RDONLY, SHM_RND, permissions of a uid 1000 child), semaphores
 * (values, waiter counts, SEM_UNDO at exit, timeouts, EIDRM, EINTR with and
 * without SA_RESTART, the last operator's pid) and message queues (type
 * selection, E2BIG and MSG_NOERROR, qbytes, a blocked receiver woken by a
 * message, by IPC_RMID or by a signal). Prints facts and errno names, never
 * ids or pids, so the output is the same on every run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KEY_SHM 0x4c4d0001
#define KEY_SHM_MISSING 0x4c4d0002
#define KEY_SHM_PRIVATE 0x4c4d0003
#define KEY_SHM_SHARED 0x4c4d0004

union semun { int val; struct semid_ds *buf; unsigned short *array; };

struct message { long mtype; char mtext[128]; };

static volatile sig_atomic_t handled;

static void on_usr1(int sig) { (void)sig; handled++; }

static const char *en(int e)
{
	switch (e) {
	case EEXIST: return "EEXIST";
	case ENOENT: return "ENOENT";
	case EINVAL: return "EINVAL";
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case EAGAIN: return "EAGAIN";
	case EIDRM: return "EIDRM";
	case EINTR: return "EINTR";
	case EFBIG: return "EFBIG";
	case ERANGE: return "ERANGE";
	case E2BIG: return "E2BIG";
	case ENOMSG: return "ENOMSG";
	case ENOMEM: return "ENOMEM";
	case ENOSPC: return "ENOSPC";
	}
	static char other[32];
	snprintf(other, sizeof other, "errno %d", e);
	return other;
}

static const char *res(long r) { return r < 0 ? en(errno) : "ok"; }
static const char *ptr(void *p) { return p == (void *)-1 ? en(errno) : "ok"; }
static const char *yes(int b) { return b ? "yes" : "no"; }

static pid_t self, kid;
static const char *who(pid_t p) { return p == self ? "parent" : p == kid ? "child" : "other"; }

static void msleep(int ms) { usleep(ms * 1000); }

static pid_t start_child(void)
{
	fflush(stdout);
	return kid = fork();
}

/* How a child ended, as a word that does not depend on the run. */
static const char *reap(pid_t p)
{
	int st;
	if (waitpid(p, &st, 0) != p) return "not waited";
	if (WIFEXITED(st)) return WEXITSTATUS(st) ? "failed" : "exited";
	if (WIFSIGNALED(st)) return WTERMSIG(st) == SIGSEGV ? "SIGSEGV" : "another signal";
	return "?";
}

/* Until process pid sleeps (state S in /proc/PID/stat): waiting in its call, for at most 10 s. */
static void until_asleep(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	for (int i = 0; i < 10000; i++) {
		int fd = open(path, O_RDONLY);
		long n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
		if (fd >= 0) close(fd);
		buf[n > 0 ? n : 0] = 0;
		char *end = strrchr(buf, ')');
		if (end && end[1] == ' ' && end[2] == 'S') return;
		msleep(1);
	}
}

/* Polls a waiter count until it is want, for at most 2 s. */
static int sem_count(int id, int num, int cmd, int want)
{
	msleep(100);
	int n = semctl(id, num, cmd);
	for (int i = 0; i < 190 && n != want; i++) {
		msleep(10);
		n = semctl(id, num, cmd);
	}
	return n;
}

static void handler(int restart)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigaction(SIGUSR1, &sa, 0);
}

static void block_usr1(void)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, 0);
}

static void shm_tests(void)
{
	struct shmid_ds ds;
	int priv = shmget(IPC_PRIVATE, 4096, 0600);
	printf("first shm id 0: %s\n", yes(priv == 0));
	int id = shmget(KEY_SHM, 8192, IPC_CREAT | IPC_EXCL | 0600);
	printf("shmget key IPC_CREAT|IPC_EXCL: %s\n", res(id));
	printf("shmget key IPC_CREAT|IPC_EXCL again: %s\n", res(shmget(KEY_SHM, 8192, IPC_CREAT | IPC_EXCL | 0600)));
	printf("shmget missing key without IPC_CREAT: %s\n", res(shmget(KEY_SHM_MISSING, 4096, 0600)));
	printf("shmget key larger than the segment: %s\n", res(shmget(KEY_SHM, 16384, 0600)));
	int same = shmget(KEY_SHM, 0, 0);
	printf("shmget key size 0: %s, same id: %s\n", res(same), yes(same == id));

	char *a = shmat(id, 0, 0);
	printf("shmat: %s\n", ptr(a));
	shmctl(id, IPC_STAT, &ds);
	printf("shm_segsz %zu, mode %o, nattch %lu\n", ds.shm_segsz, (unsigned)ds.shm_perm.mode & 0777, ds.shm_nattch);
	printf("shm_cpid is the creator's: %s, shm_lpid: %s\n", yes(ds.shm_cpid == self), who(ds.shm_lpid));
	int up[2], down[2];
	if (pipe(up) || pipe(down)) return;
	if (start_child() == 0) {
		strcpy(a, "written by the child");
		char c = 'x';
		write(up[1], &c, 1);
		read(down[0], &c, 1);
		_exit(0);
	}
	char c;
	read(up[0], &c, 1);
	shmctl(id, IPC_STAT, &ds);
	printf("nattch after fork: %lu, shm_lpid: %s\n", ds.shm_nattch, who(ds.shm_lpid));
	printf("the parent reads: %s\n", a);
	write(down[1], &c, 1);
	printf("child: %s\n", reap(kid));
	shmctl(id, IPC_STAT, &ds);
	printf("nattch after the child exits: %lu, shm_lpid: %s\n", ds.shm_nattch, who(ds.shm_lpid));
	printf("shmdt: %s\n", res(shmdt(a)));
	shmctl(id, IPC_STAT, &ds);
	printf("nattch after shmdt: %lu, shm_lpid: %s\n", ds.shm_nattch, who(ds.shm_lpid));

	ds.shm_perm.mode = 0640;
	printf("IPC_SET mode: %s\n", res(shmctl(id, IPC_SET, &ds)));
	shmctl(id, IPC_STAT, &ds);
	printf("mode after IPC_SET: %o\n", (unsigned)ds.shm_perm.mode & 0777);

	char *p = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("shmdt of an address not attached: %s\n", res(shmdt(p)));
	munmap(p, 8192);
	printf("shmat at an unaligned address: %s\n", ptr(shmat(id, p + 100, 0)));
	char *r = shmat(id, p + 100, SHM_RND);
	printf("shmat with SHM_RND: %s, rounded down: %s\n", ptr(r), yes(r == p));
	if (r != (void *)-1) shmdt(r);

	a = shmat(id, 0, 0);
	strcpy(a, "still here");
	printf("IPC_RMID while attached: %s\n", res(shmctl(id, IPC_RMID, 0)));
	shmctl(id, IPC_STAT, &ds);
	printf("after IPC_RMID: mode %o, SHM_DEST %s, key IPC_PRIVATE %s, nattch %lu\n", (unsigned)ds.shm_perm.mode & 0777,
		yes(ds.shm_perm.mode & SHM_DEST), yes(ds.shm_perm.__key == IPC_PRIVATE), ds.shm_nattch);
	printf("shmget of the removed key: %s\n", res(shmget(KEY_SHM, 0, 0)));
	char *b = shmat(id, 0, SHM_RDONLY);
	printf("shmat by id after IPC_RMID: %s, reads: %s\n", ptr(b), b == (void *)-1 ? "-" : b);
	if (b != (void *)-1) shmdt(b);
	shmdt(a);
	printf("shmat by id once the last one detached: %s\n", ptr(shmat(id, 0, 0)));
	printf("IPC_STAT once destroyed: %s\n", res(shmctl(id, IPC_STAT, &ds)));

	a = shmat(priv, 0, 0);
	strcpy(a, "data");
	if (start_child() == 0) {
		struct rlimit no = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no);
		char *ro = shmat(priv, 0, SHM_RDONLY);
		if (ro == (void *)-1 || strcmp(ro, "data")) _exit(1);
		*(volatile char *)ro = 'x';
		_exit(0);
	}
	printf("a write to a SHM_RDONLY attach: %s\n", reap(kid));
	printf("the segment still reads: %s\n", a);
	shmdt(a);
	shmctl(priv, IPC_RMID, 0);

	int closed = shmget(KEY_SHM_PRIVATE, 4096, IPC_CREAT | 0600);
	int shared = shmget(KEY_SHM_SHARED, 4096, IPC_CREAT | 0644);
	if (start_child() == 0) {
		if (setgid(1000) || setuid(1000)) _exit(1);
		printf("uid 1000: shmat of a 0600 segment: %s\n", ptr(shmat(closed, 0, 0)));
		printf("uid 1000: IPC_STAT of a 0600 segment: %s\n", res(shmctl(closed, IPC_STAT, &ds)));
		printf("uid 1000: IPC_RMID of a 0600 segment: %s\n", res(shmctl(closed, IPC_RMID, 0)));
		printf("uid 1000: IPC_STAT of a 0644 segment: %s\n", res(shmctl(shared, IPC_STAT, &ds)));
		printf("uid 1000: shmat of a 0644 segment: %s\n", ptr(shmat(shared, 0, 0)));
		printf("uid 1000: shmat SHM_RDONLY of a 0644 segment: %s\n", ptr(shmat(shared, 0, SHM_RDONLY)));
		_exit(0);
	}
	printf("uid 1000 child: %s\n", reap(kid));
	shmctl(closed, IPC_RMID, 0);
	shmctl(shared, IPC_RMID, 0);

	struct shminfo info;
	int max = shmctl(0, IPC_INFO, (struct shmid_ds *)&info);
	printf("IPC_INFO: %s\n", max >= 0 && info.shmmni > 0 ? "ok" : en(errno));
}

static void sem_tests(void)
{
	union semun arg;
	struct semid_ds ds;
	int id = semget(IPC_PRIVATE, 3, 0600);
	printf("first sem id 0: %s\n", yes(id == 0));
	arg.buf = &ds;
	semctl(id, 0, IPC_STAT, arg);
	printf("sem_nsems %u, mode %o\n", (unsigned)ds.sem_nsems, (unsigned)ds.sem_perm.mode & 0777);
	arg.val = 5;
	const char *how = res(semctl(id, 0, SETVAL, arg));
	printf("SETVAL 5: %s, GETVAL %d\n", how, semctl(id, 0, GETVAL));
	arg.val = 40000;
	printf("SETVAL 40000: %s\n", res(semctl(id, 0, SETVAL, arg)));
	unsigned short set[3] = { 1, 2, 3 }, got[3] = { 0 };
	arg.array = set;
	printf("SETALL 1 2 3: %s\n", res(semctl(id, 0, SETALL, arg)));
	arg.array = got;
	how = res(semctl(id, 0, GETALL, arg));
	printf("GETALL: %s, %u %u %u\n", how, got[0], got[1], got[2]);
	struct sembuf op = { 0, 2, 0 };
	how = res(semop(id, &op, 1));
	printf("semop +2: %s, GETVAL %d, GETPID: %s\n", how, semctl(id, 0, GETVAL), who(semctl(id, 0, GETPID)));
	struct sembuf big = { 3, 1, 0 };
	printf("semop sem_num 3 of 3: %s\n", res(semop(id, &big, 1)));
	printf("semop nsops 0: %s\n", res(semop(id, &op, 0)));

	arg.val = 0;
	semctl(id, 1, SETVAL, arg);
	struct sembuf take = { 1, -1, IPC_NOWAIT };
	printf("semop IPC_NOWAIT on 0: %s\n", res(semop(id, &take, 1)));
	struct timespec ts = { 0, 100000000 };
	take.sem_flg = 0;
	printf("semtimedop 100 ms on 0: %s\n", res(semtimedop(id, &take, 1, &ts)));

	if (start_child() == 0) _exit(semop(id, &take, 1) ? 1 : 0);
	printf("GETNCNT with a child waiting: %d\n", sem_count(id, 1, GETNCNT, 1));
	struct sembuf give = { 1, 1, 0 };
	semop(id, &give, 1);
	how = reap(kid);
	printf("the waiting child: %s, GETVAL %d, GETPID: %s\n", how, semctl(id, 1, GETVAL), who(semctl(id, 1, GETPID)));

	arg.val = 1;
	semctl(id, 2, SETVAL, arg);
	struct sembuf zero = { 2, 0, 0 };
	if (start_child() == 0) _exit(semop(id, &zero, 1) ? 1 : 0);
	printf("GETZCNT with a child waiting: %d\n", sem_count(id, 2, GETZCNT, 1));
	struct sembuf down = { 2, -1, 0 };
	semop(id, &down, 1);
	how = reap(kid);
	printf("the child waiting for zero: %s, GETPID: %s\n", how, who(semctl(id, 2, GETPID)));

	int before = semctl(id, 0, GETVAL);
	if (start_child() == 0) {
		struct sembuf undo = { 0, 3, SEM_UNDO };
		_exit(semop(id, &undo, 1) || semctl(id, 0, GETVAL) != before + 3 ? 1 : 0);
	}
	how = reap(kid);
	printf("SEM_UNDO child: %s, value back: %s, GETPID: %s\n", how, yes(semctl(id, 0, GETVAL) == before),
		who(semctl(id, 0, GETPID)));

	for (int restart = 0; restart < 2; restart++) {
		if (start_child() == 0) {
			handler(restart);
			int r = semop(id, &take, 1);
			int e = errno;
			block_usr1();
			printf("semop interrupted by a signal%s: %s, handler ran: %s\n", restart ? " with SA_RESTART" : "",
				r ? en(e) : "ok", yes(handled));
			_exit(0);
		}
		sem_count(id, 1, GETNCNT, 1);
		kill(kid, SIGUSR1);
		reap(kid);
	}
	printf("GETNCNT after the interrupted ones: %d\n", semctl(id, 1, GETNCNT));

	int gone = semget(IPC_PRIVATE, 1, 0600);
	if (start_child() == 0) {
		struct sembuf t = { 0, -1, 0 };
		int r = semop(gone, &t, 1);
		printf("the waiter after IPC_RMID: %s\n", r ? en(errno) : "ok");
		_exit(0);
	}
	sem_count(gone, 0, GETNCNT, 1);
	const char *removed = res(semctl(gone, 0, IPC_RMID));
	reap(kid); /* before printing: the woken child prints too */
	printf("IPC_RMID with a waiter: %s\n", removed);
	printf("semctl GETVAL on the removed id: %s\n", res(semctl(gone, 0, GETVAL)));
	printf("semop on the removed id: %s\n", res(semop(gone, &op, 1)));
	semctl(id, 0, IPC_RMID);
}

static void msg_tests(void)
{
	struct message m;
	struct msqid_ds ds;
	int id = msgget(IPC_PRIVATE, 0600);
	printf("first msg id 0: %s\n", yes(id == 0));
	static const struct { long type; const char *text; } sends[] = {
		{ 3, "three" }, { 1, "one" }, { 2, "two" }, { 1, "uno" }, { 2, "dos" },
	};
	for (unsigned i = 0; i < sizeof sends / sizeof *sends; i++) {
		m.mtype = sends[i].type;
		strcpy(m.mtext, sends[i].text);
		if (msgsnd(id, &m, strlen(m.mtext) + 1, 0)) printf("msgsnd %ld: %s\n", m.mtype, en(errno));
	}
	msgctl(id, IPC_STAT, &ds);
	printf("msg_qnum %lu, msg_cbytes %lu, msg_lspid: %s\n", (unsigned long)ds.msg_qnum, ds.msg_cbytes, who(ds.msg_lspid));
	static const struct { long type; int flags; const char *what; } recvs[] = {
		{ 0, 0, "type 0" }, { 2, 0, "type 2" }, { -2, 0, "type -2" }, { 1, MSG_EXCEPT, "MSG_EXCEPT 1" },
	};
	for (unsigned i = 0; i < sizeof recvs / sizeof *recvs; i++) {
		long n = msgrcv(id, &m, sizeof m.mtext, recvs[i].type, recvs[i].flags | IPC_NOWAIT);
		printf("msgrcv %s: %s, got %ld \"%s\"\n", recvs[i].what, res(n), n < 0 ? 0 : m.mtype, n < 0 ? "" : m.mtext);
	}
	msgctl(id, IPC_STAT, &ds);
	printf("msg_qnum %lu, msg_cbytes %lu, msg_lrpid: %s\n", (unsigned long)ds.msg_qnum, ds.msg_cbytes, who(ds.msg_lrpid));
	printf("msgrcv into 2 bytes: %s\n", res(msgrcv(id, &m, 2, 0, IPC_NOWAIT)));
	msgctl(id, IPC_STAT, &ds);
	printf("msg_qnum after E2BIG: %lu\n", (unsigned long)ds.msg_qnum);
	memset(m.mtext, 0, sizeof m.mtext);
	long n = msgrcv(id, &m, 2, 0, IPC_NOWAIT | MSG_NOERROR);
	printf("msgrcv MSG_NOERROR into 2 bytes: %ld \"%s\"\n", n, m.mtext);
	msgctl(id, IPC_STAT, &ds);
	printf("msg_qnum after MSG_NOERROR: %lu\n", (unsigned long)ds.msg_qnum);
	printf("msgrcv IPC_NOWAIT on an empty queue: %s\n", res(msgrcv(id, &m, sizeof m.mtext, 0, IPC_NOWAIT)));
	m.mtype = 0;
	printf("msgsnd mtype 0: %s\n", res(msgsnd(id, &m, 1, 0)));

	int ready[2];
	if (pipe(ready)) return;
	char c = 'r';
	if (start_child() == 0) {
		write(ready[1], &c, 1);
		long r = msgrcv(id, &m, sizeof m.mtext, 7, 0);
		printf("the blocked child received: %s \"%s\"\n", res(r), r < 0 ? "" : m.mtext);
		_exit(0);
	}
	read(ready[0], &c, 1);
	msleep(100);
	m.mtype = 7;
	strcpy(m.mtext, "late");
	msgsnd(id, &m, 5, 0);
	printf("receiving child: %s\n", reap(kid));
	msgctl(id, IPC_STAT, &ds);
	printf("msg_lspid: %s, msg_lrpid: %s\n", who(ds.msg_lspid), who(ds.msg_lrpid));
	if (start_child() == 0) {
		m.mtype = 8;
		_exit(msgsnd(id, &m, 5, 0) ? 1 : 0);
	}
	printf("sending child: %s\n", reap(kid));
	msgctl(id, IPC_STAT, &ds);
	printf("msg_lspid: %s, msg_qnum %lu\n", who(ds.msg_lspid), (unsigned long)ds.msg_qnum);
	msgrcv(id, &m, sizeof m.mtext, 8, IPC_NOWAIT);

	ds.msg_qbytes = 100;
	printf("IPC_SET msg_qbytes 100: %s\n", res(msgctl(id, IPC_SET, &ds)));
	msgctl(id, IPC_STAT, &ds);
	printf("msg_qbytes %lu\n", (unsigned long)ds.msg_qbytes);
	m.mtype = 1;
	memset(m.mtext, 'q', sizeof m.mtext);
	printf("msgsnd 60 bytes: %s\n", res(msgsnd(id, &m, 60, IPC_NOWAIT)));
	printf("msgsnd 60 more IPC_NOWAIT: %s\n", res(msgsnd(id, &m, 60, IPC_NOWAIT)));
	msgctl(id, IPC_STAT, &ds);
	printf("msg_qnum %lu, msg_cbytes %lu\n", (unsigned long)ds.msg_qnum, ds.msg_cbytes);
	msgrcv(id, &m, sizeof m.mtext, 0, IPC_NOWAIT);

	if (start_child() == 0) {
		handler(1);
		write(ready[1], &c, 1);
		long r = msgrcv(id, &m, sizeof m.mtext, 0, 0);
		int e = errno;
		block_usr1();
		printf("msgrcv interrupted by a signal with SA_RESTART: %s, handler ran: %s\n", r < 0 ? en(e) : "ok", yes(handled));
		_exit(0);
	}
	read(ready[0], &c, 1);
	/* Sent again until it ends: one that comes before msgrcv blocks only runs the handler. */
	for (int i = 0; i < 40 && waitpid(kid, 0, WNOHANG) == 0; i++) {
		msleep(50);
		kill(kid, SIGUSR1);
		msleep(50);
	}
	waitpid(kid, 0, 0);

	if (start_child() == 0) {
		write(ready[1], &c, 1);
		long r = msgrcv(id, &m, sizeof m.mtext, 0, 0);
		printf("the receiver after IPC_RMID: %s\n", r < 0 ? en(errno) : "ok");
		_exit(0);
	}
	read(ready[0], &c, 1);
	/* A queue shows no waiting receivers: until the child sleeps in its msgrcv (one a loaded machine let
	 * get there later than the 200 ms would find the queue removed: EINVAL); then the 200 ms still, as
	 * Lamina's caller sleeps once it has asked its kernel, which takes the wait in after that. */
	until_asleep(kid);
	msleep(200);
	const char *removed = res(msgctl(id, IPC_RMID, 0));
	reap(kid);
	printf("IPC_RMID with a receiver: %s\n", removed);
	printf("msgsnd on the removed id: %s\n", res(msgsnd(id, &m, 1, IPC_NOWAIT)));
}

/* A segment larger than memory and swap together, charged as Linux's heuristic overcommit charges it
 * unless SHM_NORESERVE; and the name /proc/PID/maps gives a segment. */
static void shm_limits(void)
{
	int big = shmget(IPC_PRIVATE, 0x7fffffffffffUL, 0600);
	printf("shmget of 128 TiB: %s\n", res(big));
	int spare = shmget(IPC_PRIVATE, 0x7fffffffffffUL, 0600 | SHM_NORESERVE);
	printf("shmget of 128 TiB with SHM_NORESERVE: %s\n", res(spare));
	if (big >= 0) shmctl(big, IPC_RMID, 0);
	if (spare >= 0) shmctl(spare, IPC_RMID, 0);
	int id = shmget(IPC_PRIVATE, 4096, 0600);
	void *p = shmat(id, 0, 0);
	char line[512], want[32];
	snprintf(want, sizeof want, " /SYSV%08x (deleted)", 0);
	int named = 0;
	FILE *f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof line, f)) named |= strstr(line, want) != 0;
	if (f) fclose(f);
	printf("/proc/self/maps names the segment /SYSV00000000: %s\n", named ? "yes" : "no");
	shmdt(p);
	shmctl(id, IPC_RMID, 0);
}

int main(void)
{
	alarm(20);
	setvbuf(stdout, 0, _IOLBF, 0);
	self = getpid();
	shm_tests();
	shm_limits();
	sem_tests();
	msg_tests();
	return 0;
}
