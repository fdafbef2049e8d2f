package dev.lamina.kernel;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The guest's end of a channel, as the init host (or forging guest code)
 * writes on it: any request, with any fds attached; replies are read whole,
 * items and received fds included. */
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

    /** The guest's end of a channel the kernel already serves (a forked child's, say). */
    GuestChannel(int fd) {
        this.fd = fd;
    }

    /** A request's six arguments: those given, then zeros. */
    static long[] args(long... given) {
        return java.util.Arrays.copyOf(given, 6);
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

    /** Sends a request header declaring declaredSize bytes, then body, with the fds attached (-1: none). */
    void send(int op, long[] args, int declaredSize, byte[] body, int... attach) {
        int[] fds = java.util.Arrays.stream(attach).filter(f -> f >= 0).toArray();
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
        if (fds.length > 0) {
            MemorySegment control = h.scratch(Layouts.CMSG_SPACE);
            control.set(LONG, Layouts.CMSG_LEN, fds.length == 1 ? Layouts.CMSG_ONE_FD_LEN : Layouts.CMSG_TWO_FDS_LEN);
            control.set(INT, Layouts.CMSG_LEVEL, Flags.SOL_SOCKET);
            control.set(INT, Layouts.CMSG_TYPE, Flags.SCM_RIGHTS);
            for (int i = 0; i < fds.length; i++) control.set(INT, Layouts.CMSG_DATA + 4L * i, fds[i]);
            msg.set(LONG, Layouts.MSGHDR_CONTROL, control.address());
            msg.set(LONG, Layouts.MSGHDR_CONTROLLEN, Layouts.CMSG_SPACE);
        }
        long n = h.syscall(Sysno.SENDMSG, fd, msg.address(), Flags.MSG_NOSIGNAL);
        h.release();
        if (n != at) throw new IllegalStateException("sendmsg: " + n);
    }

    /** The next reply's result (its items read and dropped, its fds closed), or CLOSED. */
    long reply() {
        ReceivedReply r = receive();
        if (r == null) return CLOSED;
        r.closeFds();
        return r.ret();
    }

    /** The next reply whole, or null when the kernel closed the channel instead of answering. */
    ReceivedReply receive() {
        try {
            MemorySegment head = h.scratch(Protocol.REPLY_HEADER);
            int[] fds = receiveHeader(head);
            if (fds == null) return null;
            int size = head.get(INT, 8);
            MemorySegment body = h.scratch(Math.max(size, 1));
            if (size > 0 && !readFully(body, 0, size)) return null;
            java.util.List<byte[]> items = new java.util.ArrayList<>();
            for (long at = 0; at < size; ) {
                int len = body.get(INT, at);
                items.add(body.asSlice(at + 4, len).toArray(ValueLayout.JAVA_BYTE));
                at += 4 + len;
            }
            int nfds = Short.toUnsignedInt(head.get(ValueLayout.JAVA_SHORT_UNALIGNED, 12));
            if (nfds != fds.length) throw new IllegalStateException("reply declares " + nfds + " fds, " + fds.length + " came");
            return new ReceivedReply(head.get(LONG, 0), items, fds,
                    Short.toUnsignedInt(head.get(ValueLayout.JAVA_SHORT_UNALIGNED, 14)));
        } finally {
            h.release();
        }
    }

    /** Reads the reply header with recvmsg, which takes the fds riding on its first byte; null when closed. */
    private int[] receiveHeader(MemorySegment head) {
        MemorySegment iov = h.scratch(Layouts.IOVEC_SIZE);
        iov.set(LONG, 0, head.address());
        iov.set(LONG, Layouts.IOVEC_LEN, Protocol.REPLY_HEADER);
        MemorySegment control = h.scratch(Layouts.CMSG_SPACE);
        MemorySegment msg = h.scratch(Layouts.MSGHDR_SIZE);
        msg.set(LONG, Layouts.MSGHDR_IOV, iov.address());
        msg.set(LONG, Layouts.MSGHDR_IOVLEN, 1);
        msg.set(LONG, Layouts.MSGHDR_CONTROL, control.address());
        msg.set(LONG, Layouts.MSGHDR_CONTROLLEN, Layouts.CMSG_SPACE);
        long n = h.syscall(Sysno.RECVMSG, fd, msg.address(), Flags.MSG_CMSG_CLOEXEC);
        if (n <= 0 || (n < Protocol.REPLY_HEADER && !readFully(head, n, Protocol.REPLY_HEADER - n))) return null;
        long controllen = msg.get(LONG, Layouts.MSGHDR_CONTROLLEN);
        if (controllen < Layouts.CMSG_ONE_FD_LEN || control.get(INT, Layouts.CMSG_TYPE) != Flags.SCM_RIGHTS) return new int[0];
        int[] fds = new int[(int) ((control.get(LONG, Layouts.CMSG_LEN) - Layouts.CMSG_DATA) / 4)];
        for (int i = 0; i < fds.length; i++) fds[i] = control.get(INT, Layouts.CMSG_DATA + 4L * i);
        return fds;
    }

    private boolean readFully(MemorySegment into, long offset, long len) {
        for (long got = offset; got < offset + len; ) {
            long n = h.syscall(Sysno.READ, fd, into.address() + got, offset + len - got);
            if (n <= 0) return false;
            got += n;
        }
        return true;
    }

    /** A request as the init host frames it: the items in argument order, the fds attached in argument
     * order (see Request.descriptor); its whole reply, which must come. */
    ReceivedReply request(int op, long[] args, byte[][] items, int... attach) {
        byte[] body = items(items);
        send(op, args, body.length, body, attach);
        ReceivedReply r = receive();
        if (r == null) throw new IllegalStateException("the kernel closed the channel instead of answering call " + op);
        return r;
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
