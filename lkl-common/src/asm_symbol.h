/* A C name in the assembly both hosts build: Mach-O (Darwin) gives C names
 * a leading underscore, ELF (Linux) does not. */
#ifndef ASM_SYMBOL_H
#define ASM_SYMBOL_H

#ifdef __APPLE__
#define SYM(name) _##name
#else
#define SYM(name) name
#endif

#endif
