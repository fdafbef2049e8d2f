/* Names the init host's own descriptors (its lifeline and process channel)
 * in every kind of call that takes a fd, with arguments that do no harm if
 * a call goes through, and prints each call that is not refused with
 * EBADF. Raw syscall() so that musl+ and a static glibc (compat mode) both
 * reach the dispatcher the same way. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static int not_refused;

static void expect(const char *call, int fd, long r)
{
	if (r == -1 && errno == EBADF) return;
	printf("%s(%d): %ld (%s)\n", call, fd, r, r == -1 ? strerror(errno) : "done");
	not_refused++;
	/* a descriptor that came back is a copy of the reserved one: drop it */
	if (r > 2 && (!strcmp(call, "dup") || !strcmp(call, "F_DUPFD") || !strcmp(call, "pidfd_getfd")))
		close((int)r);
}

/* Sends fd over a socket pair with SCM_RIGHTS. */
static long pass_fd(int sock, int fd)
{
	char byte = 0;
	struct iovec iov = { &byte, 1 };
	union { struct cmsghdr h; char space[CMSG_SPACE(sizeof(int))]; } control;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control,
	                    .msg_controllen = sizeof control };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	return syscall(SYS_sendmsg, sock, &m, MSG_DONTWAIT);
}

static void try_fd(int fd)
{
	char buf[64];
	struct iovec iov = { buf, 0 };
	struct stat st;
	int n, pair[2], pipe_fds[2], file = open("/etc/hostname", O_RDONLY);
	int ep = epoll_create1(EPOLL_CLOEXEC), pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	struct epoll_event ev = { .events = EPOLLIN };
	socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
	pipe(pipe_fds);
	expect("read", fd, syscall(SYS_read, fd, buf, 0));
	expect("write", fd, syscall(SYS_write, fd, buf, 0));
	expect("pread64", fd, syscall(SYS_pread64, fd, buf, 0, 0));
	expect("pwrite64", fd, syscall(SYS_pwrite64, fd, buf, 0, 0));
	expect("readv", fd, syscall(SYS_readv, fd, &iov, 1));
	expect("writev", fd, syscall(SYS_writev, fd, &iov, 1));
	expect("lseek", fd, syscall(SYS_lseek, fd, 0, SEEK_CUR));
	expect("fstat", fd, syscall(SYS_fstat, fd, &st));
	expect("fstatat", fd, syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH));
	expect("openat", fd, syscall(SYS_openat, fd, "x", O_RDONLY));
	expect("fcntl", fd, syscall(SYS_fcntl, fd, F_GETFD));
	expect("F_DUPFD", fd, syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 0));
	expect("ioctl", fd, syscall(SYS_ioctl, fd, FIONREAD, &n));
	expect("mmap", fd, syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_SHARED, fd, 0));
	expect("dup", fd, syscall(SYS_dup, fd));
	expect("dup2", fd, syscall(SYS_dup2, fd, 100));
	expect("dup3", fd, syscall(SYS_dup3, 0, fd, 0));
	expect("flock", fd, syscall(SYS_flock, fd, LOCK_UN));
	expect("fsync", fd, syscall(SYS_fsync, fd));
	expect("fdatasync", fd, syscall(SYS_fdatasync, fd));
	expect("ftruncate", fd, syscall(SYS_ftruncate, fd, 0));
	expect("fallocate", fd, syscall(SYS_fallocate, fd, 0, 0, 1));
	expect("getdents64", fd, syscall(SYS_getdents64, fd, buf, sizeof buf));
	expect("fchdir", fd, syscall(SYS_fchdir, fd));
	expect("fchmod", fd, syscall(SYS_fchmod, fd, 0600));
	expect("shutdown", fd, syscall(SYS_shutdown, fd, 99));
	expect("getsockopt", fd, syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_TYPE, &n, &(socklen_t){ sizeof n }));
	expect("setsockopt", fd, syscall(SYS_setsockopt, fd, SOL_SOCKET, 0x7fff, &n, sizeof n));
	expect("accept4", fd, syscall(SYS_accept4, fd, 0, 0, SOCK_NONBLOCK));
	expect("recvfrom", fd, syscall(SYS_recvfrom, fd, buf, 0, MSG_DONTWAIT | MSG_PEEK, 0, 0));
	expect("sendto", fd, syscall(SYS_sendto, fd, buf, 0, MSG_DONTWAIT, 0, 0));
	expect("sendfile", fd, syscall(SYS_sendfile, fd, file, 0, 0));
	expect("splice", fd, syscall(SYS_splice, pipe_fds[0], 0, fd, 0, 0, 0));
	expect("tee", fd, syscall(SYS_tee, fd, pipe_fds[1], 0, 0));
	expect("copy_file_range", fd, syscall(SYS_copy_file_range, file, 0, fd, 0, 0, 0));
	expect("epoll_ctl", fd, syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fd, &ev));
	expect("pidfd_getfd", fd, syscall(SYS_pidfd_getfd, pidfd, fd, 0));
	expect("sendmsg SCM_RIGHTS", fd, pass_fd(pair[0], fd));
	close(file), close(ep), close(pidfd), close(pair[0]), close(pair[1]);
	close(pipe_fds[0]), close(pipe_fds[1]);
}

int main(void)
{
	try_fd(1022);
	try_fd(1023);
	/* the channel still works, and so do ordinary descriptors */
	printf("%d not refused; parent %d\n", not_refused, (int)getppid());
	return not_refused != 0;
}
