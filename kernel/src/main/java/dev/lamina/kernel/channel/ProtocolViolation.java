package dev.lamina.kernel.channel;

/** A request no init host would send: guest code forged it on its channel.
 * The kernel ends the sender's process rather than guess at an answer. */
public final class ProtocolViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolViolation(String what) { super(what, null, false, false); }
}
