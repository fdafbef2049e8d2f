package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.Confinement;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.ProcessDefaults;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.abi.Syscalls;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.channel.Request;
import dev.lamina.kernel.proc.Capabilities;
import dev.lamina.kernel.proc.Credentials;
import dev.lamina.kernel.proc.ExecPlan;
import dev.lamina.kernel.net.UnixConnections;
import dev.lamina.kernel.proc.GuestProcess;
import dev.lamina.kernel.proc.HostProcess;
import dev.lamina.kernel.proc.ProcessTable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/** Processes and threads: exec plans, fork and thread bookkeeping, pid
 * translation for waits, and signals sent by pid. */
final class ProcessSyscalls {
    /** An auxiliary vector's entry (type and value), and the most /proc/PID/auxv keeps (Linux's AT_VECTOR_SIZE is 50 words). */
    private static final int AUXV_ENTRY = 16, AUXV_MAX = 64 * AUXV_ENTRY;
    private ProcessSyscalls() {}

    static void register(SyscallTable table) {
        table.onOp(Protocol.OP_EXEC_PLAN, ProcessSyscalls::execPlan);
        table.onOp(Protocol.OP_EXEC, ProcessSyscalls::execve);
        table.onOp(Protocol.OP_FORK, ProcessSyscalls::fork);
        table.onOp(Protocol.OP_FORKED, ProcessSyscalls::forked);
        table.onOp(Protocol.OP_THREAD, (t, r, out) -> {
            if (overProcessLimit(t)) return -Errno.EAGAIN;
            int tid = t.kernel().processes().newThread(t.process(), t.kernel().limits().pids(), t.host());
            if (tid < 0) return -Errno.EAGAIN; // --pids-limit: as the pids cgroup refuses a clone
            t.process().threadCreatedBy(t.tid(), tid);
            t.kernel().serve(t.process(), tid, r.fd());
            return tid;
        });
        table.onOp(Protocol.OP_THREAD_STARTED, (t, r, out) -> {
            if (r.arg(1) > 0) t.kernel().processes().threadStarted(t.process(), r.intArg(0), r.intArg(1));
            return 0;
        });
        table.onOp(Protocol.OP_HOST_PID, (t, r, out) -> {
            GuestProcess p = t.kernel().processes().get(r.intArg(0));
            if (p == null && r.intArg(1) == Protocol.HOST_PID_GROUP) {
                // The host checks that such a group is the caller's session's (setpgid, tcsetpgrp) or
                // the caller's child's (wait4): a host pid reused since names no group of the container's.
                int host = t.kernel().processes().endedHost(r.intArg(0));
                return host > 0 ? host : -Errno.ESRCH;
            }
            if (p == null) {
                // A thread id (sched_setaffinity, sched_getattr, ... name threads): of the caller's own
                // process only, whose host tids are its own word (THREAD_STARTED), never another's.
                if (t.kernel().processes().ownerOfTid(r.intArg(0)) != t.process()) return -Errno.ESRCH;
                int hostTid = t.kernel().processes().hostTid(r.intArg(0));
                return hostTid > 0 ? hostTid : -Errno.ESRCH;
            }
            HostProcess host = p.hostOnceStarted();
            return host == null ? -Errno.ESRCH : p.hostPid();
        });
        table.onOp(Protocol.OP_GUEST_PID, (t, r, out) -> {
            if (!(r.fd() >= 0 && r.intArg(0) == ProcessHandle.current().pid())) return guestPid(t, r.intArg(0), r.intArg(1));
            UnixConnections.Peer peer = t.kernel().unixConnections().peerOf(t.host(), r.fd());
            return peer == null ? 0 : peer.pid();
        });
        table.onOp(Protocol.OP_REAPED, ProcessSyscalls::reaped);
        table.onOp(Protocol.OP_ARGS, (t, r, out) -> {
            boolean area = r.arg(0) != 0 || r.arg(1) != 0 || r.arg(2) != 0;
            if (area && (r.arg(0) <= 0 || r.arg(1) <= r.arg(0) || r.arg(2) < r.arg(1))) return -Errno.EINVAL;
            byte[] auxv = r.items().size() == 1 ? r.items().getFirst() : null;
            if (auxv == null || auxv.length % AUXV_ENTRY != 0 || auxv.length > AUXV_MAX) return -Errno.EINVAL;
            if (area) t.process().argArea(new dev.lamina.kernel.proc.ArgArea(r.arg(0), r.arg(1), r.arg(2)));
            t.process().auxv(auxv);
            return 0;
        });
        table.onOp(Protocol.OP_PEER_ID, ProcessSyscalls::peerId);
        table.onOp(Protocol.OP_STRICT_VIOLATION, (t, r, out) -> {
            t.kernel().strictViolation("process " + t.process().pid() + " made system call " + r.arg(0)
                    + " at 0x" + Long.toHexString(r.arg(1)) + " without musl+");
            return 0;
        });
        table.on(Syscalls.GETPPID, (t, a, out) -> t.kernel().processes().parentOf(t.process(), t.host()));
        table.on(Syscalls.UMASK, (t, a, out) -> {
            int old = t.fs().umask();
            t.fs().umask(a.intArg("mask"));
            return old;
        });
        table.on(Syscalls.KILL, (t, a, out) -> kill(t, a.intArg("pid"), a.intArg("sig")));
        table.on(Syscalls.TKILL, (t, a, out) -> tgkill(t, -1, a.intArg("tid"), a.intArg("sig")));
        table.on(Syscalls.TGKILL, (t, a, out) -> tgkill(t, a.intArg("tgid"), a.intArg("tid"), a.intArg("sig")));
    }

    private static long execPlan(Task t, Request r, Reply out) {
        GuestProcess p = t.process();
        GuestProcess.PendingExec pending = p.takeExec();
        if (pending == null) return -Errno.ENOEXEC;
        ExecPlan plan = pending.plan();
        int fd = pending.program(); // opened when the execve checked it
        if (pending.asked() && privileged(plan, p.credentials())
                && (pending.startStack() == 0 || p.host() == null || p.host().startStack(t.host()) == pending.startStack())) {
            t.host().syscall(Sysno.CLOSE, fd);
            return -Errno.EPERM; // asked before any exec: a forged execve's plan, which would give the old program the new one's ids
        }
        out.fd(fd, true);
        t.kernel().processes().execed(p);
        p.execed(pending.fs());
        t.kernel().ipc().execed(p.pid(), t.host());
        // begin_new_exec: dumpable again if the old ids are the real ones and the program is readable (would_dump);
        // then the new ids take effect (past the point of no return), which clear it again if they differ.
        var old = p.credentials();
        p.dumpable(old.euid() == old.ruid() && old.egid() == old.rgid() && plan.readable());
        p.credentials(plan.credentials(old));
        byte[] fixed = new byte[Protocol.PLAN_SIZE];
        MemorySegment m = MemorySegment.ofArray(fixed);
        var c = p.credentials();
        Confinement confine = t.kernel().guestConfinement();
        List<Integer> bind = confine.bindPorts() == null ? List.of() : confine.bindPorts();
        List<Integer> connect = confine.connectPorts() == null ? List.of() : confine.connectPorts();
        int flags = (t.kernel().config().compat() ? Protocol.PLAN_COMPAT : 0) | (p.pid() == 1 ? Protocol.PLAN_SUBREAPER : 0)
                | (p.leadsTerminal() ? Protocol.PLAN_TERMINAL : 0)
                | (confine.on() ? Protocol.PLAN_CONFINE : 0)
                | (confine.on() && confine.bindPorts() != null ? Protocol.PLAN_CONFINE_BIND_TCP : 0)
                | (confine.on() && confine.connectPorts() != null ? Protocol.PLAN_CONFINE_CONNECT_TCP : 0)
                | (t.kernel().config().ports().ownSpace() ? Protocol.PLAN_PORTS : 0)
                | (t.kernel().ports().isolated() ? Protocol.PLAN_ISOLATED : 0)
                | (t.kernel().runtimeFiles().darwinRules() ? Protocol.PLAN_DARWIN_RULES : 0)
                | (c.euid() != c.ruid() || c.egid() != c.rgid() ? Protocol.PLAN_SECURE : 0);
        int[][] fields = {{Protocol.PLAN_ARGC, plan.argv().size()}, {Protocol.PLAN_ENVC, plan.envp().size()},
                {Protocol.PLAN_PID, p.pid()}, {Protocol.PLAN_RUID, c.ruid()}, {Protocol.PLAN_EUID, c.euid()},
                {Protocol.PLAN_RGID, c.rgid()}, {Protocol.PLAN_EGID, c.egid()}, {Protocol.PLAN_HOST_UID, t.kernel().hostUid()},
                {Protocol.PLAN_HOST_GID, t.kernel().hostGid()}, {Protocol.PLAN_FLAGS, flags}};
        for (int[] f : fields) m.set(ValueLayout.JAVA_INT_UNALIGNED, f[0], f[1]);
        m.set(ValueLayout.JAVA_SHORT_UNALIGNED, Protocol.PLAN_NBIND, (short) bind.size());
        m.set(ValueLayout.JAVA_SHORT_UNALIGNED, Protocol.PLAN_NCONNECT, (short) connect.size());
        // Set by a process the kernel starts only (the init host knows it is one); an execve keeps its own.
        List<ProcessDefaults.Rlimit> rlimits = t.kernel().config().processDefaults().rlimits();
        m.set(ValueLayout.JAVA_SHORT_UNALIGNED, Protocol.PLAN_NRLIMIT, (short) rlimits.size());
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Protocol.PLAN_PROC_DEV, t.kernel().procfs().rootDev());
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Protocol.PLAN_PROC_INO, t.kernel().procfs().rootIno());
        long[] dev = t.kernel().devices().rootId();
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Protocol.PLAN_DEV_DEV, dev[0]);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, Protocol.PLAN_DEV_INO, dev[1]);
        out.item(fixed).item(Kernel.cstring(plan.execfn()));
        for (String a : plan.argv()) out.item(Kernel.cstring(a));
        for (String e : plan.envp()) out.item(Kernel.cstring(e));
        if (!bind.isEmpty() || !connect.isEmpty()) {
            MemorySegment ports = MemorySegment.ofArray(new byte[2 * (bind.size() + connect.size())]);
            int at = 0;
            for (int port : bind) ports.set(ValueLayout.JAVA_SHORT_UNALIGNED, 2L * at++, (short) port);
            for (int port : connect) ports.set(ValueLayout.JAVA_SHORT_UNALIGNED, 2L * at++, (short) port);
            out.item(ports.toArray(ValueLayout.JAVA_BYTE));
        }
        if (!rlimits.isEmpty()) {
            MemorySegment limits = MemorySegment.ofArray(new byte[Protocol.RLIMIT_SIZE * rlimits.size()]);
            for (int i = 0; i < rlimits.size(); i++) {
                ProcessDefaults.Rlimit l = rlimits.get(i);
                long at = (long) Protocol.RLIMIT_SIZE * i;
                limits.set(ValueLayout.JAVA_INT_UNALIGNED, at + Protocol.RLIMIT_RESOURCE, l.resource());
                limits.set(ValueLayout.JAVA_LONG_UNALIGNED, at + Protocol.RLIMIT_CUR, l.soft());
                limits.set(ValueLayout.JAVA_LONG_UNALIGNED, at + Protocol.RLIMIT_MAX, l.hard());
            }
            out.item(limits.toArray(ValueLayout.JAVA_BYTE));
        }
        int interp = Interpreter.open(t, fd);
        if (interp >= 0) out.fd(interp, true);
        return 0;
    }

    /**
     * An execve's plan, kept for the new init host on the channel that came along (served from now on as
     * the process's main one). When the caller is the process's only thread and the program leaves its ids
     * and capabilities as they are, the plan is sent on that channel at once, while the host execs the new
     * init host, which then finds it there (1: one round trip fewer on every exec). Otherwise it waits for
     * the new init host to ask (0), once the old program's threads are gone: none of them can take the plan
     * and its program's descriptor (an execute-only file's) off the channel, nor act with ids it changes.
     */
    private static long execve(Task t, Request r, Reply out) {
        if (r.fd() < 0) return -Errno.EINVAL;
        String path = r.string(0);
        int argc = r.intArg(1), envc = r.intArg(2);
        if (path == null || r.items().size() != 1 + argc + envc) return -Errno.EFAULT;
        List<String> argv = new java.util.ArrayList<>(argc);
        for (int i = 0; i < argc; i++) argv.add(r.string(1 + i));
        if (argv.isEmpty()) argv.add(""); // as Linux 5.18 on: no program starts with argc 0
        List<String> envp = new java.util.ArrayList<>(envc);
        for (int i = 0; i < envc; i++) envp.add(r.string(1 + argc + i));
        if (tooLarge(t, r, argc, envc)) return -Errno.E2BIG;
        if (t.process().nprocExceeded()) {
            if (pastProcessLimit(t, t.process().credentials().ruid())) return -Errno.EAGAIN;
            t.process().nprocExceeded(false);
        }
        ExecResolver.Prepared prepared = ExecResolver.plan(t, path, argv, envp);
        ExecPlan plan = prepared.plan();
        boolean privileged = privileged(plan, t.process().credentials());
        HostProcess host = privileged ? t.process().hostOnceStarted() : null; // a vfork's child may ask before its parent's report
        t.process().prepareExec(new GuestProcess.PendingExec(plan, prepared.program(), true,
                host != null ? host.startStack(t.host()) : 0, t.fs()), t.host());
        boolean sent = t.process().threads().isEmpty() && !privileged;
        t.kernel().serve(t.process(), t.process().pid(), r.fd(), sent ? Protocol.OP_EXEC_PLAN : 0);
        return sent ? 1 : 0;
    }

    /**
     * Whether a plan gives more than the caller has: other ids or capabilities (a set-user-ID or set-group-ID
     * program, root's exec), or a program the caller may not read (its descriptor comes with the plan). Such a
     * plan is served only once the host process has exec'd (the new init host asks for it), never to the old
     * program: a guest can forge the execve request, and ask for the plan on its own channel.
     */
    private static boolean privileged(ExecPlan plan, Credentials c) {
        return !plan.readable() || !plan.credentials(c).equals(c);
    }

    /**
     * RLIMIT_NPROC as Linux's fork and clone check it: a real user other than root, without
     * CAP_SYS_RESOURCE or CAP_SYS_ADMIN, that holds as many tasks as its limit gets EAGAIN. Its tasks
     * are counted in the container (the host's count is the host user's, and root's is not checked).
     */
    private static boolean overProcessLimit(Task t) {
        Credentials c = t.process().credentials();
        if (c.ruid() == 0 || c.caps().has(Capabilities.SYS_RESOURCE) || c.caps().has(Capabilities.SYS_ADMIN)) return false;
        long soft = processLimit(t);
        return soft >= 0 && t.kernel().processes().atUserLimit(c.ruid(), soft, t.host());
    }

    /**
     * Whether real user {@code uid} holds more tasks than the caller's RLIMIT_NPROC, as Linux's set*uid
     * (with the caller not yet counted as that user) and execve ask (flag_nproc_exceeded, is_rlimit_overlimit).
     */
    static boolean pastProcessLimit(Task t, int uid) {
        if (uid == 0) return false;
        long soft = processLimit(t);
        return soft >= 0 && soft < Long.MAX_VALUE && t.kernel().processes().atUserLimit(uid, soft + 1, t.host());
    }

    /** The caller's soft RLIMIT_NPROC (the host process holds it), or -1 for none. A child just forked may
     * ask before its parent has reported it (a setuid at once; it was taken as having no limit). */
    private static long processLimit(Task t) {
        HostProcess host = t.process().hostOnceStarted();
        if (host == null) return -1;
        try {
            MemorySegment rlim = t.host().scratch(16);
            if (t.host().syscall(Sysno.PRLIMIT64, host.pid(), Flags.RLIMIT_NPROC, 0, rlim.address()) != 0) return -1;
            return rlim.get(ValueLayout.JAVA_LONG, 0); // RLIM_INFINITY reads as negative
        } finally {
            t.host().release();
        }
    }

    /** Linux's _STK_LIM / 4 * 3: the most all strings may take, whatever the stack limit. */
    private static final long MAX_ARG_BYTES = (8L << 20) / 4 * 3;

    /**
     * Whether an execve's strings (the path, arguments and environment, NULs included) and their pointers
     * pass Linux's bounds (fs/exec.c, bprm_stack_limits and copy_strings): each string at most
     * MAX_ARG_STRLEN, all of them at most a quarter of the caller's stack limit (no more than 6 MiB, no less
     * than 32 pages). The call then fails with E2BIG, as on Linux, before anything of the exec is done; the new
     * init host found them too large only once the old program was gone, and the process ended with 126.
     */
    private static boolean tooLarge(Task t, Request r, int argc, int envc) {
        long bytes = 0;
        for (int i = 0; i < 1 + argc + envc; i++) {
            int n = r.bytes(i).length;
            if (n > Flags.MAX_ARG_STRLEN) return true;
            bytes += n;
        }
        long pointers = (long) (Math.max(argc, 1) + envc) * 8;
        if (bytes + pointers < Flags.MAX_ARG_STRLEN) return false; // under the least bound: no stack limit to ask
        long limit = MAX_ARG_BYTES;
        HostProcess host = t.process().host();
        if (host != null) {
            MemorySegment rlim = t.host().scratch(16);
            if (t.host().syscall(Sysno.PRLIMIT64, host.pid(), Flags.RLIMIT_STACK, 0, rlim.address()) == 0)
                limit = Math.min(limit, Long.divideUnsigned(rlim.get(ValueLayout.JAVA_LONG, 0), 4));
            t.host().release();
        }
        limit = Math.max(limit, Flags.MAX_ARG_STRLEN);
        return limit <= pointers || bytes > limit - pointers;
    }

    private static long fork(Task t, Request r, Reply out) {
        if (r.fd() < 0) return -Errno.EINVAL;
        if (overProcessLimit(t)) return -Errno.EAGAIN;
        ProcessTable table = t.kernel().processes();
        GuestProcess parent = t.process();
        GuestProcess child = table.forked(parent, t.kernel().limits().pids(), t.host());
        if (child == null) return -Errno.EAGAIN; // --pids-limit: as the pids cgroup refuses a fork
        child.inherit(parent, t.tid());
        parent.nprocExceeded(false); // as Linux's copy_process, once its check passed
        t.kernel().ipc().forked(parent.pid(), child.pid());
        t.kernel().serve(child, child.pid(), r.fd());
        return child.pid();
    }

    /**
     * The outcome of a fork announced with FORK: a pidfd of the child, or
     * none when the fork failed. The pidfd is believed only when its process
     * is a child of the caller's own host process (a forged one could name
     * any process on the machine, which a later kill would then signal).
     */
    private static long forked(Task t, Request r, Reply out) {
        ProcessTable table = t.kernel().processes();
        GuestProcess child = table.get(r.intArg(0));
        int pidfd = r.fd();
        if (child == null || child.parentPid() != t.process().pid() || child.state() != GuestProcess.State.STARTING) {
            if (pidfd >= 0) t.host().syscall(Sysno.CLOSE, pidfd);
            return -Errno.ESRCH;
        }
        if (pidfd < 0) {
            table.remove(child, t.host());
            return 0;
        }
        try {
            HostProcess parent = t.process().awaitHost(PARENT_WAIT_MILLIS);
            if (parent == null) {
                t.host().syscall(Sysno.CLOSE, pidfd);
                return refuseFork(t, child, "its own host process is unknown");
            }
            HostProcess host = HostProcess.adoptChild(t.host(), pidfd, parent.pid());
            if (table.attach(child, host, t.host())) {
                // Attached before the look: a close that began after it finds the child in its kill list.
                if (t.kernel().closing()) host.signal(t.host(), Flags.SIGKILL);
                return 0;
            }
            host.close(t.host());
            return refuseFork(t, child, "host process " + host.pid() + " is already another guest process");
        } catch (HostProcess.Refused e) {
            // A child the host reaped before its parent told of it (SIGCHLD ignored, or another thread's wait): gone, not forged.
            if (e.reaped()) {
                gone(table, child, t);
                return 0;
            }
            return refuseFork(t, child, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            t.host().syscall(Sysno.CLOSE, pidfd);
            return refuseFork(t, child, "interrupted");
        }
    }

    /** A new process forks before its parent's FORKED has told the kernel who it is: wait that long for it. */
    private static final long PARENT_WAIT_MILLIS = 5_000;

    private static long refuseFork(Task t, GuestProcess child, String why) {
        System.err.println("lamina: refused the child of process " + t.process().pid() + ": " + why);
        t.kernel().processes().remove(child, t.host());
        return -Errno.EPERM;
    }

    /** A wait result: believed only when the pidfd shows the process has ended. */
    private static long reaped(Task t, Request r, Reply out) {
        ProcessTable table = t.kernel().processes();
        GuestProcess p = table.byHost(r.intArg(0));
        if (p == null) return 0;
        int status = r.intArg(1);
        if (!Flags.stoppedOrContinued(status)) {
            if (!p.host().ended(t.host())) {
                System.err.println("lamina: process " + t.process().pid() + " reported process " + p.pid()
                        + " reaped while it runs; refused");
                return -Errno.EPERM;
            }
            p.exited(status);
            gone(table, p, t);
        }
        return p.pid();
    }

    /** A process reaped: out of the table, its children pid 1's. */
    private static void gone(ProcessTable table, GuestProcess p, Task t) {
        // Its channels may not all have been seen to close yet: the reaper's next call must find its
        // segments detached and its semaphore adjustments applied, as on Linux.
        t.kernel().ipc().exited(p.pid(), t.host());
        table.remove(p, t.host());
        table.orphansOf(p);
    }

    /**
     * One id of a peer (SO_PEERCRED) or a message's sender (SCM_CREDENTIALS), as the container sees it: on the
     * host every guest is the host's user, so the kernel names the container's own live processes and leaves the
     * others to the init host (-ESRCH), which shows the host's user as the overflow id, not root. A process gone is
     * not named by its host pid, which another process, of this container or another, may have taken since.
     */
    private static long peerId(Task t, Request r, Reply out) {
        int which = r.intArg(1), hostPid = r.intArg(2);
        if (which < Protocol.PEER_EUID || which > Protocol.PEER_RGID) return -Errno.EINVAL;
        Credentials c;
        if (hostPid == ProcessHandle.current().pid()) {
            // A datagram the kernel sent for a guest: its ids, as they were at the send, are the ones it carries.
            if (r.fd() < 0) return UnixDatagrams.SENDS_GUEST_IDS ? Integer.toUnsignedLong(r.intArg(0)) : Protocol.OVERFLOW_ID;
            // A connection the kernel made.
            UnixConnections.Peer made = t.kernel().unixConnections().peerOf(t.host(), r.fd());
            if (made == null) return Protocol.OVERFLOW_ID;
            return Integer.toUnsignedLong(which == Protocol.PEER_EUID || which == Protocol.PEER_RUID ? made.uid() : made.gid());
        } else if (hostPid > 0) {
            GuestProcess sender = t.kernel().processes().byHost(hostPid);
            if (sender == null) return -Errno.ESRCH;
            c = sender.credentials();
        } else {
            // A pid of the container's that names no process now (it ended).
            GuestProcess peer = t.kernel().processes().get(r.intArg(0));
            if (peer == null) return r.intArg(0) > 0 ? Protocol.OVERFLOW_ID : -Errno.ESRCH;
            c = peer.credentials();
        }
        return Integer.toUnsignedLong(switch (which) {
            case Protocol.PEER_EUID -> c.euid();
            case Protocol.PEER_EGID -> c.egid();
            case Protocol.PEER_RUID -> c.ruid();
            default -> c.rgid();
        });
    }

    /** The guest pid of a host pid in a result (0 for a process outside the container). A signal
     * (sig > 0) whose sender is this JVM was sent for a guest: that guest is its sender. */
    private static long guestPid(Task t, int hostPid, int sig) {
        if (sig > 0 && sig <= Flags.NSIG && hostPid == ProcessHandle.current().pid()) return t.process().signalSender(sig);
        ProcessTable table = t.kernel().processes();
        int pid = table.guestId(hostPid);
        // A child one thread forks can end, and another thread see its SIGCHLD, before the forking
        // thread has reported it: the caller's children still starting are waited for, then it is named.
        if (pid == 0 && hostPid > 0 && table.awaitStartingChildren(t.process())) pid = table.guestId(hostPid);
        return pid;
    }

    private static long hostKill(Task t, GuestProcess p, int sig) {
        HostProcess host = p.hostOnceStarted();
        if (host == null || p.state() != GuestProcess.State.RUNNING) return -Errno.ESRCH;
        if (!mayKill(t, p)) return -Errno.EPERM;
        // Like a pid namespace's init, pid 1 gets from inside the container
        // no signal it would die of.
        if (p.pid() == 1 && sig != 0 && !initTakes(p, sig)) return 0;
        if (sig != 0) p.signalledBy(sig, t.process().pid());
        return host.signal(t.host(), t.kernel().runtimeFiles().arch().hostSignal(sig));
    }

    /**
     * Whether pid 1 may be sent sig from inside the container: not SIGKILL or SIGSTOP, as
     * for a namespace's init. The others its init host ignores on the host while the guest
     * leaves them at their default, so the host drops them or keeps them pending as Linux
     * would; what it neither catches, blocks nor ignores (a fault signal at its default)
     * would end it, so it is not sent.
     */
    private static boolean initTakes(GuestProcess p, int sig) {
        if (sig == Flags.SIGKILL || sig == Flags.SIGSTOP) return false;
        long bit = 1L << (sig - 1);
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Integer.toString(p.hostPid()), "status")))
                if ((line.startsWith("SigCgt:") || line.startsWith("SigBlk:") || line.startsWith("SigIgn:"))
                        && (Long.parseUnsignedLong(line.substring(7).trim(), 16) & bit) != 0) return true;
            return false;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private static long kill(Task t, int pid, int sig) {
        if (sig < 0 || sig > Flags.NSIG) return -Errno.EINVAL;
        ProcessTable table = t.kernel().processes();
        if (pid > 0) {
            // A thread's id names its process too: Linux's kill finds the thread, then signals its group.
            GuestProcess p = table.get(pid);
            if (p == null) p = table.ownerOfTid(pid);
            return p == null ? -Errno.ESRCH : hostKill(t, p, sig);
        }
        // Groups and "everyone" are sent one process at a time, so a signal
        // can never reach a host process outside the container.
        long group = pid == 0 ? t.host().syscall(Sysno.GETPGID, t.process().hostPidOnceStarted())
                : pid == -1 ? -1 : hostPidOfGroup(t, -pid);
        if (pid < -1 && group < 0) return -Errno.ESRCH;
        int sent = 0;
        long refused = -Errno.ESRCH;
        for (GuestProcess p : table.all()) {
            if (p.state() != GuestProcess.State.RUNNING) continue;
            if (pid == -1 && (p.pid() == 1 || p == t.process())) continue;
            if (pid != -1 && t.host().syscall(Sysno.GETPGID, p.hostPid()) != group) continue;
            long r = hostKill(t, p, sig);
            if (r == 0) sent++;
            else refused = r;
        }
        return sent > 0 ? 0 : refused;
    }

    /** Linux's rule for kill (kill_ok_by_cred): the sender's real or effective uid is the target's
     * real or saved uid, or the sender has CAP_KILL. The host cannot check it: every guest is the host user. */
    private static boolean mayKill(Task t, GuestProcess target) {
        Credentials from = t.process().credentials(), to = target.credentials();
        return from.capable(Capabilities.KILL) || from.euid() == to.suid() || from.euid() == to.ruid()
                || from.ruid() == to.suid() || from.ruid() == to.ruid();
    }

    private static long hostPidOfGroup(Task t, int guestPgid) {
        GuestProcess leader = t.kernel().processes().get(guestPgid);
        // A leader just forked (a child that made its own group and signals it) is waited for, as kill(pid) waits;
        // one that has ended leaves its group to the members that remain (only those are sent the signal).
        int host = leader == null ? t.kernel().processes().endedHost(guestPgid) : leader.hostPidOnceStarted();
        return host > 0 ? host : -1;
    }

    private static long tgkill(Task t, int tgid, int tid, int sig) {
        if (sig < 0 || sig > Flags.NSIG) return -Errno.EINVAL;
        ProcessTable table = t.kernel().processes();
        GuestProcess owner = table.ownerOfTid(tid);
        // A process just forked is its threads' (and a sibling thread's pthread_kill's) target before
        // its parent has reported it: waited for, as kill waits, so its main thread's host tid is known.
        HostProcess host = owner == null ? null : owner.hostOnceStarted();
        int hostTid = table.hostTid(tid);
        if (host == null || hostTid < 0 || (tgid != -1 && owner.pid() != tgid)) return -Errno.ESRCH;
        if (!mayKill(t, owner)) return -Errno.EPERM;
        if (owner.pid() == 1 && sig != 0 && owner != t.process() && !initTakes(owner, sig)) return 0;
        if (sig != 0) owner.signalledBy(sig, t.process().pid());
        return LinuxError.check(host.signalThread(t.host(), hostTid, t.kernel().runtimeFiles().arch().hostSignal(sig)));
    }
}
