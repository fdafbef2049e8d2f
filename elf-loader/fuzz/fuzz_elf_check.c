/* libFuzzer target: elf_check must never crash or read out of bounds,
 * whatever the bytes. */
#include <stddef.h>
#include <stdint.h>
#include "elf_loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_info info;
	char err[ELF_ERROR_MAX];
	elf_check(data, size, &info, err);
	return 0;
}
