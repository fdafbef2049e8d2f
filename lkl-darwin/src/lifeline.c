/* The lifeline on Darwin: the init host ends with the engine that started
 * it, as lkl-linux's does (its pipe's other end held by the engine). Here a
 * kqueue watches the engine's process for its exit (EVFILT_PROC,
 * NOTE_EXIT) on a thread of its own, which then ends the whole process.
 * Compiled for both Mac targets; never run on a Mac. */
#include <pthread.h>
#include <sys/event.h>
#include <unistd.h>
#include "darwin_calls.h"

static int watch;

static void *await_engine(void *unused)
{
	(void)unused;
	struct kevent fired;
	while (kevent(watch, 0, 0, &fired, 1, 0) != 1 || !(fired.fflags & NOTE_EXIT)) {}
	_exit(137); /* as SIGKILL would: the engine is gone */
}

int darwin_lifeline(pid_t engine)
{
	watch = kqueue();
	if (watch < 0) return -1;
	struct kevent ev;
	EV_SET(&ev, engine, EVFILT_PROC, EV_ADD | EV_ONESHOT, NOTE_EXIT, 0, 0);
	/* ESRCH: the engine ended before the watch began. */
	if (kevent(watch, &ev, 1, 0, 0, 0) < 0) return -1;
	pthread_t t;
	return pthread_create(&t, 0, await_engine, 0) ? -1 : 0;
}
