/* Guest processes on Darwin (process.c). */
#ifndef PROCESS_H
#define PROCESS_H

/* At the start: this process's guest pid (children.h's process_own_pid),
 * and where the init host's executable is (its real path when resolve);
 * -1 when it cannot be found. */
int darwin_process_start(int pid, int resolve);
/* musl+'s clone without CLONE_THREAD (posix_spawn's): the child runs fn(arg) on stack. */
long darwin_spawn_clone(int (*fn)(void *), void *stack, long flags, void *arg);
/* execve: returns only when the exec fails while the program can go on. */
long darwin_execve(const char *path, char *const argv[], char *const envp[]);
/* fork, and clone as fork asks for it (SIGCHLD, and where to write the
 * child's id); 0 in the child, the child's guest pid in the parent. */
long darwin_fork(long flags, void *stack, int *ptid, int *ctid);

#endif
