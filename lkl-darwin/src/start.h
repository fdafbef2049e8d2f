/* The guest's start (start.c), once the plan is in. */
#ifndef START_H
#define START_H

#include "exec_plan.h"

_Noreturn void darwin_start_guest(struct call *c, struct exec_plan *plan);

#endif
