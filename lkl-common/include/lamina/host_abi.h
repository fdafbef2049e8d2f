/* The interface between musl+ (running as guest code) and the init host.
 *
 * The init host puts the address of a `struct lamina_host_abi` in the
 * guest's auxiliary vector under AT_LAMINA_HOST. musl+ reads it before its
 * first system call and from then on never executes a syscall instruction
 * itself: every call goes through these function pointers. */
#ifndef LAMINA_HOST_ABI_H
#define LAMINA_HOST_ABI_H

/* An auxv key Linux does not use (Linux's keys stop below 64). */
#define AT_LAMINA_HOST 0x4c4d

#define LAMINA_HOST_ABI_VERSION 1

struct lamina_host_abi {
	unsigned long version;
	/* A Linux system call: number and six arguments, result as the kernel
	 * returns it (negative errno on failure). */
	long (*syscall)(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
	/* musl's __clone contract: start fn(arg) on stack with flags, ptid,
	 * tls and ctid as clone(2) takes them; returns the child's tid. */
	int (*clone)(int (*fn)(void *), void *stack, int flags, void *arg,
	             int *ptid, void *tls, int *ctid);
	/* Unmap the calling thread's own stack, then end the thread. */
	void (*unmapself)(void *base, unsigned long size);
	/* vfork: returns in the parent once the child has exec'd or exited,
	 * with what the child stored from stack_pointer up (the caller's stack
	 * pointer: the return address is below it) in place, as a shared
	 * address space would show it. */
	long (*vfork)(void *stack_pointer);
};

/* musl+'s assembly calls through these offsets (x86_64 and aarch64's
 * __set_thread_area, __unmapself, clone, syscall_cp, vfork). */
_Static_assert(__builtin_offsetof(struct lamina_host_abi, syscall) == 8, "musl+'s assembly");
_Static_assert(__builtin_offsetof(struct lamina_host_abi, clone) == 16, "musl+'s assembly");
_Static_assert(__builtin_offsetof(struct lamina_host_abi, unmapself) == 24, "musl+'s assembly");
_Static_assert(__builtin_offsetof(struct lamina_host_abi, vfork) == 32, "musl+'s assembly");

/* Where a file's owner inside the container is kept when Lamina does not run
 * as root and so cannot chown: an extended attribute holding the guest uid
 * and gid as two little-endian 32-bit numbers. Image unpacking writes it,
 * chown by the guest writes it, stat reads it. Guests cannot reach it: the
 * xattr calls are refused. */
#define LAMINA_OWNER_XATTR "user.lamina.owner"
#define LAMINA_OWNER_XATTR_SIZE 8

#endif
