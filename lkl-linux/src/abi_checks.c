/* The layouts the Java kernel relies on (mirrored in Protocol.java and
 * Layouts.java, which AbiContractTest checks against these headers): here
 * checked against the uapi headers and the protocol structs themselves, so
 * a wrong number stops the build. */
#include <stddef.h>
#include <asm/stat.h>
#include <asm/statfs.h>
#include <linux/stat.h>
#include <linux/time_types.h>
#include <linux/utsname.h>
#include <linux/if.h>
#include <linux/sockios.h>
#include <lamina/channel.h>
#include <lamina/host_abi.h>
#include <lamina/linux_abi.h>

_Static_assert(sizeof(struct stat) == LX_STAT_SIZE, "struct stat");
_Static_assert(offsetof(struct stat, st_uid) == LX_STAT_UID, "stat st_uid");
_Static_assert(offsetof(struct stat, st_gid) == LX_STAT_GID, "stat st_gid");
_Static_assert(sizeof(struct statfs) == LX_STATFS_SIZE, "struct statfs");
_Static_assert(sizeof(struct statx) == LX_STATX_SIZE, "struct statx");
_Static_assert(sizeof(struct new_utsname) == LX_UTSNAME_SIZE, "struct utsname");
_Static_assert(2 * sizeof(struct __kernel_timespec) == LX_TIMESPEC_PAIR_SIZE, "two struct timespec");

_Static_assert(sizeof(struct ifreq) == LX_IFREQ_SIZE && IFNAMSIZ == LX_IFNAMSIZ, "struct ifreq");
_Static_assert(SIOCGIFFLAGS == LX_SIOCGIFFLAGS && SIOCGIFADDR == LX_SIOCGIFADDR && SIOCGIFDSTADDR == LX_SIOCGIFDSTADDR &&
               SIOCGIFBRDADDR == LX_SIOCGIFBRDADDR && SIOCGIFNETMASK == LX_SIOCGIFNETMASK &&
               SIOCGIFMETRIC == LX_SIOCGIFMETRIC && SIOCGIFMTU == LX_SIOCGIFMTU && SIOCGIFHWADDR == LX_SIOCGIFHWADDR &&
               SIOCGIFINDEX == LX_SIOCGIFINDEX && SIOCGIFTXQLEN == LX_SIOCGIFTXQLEN && SIOCGIFCONF == LX_SIOCGIFCONF,
               "SIOCGIF*");
_Static_assert(sizeof(struct ifconf) == sizeof(struct lx_ifconf) && offsetof(struct ifconf, ifc_len) == offsetof(struct lx_ifconf, len) &&
               offsetof(struct ifconf, ifc_buf) == offsetof(struct lx_ifconf, buf), "struct ifconf");

_Static_assert(sizeof(struct lamina_request) == 56, "Protocol.REQUEST_HEADER");
_Static_assert(offsetof(struct lamina_request, size) == 0 && offsetof(struct lamina_request, op) == 4 &&
               offsetof(struct lamina_request, args) == 8, "Protocol.REQUEST_*");
_Static_assert(sizeof(struct lamina_reply) == 16, "Protocol.REPLY_HEADER");
_Static_assert(offsetof(struct lamina_reply, ret) == 0 && offsetof(struct lamina_reply, size) == 8 &&
               offsetof(struct lamina_reply, nfds) == 12 && offsetof(struct lamina_reply, flags) == 14,
               "Protocol.REPLY_*");
_Static_assert(offsetof(struct lamina_exec_plan, flags) == 36 && offsetof(struct lamina_exec_plan, nbind) == 40 &&
               offsetof(struct lamina_exec_plan, nconnect) == 42, "Protocol.PLAN_*");
_Static_assert(LAMINA_FD_FIRST < LAMINA_LIFELINE_FD && LAMINA_LIFELINE_FD < LAMINA_CHANNEL_FD &&
               LAMINA_SPAWN_LIFELINE_FD < LAMINA_FD_FIRST, "reserved descriptors");
_Static_assert(LAMINA_OWNER_XATTR_SIZE == 2 * sizeof(uint32_t), "owner xattr: guest uid and gid, 32 bits each");
