package dev.lamina.kernel.channel;

import dev.lamina.kernel.abi.Utf8b;
import java.util.List;

/** One call from a guest thread: the op (a Linux syscall number or a
 * Protocol.OP_*), six raw arguments, the items that travelled with it in
 * argument order, and an attached fd (or -1). */
public record Request(int op, long[] args, List<byte[]> items, int fd) {
    public long arg(int i) { return args[i]; }

    public int intArg(int i) { return (int) args[i]; }

    /** Item i as a string (without its NUL), or null for an empty item (a NULL pointer). */
    public String string(int i) {
        byte[] b = items.get(i);
        if (b.length == 0) return null;
        int n = b[b.length - 1] == 0 ? b.length - 1 : b.length;
        return Utf8b.decode(b, 0, n);
    }

    public byte[] bytes(int i) { return items.get(i); }
}
