/* x86-64 instruction lengths, and what call_sites.c must know of an
 * instruction to move it: whether it changes the flow (and where a
 * relative branch goes), whether it addresses memory relative to rip.
 * Legacy, REX, VEX and EVEX encodings, 64-bit mode only. An encoding it
 * does not know is refused (0): the caller then leaves the code alone. */
#include "insn.h"

static int has_modrm_1(unsigned op)
{
	switch (op >> 4) {
	case 0x0: case 0x1: case 0x2: case 0x3: return (op & 7) < 4;
	case 0x6: return op == 0x63 || op == 0x69 || op == 0x6b;
	case 0x8: return 1;
	case 0xc: return op <= 0xc1 || op == 0xc6 || op == 0xc7;
	case 0xd: return op <= 0xd3 || op >= 0xd8;
	case 0xf: return op == 0xf6 || op == 0xf7 || op == 0xfe || op == 0xff;
	default: return 0;
	}
}

/* The immediate of a one-byte opcode, in bytes (z: 4, or 2 with 0x66;
 * B8-BF: 8 with REX.W); -1 for one invalid in 64-bit mode. */
static int imm_1(unsigned op, int opsize16, int rexw, unsigned reg)
{
	int z = opsize16 ? 2 : 4;
	if (op < 0x40) {
		if ((op & 7) == 4) return 1;
		if ((op & 7) == 5) return z;
		if ((op & 7) >= 6 && op != 0x0f && op != 0x26 && op != 0x2e && op != 0x36 && op != 0x3e) return -1;
		return 0;
	}
	switch (op) {
	case 0x60: case 0x61: case 0x62: case 0x82: case 0x9a: case 0xc4: case 0xc5: case 0xce:
	case 0xd4: case 0xd5: case 0xd6: case 0xea:
		return -1;
	case 0x68: case 0x69: case 0x81: case 0xa9: case 0xc7: case 0xe8: case 0xe9: return op >= 0xe8 ? 4 : z;
	case 0x6a: case 0x6b: case 0x80: case 0x83: case 0xa8: case 0xc0: case 0xc1: case 0xc6:
	case 0xcd: case 0xe4: case 0xe5: case 0xe6: case 0xe7: case 0xeb:
		return 1;
	case 0xc2: case 0xca: return 2;
	case 0xc8: return 3;
	case 0xa0: case 0xa1: case 0xa2: case 0xa3: return 8; /* moffs (4 with 0x67) */
	case 0xf6: return reg < 2 ? 1 : 0;
	case 0xf7: return reg < 2 ? z : 0;
	}
	if (op >= 0x70 && op <= 0x7f) return 1;
	if (op >= 0xe0 && op <= 0xe3) return 1;
	if (op >= 0xb0 && op <= 0xb7) return 1;
	if (op >= 0xb8 && op <= 0xbf) return rexw ? 8 : z;
	return 0;
}

/* 0F xx: ModRM (else none), and an imm8. */
static int has_modrm_0f(unsigned op)
{
	if (op >= 0x80 && op <= 0x8f) return 0;                 /* jcc rel32 */
	if (op >= 0xc8 && op <= 0xcf) return 0;                 /* bswap */
	switch (op) {
	case 0x04: case 0x05: case 0x06: case 0x07: case 0x08: case 0x09: case 0x0a: case 0x0b: case 0x0e:
	case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: case 0x36: case 0x37:
	case 0x77: case 0xa0: case 0xa1: case 0xa2: case 0xa8: case 0xa9: case 0xaa:
		return 0;
	}
	return 1;
}

static int imm8_0f(unsigned op)
{
	return (op >= 0x70 && op <= 0x73) || op == 0x0f || op == 0xa4 || op == 0xac || op == 0xba || op == 0xc2 ||
	       (op >= 0xc4 && op <= 0xc6);
}

/* The ModRM byte at p and what follows it (SIB, displacement): their
 * length, and whether the operand is rip-relative. */
static int modrm_len(const unsigned char *p, int *rip)
{
	unsigned mod = p[0] >> 6, rm = p[0] & 7;
	int n = 1;
	if (mod == 3) return n;
	if (rm == 4) {
		unsigned base = p[1] & 7;
		n++;
		if (mod == 0 && base == 5) return n + 4;
	} else if (mod == 0 && rm == 5) {
		*rip = 1;
		return n + 4;
	}
	return n + (mod == 1 ? 1 : mod == 2 ? 4 : 0);
}

int insn_decode(const unsigned char *p, struct insn *out)
{
	const unsigned char *start = p;
	int opsize16 = 0, addr32 = 0, rexw = 0;
	*out = (struct insn){0};
	for (int n = 0;; n++, p++) {
		if (n > 14) return 0;
		unsigned b = *p;
		if (b == 0x66) opsize16 = 1;
		else if (b == 0x67) addr32 = 1; /* 32-bit addresses: the same ModRM forms */
		else if (b != 0xf0 && b != 0xf2 && b != 0xf3 && b != 0x2e && b != 0x36 && b != 0x3e && b != 0x26 && b != 0x64 && b != 0x65)
			break;
	}
	if ((*p & 0xf0) == 0x40) rexw = (*p++ & 8) != 0;
	unsigned op = *p++;
	int rip = 0, imm = 0, modrm = 0;
	if (op == 0xc4 || op == 0xc5 || op == 0x62) {
		/* VEX or EVEX: the map, then opcode and ModRM; imm8 in map 3 and a few of map 1 */
		unsigned map = op == 0xc5 ? 1 : p[0] & (op == 0x62 ? 7 : 0x1f);
		p += op == 0xc5 ? 1 : op == 0xc4 ? 2 : 3;
		unsigned vop = *p++;
		if (map < 1 || map > 6 || map == 4) return 0;
		modrm = !(map == 1 && vop == 0x77); /* vzeroupper, vzeroall */
		imm = map == 3 || (map == 1 && (imm8_0f(vop) && vop != 0x0f && vop != 0xa4 && vop != 0xac && vop != 0xba));
	} else if (op == 0x0f) {
		unsigned op2 = *p++;
		if (op2 == 0x38 || op2 == 0x3a) {
			p++;
			modrm = 1;
			imm = op2 == 0x3a;
		} else {
			modrm = has_modrm_0f(op2);
			imm = imm8_0f(op2);
			if (op2 >= 0x80 && op2 <= 0x8f) {
				out->kind = INSN_JCC;
				imm = 4;
			}
			if (op2 == 0x05 || op2 == 0x07 || op2 == 0x34 || op2 == 0x35 || op2 == 0x0b) out->kind = INSN_OTHER_FLOW;
			if (op2 == 0x05) out->kind = INSN_SYSCALL;
		}
	} else {
		modrm = has_modrm_1(op);
		unsigned reg = modrm ? (p[0] >> 3) & 7 : 0;
		imm = imm_1(op, opsize16, rexw, reg);
		if (imm < 0) return 0;
		if (op >= 0xa0 && op <= 0xa3 && addr32) imm = 4;
		if ((op >= 0x70 && op <= 0x7f)) out->kind = INSN_JCC;
		else if (op == 0xeb || op == 0xe9) out->kind = INSN_JMP;
		else if (op == 0xe8) out->kind = INSN_CALL;
		else if ((op >= 0xe0 && op <= 0xe3) || op == 0xc2 || op == 0xc3 || op == 0xca || op == 0xcb || op == 0xcc ||
		         op == 0xcd || op == 0xcf || op == 0xf4)
			out->kind = INSN_OTHER_FLOW;
		else if (op == 0xff && (reg == 2 || reg == 3)) out->kind = INSN_INDIRECT_CALL;
		else if (op == 0xff && (reg == 4 || reg == 5)) out->kind = INSN_INDIRECT;
		else if (op == 0xc7 && p[0] == 0xf8) out->kind = INSN_JCC; /* xbegin: to its abort handler */
		else if (op == 0xc6 && p[0] == 0xf8) out->kind = INSN_OTHER_FLOW; /* xabort */
	}
	if (modrm) p += modrm_len(p, &rip);
	const unsigned char *imm_at = p;
	p += imm;
	out->len = (int)(p - start);
	if (out->len > 15) return 0;
	out->rip_relative = rip;
	if (out->kind == INSN_JCC || out->kind == INSN_JMP || out->kind == INSN_CALL) {
		long rel = imm == 1 ? (signed char)imm_at[0]
		                    : (int)(imm_at[0] | imm_at[1] << 8 | imm_at[2] << 16 | (unsigned)imm_at[3] << 24);
		out->target = start + out->len + rel;
		out->rel_size = imm;
	}
	return out->len;
}
