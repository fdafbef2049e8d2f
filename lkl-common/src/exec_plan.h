/* What a new init host runs: the exec plan the kernel sends on its channel
 * (lamina/channel.h, struct lamina_exec_plan and the items after it), and
 * the program it names checked, loaded with elf-loader and told of. The
 * same steps on every host; the host's own start (init.c) puts them in
 * order around its confinement, signals and stack. */
#ifndef EXEC_PLAN_H
#define EXEC_PLAN_H

#include <stdint.h>
#include <lamina/channel.h>
#include "channel.h"
#include "elf_loader.h"

/* The plan as received: the fixed part and pointers into one buffer. */
struct exec_plan {
	struct lamina_exec_plan fixed;
	const char *execfn;
	char **argv;
	char **envp;
	const unsigned char *ports;   /* nbind + nconnect u16 values */
	const unsigned char *rlimits; /* nrlimit struct lamina_rlimit, maybe unaligned */
	int program_fd;
	int interp_fd;                /* -1 when the kernel did not open it */
};

/* Says what failed and why, then ends the process with 126. */
_Noreturn void exec_fail(const char *what, const char *why);

/* The plan, asked for on c's channel, or already sent there (the kernel
 * sends it unasked with an exec's answer). */
void exec_plan_receive(struct call *c, struct exec_plan *p, int sent);

/* A program's (or its interpreter's) headers, read and checked. */
void exec_check(const char *name, int fd, struct elf_info *info);

/* The checked file mapped. */
void exec_load(const char *name, int fd, struct elf_info *info, struct elf_image *image);

/* Tells the kernel where the argument and environment strings lie on the
 * new stack at guest_sp, for /proc/PID/cmdline, when addresses are the
 * guest's own (not under an emulator, whose guest addresses are not the
 * host's), and the auxiliary vector as the program got it, for
 * /proc/PID/auxv (Linux's saved_auxv: a copy, as the guest may write over
 * its stack). */
void exec_report_args(struct call *c, uint64_t guest_sp, int addresses);

#endif
