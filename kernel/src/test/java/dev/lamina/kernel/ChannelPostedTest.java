package dev.lamina.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Channel;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.channel.ProtocolViolation;
import dev.lamina.kernel.channel.Request;
import dev.lamina.kernel.host.HostCalls;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A posted request (Protocol.OP_POSTED) takes no reply, so the next request can be on the
 * channel before the kernel reads it: both arrive in one read, and the fds that came with
 * them are the later request's. Any other request followed by more is forged. */
class ChannelPostedTest {
    private final HostCalls h = new HostCalls();

    @Test
    void aPostedRequestAndTheNextInOneReadAreTwoRequests() {
        int[] pair = Kernel.socketpair(h);
        try (GuestChannel guest = new GuestChannel(pair[1]); Channel kernel = new Channel(pair[0], h)) {
            guest.send(Protocol.OP_ARGS | Protocol.OP_POSTED, GuestChannel.args(1, 2, 3), 0, new byte[0]);
            byte[] body = GuestChannel.items("/bin/true\0".getBytes(StandardCharsets.UTF_8));
            guest.send(Protocol.OP_EXEC, GuestChannel.args(0, 0, 0), body.length, body);

            Request posted = kernel.read();
            assertEquals(Protocol.OP_ARGS, posted.op());
            assertTrue(posted.posted());
            assertEquals(3, posted.arg(2));
            Request next = kernel.read();
            assertEquals(Protocol.OP_EXEC, next.op());
            assertFalse(next.posted());
            assertEquals("/bin/true", next.string(0));
        }
    }

    @Test
    void theFdsOfAReadGoWithTheRequestAfterAPostedOne() {
        int[] pair = Kernel.socketpair(h);
        int[] carried = Kernel.socketpair(h);
        try (GuestChannel guest = new GuestChannel(pair[1]); Channel kernel = new Channel(pair[0], h)) {
            guest.send(Protocol.OP_THREAD_STARTED | Protocol.OP_POSTED, GuestChannel.args(5, 6), 0, new byte[0]);
            guest.send(Protocol.OP_FORKED, GuestChannel.args(7), 0, new byte[0], carried[0]);

            Request posted = kernel.read();
            assertEquals(Protocol.OP_THREAD_STARTED, posted.op());
            assertArrayEquals(new int[0], posted.fds());
            Request next = kernel.read();
            assertEquals(Protocol.OP_FORKED, next.op());
            assertEquals(1, next.fds().length);
            h.syscall(Sysno.CLOSE, next.fds()[0]);
        } finally {
            h.syscall(Sysno.CLOSE, carried[0]);
            h.syscall(Sysno.CLOSE, carried[1]);
        }
    }

    /** A call whose reply the init host uses (and whose descriptors the reply would carry) posted: forged. */
    @Test
    void onlyNewsMayBePosted() {
        int[] pair = Kernel.socketpair(h);
        try (GuestChannel guest = new GuestChannel(pair[1]); Channel kernel = new Channel(pair[0], h)) {
            byte[] body = GuestChannel.items("/etc/hostname\0".getBytes(StandardCharsets.UTF_8));
            guest.send(Sysno.OPENAT | Protocol.OP_POSTED, GuestChannel.args(-100, 0, 0), body.length, body);
            ProtocolViolation e = assertThrows(ProtocolViolation.class, kernel::read);
            assertTrue(e.getMessage().contains("posted"), e.getMessage());
        }
    }

    /** The fds carried over with the next request are closed when that request is forged, and when the channel closes. */
    @Test
    void carriedFdsAreClosedWhenTheNextRequestIsForged() throws Exception {
        int[] pair = Kernel.socketpair(h);
        int[] carried = Kernel.socketpair(h);
        long before;
        try (GuestChannel guest = new GuestChannel(pair[1]); Channel kernel = new Channel(pair[0], h)) {
            before = openFds();
            guest.send(Protocol.OP_ARGS | Protocol.OP_POSTED, GuestChannel.args(1, 2, 3), 0, new byte[0]);
            // Declares 4 bytes of items and sends an item longer than that.
            guest.send(Protocol.OP_EXEC, GuestChannel.args(0, 0, 0), 4, GuestChannel.items(new byte[8]), carried[0]);
            assertTrue(kernel.read().posted());
            assertThrows(ProtocolViolation.class, kernel::read);
            assertEquals(before, openFds(), "the fd that came along is closed");
        } finally {
            h.syscall(Sysno.CLOSE, carried[0]);
            h.syscall(Sysno.CLOSE, carried[1]);
        }
    }

    private static long openFds() throws java.io.IOException {
        try (var s = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void aRequestThatTakesAReplyFollowedByAnotherIsForged() {
        int[] pair = Kernel.socketpair(h);
        try (GuestChannel guest = new GuestChannel(pair[1]); Channel kernel = new Channel(pair[0], h)) {
            guest.send(Protocol.OP_HOST_PID, GuestChannel.args(1), 0, new byte[0]);
            guest.send(Protocol.OP_HOST_PID, GuestChannel.args(2), 0, new byte[0]);
            assertEquals(Protocol.OP_HOST_PID, kernel.read().op());
            ProtocolViolation e = assertThrows(ProtocolViolation.class, kernel::read);
            assertTrue(e.getMessage().contains("a second request before the reply to the first"), e.getMessage());
        }
    }

    /** A signal handler's interrupt may come right behind the call its thread awaits the reply to, in one read. */
    @Test
    void aRequestThatTakesAReplyMayBeFollowedByAnInterrupt() {
        int[] pair = Kernel.socketpair(h);
        try (GuestChannel guest = new GuestChannel(pair[1]); Channel kernel = new Channel(pair[0], h)) {
            guest.send(Protocol.OP_HOST_PID, GuestChannel.args(1), 0, new byte[0]);
            guest.send(Protocol.OP_INTERRUPT | Protocol.OP_POSTED, GuestChannel.args(), 0, new byte[0]);
            guest.send(Protocol.OP_HOST_PID, GuestChannel.args(2), 0, new byte[0]);
            Request call = kernel.read();
            assertEquals(Protocol.OP_HOST_PID, call.op());
            assertTrue(kernel.pending(), "the interrupt is there for a blocked call to see");
            // The call's reply, written meanwhile, leaves the interrupt's bytes as they came.
            assertTrue(kernel.write(new dev.lamina.kernel.channel.Reply().ret(-2).item(new byte[100])));
            Request interrupt = kernel.read();
            assertEquals(Protocol.OP_INTERRUPT, interrupt.op());
            assertTrue(interrupt.posted());
            assertEquals(2, kernel.read().arg(0));
        }
    }

    /** A reply that is not sent (its call failed after it took an fd, or its request was posted) still closes the fds it held. */
    @Test
    void aReplyNotSentClosesItsFds() {
        int[] pair = Kernel.socketpair(h);
        int[] held = Kernel.socketpair(h);
        try (Channel kernel = new Channel(pair[0], h)) {
            dev.lamina.kernel.channel.Reply reply = new dev.lamina.kernel.channel.Reply().ret(3).fd(held[0], true).fd(held[1], false);
            kernel.discard(reply);
            assertEquals(0, reply.fdCount());
            assertEquals(-dev.lamina.kernel.abi.Errno.EBADF, h.syscall(Sysno.FCNTL, held[0], 1 /* F_GETFD */));
            assertEquals(-dev.lamina.kernel.abi.Errno.EBADF, h.syscall(Sysno.FCNTL, held[1], 1 /* F_GETFD */));
        } finally {
            h.syscall(Sysno.CLOSE, pair[1]);
        }
    }
}
