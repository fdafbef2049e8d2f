/* A dynamically linked program (musl+ loads it) with one system call made
 * around musl+, by its own syscall instruction: strict mode's catch.
 * Writes "raw\n" to stdout that way, then "after\n" through musl+. */
#include <stdio.h>
#include <sys/syscall.h>

int main(void)
{
	long r;
	static const char text[] = "raw\n";
	__asm__ volatile("syscall" : "=a"(r) : "0"((long)SYS_write), "D"(1L), "S"(text), "d"(4L) : "rcx", "r11", "memory");
	printf("after\n");
	return r == 4 ? 0 : 1;
}
