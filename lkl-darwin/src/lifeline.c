/* The lifeline on Darwin: the init host ends with the engine that started
 * it, as lkl-linux's does (its pipe's other end held by the engine). Here a
 * kqueue watches the engine's process for its exit (EVFILT_PROC,
 * NOTE_EXIT) on a thread of its own, which then ends the whole process.
 * Compiled for both Mac targets; never run on a Mac. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/event.h>
#include <unistd.h>
#include <lamina/channel.h>
#include "darwin_calls.h"

static int watch;
static pid_t watched;

static void *await_engine(void *unused)
{
	(void)unused;
	struct kevent fired;
	int n;
	while ((n = kevent(watch, 0, 0, &fired, 1, 0)) != 1 || !(fired.fflags & NOTE_EXIT))
		if (n < 0 && errno != EINTR) break; /* no watch left: ending is the safe side */
	_exit(137); /* as SIGKILL would: the engine is gone */
}

int darwin_lifeline(pid_t engine)
{
	watched = engine;
	/* at the lifeline's reserved number, which guest calls cannot name
	 * (fd_args.c): a guest's close or dup2 could otherwise take it */
	int queue = kqueue();
	if (queue < 0) return -1;
	watch = dup2(queue, LAMINA_LIFELINE_FD);
	close(queue);
	if (watch < 0) return -1;
	struct kevent ev;
	EV_SET(&ev, engine, EVFILT_PROC, EV_ADD | EV_ONESHOT, NOTE_EXIT, 0, 0);
	/* ESRCH: the engine ended before the watch began. */
	if (kevent(watch, &ev, 1, 0, 0, 0) < 0) return -1;
	/* with every signal blocked: a guest signal is for a guest thread */
	sigset_t all, was;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	pthread_t t;
	int r = pthread_create(&t, 0, await_engine, 0);
	pthread_sigmask(SIG_SETMASK, &was, 0);
	return r ? -1 : 0;
}

/* A fork's child: neither the kqueue nor its thread came along. */
int darwin_lifeline_forked(void) { return darwin_lifeline(watched); }

pid_t darwin_lifeline_engine(void) { return watched; }
