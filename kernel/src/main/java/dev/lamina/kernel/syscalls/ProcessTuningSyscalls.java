package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.abi.Syscalls;
import dev.lamina.kernel.channel.Args;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.proc.Capabilities;
import dev.lamina.kernel.proc.Credentials;
import dev.lamina.kernel.proc.GuestProcess;
import dev.lamina.kernel.proc.ProcessTable;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Another task's limits and scheduling: prlimit64, setpriority, getpriority, ioprio_set, ioprio_get and the
 * sched_set* calls that name a task other than the caller, or a process group or a user. Every process of a
 * container is the same host user, so the host would let any of them change any process of that user (the
 * engine's JVM, other containers, the host's): the container's seccomp filter lets guest code make these
 * calls on itself alone (process_filter.c), and the init host sends the rest here (host_pids.c). The kernel
 * applies Linux's rules in the container's ids (check_prlimit_permission, set_one_prio, check_same_owner,
 * set_task_ioprio), then makes the call on its thread without capabilities, where the host judges what is
 * left (a hard limit raised, a lower nice, a real-time policy) as it would for the init host.
 */
final class ProcessTuningSyscalls {
    private ProcessTuningSyscalls() {}

    static void register(SyscallTable table) {
        table.on(Syscalls.PRLIMIT64, ProcessTuningSyscalls::prlimit);
        table.on(Syscalls.SETPRIORITY, (t, a, out) -> setpriority(t, a.intArg("which"), a.intArg("who"), a.intArg("niceval")));
        table.on(Syscalls.GETPRIORITY, (t, a, out) -> getpriority(t, a.intArg("which"), a.intArg("who")));
        table.on(Syscalls.IOPRIO_SET, (t, a, out) -> ioprioSet(t, a.intArg("which"), a.intArg("who"), a.intArg("ioprio")));
        table.on(Syscalls.IOPRIO_GET, (t, a, out) -> ioprioGet(t, a.intArg("which"), a.intArg("who")));
        table.on(Syscalls.SCHED_SETAFFINITY, (t, a, out) -> {
            byte[] mask = a.fixed("user_mask_ptr");
            long len = Math.min(a.arg("len") & 0xffffffffL, mask.length);
            return onTask(t, a.intArg("pid"), ProcessTuningSyscalls::sameOwner,
                    (h, host) -> h.syscall(Sysno.SCHED_SETAFFINITY, host, len, copy(h, mask)));
        });
        table.on(Syscalls.SCHED_SETSCHEDULER, (t, a, out) -> {
            byte[] param = a.fixed("param");
            if (param.length == 0 || a.intArg("pid") < 0) return -Errno.EINVAL;
            return onTask(t, a.intArg("pid"), ProcessTuningSyscalls::sameOwner,
                    (h, host) -> h.syscall(Sysno.SCHED_SETSCHEDULER, host, a.intArg("policy"), copy(h, param)));
        });
        table.on(Syscalls.SCHED_SETPARAM, (t, a, out) -> {
            byte[] param = a.fixed("param");
            if (param.length == 0 || a.intArg("pid") < 0) return -Errno.EINVAL;
            return onTask(t, a.intArg("pid"), ProcessTuningSyscalls::sameOwner,
                    (h, host) -> h.syscall(Sysno.SCHED_SETPARAM, host, copy(h, param)));
        });
        // The init host sends the guest's struct as the size it names, up to the one the channel carries.
        table.on(Syscalls.SCHED_SETATTR, (t, a, out) -> {
            byte[] attr = a.fixed("uattr");
            if (attr.length == 0 || a.intArg("pid") < 0 || a.arg("flags") != 0) return -Errno.EINVAL;
            // Its size at most the channel's: a forged larger one would have the host read past the copy.
            ByteBuffer size = ByteBuffer.wrap(attr).order(ByteOrder.LITTLE_ENDIAN);
            size.putInt(0, (int) Math.min(Integer.toUnsignedLong(size.getInt(0)), Flags.SCHED_ATTR_SIZE_VER1));
            return onTask(t, a.intArg("pid"), ProcessTuningSyscalls::sameOwner,
                    (h, host) -> h.syscall(Sysno.SCHED_SETATTR, host, copy(h, attr), 0));
        });
    }

    /** A host call on a task, given its host id, made on the kernel's thread without capabilities. */
    private interface OnTask {
        long call(HostCalls h, int host);
    }

    /** A task of the container: its host id and whose it is. */
    private record Target(int host, Credentials owner) {}

    /** The task a guest id names: a process (its main thread) or a thread of the caller's own process; null for none. */
    private static Target target(Task t, int id) {
        ProcessTable table = t.kernel().processes();
        GuestProcess p = table.get(id);
        if (p == null) p = table.ownerOfTid(id) == t.process() ? t.process() : null;
        if (p == null || p.hostOnceStarted() == null) return null;
        int host = table.hostTid(id);
        return host > 0 ? new Target(host, p.credentials()) : null;
    }

    private static long onTask(Task t, int id, Rule may, OnTask call) {
        Target to = target(t, id);
        if (to == null) return -Errno.ESRCH;
        if (!may.allows(t.process().credentials(), to.owner())) return -Errno.EPERM;
        return t.kernel().withoutCapabilities().run(h -> call.call(h, to.host()));
    }

    private interface Rule {
        boolean allows(Credentials from, Credentials to);
    }

    /** check_prlimit_permission: the target's real, effective and saved ids all the caller's real ones, or CAP_SYS_RESOURCE. */
    private static boolean mayLimit(Credentials from, Credentials to) {
        return from.capable(Capabilities.SYS_RESOURCE)
                || from.ruid() == to.ruid() && from.ruid() == to.euid() && from.ruid() == to.suid()
                && from.rgid() == to.rgid() && from.rgid() == to.egid() && from.rgid() == to.sgid();
    }

    /** set_one_prio_perm and check_same_owner: the caller's effective uid the target's real or effective one, or CAP_SYS_NICE. */
    private static boolean sameOwner(Credentials from, Credentials to) {
        return from.capable(Capabilities.SYS_NICE) || from.euid() == to.euid() || from.euid() == to.ruid();
    }

    /** set_task_ioprio: the target's real uid the caller's real or effective one, or CAP_SYS_NICE. */
    private static boolean mayIoprio(Credentials from, Credentials to) {
        return from.capable(Capabilities.SYS_NICE) || to.ruid() == from.euid() || to.ruid() == from.ruid();
    }

    private static long copy(HostCalls h, byte[] bytes) {
        MemorySegment m = h.scratch(Math.max(bytes.length, 1));
        MemorySegment.copy(bytes, 0, m, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return m.address();
    }

    private static final int RLIMIT_SIZE = 16;

    private static long prlimit(Task t, Args a, Reply out) {
        byte[] want = a.fixed("new_rlim");
        boolean old = a.arg("old_rlim") != 0;
        int resource = a.intArg("resource");
        Target to = target(t, a.intArg("pid"));
        if (to == null) return -Errno.ESRCH;
        if (!mayLimit(t.process().credentials(), to.owner())) return -Errno.EPERM;
        if (resource < 0 || resource >= Flags.RLIMIT_COUNT) return -Errno.EINVAL;
        byte[] got = new byte[RLIMIT_SIZE];
        long r = t.kernel().withoutCapabilities().run(h -> {
            MemorySegment before = h.scratch(RLIMIT_SIZE), limit = want.length == 0 ? null : h.scratch(RLIMIT_SIZE);
            if (limit != null) {
                MemorySegment.copy(want, 0, limit, ValueLayout.JAVA_BYTE, 0, RLIMIT_SIZE);
                long cur = limit.get(ValueLayout.JAVA_LONG, 0), max = limit.get(ValueLayout.JAVA_LONG, 8);
                if (Long.compareUnsigned(cur, max) > 0) return -Errno.EINVAL;
                // The init host's own descriptors above the guest's (fd_limit.c) keep their room under the hard limit.
                if (resource == Flags.RLIMIT_NOFILE && h.syscall(Sysno.PRLIMIT64, to.host(), resource, 0, before.address()) == 0) {
                    long keep = Math.min(Protocol.FD_EXTRA_FIRST + Protocol.FD_EXTRA_COUNT, before.get(ValueLayout.JAVA_LONG, 8));
                    keep = Math.max(keep, Protocol.CHANNEL_FD + 1);
                    if (Long.compareUnsigned(max, keep) < 0) limit.set(ValueLayout.JAVA_LONG, 8, keep);
                }
            }
            long done = h.syscall(Sysno.PRLIMIT64, to.host(), resource, limit == null ? 0 : limit.address(), before.address());
            if (done == 0) MemorySegment.copy(before, ValueLayout.JAVA_BYTE, 0, got, 0, RLIMIT_SIZE);
            return done;
        });
        if (r == 0 && old) out.item(got);
        return r;
    }

    /** The tasks of a process group (0: the caller's), or of a user by real uid (0: the caller's), as Linux walks them. */
    private static List<Target> tasksOf(Task t, int which, int who, int group, int user) {
        HostCalls h = t.host();
        Predicate<GuestProcess> member;
        if (which == group) {
            long pgid = who == 0 ? h.syscall(Sysno.GETPGID, t.process().hostPid()) : hostPgid(t, who);
            if (pgid <= 0) return List.of();
            member = p -> h.syscall(Sysno.GETPGID, p.hostPid()) == pgid;
        } else {
            int uid = who == 0 ? t.process().credentials().ruid() : who;
            member = p -> p.credentials().ruid() == uid;
        }
        List<Target> tasks = new ArrayList<>();
        for (GuestProcess p : t.kernel().processes().all()) {
            if (p.hostOnceStarted() == null || !member.test(p)) continue;
            tasks.add(new Target(p.hostPid(), p.credentials()));
            for (int hostTid : p.threads().values())
                if (hostTid > 0) tasks.add(new Target(hostTid, p.credentials()));
        }
        return tasks;
    }

    /** A guest process group's host id: its leader's, or the one it had if it has ended (members remain). */
    private static long hostPgid(Task t, int pgid) {
        GuestProcess leader = t.kernel().processes().get(pgid);
        if (leader != null) return leader.hostPid();
        int host = t.kernel().processes().endedHost(pgid);
        return host > 0 ? host : -Errno.ESRCH;
    }

    /** setpriority: set_one_prio on each task named, the first error kept, ESRCH when none is. */
    private static long setpriority(Task t, int which, int who, int nice) {
        if (which == Flags.PRIO_PROCESS)
            return onTask(t, who, ProcessTuningSyscalls::sameOwner, (h, host) -> h.syscall(Sysno.SETPRIORITY, Flags.PRIO_PROCESS, host, nice));
        if (which != Flags.PRIO_PGRP && which != Flags.PRIO_USER) return -Errno.EINVAL;
        long error = -Errno.ESRCH;
        Credentials from = t.process().credentials();
        for (Target to : tasksOf(t, which, who, Flags.PRIO_PGRP, Flags.PRIO_USER)) {
            if (!sameOwner(from, to.owner())) {
                error = -Errno.EPERM;
                continue;
            }
            long r = t.kernel().withoutCapabilities().run(h -> h.syscall(Sysno.SETPRIORITY, Flags.PRIO_PROCESS, to.host(), nice));
            if (r < 0) error = r;
            else if (error == -Errno.ESRCH) error = 0;
        }
        return error;
    }

    /** getpriority: the highest priority (20 - nice, as the call returns it) of the tasks named. */
    private static long getpriority(Task t, int which, int who) {
        HostCalls h = t.host();
        if (which == Flags.PRIO_PROCESS) {
            Target to = target(t, who);
            return to == null ? -Errno.ESRCH : h.syscall(Sysno.GETPRIORITY, Flags.PRIO_PROCESS, to.host());
        }
        if (which != Flags.PRIO_PGRP && which != Flags.PRIO_USER) return -Errno.EINVAL;
        long best = -Errno.ESRCH;
        for (Target to : tasksOf(t, which, who, Flags.PRIO_PGRP, Flags.PRIO_USER))
            best = Math.max(best, h.syscall(Sysno.GETPRIORITY, Flags.PRIO_PROCESS, to.host()));
        return best;
    }

    /** ioprio_set: set_task_ioprio on each task named, stopping at the first error. */
    private static long ioprioSet(Task t, int which, int who, int ioprio) {
        if (which == Flags.IOPRIO_WHO_PROCESS)
            return onTask(t, who, ProcessTuningSyscalls::mayIoprio,
                    (h, host) -> h.syscall(Sysno.IOPRIO_SET, Flags.IOPRIO_WHO_PROCESS, host, ioprio));
        if (which != Flags.IOPRIO_WHO_PGRP && which != Flags.IOPRIO_WHO_USER) return -Errno.EINVAL;
        long r = -Errno.ESRCH;
        Credentials from = t.process().credentials();
        for (Target to : tasksOf(t, which, who, Flags.IOPRIO_WHO_PGRP, Flags.IOPRIO_WHO_USER)) {
            if (!mayIoprio(from, to.owner())) return -Errno.EPERM;
            r = t.kernel().withoutCapabilities().run(h -> h.syscall(Sysno.IOPRIO_SET, Flags.IOPRIO_WHO_PROCESS, to.host(), ioprio));
            if (r != 0) return r;
        }
        return r;
    }

    /** ioprio_get: a task's, or the best of a group's or a user's (ioprio_best: a task with none counts as best effort 4). */
    private static long ioprioGet(Task t, int which, int who) {
        HostCalls h = t.host();
        if (which == Flags.IOPRIO_WHO_PROCESS) {
            Target to = target(t, who);
            return to == null ? -Errno.ESRCH : h.syscall(Sysno.IOPRIO_GET, Flags.IOPRIO_WHO_PROCESS, to.host());
        }
        if (which != Flags.IOPRIO_WHO_PGRP && which != Flags.IOPRIO_WHO_USER) return -Errno.EINVAL;
        long best = -Errno.ESRCH;
        for (Target to : tasksOf(t, which, who, Flags.IOPRIO_WHO_PGRP, Flags.IOPRIO_WHO_USER)) {
            long p = h.syscall(Sysno.IOPRIO_GET, Flags.IOPRIO_WHO_PROCESS, to.host());
            if (p < 0) continue;
            best = best == -Errno.ESRCH ? p : Math.min(orDefault(best), orDefault(p));
        }
        return best;
    }

    /** IOPRIO_DEFAULT (best effort, its normal level) for a priority of no class. */
    private static long orDefault(long ioprio) {
        return (ioprio >> Flags.IOPRIO_CLASS_SHIFT) == 0 ? Flags.IOPRIO_CLASS_BE << Flags.IOPRIO_CLASS_SHIFT | Flags.IOPRIO_BE_NORM : ioprio;
    }
}
