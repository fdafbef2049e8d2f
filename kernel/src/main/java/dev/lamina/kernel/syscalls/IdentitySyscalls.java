package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Syscalls;
import dev.lamina.kernel.channel.Args;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.proc.Capabilities;
import dev.lamina.kernel.proc.Credentials;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/** User and group ids as the guest sees them: the kernel keeps them; the
 * host process keeps running as the user who runs Lamina. */
final class IdentitySyscalls {
    private IdentitySyscalls() {}

    static void register(SyscallTable table) {
        table.on(Syscalls.GETUID, (t, a, out) -> creds(t).ruid());
        table.on(Syscalls.GETEUID, (t, a, out) -> creds(t).euid());
        table.on(Syscalls.GETGID, (t, a, out) -> creds(t).rgid());
        table.on(Syscalls.GETEGID, (t, a, out) -> creds(t).egid());
        table.on(Syscalls.GETRESUID, (t, a, out) -> three(out, creds(t).ruid(), creds(t).euid(), creds(t).suid()));
        table.on(Syscalls.GETRESGID, (t, a, out) -> three(out, creds(t).rgid(), creds(t).egid(), creds(t).sgid()));
        table.on(Syscalls.SETUID, (t, a, out) -> setresuid(t, a.intArg("uid"), a.intArg("uid"), a.intArg("uid"), true));
        table.on(Syscalls.SETGID, (t, a, out) -> setresgid(t, a.intArg("gid"), a.intArg("gid"), a.intArg("gid"), true));
        table.on(Syscalls.SETREUID, (t, a, out) -> setresuid(t, a.intArg("ruid"), a.intArg("euid"), -1, false));
        table.on(Syscalls.SETREGID, (t, a, out) -> setresgid(t, a.intArg("rgid"), a.intArg("egid"), -1, false));
        table.on(Syscalls.SETRESUID, (t, a, out) -> setresuid(t, a.intArg("ruid"), a.intArg("euid"), a.intArg("suid"), false));
        table.on(Syscalls.SETRESGID, (t, a, out) -> setresgid(t, a.intArg("rgid"), a.intArg("egid"), a.intArg("sgid"), false));
        table.on(Syscalls.SETFSUID, (t, a, out) -> setfsuid(t, a.intArg("fsuid")));
        table.on(Syscalls.SETFSGID, (t, a, out) -> setfsgid(t, a.intArg("fsgid")));
        table.on(Syscalls.GETGROUPS, IdentitySyscalls::getgroups);
        table.on(Syscalls.SETGROUPS, (t, a, out) -> {
            Credentials c = creds(t);
            if (!c.capable(Capabilities.SETGID)) return -Errno.EPERM;
            byte[] list = a.bytes("list");
            List<Integer> groups = new ArrayList<>();
            MemorySegment m = MemorySegment.ofArray(list);
            for (int i = 0; i + 4 <= list.length; i += 4) groups.add(m.get(ValueLayout.JAVA_INT_UNALIGNED, i));
            t.process().credentials(c.withGroups(groups));
            return 0;
        });
    }

    private static Credentials creds(Task t) { return t.process().credentials(); }

    private static long three(Reply out, int a, int b, int c) {
        for (int v : new int[] {a, b, c}) {
            byte[] bytes = new byte[4];
            MemorySegment.ofArray(bytes).set(ValueLayout.JAVA_INT_UNALIGNED, 0, v);
            out.item(bytes);
        }
        return 0;
    }

    /** A real, effective and saved id; the filesystem id follows the effective one. */
    private record Ids(int real, int effective, int saved) {
        /** Linux's rule: callers with CAP_SETUID (CAP_SETGID) set any id; others only to one of their current ids. */
        private boolean allows(int id, boolean privileged) {
            return id == -1 || privileged || id == real || id == effective || id == saved;
        }

        /** The ids after setres*id(r, e, s) (-1 keeps one), or null when not allowed.
         * setuid/setgid (oneId) set all three when privileged, else only the effective id. */
        Ids change(int r, int e, int s, boolean privileged, boolean oneId) {
            if (oneId && !privileged) {
                r = -1;
                s = -1;
            }
            if (!allows(r, privileged) || !allows(e, privileged) || !allows(s, privileged)) return null;
            int nr = r == -1 ? real : r;
            int ne = e == -1 ? effective : e;
            int ns = s == -1 ? (r != -1 ? ne : saved) : s;
            return new Ids(nr, ne, ns);
        }
    }

    private static long setresuid(Task t, int ruid, int euid, int suid, boolean oneId) {
        Credentials c = creds(t);
        Ids ids = new Ids(c.ruid(), c.euid(), c.suid()).change(ruid, euid, suid, c.capable(Capabilities.SETUID), oneId);
        if (ids == null) return -Errno.EPERM;
        if (ids.real() != c.ruid()) t.process().nprocExceeded(ProcessSyscalls.pastProcessLimit(t, ids.real()));
        t.process().credentials(c.withUids(ids.real(), ids.effective(), ids.saved()));
        return 0;
    }

    private static long setresgid(Task t, int rgid, int egid, int sgid, boolean oneId) {
        Credentials c = creds(t);
        Ids ids = new Ids(c.rgid(), c.egid(), c.sgid()).change(rgid, egid, sgid, c.capable(Capabilities.SETGID), oneId);
        if (ids == null) return -Errno.EPERM;
        t.process().credentials(c.withGids(ids.real(), ids.effective(), ids.saved(), ids.effective()));
        return 0;
    }

    /** Linux's setfsuid: a caller with CAP_SETUID sets any id, others one of their own ids; it returns
     * the old filesystem id whether or not it changed it (-1 changes nothing, so it asks). */
    private static long setfsuid(Task t, int id) {
        Credentials c = creds(t);
        if (id != -1 && (c.capable(Capabilities.SETUID) || id == c.ruid() || id == c.euid() || id == c.suid() || id == c.fsuid()))
            t.process().credentials(c.withFsuid(id));
        return c.fsuid();
    }

    /** setfsgid, as setfsuid (with CAP_SETGID). */
    private static long setfsgid(Task t, int id) {
        Credentials c = creds(t);
        if (id != -1 && (c.capable(Capabilities.SETGID) || id == c.rgid() || id == c.egid() || id == c.sgid() || id == c.fsgid()))
            t.process().credentials(c.withGids(c.rgid(), c.egid(), c.sgid(), id));
        return c.fsgid();
    }

    private static long getgroups(Task t, Args a, Reply out) {
        List<Integer> groups = t.kernel().groups(t, creds(t));
        int size = a.intArg("size");
        if (size == 0) return groups.size();
        if (size < groups.size()) return -Errno.EINVAL;
        byte[] bytes = new byte[4 * groups.size()];
        MemorySegment m = MemorySegment.ofArray(bytes);
        for (int i = 0; i < groups.size(); i++) m.set(ValueLayout.JAVA_INT_UNALIGNED, 4L * i, groups.get(i));
        out.item(bytes);
        return groups.size();
    }
}
