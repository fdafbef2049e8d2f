/* A function run on another stack, both init hosts' (lkl-common/src/
 * arm64 and x86_64/run_on_stack.S): a forked child's fn (lkl-linux) and a
 * new guest thread's start (lkl-darwin). */
#ifndef RUN_ON_STACK_H
#define RUN_ON_STACK_H

/* Runs fn(arg) on stack with no frame below it, then then(its result),
 * which must not return. */
_Noreturn void host_run_on_stack(int (*fn)(void *), void *arg, void *stack, void (*then)(long));

#endif
