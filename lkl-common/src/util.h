/* Freestanding helpers for the init host. */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>
#include <stdint.h>

size_t str_len(const char *s);
int str_eq(const char *a, const char *b);
/* Writes the NULL-terminated list of strings to fd 2 as one line. */
void print_error(const char *first, ...);
/* Formats v as "0x..." into buf (at least 19 bytes). */
char *hex_format(char *buf, uint64_t v);
/* Formats v in decimal into buf (at least 21 bytes). */
char *dec_format(char *buf, long v);
/* The room fd_path needs: "/proc/self/fdinfo/" or "/proc/self/fd/" and a number. */
#define FD_PATH_MAX (sizeof "/proc/self/fdinfo/" + 20)
/* dir (one of those) followed by fd in decimal, into path. */
void fd_path(char path[FD_PATH_MAX], const char *dir, long fd);
_Noreturn void host_exit(int code);

/* lkl-linux's own (mem.c); the C library's elsewhere */
void *memcpy(void *restrict d, const void *restrict s, size_t n);
void *memset(void *d, int c, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
