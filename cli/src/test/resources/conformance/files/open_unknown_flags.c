/* open and openat drop flag bits Linux does not know (openat2 alone refuses
 * them): GNU dd passes its own iflag=skip_bytes and count_bytes bits to
 * open(2) and failed with EINVAL. F_GETFL shows none of them. */
#include "../conf.h"
int main(void)
{
	put("f", "abc");
	static const unsigned unknown[] = { 040, 040000000, 0100000000, 0200000000, 0400000000, 01000000000,
		                            02000000000, 04000000000, 010000000000, 020000000000 };
	unsigned all = 0;
	for (unsigned i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		char label[48];
		snprintf(label, sizeof label, "open with %#o", unknown[i]);
		int fd = (int)check(label, open("f", O_RDONLY | unknown[i]));
		if (fd >= 0) {
			yes("  not in F_GETFL", (fcntl(fd, F_GETFL) & unknown[i]) == 0);
			close(fd);
		}
		all |= unknown[i];
	}
	int fd = (int)check("openat with all of them", openat(AT_FDCWD, "f", O_RDWR | all));
	if (fd >= 0) {
		char b[4] = {0};
		value("  read", read(fd, b, 3));
		close(fd);
	}
	check("creat with them", open("g", O_CREAT | O_WRONLY | O_EXCL | all, 0600));
	return 0;
}
