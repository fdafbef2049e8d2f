/* aarch64: opens argv[1] by a system call of its own, past musl+ (no
 * Syscall User Dispatch under qemu-user traps it): a host path, which only
 * the confinement of the emulator's process keeps the guest from. */
#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc < 2) return 2;
	register long x8 __asm__("x8") = 56; /* openat */
	register long x0 __asm__("x0") = -100;
	register long x1 __asm__("x1") = (long)argv[1];
	register long x2 __asm__("x2") = 0;
	__asm__ __volatile__("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	printf("%s\n", x0 >= 0 ? "opened" : "refused");
	return 0;
}
