/* A thread's state is where %gs:0 points. */
#include <lamina/linux_abi.h>
#include "host_syscall.h"
#include "state.h"

void thread_bind(struct thread_state *t)
{
	t->self = t;
	t->host_tid = (int)host_syscall0(__NR_gettid);
	host_syscall2(__NR_arch_prctl, LX_ARCH_SET_GS, t);
}
