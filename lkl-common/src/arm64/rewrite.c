/* arm64_rewrite (rewrite.h): each site becomes `b stub`, each stub ends
 * with `b site + 4`, so every register but the ones the instruction
 * defines keeps its value, as the instruction would leave it. */
#include "rewrite.h"

enum {
	NOP = 0xd503201fu,
	B = 0x14000000u,
	/* stp x16, x30, [sp, #-80]! and back: svc leaves the stack alone, and
	 * code may keep a few words just below its stack pointer across one
	 * (Go's clone child finds its m, g and fn there), so the stub keeps
	 * the 64 bytes below the guest's stack pointer as they are. */
	STP_X16_X30_PRE = 0xa9bb7bf0u,
	LDP_X16_X30_POST = 0xa8c57bf0u,
	LDR_X16_LITERAL = 0x58000010u,   /* ldr x16, <pc + imm19 * 4> */
	LDP_X16_X30_AT_X16 = 0xa9407a10u, /* ldp x16, x30, [x16] */
	BLR_X16 = 0xd63f0200u,
	STR_PRE_SP = 0xf81f0fe0u,        /* str Xt, [sp, #-16]! */
	LDR_POST_SP = 0xf84107e0u,       /* ldr Xt, [sp], #16 */
	LDR_UIMM = 0xf9400000u,          /* ldr Xt, [Xn, #imm12 * 8] */
	STR_UIMM = 0xf9000000u,          /* str Xt, [Xn, #imm12 * 8] */
};

enum arm64_site arm64_site(uint32_t insn)
{
	if ((insn & ARM64_SVC_MASK) == ARM64_SVC) return ARM64_SITE_SVC;
	if ((insn & ARM64_RT_MASK) == ARM64_MRS_TPIDR_EL0) return ARM64_SITE_MRS_TP;
	if ((insn & ARM64_RT_MASK) == ARM64_MSR_TPIDR_EL0) return ARM64_SITE_MSR_TP;
	return ARM64_NOT_A_SITE;
}

size_t arm64_count_sites(const uint32_t *code, size_t n)
{
	size_t sites = 0;
	for (size_t i = 0; i < n; i++) sites += arm64_site(code[i]) != ARM64_NOT_A_SITE;
	return sites;
}

/* A B from `from` to `to`, or 0 when out of reach. */
static uint32_t branch(uint64_t from, uint64_t to)
{
	int64_t d = (int64_t)(to - from);
	if (d >= (int64_t)ARM64_BRANCH_RANGE || d < -(int64_t)ARM64_BRANCH_RANGE) return 0;
	return B | ((uint32_t)(d >> 2) & 0x3ffffffu);
}

static uint32_t mem(uint32_t op, unsigned t, unsigned n, uint32_t offset)
{
	return op | (offset / 8) << 10 | n << 5 | t;
}

/* The stub for one site at s (words, run-time address at); returns its
 * length in words, or 0 if its way back is out of reach. */
static size_t stub(uint32_t *s, uint64_t at, uint64_t site_at, uint32_t insn, const struct arm64_rules *r)
{
	unsigned t = insn & 31;
	size_t n = 0;
	switch (arm64_site(insn)) {
	case ARM64_SITE_SVC:
		/* x16 and x30 are the svc's to keep; the entry keeps the rest. */
		s[n++] = STP_X16_X30_PRE;
		s[n++] = LDR_X16_LITERAL | 7u << 5; /* the literal at s + 8 words */
		s[n++] = BLR_X16;
		s[n++] = LDP_X16_X30_POST;
		s[n] = branch(at + 4 * n, site_at + 4);
		if (!s[n++]) return 0;
		s[n++] = LDP_X16_X30_AT_X16; /* ARM64_SVC_CHILD_ENTRY */
		s[n] = branch(at + 4 * n, site_at + 4);
		if (!s[n++]) return 0;
		s[n++] = NOP;
		s[n++] = (uint32_t)r->svc_entry;
		s[n++] = (uint32_t)(r->svc_entry >> 32);
		return n;
	case ARM64_SITE_MRS_TP:
		if (t == 31) { /* into xzr: nothing to read */
			s[n] = branch(at, site_at + 4);
			return s[n] ? 1 : 0;
		}
		s[n++] = r->host_tp_mrs | t;
		if (r->host_tp_and) s[n++] = r->host_tp_and | t << 5 | t;
		s[n++] = mem(LDR_UIMM, t, t, r->tp_slot);
		break;
	case ARM64_SITE_MSR_TP: {
		unsigned x = t == 16 ? 17 : 16;
		s[n++] = STR_PRE_SP | x;
		s[n++] = r->host_tp_mrs | x;
		if (r->host_tp_and) s[n++] = r->host_tp_and | x << 5 | x;
		s[n++] = mem(STR_UIMM, t, x, r->tp_slot);
		s[n++] = LDR_POST_SP | x;
		break;
	}
	case ARM64_NOT_A_SITE:
		return 0;
	}
	s[n] = branch(at + 4 * n, site_at + 4);
	return s[n] ? n + 1 : 0;
}

long arm64_rewrite(uint32_t *code, size_t n, uint64_t code_at, uint32_t *stubs, size_t cap, uint64_t stubs_at,
                   const struct arm64_rules *rules)
{
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		if (arm64_site(code[i]) == ARM64_NOT_A_SITE) continue;
		if (cap - used < ARM64_STUB_WORDS) return -1;
		uint64_t at = stubs_at + 4 * used, site_at = code_at + 4 * i;
		uint32_t to_stub = branch(site_at, at);
		size_t len = to_stub ? stub(stubs + used, at, site_at, code[i], rules) : 0;
		if (!len) return -1;
		code[i] = to_stub;
		used += (len + 1) & ~(size_t)1; /* the next stub 8-aligned */
	}
	return (long)used;
}
