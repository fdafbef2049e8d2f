/* x86-64 instruction decoding for call_sites.c (insn.c). */
#ifndef INSN_H
#define INSN_H

enum insn_kind {
	INSN_PLAIN,       /* on to the next instruction */
	INSN_JCC,         /* a conditional relative branch (and xbegin) */
	INSN_JMP,         /* an unconditional relative jump */
	INSN_CALL,        /* a relative call */
	INSN_INDIRECT,    /* a jump through a register or memory (a jump table's) */
	INSN_INDIRECT_CALL,
	INSN_SYSCALL,
	INSN_OTHER_FLOW,  /* ret, int, loop, ud2, hlt, sysenter, ... */
};

struct insn {
	int len;
	enum insn_kind kind;
	int rip_relative;               /* a memory operand relative to rip */
	int rel_size;                   /* a relative branch's displacement: 1 or 4 bytes */
	const unsigned char *target;    /* where a relative branch goes */
};

/* Decodes the instruction at p: its length, or 0 for one it does not know. */
int insn_decode(const unsigned char *p, struct insn *out);

#endif
