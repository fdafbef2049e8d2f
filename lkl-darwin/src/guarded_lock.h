/* A lock that a signal handler takes too: held with every signal blocked,
 * so that no handler on the holding thread (the host's, or a guest's it
 * runs, which may call in again) can find it held. The handlers
 * themselves run with every signal blocked and take it plainly. */
#ifndef GUARDED_LOCK_H
#define GUARDED_LOCK_H

#include <pthread.h>
#include <signal.h>

static inline void guarded_lock(pthread_mutex_t *m, sigset_t *was)
{
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, was);
	pthread_mutex_lock(m);
}

static inline void guarded_unlock(pthread_mutex_t *m, const sigset_t *was)
{
	pthread_mutex_unlock(m);
	pthread_sigmask(SIG_SETMASK, was, 0);
}

#endif
