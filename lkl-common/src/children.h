/* A process's children, as each init host keeps them (children.c): the
 * ones it forked and has not reaped, by guest pid and host pid, so that a
 * SIGCHLD's sender, a wait's result and a waitpid's target are named
 * without a round trip; the pid translations, which look there first and
 * then ask the kernel; and wait4 and waitid on the host, in guest pids. */
#ifndef CHILDREN_H
#define CHILDREN_H

/* The host's: this process's guest pid. */
int process_own_pid(void);

void children_note(long pid, long host_pid);
void children_forget(long host_pid);
/* Forgets every child (they are asked about from now on): a new
 * process's table is empty. */
void children_clear(void);

long process_pid_to_host(long pid);
/* A process group's id on the host, also once its leader has ended. */
long process_group_to_host(long pgid);
long process_pid_from_host(long host_pid);
/* The guest pid of a child this process forked and knows unreaped; 0 when host_pid is none. */
long process_child_pid(long host_pid);

long process_wait4(long pid, int *status, long options, void *rusage);
long process_waitid(long idtype, long id, void *info, long options, void *rusage);

#endif
