/* Guest memory under the Apple-Silicon rules (rewrite.h), for both init
 * hosts: lkl-darwin on a Mac, and lkl-linux's --darwin-rules mode, which
 * runs this code under qemu in the tests. Every executable mapping the
 * guest gets is an anonymous copy of the file's bytes, rewritten, then
 * made read-execute; memory asked to be writable and executable (a JIT's)
 * is one or the other at a time, flipped by the host's fault handler
 * (darwin_flip). The host's Linux calls (host_syscall6) do the mapping. */
#ifndef DARWIN_MAPS_H
#define DARWIN_MAPS_H

#include <stdint.h>
#include "rewrite.h"

#define DARWIN_PAGE 16384ul

/* The rules the host's rewritten code follows (its svc entry, where the
 * guest's thread pointer lives); set once, before the first mapping. */
void darwin_maps_rules(const struct arm64_rules *rules);
/* Around a fork: the table of flipped ranges held, so the child finds it free. */
void darwin_maps_fork_hold(int hold);

/* mmap of executable memory, mprotect and munmap of guest memory, as
 * Linux's calls (Linux flags, negative errno). */
long darwin_map_copy(long addr, long len, long prot, long flags, long fd, long off);
long darwin_mprotect(long addr, long len, long prot);
long darwin_munmap(long addr, long len);

/* Where a mapping the host may place goes: 16 KiB-aligned, as a kernel with
 * 16 KiB pages would place it. The place is reserved; the caller maps over
 * it (flags gains MAP_FIXED). */
long darwin_place_aligned(long addr, long len, long *flags);

/* A protection fault at addr, the faulting instruction at pc: in memory
 * the guest asked to be writable and executable, it is flipped (rewritten
 * and read-execute when addr is pc, else read-write) and 1 returned; 0 for
 * any other fault, which is the guest's. */
int darwin_flip(uint64_t addr, uint64_t pc);

#endif
