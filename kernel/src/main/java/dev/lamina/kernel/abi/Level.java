package dev.lamina.kernel.abi;

/** How completely Lamina supports a system call. */
public enum Level { FULL, PARTIAL, NONE }
