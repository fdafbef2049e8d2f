/* A JIT's way with memory (aarch64): one mapping asked writable and
 * executable, written, run, written again, run again; the second time with
 * a system call of its own (getpid) in the generated code. Under the
 * Apple-Silicon rules the mapping flips between read-write and
 * read-execute, and the generated svc is rewritten when it is run. */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

typedef long (*generated)(void);

static long run(uint32_t *code, int n)
{
	__builtin___clear_cache((char *)code, (char *)(code + n));
	return ((generated)code)();
}

int main(void)
{
	uint32_t *code = mmap(0, 16384, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (code == MAP_FAILED) return 1;
	code[0] = 0xd2800540; /* mov x0, #42 */
	code[1] = 0xd65f03c0; /* ret */
	printf("first %ld\n", run(code, 2));
	code[0] = 0xd2800560; /* mov x0, #43 */
	printf("written again %ld\n", run(code, 2));
	code[0] = 0xd2801588; /* mov x8, #172 (getpid) */
	code[1] = 0xd4000001; /* svc #0 */
	code[2] = 0xd65f03c0; /* ret */
	printf("getpid %ld\n", run(code, 3));
	return munmap(code, 16384);
}
