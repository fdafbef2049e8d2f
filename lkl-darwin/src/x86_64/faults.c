/* The Intel Mac init host's faults (faults.h): a fault in the host's
 * reading or writing of guest memory for a call returns -EFAULT from the
 * leaf function (guest_access.h) to its caller, as on Linux. Any other
 * ends the process by its signal: guest signal handlers are not written
 * for Intel Macs yet (docs/macos.md). */
#include <signal.h>
#include <stdint.h>
#include <sys/ucontext.h>
#include "faults.h"
#include "guest_access.h"
#include "xlat.h"

static void on_fault(int sig, siginfo_t *info, void *context)
{
	(void)info;
	ucontext_t *uc = context;
	uint64_t pc = uc->uc_mcontext->__ss.__rip;
	if (pc >= (uint64_t)guest_access_begin && pc < (uint64_t)guest_access_end) {
		uc->uc_mcontext->__ss.__rax = (uint64_t)-LINUX_EFAULT;
		uc->uc_mcontext->__ss.__rip = *(uint64_t *)uc->uc_mcontext->__ss.__rsp; /* the return address */
		uc->uc_mcontext->__ss.__rsp += 8;
		return;
	}
	signal(sig, SIG_DFL); /* the access faults again, and ends the process */
}

int darwin_faults_start(void)
{
	struct sigaction sa = { .sa_sigaction = on_fault, .sa_flags = SA_SIGINFO };
	sigfillset(&sa.sa_mask);
	return sigaction(SIGSEGV, &sa, 0) || sigaction(SIGBUS, &sa, 0) ? -1 : 0;
}
