/* The init host's own system calls: the only system call instructions in a
 * Lamina process on Linux. Numbers come from Linux's <asm/unistd.h>, the
 * instruction from arch/ARCH/arch.h. */
#ifndef HOST_SYSCALL_H
#define HOST_SYSCALL_H

#include <asm/unistd.h>
#include "arch.h"

#include "host_call.h"

#endif
