/* Small freestanding helpers shared by elf-loader's files. */
#ifndef ELF_UTIL_H
#define ELF_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define ELF_PAGE elf_page
/* The machine this loader is built for, as ELF and uname name it. */
#if defined(__aarch64__)
#define ELF_MACHINE EM_AARCH64
#define ELF_MACHINE_NAME "aarch64"
#else
#define ELF_MACHINE EM_X86_64
#define ELF_MACHINE_NAME "x86_64"
#endif
#define ELF_USER_TOP (1ul << 47)

static inline void elf_zero(void *p, size_t n)
{
	uint8_t *d = p;
	while (n--) *d++ = 0;
}

static inline void elf_copy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	while (n--) *d++ = *s++;
}

static inline size_t elf_strlen(const char *s)
{
	size_t n = 0;
	while (s[n]) n++;
	return n;
}

static inline int elf_starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++) return 0;
	return 1;
}

/* Writes up to three parts of a message into err; always returns -1. */
static inline int elf_failf(char *err, const char *a, const char *b, const char *c)
{
	size_t n = 0;
	const char *parts[3] = { a, b, c };
	for (int i = 0; i < 3; i++)
		for (const char *p = parts[i]; p && *p && n < 159; p++)
			err[n++] = *p;
	err[n] = 0;
	return -1;
}

static inline int elf_fail(char *err, const char *msg)
{
	return elf_failf(err, msg, 0, 0);
}

#endif
