/* Call sites rewritten at their first trap (call_sites.c); start.S's
 * call_site_entry finds the guest's pc this far past its return address. */
#ifndef CALL_SITES_H
#define CALL_SITES_H

#define CALL_SITE_PC_FROM_RETURN 40

#ifndef __ASSEMBLER__
/* After a trap of call nr whose syscall instruction ends at after_syscall. */
void call_sites_patch(long nr, void *after_syscall);
/* After a guest signal handler: a pc it returns to that was moved into a slot, moved there. */
void call_sites_resume(long *pc);
/* Around a fork (signals blocked): no site is half rewritten meanwhile, so
 * the child's copy of the code holds every site whole; released in both. */
void call_sites_hold(void);
void call_sites_release(void);
#endif

#endif
