/* cancel_cond.c built static: its calls trap (compat mode), and the cancel
 * signal finds the thread inside a trapped futex wait. */
#include "cancel_cond.c"
