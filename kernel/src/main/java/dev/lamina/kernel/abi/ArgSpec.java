package dev.lamina.kernel.abi;

/** One argument of a system call: its name in lkl-common/syscalls.tbl, its
 * kind and, for IN and OUT, its size in bytes. */
public record ArgSpec(String name, ArgKind kind, int size) {}
