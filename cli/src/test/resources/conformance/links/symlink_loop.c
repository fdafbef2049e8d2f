/* Loops and chains of symlinks: ELOOP, and the 40-link limit. */
#include "../conf.h"
int main(void)
{
	symlink("b", "a");
	symlink("a", "b");
	check("open a loop", open("a", O_RDONLY));
	check("stat a loop", access("a", F_OK));
	put("t0", "x");
	char from[16], to[16];
	for (int i = 1; i <= 41; i++) {
		snprintf(from, sizeof from, "t%d", i);
		snprintf(to, sizeof to, "t%d", i - 1);
		symlink(to, from);
	}
	check("chain of 40", access("t40", F_OK));
	check("chain of 41", access("t41", F_OK));
	return 0;
}
