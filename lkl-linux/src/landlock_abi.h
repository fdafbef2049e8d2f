/* What Landlock can close, by the running kernel's ABI version, of what
 * Lamina asks for; and the warning that names what stays open. Pure, so
 * lkl-linux/test checks it for every version. */
#ifndef LANDLOCK_ABI_H
#define LANDLOCK_ABI_H

#include <stdint.h>

/* The rights a ruleset handles: fs and scoped for the container's domain,
 * net for its TCP layer (only when the plan's flags limit TCP). */
struct landlock_rights {
	uint64_t fs, net, scoped;
};

struct landlock_rights landlock_rights(long abi, uint32_t flags);

#define LANDLOCK_WARNING_MAX 256

/* The one-line warning for what Lamina asks (the plan's LAMINA_PLAN_CONFINE_*
 * flags) and this ABI (< 1: no Landlock) leaves open, written into line;
 * an empty line when nothing is. */
const char *landlock_warning(long abi, uint32_t flags, char line[LANDLOCK_WARNING_MAX]);

#endif
