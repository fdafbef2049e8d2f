package dev.lamina.kernel.proc;

import java.util.List;
import java.util.Locale;

/**
 * A process's capability sets (capabilities(7)) as bit masks: permitted, effective,
 * inheritable and bounding, and its keep-caps flag (PR_SET_KEEPCAPS). Root gets its
 * bounding set at each exec and loses it by the uid-change rules ({@link Credentials});
 * the kernel checks the effective set where Linux does (chown, permission override, kill,
 * setuid, mknod, ...). Guest code's own host calls run with the host capabilities the init
 * host keeps, whatever these say.
 */
public record Capabilities(long permitted, long effective, long inheritable, long bounding, boolean keepCaps) {
    /** Linux's names, by number (uapi linux/capability.h). */
    public static final List<String> NAMES = List.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID",
            "KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN",
            "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
            "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE",
            "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
            "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");

    /** The ones the kernel checks, by their place in {@link #NAMES} (checked against the uapi header in AbiContractTest). */
    public static final int CHOWN = NAMES.indexOf("CHOWN"), DAC_OVERRIDE = NAMES.indexOf("DAC_OVERRIDE"),
            DAC_READ_SEARCH = NAMES.indexOf("DAC_READ_SEARCH"), FOWNER = NAMES.indexOf("FOWNER"), FSETID = NAMES.indexOf("FSETID"),
            KILL = NAMES.indexOf("KILL"), SETGID = NAMES.indexOf("SETGID"), SETUID = NAMES.indexOf("SETUID"),
            SETPCAP = NAMES.indexOf("SETPCAP"), LINUX_IMMUTABLE = NAMES.indexOf("LINUX_IMMUTABLE"),
            SYS_ADMIN = NAMES.indexOf("SYS_ADMIN"), SYS_PTRACE = NAMES.indexOf("SYS_PTRACE"), MKNOD = NAMES.indexOf("MKNOD"), SETFCAP = NAMES.indexOf("SETFCAP"),
            MAC_OVERRIDE = NAMES.indexOf("MAC_OVERRIDE"), IPC_LOCK = NAMES.indexOf("IPC_LOCK"),
            IPC_OWNER = NAMES.indexOf("IPC_OWNER"), SYS_RESOURCE = NAMES.indexOf("SYS_RESOURCE"), NET_RAW = NAMES.indexOf("NET_RAW"),
            SYS_CHROOT = NAMES.indexOf("SYS_CHROOT"), SYS_NICE = NAMES.indexOf("SYS_NICE");

    /** Every capability Linux has. */
    public static final long ALL = (1L << NAMES.size()) - 1;

    /** Docker's default set (moby's oci/caps DefaultCapabilities): 0xa80425fb. */
    public static final long DOCKER_DEFAULT = bits(List.of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW",
            "SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE"));

    /** The ones a filesystem uid other than 0 takes out of the effective set (capabilities(7)). */
    static final long FS_MASK = bit(CHOWN) | bit(DAC_OVERRIDE) | bit(DAC_READ_SEARCH) | bit(FOWNER) | bit(FSETID)
            | bit(LINUX_IMMUTABLE) | bit(MAC_OVERRIDE) | bit(MKNOD);

    public static long bit(int cap) { return 1L << cap; }

    /** What root has after an exec with this bounding set. */
    public static Capabilities root(long bounding) { return new Capabilities(bounding, bounding, 0, bounding, false); }

    /** What another user has: none, and the bounding set its execs of set-user-ID root programs get. */
    public static Capabilities none(long bounding) { return new Capabilities(0, 0, 0, bounding, false); }

    /** These sets with others (capset's), bounding set and keep-caps kept. */
    public Capabilities with(long newPermitted, long newEffective, long newInheritable) {
        return new Capabilities(newPermitted, newEffective, newInheritable, bounding, keepCaps);
    }

    public boolean has(int cap) { return (effective & bit(cap)) != 0; }

    /** The mask of these names (Linux's, without CAP_; upper case). */
    public static long bits(List<String> names) {
        long m = 0;
        for (String n : names) m |= bit(NAMES.indexOf(n));
        return m;
    }

    /** A name as Docker takes it (any case, with or without CAP_) as Linux's number, or -1. */
    public static int number(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return NAMES.indexOf(n.startsWith("CAP_") ? n.substring(4) : n);
    }
}
