/* Linux's futex on Darwin: a wait while a 32-bit word holds a value, and a
 * wake of its waiters (xlat_futex turns the call into one of the two).
 * macOS 14.4's os_sync_wait_on_address calls when the system has them
 * (looked up: older systems lack them), else libSystem's __ulock_wait2 and
 * __ulock_wake (XNU's sys/ulock.h, private but present since macOS 11,
 * which is what the standard library's own locks use). Compiled for both
 * Mac targets; never run on a Mac. */
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "darwin_calls.h"
#include "xlat.h"

/* XNU's bsd/sys/ulock.h */
int __ulock_wait2(uint32_t operation, void *addr, uint64_t value, uint64_t timeout_ns, uint64_t value2);
int __ulock_wake(uint32_t operation, void *addr, uint64_t wake_value);
#define UL_COMPARE_AND_WAIT 1
#define ULF_WAKE_ALL 0x00000100
#define ULF_NO_ERRNO 0x01000000

/* macOS 14.4's os/os_sync_wait_on_address.h */
typedef int (*os_wait_fn)(void *addr, uint64_t value, size_t size, uint32_t flags);
typedef int (*os_wait_timeout_fn)(void *addr, uint64_t value, size_t size, uint32_t flags, uint32_t clock, uint64_t timeout_ns);
typedef int (*os_wake_fn)(void *addr, size_t size, uint32_t flags);
#define OS_CLOCK_MACH_ABSOLUTE_TIME 32

static struct {
	int looked_up;
	os_wait_fn wait;
	os_wait_timeout_fn wait_timeout;
	os_wake_fn wake_any, wake_all;
} os_sync;

static void look_up(void)
{
	if (__atomic_load_n(&os_sync.looked_up, __ATOMIC_ACQUIRE)) return;
	os_sync.wait = (os_wait_fn)dlsym(RTLD_DEFAULT, "os_sync_wait_on_address");
	os_sync.wait_timeout = (os_wait_timeout_fn)dlsym(RTLD_DEFAULT, "os_sync_wait_on_address_with_timeout");
	os_sync.wake_any = (os_wake_fn)dlsym(RTLD_DEFAULT, "os_sync_wake_by_address_any");
	os_sync.wake_all = (os_wake_fn)dlsym(RTLD_DEFAULT, "os_sync_wake_by_address_all");
	if (!os_sync.wait || !os_sync.wait_timeout || !os_sync.wake_any || !os_sync.wake_all) os_sync.wait = 0;
	__atomic_store_n(&os_sync.looked_up, 1, __ATOMIC_RELEASE);
}

static int64_t now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Waiters woken (os_sync's count is not the woken: Linux's answer is a bound, so 0 or 1 is kept). */
static long futex_wake(uint32_t *word, uint32_t count)
{
	if (!count) return 0;
	if (os_sync.wait) {
		int r = count == 1 ? os_sync.wake_any(word, 4, 0) : os_sync.wake_all(word, 4, 0);
		return r < 0 ? (errno == ENOENT ? 0 : -(long)xlat_errno_from_darwin(errno)) : 1;
	}
	int r = __ulock_wake(UL_COMPARE_AND_WAIT | ULF_NO_ERRNO | (count > 1 ? ULF_WAKE_ALL : 0), word, 0);
	return r == -ENOENT ? 0 : r < 0 ? -(long)xlat_errno_from_darwin(-r) : 1;
}

/* 0 when woken (or the word changed: Linux's callers look again), -EAGAIN
 * when it held another value at once, -ETIMEDOUT, -EINTR. */
static long futex_wait(uint32_t *word, uint32_t val, int64_t timeout_ns)
{
	if (__atomic_load_n(word, __ATOMIC_SEQ_CST) != val) return -LINUX_EAGAIN;
	if (timeout_ns == 0) return -LINUX_ETIMEDOUT;
	int r;
	if (os_sync.wait) {
		r = timeout_ns < 0 ? os_sync.wait(word, val, 4, 0)
		                   : os_sync.wait_timeout(word, val, 4, 0, OS_CLOCK_MACH_ABSOLUTE_TIME, (uint64_t)timeout_ns);
		r = r < 0 ? -errno : 0;
	} else {
		r = __ulock_wait2(UL_COMPARE_AND_WAIT | ULF_NO_ERRNO, word, val, timeout_ns < 0 ? 0 : (uint64_t)timeout_ns, 0);
	}
	if (r >= 0) return 0;
	return -(long)xlat_errno_from_darwin(-r);
}

long darwin_futex(uint32_t *word, long op, uint32_t val, const struct lx_timespec64 *timeout, uint32_t val3)
{
	look_up();
	struct xlat_futex f;
	int r = xlat_futex((int)op, val, timeout, val3, now_ns(CLOCK_MONOTONIC), now_ns(CLOCK_REALTIME), &f);
	if (r) return r;
	return f.wake ? futex_wake(word, f.count) : futex_wait(word, val, f.timeout_ns);
}
