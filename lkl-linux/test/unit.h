/* Unit tests of the init host's pure parts, built freestanding as the init
 * host is (util.c for output): each test file defines unit_main, which
 * calls check() and returns; the exit status is the number of failures. */
#ifndef UNIT_H
#define UNIT_H

#include "util.h"

static int unit_failures;

static void check(int ok, const char *what, const char *detail)
{
	if (ok) return;
	unit_failures++;
	print_error("FAIL: ", what, detail ? ": " : "", detail ? detail : "", 0);
}

static void unit_main(void);

_Noreturn void unit_start(void)
{
	unit_main();
	host_exit(unit_failures > 125 ? 125 : unit_failures);
}

__asm__(".globl _start\n_start:\n\txor %ebp, %ebp\n\tand $-16, %rsp\n\tcall unit_start\n\thlt\n");

#endif
