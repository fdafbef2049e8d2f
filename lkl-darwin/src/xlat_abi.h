/* The Linux ABI the layer speaks: the guest's, which on macos-arm64 is
 * aarch64's; liblamina-host, the kernel's host layer on a Mac, speaks the
 * channel's on both Macs, x86-64's (built with XLAT_CHANNEL_ABI). */
#ifndef XLAT_ABI_H
#define XLAT_ABI_H
#if defined(__aarch64__) && !defined(XLAT_CHANNEL_ABI)
#define XLAT_LINUX_AARCH64 1
#else
#define XLAT_LINUX_AARCH64 0
#endif
#endif
