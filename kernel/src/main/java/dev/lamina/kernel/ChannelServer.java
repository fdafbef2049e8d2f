package dev.lamina.kernel;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.channel.Channel;
import dev.lamina.kernel.channel.Protocol;
import dev.lamina.kernel.channel.ProtocolViolation;
import dev.lamina.kernel.channel.Reply;
import dev.lamina.kernel.channel.Request;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.proc.GuestProcess;
import dev.lamina.kernel.proc.HostProcess;

/** Serves one guest thread's channel until the guest side closes it. */
final class ChannelServer {
    private final Kernel kernel;
    private final GuestProcess process;
    private final int tid;
    private final Channel channel;
    private final HostCalls host;

    ChannelServer(Kernel kernel, GuestProcess process, int tid, Channel channel, HostCalls host) {
        this.kernel = kernel;
        this.process = process;
        this.tid = tid;
        this.channel = channel;
        this.host = host;
    }

    /** Serves until the guest side closes the channel; with {@code firstOp} not 0, answers that op first, unasked. */
    void run(int firstOp) {
        try {
            serve(firstOp);
        } catch (ProtocolViolation e) {
            // Only guest code forging messages sends these: end its process, once, and say why.
            System.err.println("lamina: process " + process.pid() + " sent a malformed request (" + e.getMessage()
                    + "); it is ended");
            HostProcess h = process.host();
            if (h != null) h.signal(host, Flags.SIGKILL);
        }
        if (tid != process.pid()) kernel.processes().threadEnded(process, tid);
    }

    private void serve(int firstOp) {
        Task task = new Task(kernel, process, tid, host, channel);
        Reply reply = new Reply();
        if (firstOp != 0) {
            answer(task, Request.unasked(firstOp), reply);
            if (!channel.write(reply)) return;
        }
        for (Request r; (r = channel.read()) != null; ) {
            answer(task, r, reply);
            // A posted request's thread has gone on: it reads no reply (its next request may be here).
            if (r.posted()) channel.discard(reply);
            else if (!channel.write(reply)) break;
        }
    }

    /** Answers r in reply; a kernel bug is EIO, never a guest left waiting. */
    private void answer(Task task, Request r, Reply reply) {
        reply.reset();
        try {
            reply.ret(kernel.syscalls().call(task, r, reply));
        } catch (LinuxError e) {
            channel.discard(reply);
            reply.ret(-e.errno());
        } catch (ProtocolViolation e) {
            throw e;
        } catch (RuntimeException e) {
            // A kernel bug must not leave the guest waiting forever: it gets EIO.
            channel.discard(reply);
            reply.ret(-Errno.EIO);
            if (!kernel.closing()) {
                System.err.println("lamina: kernel error serving call " + r.op() + " of pid " + process.pid() + ": " + e);
                if (System.getenv("LAMINA_DEBUG") != null) e.printStackTrace();
            }
        } finally {
            host.endRequest();
            // Fds sent with a request are the kernel's only for fork and thread creation that
            // succeed (channels), a fork's outcome (the child's pidfd) and an exec that succeeds
            // (the new init host's channel): then the first is kept.
            boolean keepsFirst = (r.op() == Protocol.OP_FORK || r.op() == Protocol.OP_THREAD || r.op() == Protocol.OP_EXEC)
                    && reply.ret() >= 0 || r.op() == Protocol.OP_FORKED;
            for (int i = keepsFirst ? 1 : 0; i < r.fds().length; i++) host.syscall(Sysno.CLOSE, r.fds()[i]);
        }
    }
}
