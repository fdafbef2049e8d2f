package dev.lamina.kernel;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The guest's end of a channel, as forging guest code would write on it:
 * any request, with any fd attached. */
final class GuestChannel implements AutoCloseable {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    /** What a reply call returns when the kernel closed the channel instead of answering. */
    static final long CLOSED = Long.MIN_VALUE;

    private final HostCalls h = new HostCalls();
    private final int fd;

    /** A new channel served by kernel for process p's main thread. */
    GuestChannel(Kernel kernel, dev.lamina.kernel.proc.GuestProcess p) {
        int[] pair = Kernel.socketpair(h);
        fd = pair[1];
        kernel.serve(p, p.pid(), pair[0]);
    }

    /** Items as the init host frames them: each a u32 length and its bytes. */
    static byte[] items(byte[]... items) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] b : items) {
            out.writeBytes(new byte[] {(byte) b.length, (byte) (b.length >> 8), (byte) (b.length >> 16), (byte) (b.length >>> 24)});
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    /** Sends a request header declaring declaredSize bytes, then body, with an attached fd (or -1). */
    void send(int op, long[] args, int declaredSize, byte[] body, int attach) {
        MemorySegment m = h.scratch(Protocol.REQUEST_HEADER + body.length);
        m.set(INT, 0, declaredSize);
        m.set(INT, 4, op);
        for (int i = 0; i < args.length; i++) m.set(LONG, 8 + 8L * i, args[i]);
        MemorySegment.copy(body, 0, m, ValueLayout.JAVA_BYTE, Protocol.REQUEST_HEADER, body.length);
        long at = Protocol.REQUEST_HEADER + body.length;
        MemorySegment iov = h.scratch(Layouts.IOVEC_SIZE);
        iov.set(LONG, 0, m.address());
        iov.set(LONG, Layouts.IOVEC_LEN, at);
        MemorySegment msg = h.scratch(Layouts.MSGHDR_SIZE);
        msg.set(LONG, Layouts.MSGHDR_IOV, iov.address());
        msg.set(LONG, Layouts.MSGHDR_IOVLEN, 1);
        if (attach >= 0) {
            MemorySegment control = h.scratch(Layouts.CMSG_SPACE);
            control.set(LONG, Layouts.CMSG_LEN, Layouts.CMSG_ONE_FD_LEN);
            control.set(INT, Layouts.CMSG_LEVEL, Flags.SOL_SOCKET);
            control.set(INT, Layouts.CMSG_TYPE, Flags.SCM_RIGHTS);
            control.set(INT, Layouts.CMSG_DATA, attach);
            msg.set(LONG, Layouts.MSGHDR_CONTROL, control.address());
            msg.set(LONG, Layouts.MSGHDR_CONTROLLEN, Layouts.CMSG_SPACE);
        }
        long n = h.syscall(Sysno.SENDMSG, fd, msg.address(), Flags.MSG_NOSIGNAL);
        h.release();
        if (n != at) throw new IllegalStateException("sendmsg: " + n);
    }

    /** The next reply's result (its items skipped), or CLOSED. */
    long reply() {
        MemorySegment head = h.scratch(Protocol.REPLY_HEADER);
        try {
            if (!readFully(head, Protocol.REPLY_HEADER)) return CLOSED;
            int size = head.get(INT, 8);
            if (size > 0 && !readFully(h.scratch(size), size)) return CLOSED;
            return head.get(LONG, 0);
        } finally {
            h.release();
        }
    }

    private boolean readFully(MemorySegment into, long len) {
        for (long got = 0; got < len; ) {
            long n = h.syscall(Sysno.READ, fd, into.address() + got, len - got);
            if (n <= 0) return false;
            got += n;
        }
        return true;
    }

    /** A request with no items: its result. */
    long call(int op, long a0, long a1, int attach) {
        send(op, new long[] {a0, a1, 0, 0, 0, 0}, 0, new byte[0], attach);
        return reply();
    }

    @Override
    public void close() {
        h.syscall(Sysno.CLOSE, fd);
        h.close();
    }
}
