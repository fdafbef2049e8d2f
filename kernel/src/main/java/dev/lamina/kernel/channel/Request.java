package dev.lamina.kernel.channel;

import dev.lamina.kernel.abi.Utf8b;
import java.util.List;

/** One call from a guest thread: the op (a Linux syscall number or a
 * Protocol.OP_*), six raw arguments, the items that travelled with it in
 * argument order, the fds attached to it (at most two), and whether it was
 * posted (Protocol.OP_POSTED: it takes no reply). */
public record Request(int op, long[] args, List<byte[]> items, int[] fds, boolean posted) {
    public Request(int op, long[] args, List<byte[]> items, int[] fds) {
        this(op, args, items, fds, false);
    }

    /** A request for op with no argument, item or fd: one the kernel answers unasked (ChannelServer). */
    public static Request unasked(int op) {
        return new Request(op, new long[6], List.of(), new int[0]);
    }

    public long arg(int i) { return args[i]; }

    /** The one fd of a Lamina op that carries one (a channel, a pidfd, a socket), or -1. */
    public int fd() { return fds.length > 0 ? fds[0] : -1; }

    public int intArg(int i) { return (int) args[i]; }

    /** Item i as a string (without its NUL), or null for an empty item (a NULL pointer). */
    public String string(int i) {
        byte[] b = bytes(i);
        if (b.length == 0) return null;
        int n = b[b.length - 1] == 0 ? b.length - 1 : b.length;
        return Utf8b.decode(b, 0, n);
    }

    /** Item i; a request without it was forged (the init host sends every item its call has). */
    public byte[] bytes(int i) {
        if (i >= items.size()) throw new ProtocolViolation("call " + op + " without its item " + i);
        return items.get(i);
    }

    /** Item i, which is either empty (a NULL pointer) or exactly size bytes (a struct). */
    public byte[] fixed(int i, int size) {
        byte[] b = bytes(i);
        if (b.length != 0 && b.length != size)
            throw new ProtocolViolation("call " + op + " with a " + b.length + "-byte item " + i + " for " + size + " bytes");
        return b;
    }
}
