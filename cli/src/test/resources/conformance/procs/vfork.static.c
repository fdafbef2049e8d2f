/* vfork.c built static: its vfork traps (compat mode), the stack pointer
 * from the trap's registers. */
#include "vfork.c"
