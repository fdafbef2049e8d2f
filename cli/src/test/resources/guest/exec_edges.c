/* execve's edges as Linux 6 takes them: an empty argv (the program gets ""
 * as argv[0]), a script whose #! line ends in CRLF (its interpreter's name
 * ends in \r: ENOENT), blanks around the interpreter and its argument. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void run(const char *what, const char *path, char *const argv[])
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *envp[] = { 0 };
		execve(path, argv, envp);
		printf("%s: %s\n", what, strerror(errno));
		fflush(stdout);
		_exit(1);
	}
	int status;
	waitpid(pid, &status, 0);
	printf("%s: %s %d\n", what, WIFEXITED(status) ? "exit" : "signal", WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

static void script(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (write(fd, text, strlen(text)) < 0) _exit(2);
	close(fd);
}

int main(void)
{
	char *none[] = { 0 };
	run("an empty argv", "/bin/true", none);
	script("/tmp/crlf.sh", "#!/bin/sh\r\necho ran\r\n");
	char *crlf[] = { "/tmp/crlf.sh", 0 };
	run("a CRLF #! line", "/tmp/crlf.sh", crlf);
	script("/tmp/blanks.sh", "#! \t/bin/echo \t one  two \t\nnot read\n");
	char *blanks[] = { "/tmp/blanks.sh", 0 };
	run("blanks around the interpreter and its argument", "/tmp/blanks.sh", blanks);
	return 0;
}
