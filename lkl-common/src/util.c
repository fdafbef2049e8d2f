#include <stdarg.h>
#include "util.h"
#include "host_syscall.h"

size_t str_len(const char *s)
{
	size_t n = 0;
	while (s[n]) n++;
	return n;
}

int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) a++, b++;
	return *a == *b;
}

void print_error(const char *first, ...)
{
	char line[512];
	size_t n = 0;
	va_list ap;
	va_start(ap, first);
	for (const char *s = first; s; s = va_arg(ap, const char *))
		while (*s && n < sizeof line - 1) line[n++] = *s++;
	va_end(ap);
	line[n++] = '\n';
	host_syscall3(__NR_write, 2, line, n);
}

char *hex_format(char *buf, uint64_t v)
{
	char *p = buf + 18;
	*p = 0;
	do *--p = "0123456789abcdef"[v & 15]; while (v >>= 4);
	*--p = 'x';
	*--p = '0';
	return p;
}

char *dec_format(char *buf, long v)
{
	char *p = buf + 20;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	*p = 0;
	do *--p = (char)('0' + u % 10); while (u /= 10);
	if (v < 0) *--p = '-';
	return p;
}

void fd_path(char path[FD_PATH_MAX], const char *dir, long fd)
{
	char n[21];
	size_t at = 0;
	for (const char *c = dir; *c; c++) path[at++] = *c;
	for (const char *d = dec_format(n, fd); *d; d++) path[at++] = *d;
	path[at] = 0;
}

_Noreturn void host_exit(int code)
{
	for (;;) host_syscall1(__NR_exit_group, code);
}
