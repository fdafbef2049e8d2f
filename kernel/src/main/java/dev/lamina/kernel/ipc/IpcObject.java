package dev.lamina.kernel.ipc;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.proc.Capabilities;
import dev.lamina.kernel.proc.Credentials;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** What every System V object has: its key, id, owner, creator and mode
 * (struct kern_ipc_perm), and Linux's checks on them. Guarded by its
 * registry's lock. */
abstract class IpcObject {
    static final int PRIVATE = 0;
    static final int READ = 0444, WRITE = 0222, EXECUTE = 0111;

    int key, id, uid, gid, cuid, cgid, mode;
    long ctime;
    /** Set once removed: a call that was waiting on it ends with EIDRM. */
    boolean removed;

    IpcObject(Task t, int key, int flags) {
        Credentials c = t.process().credentials();
        this.key = key;
        this.uid = this.cuid = c.euid();
        this.gid = this.cgid = c.egid();
        this.mode = flags & 0777;
        this.ctime = IpcIds.now();
    }

    /** Linux's ipcperms: the owner's, the group's or the others' bits for what is asked (flag's
     * rwx bits for anyone), unless the caller has CAP_IPC_OWNER. */
    boolean permits(Task t, int flag) {
        Credentials c = t.process().credentials();
        int requested = (flag >> 6 | flag >> 3 | flag) & 7;
        int granted = mode;
        if (c.euid() == cuid || c.euid() == uid) granted >>= 6;
        else if (inGroup(t, c, cgid) || inGroup(t, c, gid)) granted >>= 3;
        return (requested & ~granted & 7) == 0 || c.capable(Capabilities.IPC_OWNER);
    }

    private static boolean inGroup(Task t, Credentials c, int group) {
        return c.fsgid() == group || t.kernel().groups(t, c).contains(group);
    }

    /** IPC_SET and IPC_RMID: the owner, the creator, or CAP_SYS_ADMIN. */
    boolean changeableBy(Task t) {
        Credentials c = t.process().credentials();
        return c.euid() == uid || c.euid() == cuid || c.capable(Capabilities.SYS_ADMIN);
    }

    /** Writes struct ipc64_perm at the start of a ctl's struct. */
    void writePerm(MemorySegment m) {
        m.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.IPC_PERM_KEY, key);
        m.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.IPC_PERM_UID, uid);
        m.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.IPC_PERM_GID, gid);
        m.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.IPC_PERM_CUID, cuid);
        m.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.IPC_PERM_CGID, cgid);
        m.set(ValueLayout.JAVA_INT_UNALIGNED, Layouts.IPC_PERM_MODE, mode);
        m.set(ValueLayout.JAVA_SHORT_UNALIGNED, Layouts.IPC_PERM_SEQ, (short) (id / IpcLimits.IPCMNI));
    }

    /** IPC_SET's part every kind shares: owner, group and permission bits (ipc_update_perm);
     * -EINVAL for the ids -1 stands for. */
    long setPerm(MemorySegment m) {
        int u = m.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.IPC_PERM_UID);
        int g = m.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.IPC_PERM_GID);
        if (u == -1 || g == -1) return -dev.lamina.kernel.abi.Errno.EINVAL;
        uid = u;
        gid = g;
        mode = mode & ~0777 | m.get(ValueLayout.JAVA_INT_UNALIGNED, Layouts.IPC_PERM_MODE) & 0777;
        ctime = IpcIds.now();
        return 0;
    }
}
