/* The host user's keyrings, which keys are not namespaced away from: the
 * user keyring is shared by every process of the host user (the engine,
 * every container, the host's own), so a container read and wrote keys the
 * host stored there (the forty-third session). Tries the key calls by raw
 * calls past the init host and through libc; each should be EPERM, as under
 * Docker's default profile. Prints what each gives. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "raw_syscall.h"

#define KEY_SPEC_USER_KEYRING -4
#define KEY_SPEC_SESSION_KEYRING -3
#define KEYCTL_GET_KEYRING_ID 0
#define KEYCTL_READ 11

static const char *outcome(long r)
{
	if (r >= 0) return "allowed";
	return r == -EPERM ? "EPERM" : r == -ENOSYS ? "ENOSYS" : "other error";
}

static long libc(long r) { return r < 0 ? -errno : r; }

int main(void)
{
	if (!raw_syscall_init()) return 1;
	char buf[256];
	printf("raw keyctl user keyring: %s\n", outcome(raw(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0, 0, 0)));
	printf("raw keyctl read user keyring: %s\n",
	       outcome(raw(SYS_keyctl, KEYCTL_READ, KEY_SPEC_USER_KEYRING, (long)buf, sizeof buf, 0)));
	printf("raw add_key: %s\n", outcome(raw(SYS_add_key, (long)"user", (long)"lamina-planted", (long)"x", 1,
						KEY_SPEC_USER_KEYRING)));
	printf("raw request_key: %s\n", outcome(raw(SYS_request_key, (long)"user", (long)"lamina-none", 0,
						    KEY_SPEC_SESSION_KEYRING, 0)));
	printf("keyctl user keyring: %s\n", outcome(libc(syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0))));
	printf("add_key: %s\n", outcome(libc(syscall(SYS_add_key, "user", "lamina-planted", "x", 1, KEY_SPEC_USER_KEYRING))));
	return 0;
}
