/* A glibc program that loads a Go library (guest/go/clock_lib.go): Go's
 * runtime starts inside it and reads the time through the vDSO. It died of
 * SIGSEGV in Lamina when the vDSO given to glibc programs had no version
 * tables. */
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv)
{
	void *lib = dlopen(argc > 1 ? argv[1] : "./libclock.so", RTLD_NOW);
	if (!lib) {
		printf("dlopen: %s\n", dlerror());
		return 1;
	}
	long (*go_seconds)(void) = (long (*)(void))dlsym(lib, "GoSeconds");
	long go = go_seconds(), c = (long)time(0);
	printf("Go's time and C's agree: %s\n", go - c <= 1 && c - go <= 1 ? "yes" : "no");
	return 0;
}
