/* execve's part every init host shares (exec_request.c): the program's
 * path, arguments and environment sent to the kernel (LAMINA_OP_EXEC),
 * which resolves it and keeps its plan, with a new channel for the new
 * init host, put at the calling thread's channel's number and open across
 * an exec. What follows is the host's: executing the init host afresh. */
#ifndef EXEC_REQUEST_H
#define EXEC_REQUEST_H

#include <stdint.h>

/* 1 when the kernel sent the plan on the new channel already, 0 when the
 * new init host must ask for it; every signal blocked from here on (*old
 * the mask before). A negative errno when the exec fails while the
 * program can go on: the mask is back then. Past the point of no return
 * (the channel cannot be moved), the process ends with 127. */
long exec_request(const char *path, char *const argv[], char *const envp[], uint64_t *old);

#endif
