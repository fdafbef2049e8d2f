/* The guest architecture's ABI where it differs from the channel's. The
 * channel speaks x86-64's numbers and layouts whatever the guest's
 * architecture (route.h: a route's op), so an init host for another one
 * translates here, before a call leaves and as its answer arrives; the
 * kernel never learns which architecture asked. */
#ifndef GUEST_ABI_H
#define GUEST_ABI_H

#if defined(__aarch64__)
#define GUEST_ABI_IS_CHANNEL 0
/* openat's flags: O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE have
 * other bits on aarch64. */
long guest_open_flags(long flags);
/* struct stat: the channel's (x86-64, LX_STAT_SIZE bytes) into the
 * guest's (asm-generic, GUEST_STAT_SIZE). */
#define GUEST_STAT_SIZE 128
long guest_stat(void *guest, const void *channel); /* 0, or -EFAULT */
#else
#define GUEST_ABI_IS_CHANNEL 1
#endif

#endif
