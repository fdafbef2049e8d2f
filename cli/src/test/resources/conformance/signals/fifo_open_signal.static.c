/* fifo_open_signal.c built static: its open traps (compat mode), and the
 * trap makes the call again after the handler. */
#include "fifo_open_signal.c"
