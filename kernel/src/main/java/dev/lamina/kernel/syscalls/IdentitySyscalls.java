package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Reply;
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
        table.on(Sysno.GETUID, (t, r, out) -> creds(t).ruid());
        table.on(Sysno.GETEUID, (t, r, out) -> creds(t).euid());
        table.on(Sysno.GETGID, (t, r, out) -> creds(t).rgid());
        table.on(Sysno.GETEGID, (t, r, out) -> creds(t).egid());
        table.on(Sysno.GETRESUID, (t, r, out) -> three(out, creds(t).ruid(), creds(t).euid(), creds(t).suid()));
        table.on(Sysno.GETRESGID, (t, r, out) -> three(out, creds(t).rgid(), creds(t).egid(), creds(t).sgid()));
        table.on(Sysno.SETUID, (t, r, out) -> setresuid(t, r.intArg(0), r.intArg(0), r.intArg(0), true));
        table.on(Sysno.SETGID, (t, r, out) -> setresgid(t, r.intArg(0), r.intArg(0), r.intArg(0), true));
        table.on(Sysno.SETREUID, (t, r, out) -> setresuid(t, r.intArg(0), r.intArg(1), -1, false));
        table.on(Sysno.SETREGID, (t, r, out) -> setresgid(t, r.intArg(0), r.intArg(1), -1, false));
        table.on(Sysno.SETRESUID, (t, r, out) -> setresuid(t, r.intArg(0), r.intArg(1), r.intArg(2), false));
        table.on(Sysno.SETRESGID, (t, r, out) -> setresgid(t, r.intArg(0), r.intArg(1), r.intArg(2), false));
        table.on(Sysno.SETFSUID, (t, r, out) -> creds(t).fsuid());
        table.on(Sysno.SETFSGID, (t, r, out) -> creds(t).fsgid());
        table.on(Sysno.GETGROUPS, IdentitySyscalls::getgroups);
        table.on(Sysno.SETGROUPS, (t, r, out) -> {
            Credentials c = creds(t);
            if (!c.privileged()) return -Errno.EPERM;
            byte[] list = r.bytes(0);
            List<Integer> groups = new ArrayList<>();
            MemorySegment m = MemorySegment.ofArray(list);
            for (int i = 0; i + 4 <= list.length; i += 4) groups.add(m.get(ValueLayout.JAVA_INT_UNALIGNED, i));
            t.process().credentials(new Credentials(c.ruid(), c.euid(), c.suid(), c.fsuid(),
                    c.rgid(), c.egid(), c.sgid(), c.fsgid(), groups));
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

    /** Linux's rule: privileged callers set any id; others only to one of their current ids. */
    private static boolean allowed(Credentials c, int id, int r, int e, int s) {
        return id == -1 || c.privileged() || id == r || id == e || id == s;
    }

    private static long setresuid(Task t, int ruid, int euid, int suid, boolean setuidStyle) {
        Credentials c = creds(t);
        if (setuidStyle && !c.privileged()) {
            if (!allowed(c, ruid, c.ruid(), c.euid(), c.suid())) return -Errno.EPERM;
            ruid = -1;
            suid = -1;
        }
        for (int id : new int[] {ruid, euid, suid})
            if (!allowed(c, id, c.ruid(), c.euid(), c.suid())) return -Errno.EPERM;
        int nr = ruid == -1 ? c.ruid() : ruid;
        int ne = euid == -1 ? c.euid() : euid;
        int ns = suid == -1 ? (ruid != -1 ? ne : c.suid()) : suid;
        t.process().credentials(new Credentials(nr, ne, ns, ne, c.rgid(), c.egid(), c.sgid(), c.fsgid(), c.groups()));
        return 0;
    }

    private static long setresgid(Task t, int rgid, int egid, int sgid, boolean setgidStyle) {
        Credentials c = creds(t);
        if (setgidStyle && !c.privileged()) {
            if (!allowed(c, rgid, c.rgid(), c.egid(), c.sgid())) return -Errno.EPERM;
            rgid = -1;
            sgid = -1;
        }
        for (int id : new int[] {rgid, egid, sgid})
            if (!allowed(c, id, c.rgid(), c.egid(), c.sgid())) return -Errno.EPERM;
        int nr = rgid == -1 ? c.rgid() : rgid;
        int ne = egid == -1 ? c.egid() : egid;
        int ns = sgid == -1 ? (rgid != -1 ? ne : c.sgid()) : sgid;
        t.process().credentials(new Credentials(c.ruid(), c.euid(), c.suid(), c.fsuid(), nr, ne, ns, ne, c.groups()));
        return 0;
    }

    private static long getgroups(Task t, dev.lamina.kernel.channel.Request r, Reply out) {
        List<Integer> groups = creds(t).groups();
        int size = r.intArg(0);
        if (size == 0) return groups.size();
        if (size < groups.size()) return -Errno.EINVAL;
        byte[] bytes = new byte[4 * groups.size()];
        MemorySegment m = MemorySegment.ofArray(bytes);
        for (int i = 0; i < groups.size(); i++) m.set(ValueLayout.JAVA_INT_UNALIGNED, 4L * i, groups.get(i));
        out.item(bytes);
        return groups.size();
    }
}
