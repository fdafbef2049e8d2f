/* The x86-64 entry both init hosts share (enter_guest.S). */
#ifndef ENTER_GUEST_H
#define ENTER_GUEST_H
#include <stdint.h>

/* Starts the guest at entry with its stack pointer sp, every other
 * register zero (the psABI's: rdx = 0, no function for atexit). */
_Noreturn void host_enter_guest(uint64_t entry, uint64_t sp);

#endif
