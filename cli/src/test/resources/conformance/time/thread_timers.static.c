/* thread_timers.c built static: its calls trap (compat mode). */
#include "thread_timers.c"
