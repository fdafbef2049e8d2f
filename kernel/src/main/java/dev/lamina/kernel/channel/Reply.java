package dev.lamina.kernel.channel;

import java.util.ArrayList;
import java.util.List;

/** The answer to a request: its result, output items in argument order,
 * and optionally a fd to hand over. */
public final class Reply {
    private long ret;
    private final List<byte[]> items = new ArrayList<>();
    private int fd = -1;
    private boolean cloexec;

    public Reply ret(long r) { ret = r; return this; }
    public long ret() { return ret; }
    public Reply item(byte[] b) { items.add(b); return this; }
    public List<byte[]> items() { return items; }

    /** Hands fd over with the reply; the channel closes the kernel's copy. */
    public Reply fd(int fd, boolean cloexec) { this.fd = fd; this.cloexec = cloexec; return this; }
    public int fd() { return fd; }
    public boolean cloexec() { return cloexec; }

    public void reset() {
        ret = 0;
        items.clear();
        fd = -1;
        cloexec = false;
    }
}
