/* Confinement on macOS: see seatbelt.sb. */
#ifndef SEATBELT_H
#define SEATBELT_H

#include <stdint.h>

/* Puts this process and all it starts under Lamina's Seatbelt profile, with
 * the TCP policy of an exec plan (LAMINA_PLAN_CONFINE_* flags; ports holds
 * nbind then nconnect u16 values, maybe unaligned). root is the container's
 * root directory on the host. Exits the process when the sandbox fails. */
void seatbelt_confine(const char *root, uint32_t flags, const unsigned char *ports, uint32_t nbind,
                      uint32_t nconnect);

#endif
