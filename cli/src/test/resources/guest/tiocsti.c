/* Tries to type a character into its terminal (TIOCSTI) and says what happened. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

int main(void)
{
	char c = '#';
	if (ioctl(0, TIOCSTI, &c) == 0) {
		puts("typed");
		return 0;
	}
	printf("refused: %s\n", strerror(errno));
	return 1;
}
