/* Signals delivered to arm64 guests (xlat.h): what a Darwin signal handler
 * is given (siginfo_t, the interrupted registers) as the Linux frame an
 * arm64 guest handler reads, and the registers back at rt_sigreturn. */
#include "xlat.h"

int32_t xlat_si_code_from_darwin(int sig, int32_t code)
{
#define FROM(lname, lx, dname, dw) if (code == (dw)) return (lx);
#define NONE(lname, lx, dw)
	XLAT_SI_CODE(FROM, NONE)
	if (sig == LINUX_SIGILL) { XLAT_ILL_CODE(FROM, NONE) }
	if (sig == LINUX_SIGFPE) { XLAT_FPE_CODE(FROM, NONE) }
	return code; /* SEGV_, BUS_, TRAP_ and CLD_ codes: the same numbers */
}

void xlat_siginfo_from_darwin(const struct xd_siginfo *d, struct lx_siginfo *l)
{
	__builtin_memset(l, 0, sizeof *l);
	l->signo = xlat_signal_from_darwin(d->signo);
	l->errno_ = d->errno_ ? xlat_errno_from_darwin(d->errno_) : 0;
	l->code = xlat_si_code_from_darwin(l->signo, d->code);
	switch (l->signo) {
	case LINUX_SIGSEGV: case LINUX_SIGBUS: case LINUX_SIGILL: case LINUX_SIGFPE: case LINUX_SIGTRAP:
		l->addr = d->addr;
		return;
	}
	l->from.pid = d->pid;
	l->from.uid = d->uid;
	/* a child's exit code (CLD_EXITED, 1 on both: XLAT_CODES_KEPT), or the signal that ended, stopped or continued it */
	if (l->signo == LINUX_SIGCHLD) l->from.status = l->code == 1 ? d->status : xlat_signal_from_darwin(d->status);
	else if (l->code < 0) l->from.value = d->value; /* sigqueue, timers, message queues, aio */
}

/* The arm64 exception syndrome (the Arm ARM's ESR_ELx): its class, an
 * instruction or data abort from EL0; a data abort's write bit (WnR); the
 * fault status code of an alignment fault. */
#define ESR_CLASS(esr) ((esr) >> 26)
#define ESR_IABT_LOWER 0x20u
#define ESR_DABT_LOWER 0x24u
#define ESR_WNR (1u << 6)
#define ESR_FSC(esr) ((esr) & 0x3fu)
#define ESR_FSC_ALIGNMENT 0x21u

void xlat_fault_from_darwin(uint32_t esr, int prot, struct lx_siginfo *l)
{
	if ((l->signo != LINUX_SIGSEGV && l->signo != LINUX_SIGBUS) || l->code <= 0) return;
	uint32_t class = ESR_CLASS(esr);
	if (class != ESR_IABT_LOWER && class != ESR_DABT_LOWER) return;
	int access = class == ESR_IABT_LOWER ? LINUX_PROT_EXEC : (esr & ESR_WNR) ? LINUX_PROT_WRITE : LINUX_PROT_READ;
	if (ESR_FSC(esr) == ESR_FSC_ALIGNMENT) l->signo = LINUX_SIGBUS, l->code = LINUX_BUS_ADRALN;
	else if (prot < 0) l->signo = LINUX_SIGSEGV, l->code = LINUX_SEGV_MAPERR;
	else if (!(prot & access)) l->signo = LINUX_SIGSEGV, l->code = LINUX_SEGV_ACCERR;
	else l->signo = LINUX_SIGBUS, l->code = LINUX_BUS_ADRERR;
}

void xlat_sigcontext_from_darwin(const struct xd_arm_mcontext *d, struct lx_a64_sigcontext *l)
{
	__builtin_memset(l, 0, sizeof *l);
	l->fault_address = d->far;
	for (int i = 0; i < 29; i++) l->regs[i] = d->x[i];
	l->regs[29] = d->fp;
	l->regs[30] = d->lr;
	l->sp = d->sp;
	l->pc = d->pc;
	l->pstate = d->cpsr & LX_A64_PSTATE_NZCV;
	/* The FP/SIMD record, then the end record (zeros) after it. */
	struct lx_a64_fpsimd *f = (struct lx_a64_fpsimd *)l->reserved;
	f->magic = LX_A64_FPSIMD_MAGIC;
	f->size = sizeof *f;
	f->fpsr = d->fpsr;
	f->fpcr = d->fpcr;
	for (int i = 0; i < 32; i++) f->vregs[i] = d->v[i];
}

int xlat_sigcontext_to_darwin(const struct lx_a64_sigcontext *l, struct xd_arm_mcontext *d)
{
	const struct lx_a64_fpsimd *f = (const struct lx_a64_fpsimd *)l->reserved;
	if (f->magic != LX_A64_FPSIMD_MAGIC || f->size != sizeof *f) return -LINUX_EINVAL;
	for (int i = 0; i < 29; i++) d->x[i] = l->regs[i];
	d->fp = l->regs[29];
	d->lr = l->regs[30];
	d->sp = l->sp;
	d->pc = l->pc;
	d->cpsr = (d->cpsr & ~LX_A64_PSTATE_NZCV) | ((uint32_t)l->pstate & LX_A64_PSTATE_NZCV);
	d->fpsr = f->fpsr;
	d->fpcr = f->fpcr;
	for (int i = 0; i < 32; i++) d->v[i] = f->vregs[i];
	return 0;
}
