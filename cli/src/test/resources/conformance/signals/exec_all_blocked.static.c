/* exec_all_blocked.c built static: its calls trap (compat mode). */
#include "exec_all_blocked.c"
