/* The guest's user and group ids, as the kernel keeps them, remembered here
 * so that get*id calls need no round trip. Any set*id call forgets them;
 * the next get*id asks the kernel again. A process that gives up root (its
 * real and effective uids no longer 0) takes a Landlock domain of its own
 * for signals (landlock_scope_signals), each thread at its own set*id call:
 * musl's and glibc's make the call on every thread, and the kernel's ids,
 * the process's, have changed at the first. */
#include <asm/unistd.h>
#include "dispatch.h"
#include "route.h"
#include "state.h"

enum { RUID, EUID, RGID, EGID, IDS };

static long ids[IDS];
static int known[IDS];

void identity_seed(long ruid, long euid, long rgid, long egid)
{
	ids[RUID] = ruid, ids[EUID] = euid, ids[RGID] = rgid, ids[EGID] = egid;
	for (int i = 0; i < IDS; i++) known[i] = 1;
}

static int slot(long nr)
{
	switch (nr) {
	case __NR_getuid: return RUID;
	case __NR_geteuid: return EUID;
	case __NR_getgid: return RGID;
	default: return EGID;
	}
}

long identity_get(long nr)
{
	int i = slot(nr);
	if (known[i]) return ids[i];
	static const long none[6];
	long r = route_call(nr, none);
	if (r >= 0) {
		ids[i] = r;
		known[i] = 1;
	}
	return r;
}

static int root(void) { return identity_get(__NR_getuid) == 0 || identity_get(__NR_geteuid) == 0; }
/* A thread of this process gave up root since its exec. */
static int dropped;

long identity_set(long nr, const long args[6])
{
	int uids = nr != __NR_setfsuid && nr != __NR_setfsgid; /* those two change neither the real nor the effective uid */
	int was_root = uids && root();
	long r = route_call(nr, args);
	for (int i = 0; i < IDS; i++) known[i] = 0;
	if (!uids || r != 0 || root()) return r;
	if (was_root) dropped = 1;
	struct thread_state *t = thread_current();
	if (dropped && !t->signals_scoped) {
		landlock_scope_signals();
		t->signals_scoped = 1;
	}
	return r;
}
