#include "elf_loader.h"
#include "elf_util.h"

/* Reading the last byte the segments need answers the question without a
 * stat call the host would have to provide. */
int elf_check_extent(int fd, const struct elf_info *info, char err[ELF_ERROR_MAX])
{
	uint8_t last;
	if (info->file_end && elf_host_pread(fd, &last, 1, info->file_end - 1) != 1)
		return elf_fail(err, "truncated program: its segments reach past the end of the file");
	return 0;
}
