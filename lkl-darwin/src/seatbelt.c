/* Confinement on macOS: guest code runs natively, so a hostile program can
 * make system calls the Lamina kernel never sees. The Seatbelt profile in
 * seatbelt.sb closes the host to it as Landlock does on Linux
 * (lkl-linux/src/landlock.c); applied once by the container's first init
 * host, before any guest code, and inherited by every process after. */
#include <limits.h>
#include <mach-o/dyld.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lamina/channel.h>
#include "seatbelt.h"
#include "seatbelt_profile.h" /* seatbelt.sb as the string seatbelt_profile (Makefile) */

/* Private, but stable since macOS 10.5 and used by Chromium and WebKit: the
 * public sandbox_init takes only Apple's named profiles, not parameters. */
int sandbox_init_with_parameters(const char *profile, uint64_t flags, const char *const parameters[], char **errorbuf);
void sandbox_free_error(char *errorbuf);

static _Noreturn void refuse(const char *why)
{
	fprintf(stderr, "lamina: cannot confine the container: %s\n", why);
	exit(126);
}

/* Appends to the profile one rule per port, or one for the whole class when
 * the plan leaves it open. */
static size_t tcp_rules(char *out, size_t at, size_t cap, const char *rule, const char *end, int limited,
                        const unsigned char *ports, uint32_t n)
{
	if (!limited) return at + (size_t)snprintf(out + at, cap - at, "(allow %s (%s tcp))\n", rule, end);
	for (uint32_t i = 0; i < n; i++) {
		uint16_t port;
		memcpy(&port, ports + 2 * i, 2);
		at += (size_t)snprintf(out + at, cap - at, "(allow %s (%s tcp \"*:%u\"))\n", rule, end, port);
	}
	return at;
}

void seatbelt_confine(const char *root, uint32_t flags, const unsigned char *ports, uint32_t nbind,
                      uint32_t nconnect)
{
	/* The installation: the directory this binary lives in, beside musl+. */
	char exe[PATH_MAX], install[PATH_MAX];
	uint32_t size = sizeof exe;
	if (_NSGetExecutablePath(exe, &size) || !realpath(exe, install)) refuse("cannot find the init host's own file");
	char *slash = strrchr(install, '/');
	if (!slash || slash == install) refuse("the init host is not in an installation directory");
	*slash = 0;

	/* One line per port at most: "(allow network-outbound (remote tcp "*:65535"))\n". */
	size_t cap = sizeof seatbelt_profile + 128 + 64 * ((size_t)nbind + nconnect);
	char *profile = malloc(cap);
	if (!profile) refuse("out of memory");
	size_t at = (size_t)snprintf(profile, cap, "%s", seatbelt_profile);
	at = tcp_rules(profile, at, cap, "network-bind network-inbound", "local",
	               (flags & LAMINA_PLAN_CONFINE_BIND_TCP) != 0, ports, nbind);
	tcp_rules(profile, at, cap, "network-outbound", "remote", (flags & LAMINA_PLAN_CONFINE_CONNECT_TCP) != 0,
	          ports + 2 * (size_t)nbind, nconnect);

	const char *const parameters[] = { "INSTALL", install, "ROOT", root, NULL };
	char *error = NULL;
	if (sandbox_init_with_parameters(profile, 0, parameters, &error)) {
		fprintf(stderr, "lamina: cannot confine the container: %s\n", error ? error : "sandbox_init failed");
		sandbox_free_error(error);
		exit(126);
	}
	free(profile);
}
