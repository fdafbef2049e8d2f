/* Prints the ids the process runs with: real, effective and saved. */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;
	getresuid(&r, &e, &s);
	getresgid(&rg, &eg, &sg);
	printf("uid %u %u %u gid %u %u %u\n", r, e, s, rg, eg, sg);
	return 0;
}
