package dev.lamina.kernel.channel;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.abi.ArgKind;
import dev.lamina.kernel.abi.ArgSpec;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.SyscallSpec;
import java.util.List;

/** A routed call's request seen through its row of lkl-common/syscalls.tbl:
 * arguments by the table's names, wherever the route put them (raw
 * argument, item, attached fd). */
public record Args(Request request, SyscallSpec spec) {
    public long arg(String name) { return request.arg(spec.index(name)); }

    public int intArg(String name) { return (int) arg(name); }

    /** A string argument, or null for a NULL pointer. */
    public String string(String name) { return request.string(item(name)); }

    /** A path argument: a NULL pointer is EFAULT. */
    public String path(String name) {
        String path = string(name);
        if (path == null) throw new LinuxError(Errno.EFAULT);
        return path;
    }

    /** An item argument's bytes. */
    public byte[] bytes(String name) { return request.bytes(item(name)); }

    /** An in:SIZE argument: empty (a NULL pointer) or exactly its size. */
    public byte[] fixed(String name) { return request.fixed(item(name), spec.arg(name).size()); }

    private int item(String name) { return spec.item(spec.index(name)); }

    /**
     * The fd sent for fd argument name, or -1 when none was: the init host
     * attaches one for each fd argument that is not negative and whose path
     * (the next argument) is not absolute, in argument order.
     * @throws ProtocolViolation when the attached fds do not match the arguments
     */
    public int descriptor(String name) {
        int which = spec.index(name), expected = 0, index = -1;
        List<ArgSpec> args = spec.args();
        for (int i = 0; i < args.size(); i++) {
            ArgKind kind = args.get(i).kind();
            if ((kind != ArgKind.FD && kind != ArgKind.DIRFD) || (int) request.arg(i) < 0) continue;
            if (kind == ArgKind.DIRFD && i + 1 < args.size() && args.get(i + 1).kind() == ArgKind.STR) {
                byte[] path = request.bytes(spec.item(i + 1));
                if (path.length > 0 && path[0] == '/') continue;
            }
            if (i == which) index = expected;
            expected++;
        }
        int[] fds = request.fds();
        if (expected != fds.length)
            throw new ProtocolViolation(spec.name() + " with " + fds.length + " fds for " + expected + " fd arguments");
        return index < 0 ? -1 : fds[index];
    }
}
