/* sigchld_ignored.c built static: its calls trap (compat mode), so a child
 * often ends, and is reaped by the host, before its parent reports the fork. */
#include "sigchld_ignored.c"
