package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.abi.Syscalls;
import dev.lamina.kernel.channel.Args;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.proc.Capabilities;
import java.lang.foreign.MemorySegment;

/** The machine as the container sees it: uname and host names. (Mounting
 * is refused by syscalls.tbl.) */
final class SystemSyscalls {
    private SystemSyscalls() {}

    static void register(SyscallTable table) {
        table.on(Syscalls.UNAME, SystemSyscalls::uname);
        table.on(Syscalls.SETHOSTNAME, (t, a, out) -> setName(t, a.bytes("name"), true));
        table.on(Syscalls.SETDOMAINNAME, (t, a, out) -> setName(t, a.bytes("name"), false));
    }

    private static long uname(Task t, Args a, Reply out) {
        HostCalls h = t.host();
        MemorySegment host = h.scratch(Layouts.UTSNAME_SIZE);
        h.syscall(Sysno.UNAME, host.address());
        byte[] uts = new byte[Layouts.UTSNAME_SIZE];
        put(uts, 0, "Linux");
        put(uts, 1, t.kernel().hostname());
        put(uts, 2, HostCalls.readCString(host.asSlice(2L * Layouts.UTSNAME_FIELD), Layouts.UTSNAME_FIELD));
        put(uts, 3, HostCalls.readCString(host.asSlice(3L * Layouts.UTSNAME_FIELD), Layouts.UTSNAME_FIELD));
        put(uts, 4, t.kernel().runtimeFiles().arch().machine());
        put(uts, 5, t.kernel().domainname());
        out.item(uts);
        return 0;
    }

    private static void put(byte[] uts, int field, String value) {
        byte[] b = Utf8b.encode(value);
        System.arraycopy(b, 0, uts, field * Layouts.UTSNAME_FIELD, Math.min(b.length, Layouts.UTSNAME_FIELD - 1));
    }

    private static long setName(Task t, byte[] name, boolean host) {
        if (!t.process().credentials().capable(Capabilities.SYS_ADMIN)) return -Errno.EPERM; // not Docker's default
        if (name.length >= Layouts.UTSNAME_FIELD) return -Errno.EINVAL;
        String s = Utf8b.decode(name);
        if (host) t.kernel().hostname(s);
        else t.kernel().domainname(s);
        return 0;
    }
}
