package dev.lamina.kernel.channel;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/** The kernel's end of one guest thread's channel. Used by one kernel
 * thread at a time. */
public final class Channel implements AutoCloseable {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private static final long SPIN_NANOS = 50_000;

    private final int fd;
    private final HostCalls host;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment msg = arena.allocate(Layouts.MSGHDR_SIZE, 8);
    private final MemorySegment iov = arena.allocate(Layouts.IOVEC_SIZE, 8);
    private final MemorySegment control = arena.allocate(cmsgSpace(Protocol.REPLY_FDS_MAX), 8);
    private MemorySegment buffer = arena.allocate(64 * 1024, 8);
    /** Where a reply is made while the buffer holds pending bytes. */
    private MemorySegment spare;
    /** Bytes read past a posted request, the start of the next one, at the buffer's start; and
     * the fds that came with them (a read ends with the message that carried fds, so they are the
     * last request's). */
    private long pendingLength;
    private int[] pendingFds = NO_FDS;
    /** The pending bytes came after a request that takes a reply. */
    private boolean unanswered;

    public Channel(int fd, HostCalls host) {
        this.fd = fd;
        this.host = host;
    }

    public int fd() { return fd; }

    /** Whether bytes of a next request came in with the last one's (a blocked call's interrupt). */
    public boolean pending() { return pendingLength > 0; }

    /** The next request, or null when the guest side has closed.
     * @throws ProtocolViolation for a request no init host sends */
    public Request read() {
        long n;
        int[] attached;
        if (pendingLength > 0) {
            n = pendingLength;
            attached = pendingFds;
            pendingLength = 0;
            pendingFds = NO_FDS;
        } else {
            n = receive();
            if (n <= 0) return null;
            attached = receivedFds();
        }
        if (n < Protocol.REQUEST_HEADER && !readFully(buffer, n, Protocol.REQUEST_HEADER - n)) return closed(attached);
        int size = buffer.get(INT, Protocol.REQUEST_SIZE);
        int op = buffer.get(INT, Protocol.REQUEST_OP);
        boolean posted = (op & Protocol.OP_POSTED) != 0;
        op &= ~Protocol.OP_POSTED;
        // Only news whose answer the init host does not use: a call posted would have its reply,
        // and a descriptor the reply holds, dropped.
        if (posted && !Protocol.postable(op)) throw violation(attached, "call " + op + " posted");
        // After a call awaiting its reply, only an interrupt a signal handler posts comes before it.
        if (unanswered && !(posted && op == Protocol.OP_INTERRUPT))
            throw violation(attached, "a second request before the reply to the first");
        unanswered = false;
        long[] args = new long[6];
        for (int i = 0; i < 6; i++) args[i] = buffer.get(LONG, Protocol.REQUEST_ARGS + 8L * i);
        if (size < 0 || size > Protocol.REQUEST_MAX) throw violation(attached, "a request of " + Integer.toUnsignedString(size) + " bytes");
        long total = Protocol.REQUEST_HEADER + (long) size;
        if (n > total) {
            // Only a posted request has the next one sent before its reply; a call that takes one, only
            // an interrupt (checked as it is read).
            unanswered = !posted;
            pendingLength = n - total;
            pendingFds = attached;
            attached = NO_FDS;
        }
        if (buffer.byteSize() < total) {
            MemorySegment bigger = arena.allocate(Math.max(total, buffer.byteSize() * 2), 8);
            MemorySegment.copy(buffer, 0, bigger, 0, Math.min(n, total));
            buffer = bigger;
        }
        if (n < total && !readFully(buffer, Math.max(n, Protocol.REQUEST_HEADER), total - Math.max(n, Protocol.REQUEST_HEADER)))
            return closed(attached);
        List<byte[]> items = new ArrayList<>();
        long at = Protocol.REQUEST_HEADER;
        while (at + 4 <= total) {
            int len = buffer.get(INT, at);
            at += 4;
            if (len < 0 || at + len > total) throw violation(attached, "an item longer than its request");
            byte[] b = new byte[len];
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, at, b, 0, len);
            items.add(b);
            at += len;
        }
        if (at != total) throw violation(attached, "bytes after its last item");
        if (pendingLength > 0) MemorySegment.copy(buffer, total, buffer, 0, pendingLength);
        return new Request(op, args, items, attached, posted);
    }

    /** One recvmsg into the buffer, with room for fds: its length (0 or less: closed). */
    private long receive() {
        control.fill((byte) 0);
        // Header and items usually arrive together: take them in one call.
        setMsg(buffer, buffer.byteSize(), Layouts.CMSG_SPACE); // a request's two fds at most
        // A guest that just got a reply often calls again at once: poll a
        // little while before sleeping, so neither side pays a wake-up.
        long n = -Errno.EAGAIN;
        for (long until = System.nanoTime() + SPIN_NANOS; n == -Errno.EAGAIN && System.nanoTime() < until; ) {
            n = host.syscall(Sysno.RECVMSG, fd, msg.address(), Flags.MSG_CMSG_CLOEXEC | Flags.MSG_DONTWAIT);
            Thread.onSpinWait();
        }
        while (n == -Errno.EINTR || n == -Errno.EAGAIN)
            n = host.syscall(Sysno.RECVMSG, fd, msg.address(), Flags.MSG_CMSG_CLOEXEC);
        return n;
    }

    private ProtocolViolation violation(int[] attached, String what) {
        closeAll(attached);
        dropPending();
        return new ProtocolViolation(what);
    }

    /** Forgets the start of a next request carried over, closing the fds that came with it. */
    private void dropPending() {
        closeAll(pendingFds);
        pendingFds = NO_FDS;
        pendingLength = 0;
    }

    /** The fds attached to the request: at most two, all the control buffer
     * holds (the host closes any that do not fit). */
    private int[] receivedFds() {
        long controllen = msg.get(LONG, Layouts.MSGHDR_CONTROLLEN);
        if (controllen < Layouts.CMSG_ONE_FD_LEN) return NO_FDS;
        if (control.get(INT, Layouts.CMSG_LEVEL) != Flags.SOL_SOCKET || control.get(INT, Layouts.CMSG_TYPE) != Flags.SCM_RIGHTS)
            return NO_FDS;
        long n = Math.min(2, (Math.min(control.get(LONG, Layouts.CMSG_LEN), controllen) - Layouts.CMSG_DATA) / 4);
        int[] fds = new int[(int) Math.max(0, n)];
        for (int i = 0; i < fds.length; i++) fds[i] = control.get(INT, Layouts.CMSG_DATA + 4L * i);
        return fds;
    }

    private static final int[] NO_FDS = {};

    private void closeAll(int[] fds) {
        for (int fd : fds) host.syscall(Sysno.CLOSE, fd);
    }

    /** The guest side closed in the middle of a request. */
    private Request closed(int[] attached) {
        closeAll(attached);
        return null;
    }

    private boolean readFully(MemorySegment into, long offset, long len) {
        while (len > 0) {
            long n = host.syscall(Sysno.READ, fd, into.address() + offset, len);
            if (n == -Errno.EINTR) continue;
            if (n <= 0) return false;
            offset += n;
            len -= n;
        }
        return true;
    }

    /** The message with {@code controlSpace} bytes of control (0: none). */
    private void setMsg(MemorySegment data, long len, long controlSpace) {
        msg.fill((byte) 0);
        iov.set(LONG, 0, data.address());
        iov.set(LONG, Layouts.IOVEC_LEN, len);
        msg.set(LONG, Layouts.MSGHDR_IOV, iov.address());
        msg.set(LONG, Layouts.MSGHDR_IOVLEN, 1);
        if (controlSpace > 0) {
            msg.set(LONG, Layouts.MSGHDR_CONTROL, control.address());
            msg.set(LONG, Layouts.MSGHDR_CONTROLLEN, controlSpace);
        }
    }

    /** CMSG_SPACE of n fds: the header, then the fds padded to 8 bytes. */
    private static long cmsgSpace(int n) { return Layouts.CMSG_DATA + (4L * n + 7 & ~7L); }

    /** Sends a reply; a fd it carries is closed on the kernel's side after. */
    public boolean write(Reply r) {
        long size = 0;
        for (byte[] b : r.items()) size += 4 + b.length;
        long total = Protocol.REPLY_HEADER + size;
        // The next request's first bytes may be in the buffer already (an interrupt that came right behind the
        // call): the reply is made elsewhere then.
        MemorySegment out = pendingLength == 0 ? buffer : spare;
        if (out == null || out.byteSize() < total) {
            out = arena.allocate(Math.max(total, 64 * 1024), 8);
            if (pendingLength == 0) buffer = out;
            else spare = out;
        }
        out.set(LONG, Protocol.REPLY_RET, r.ret());
        out.set(INT, Protocol.REPLY_SIZE, (int) size);
        out.set(ValueLayout.JAVA_SHORT_UNALIGNED, Protocol.REPLY_NFDS, (short) r.fdCount());
        out.set(ValueLayout.JAVA_SHORT_UNALIGNED, Protocol.REPLY_FLAGS, (short) (r.cloexec() ? Protocol.REPLY_CLOEXEC : 0));
        long at = Protocol.REPLY_HEADER;
        for (byte[] b : r.items()) {
            out.set(INT, at, b.length);
            MemorySegment.copy(b, 0, out, ValueLayout.JAVA_BYTE, at + 4, b.length);
            at += 4 + b.length;
        }
        boolean attach = r.fdCount() > 0;
        if (attach) {
            control.fill((byte) 0);
            control.set(LONG, Layouts.CMSG_LEN, Layouts.CMSG_DATA + 4L * r.fdCount());
            control.set(INT, Layouts.CMSG_LEVEL, Flags.SOL_SOCKET);
            control.set(INT, Layouts.CMSG_TYPE, Flags.SCM_RIGHTS);
            for (int i = 0; i < r.fdCount(); i++) control.set(INT, Layouts.CMSG_DATA + 4L * i, r.fd(i));
        }
        long sent = 0;
        boolean ok = true;
        while (sent < total) {
            setMsg(out.asSlice(sent), total - sent, attach && sent == 0 ? cmsgSpace(r.fdCount()) : 0);
            long n = host.syscall(Sysno.SENDMSG, fd, msg.address(), Flags.MSG_NOSIGNAL);
            if (n == -Errno.EINTR) continue;
            if (n <= 0) { ok = false; break; }
            sent += n;
        }
        for (int i = 0; i < r.fdCount(); i++) host.syscall(Sysno.CLOSE, r.fd(i));
        return ok;
    }

    /** Drops a reply that will not be sent (a call that failed after handing over an fd, a posted
     * request): its fds are closed, as a sent reply's are. */
    public void discard(Reply r) {
        for (int i = 0; i < r.fdCount(); i++) host.syscall(Sysno.CLOSE, r.fd(i));
        r.reset();
    }

    @Override
    public void close() {
        dropPending();
        host.syscall(Sysno.CLOSE, fd);
        arena.close();
    }
}
