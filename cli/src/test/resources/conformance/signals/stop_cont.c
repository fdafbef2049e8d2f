/* SIGSTOP and SIGCONT: waitpid with WUNTRACED and WCONTINUED sees both. */
#include "../conf.h"
int main(void)
{
	pid_t c = fork();
	if (c == 0) for (;;) pause();
	kill(c, SIGSTOP);
	int st;
	waitpid(c, &st, WUNTRACED);
	status("after SIGSTOP", st);
	kill(c, SIGCONT);
	waitpid(c, &st, WCONTINUED);
	status("after SIGCONT", st);
	kill(c, SIGKILL);
	waitpid(c, &st, 0);
	status("after SIGKILL", st);
	return 0;
}
