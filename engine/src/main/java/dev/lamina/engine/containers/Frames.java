package dev.lamina.engine.containers;

/**
 * Docker's multiplexed stream (no terminal): each chunk behind an 8-byte header,
 * {stream, 0, 0, 0, size as big-endian uint32}; streams 0 stdin, 1 stdout,
 * 2 stderr, 3 a system error. With a terminal the bytes go as they are.
 */
public final class Frames {
    public static final int STDIN = 0, STDOUT = 1, STDERR = 2, SYSTEM_ERROR = 3;

    private Frames() {}

    public static byte[] frame(int stream, byte[] payload) {
        byte[] f = new byte[8 + payload.length];
        f[0] = (byte) stream;
        int n = payload.length;
        f[4] = (byte) (n >>> 24);
        f[5] = (byte) (n >>> 16);
        f[6] = (byte) (n >>> 8);
        f[7] = (byte) n;
        System.arraycopy(payload, 0, f, 8, n);
        return f;
    }
}
