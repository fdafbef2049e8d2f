package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Syscalls;
import dev.lamina.kernel.channel.Args;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.proc.Capabilities;
import dev.lamina.kernel.proc.GuestProcess;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * capget and capset over the capabilities the kernel keeps for each process ({@link Capabilities}):
 * the sets a program sees and may drop are its container's, not the init host's on the host. The
 * header is Linux's (version, pid); the data is one (version 1) or two (2 and 3) triples of 32-bit
 * effective, permitted and inheritable words. An unknown version is answered with the one Linux
 * prefers, written back into the header; otherwise the header's reply item is empty, so nothing
 * is written to it (it may be read-only memory, as on Linux). The pid is a process's or one of
 * its threads'.
 */
final class CapabilitySyscalls {
    private CapabilitySyscalls() {}

    static final int V1 = 0x19980330, V2 = 0x20071026, V3 = 0x20080522;
    private static final int TRIPLE = 12;
    /** An empty reply item: the guest's buffer is left as it is. */
    private static final byte[] UNCHANGED = new byte[0];

    static void register(SyscallTable table) {
        table.on(Syscalls.CAPGET, CapabilitySyscalls::capget);
        table.on(Syscalls.CAPSET, CapabilitySyscalls::capset);
        table.onOp(Protocol.OP_CAPS, (t, r, out) -> prctl(t, r.intArg(0), r.arg(1)));
    }

    /**
     * prctl's options on capabilities: the bounding set (reading; dropping takes CAP_SETPCAP), keep-caps
     * (the permitted set outlives leaving uid 0), the securebits, of which only keep-caps is served
     * (setting others is refused), and no_new_privs (the host's is always set, for confinement; this is
     * the one the guest set or its container gave it).
     */
    private static long prctl(Task t, int option, long arg) {
        var c = t.process().credentials();
        Capabilities caps = c.caps();
        switch (option) {
            case Flags.PR_CAPBSET_READ, Flags.PR_CAPBSET_DROP -> {
                if (arg < 0 || arg >= Capabilities.NAMES.size()) return -Errno.EINVAL;
                if (option == Flags.PR_CAPBSET_READ) return (caps.bounding() >>> arg) & 1;
                if (!caps.has(Capabilities.SETPCAP)) return -Errno.EPERM;
                t.process().credentials(c.withCaps(new Capabilities(caps.permitted(), caps.effective(), caps.inheritable(),
                        caps.bounding() & ~Capabilities.bit((int) arg), caps.keepCaps())));
                return 0;
            }
            case Flags.PR_GET_NO_NEW_PRIVS -> {
                return arg != 0 ? -Errno.EINVAL : c.noNewPrivs() ? 1 : 0;
            }
            case Flags.PR_SET_NO_NEW_PRIVS -> {
                if (arg != 1) return -Errno.EINVAL;
                t.process().credentials(c.withNoNewPrivs());
                return 0;
            }
            case Flags.PR_GET_KEEPCAPS -> {
                return caps.keepCaps() ? 1 : 0;
            }
            case Flags.PR_GET_SECUREBITS -> {
                return caps.keepCaps() ? Flags.SECBIT_KEEP_CAPS : 0;
            }
            case Flags.PR_SET_KEEPCAPS, Flags.PR_SET_SECUREBITS -> {
                boolean keep;
                if (option == Flags.PR_SET_KEEPCAPS) {
                    if (arg != 0 && arg != 1) return -Errno.EINVAL;
                    keep = arg == 1;
                } else {
                    if (!caps.has(Capabilities.SETPCAP) || (arg & ~Flags.SECBIT_KEEP_CAPS) != 0) return -Errno.EPERM;
                    keep = arg != 0;
                }
                t.process().credentials(c.withCaps(new Capabilities(caps.permitted(), caps.effective(), caps.inheritable(),
                        caps.bounding(), keep)));
                return 0;
            }
            case Flags.PR_GET_DUMPABLE -> {
                return t.process().dumpable() ? 1 : 0;
            }
            case Flags.PR_SET_DUMPABLE -> {
                if (arg != 0 && arg != 1) return -Errno.EINVAL;
                t.process().dumpable(arg == 1);
                return 0;
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
    }

    /** How many 32-bit words each set takes in this version's data, 0 for a version Linux does not know. */
    private static int words(int version) {
        return version == V1 ? 1 : version == V2 || version == V3 ? 2 : 0;
    }

    private static long capget(Task t, Args a, Reply out) {
        byte[] header = a.fixed("header");
        if (header.length == 0) return -Errno.EFAULT;
        MemorySegment h = MemorySegment.ofArray(header);
        int words = words(h.get(ValueLayout.JAVA_INT_UNALIGNED, 0));
        if (words == 0) return preferVersion(header, out, a.arg("dataptr") == 0 ? 0 : -Errno.EINVAL);
        if (a.arg("dataptr") == 0) return 0;
        int pid = h.get(ValueLayout.JAVA_INT_UNALIGNED, 4);
        if (pid < 0) return -Errno.EINVAL;
        GuestProcess p = pid == 0 ? t.process() : t.kernel().processes().ownerOfTid(pid);
        if (p == null) return -Errno.ESRCH;
        out.item(UNCHANGED);
        Capabilities c = p.credentials().caps();
        byte[] data = new byte[TRIPLE * words];
        MemorySegment d = MemorySegment.ofArray(data);
        for (int w = 0; w < words; w++) {
            d.set(ValueLayout.JAVA_INT_UNALIGNED, TRIPLE * w, (int) (c.effective() >>> (32 * w)));
            d.set(ValueLayout.JAVA_INT_UNALIGNED, TRIPLE * w + 4, (int) (c.permitted() >>> (32 * w)));
            d.set(ValueLayout.JAVA_INT_UNALIGNED, TRIPLE * w + 8, (int) (c.inheritable() >>> (32 * w)));
        }
        out.item(data);
        return 0;
    }

    /** Linux's cap_capset: a process changes only its own sets, never gains a permitted capability,
     * keeps the effective set within the permitted one, and the inheritable one within what it had
     * or may pass on (its permitted set, or with CAP_SETPCAP the bounding set). */
    private static long capset(Task t, Args a, Reply out) {
        byte[] header = a.fixed("header");
        if (header.length == 0) return -Errno.EFAULT;
        MemorySegment h = MemorySegment.ofArray(header);
        int words = words(h.get(ValueLayout.JAVA_INT_UNALIGNED, 0));
        if (words == 0) return preferVersion(header, out, -Errno.EINVAL);
        int pid = h.get(ValueLayout.JAVA_INT_UNALIGNED, 4);
        if (pid != 0 && t.kernel().processes().ownerOfTid(pid) != t.process()) return -Errno.EPERM;
        byte[] data = a.fixed("data");
        if (data.length == 0) return -Errno.EFAULT;
        MemorySegment d = MemorySegment.ofArray(data);
        long effective = 0, permitted = 0, inheritable = 0;
        for (int w = 0; w < words; w++) {
            effective |= Integer.toUnsignedLong(d.get(ValueLayout.JAVA_INT_UNALIGNED, TRIPLE * w)) << (32 * w);
            permitted |= Integer.toUnsignedLong(d.get(ValueLayout.JAVA_INT_UNALIGNED, TRIPLE * w + 4)) << (32 * w);
            inheritable |= Integer.toUnsignedLong(d.get(ValueLayout.JAVA_INT_UNALIGNED, TRIPLE * w + 8)) << (32 * w);
        }
        effective &= Capabilities.ALL;
        permitted &= Capabilities.ALL;
        inheritable &= Capabilities.ALL;
        var creds = t.process().credentials();
        Capabilities old = creds.caps();
        long bounding = old.bounding();
        long mayInherit = old.inheritable() | (old.has(Capabilities.SETPCAP) ? bounding : old.permitted());
        if ((permitted & ~old.permitted()) != 0 || (effective & ~permitted) != 0 || (inheritable & ~mayInherit) != 0
                || (inheritable & ~(old.inheritable() | bounding)) != 0)
            return -Errno.EPERM;
        t.process().credentials(creds.withCaps(old.with(permitted, effective, inheritable)));
        return 0;
    }

    /** An unknown version: Linux writes the one it prefers into the header. */
    private static long preferVersion(byte[] header, Reply out, long result) {
        MemorySegment.ofArray(header).set(ValueLayout.JAVA_INT_UNALIGNED, 0, V3);
        out.item(header);
        return result;
    }
}
