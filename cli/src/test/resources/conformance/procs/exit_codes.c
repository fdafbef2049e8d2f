/* Exit statuses are taken modulo 256; atexit handlers run on exit, not on _exit. */
#include "../conf.h"
static void bye(void) { write(1, "atexit ran\n", 11); }
int main(void)
{
	int codes[] = {0, 1, 255, 256, 259, -1};
	for (int i = 0; i < 6; i++) {
		pid_t c = fork();
		if (c == 0) _exit(codes[i]);
		int st;
		waitpid(c, &st, 0);
		printf("_exit(%d): ", codes[i]);
		status("", st);
	}
	pid_t c = fork();
	if (c == 0) { atexit(bye); exit(2); }
	waitpid(c, NULL, 0);
	c = fork();
	if (c == 0) { atexit(bye); _exit(2); }
	waitpid(c, NULL, 0);
	return 0;
}
