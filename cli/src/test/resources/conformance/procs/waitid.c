/* waitid's siginfo; WNOWAIT leaves the child waitable. */
#include "../conf.h"
int main(void)
{
	pid_t c = fork();
	if (c == 0) _exit(3);
	siginfo_t si = {0};
	check("waitid WNOWAIT", waitid(P_PID, c, &si, WEXITED | WNOWAIT));
	printf("pid==child %s CLD_EXITED %s status %d\n", si.si_pid == c ? "yes" : "no", si.si_code == CLD_EXITED ? "yes" : "no", si.si_status);
	memset(&si, 0, sizeof si);
	check("waitid again", waitid(P_ALL, 0, &si, WEXITED));
	printf("pid==child %s status %d\n", si.si_pid == c ? "yes" : "no", si.si_status);
	check("waitid none", waitid(P_ALL, 0, &si, WEXITED));
	check("waitid no options", waitid(P_ALL, 0, &si, 0));
	return 0;
}
