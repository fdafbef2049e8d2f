package dev.lamina.kernel.channel;

import java.util.ArrayList;
import java.util.List;

/** The answer to a request: its result, output items in argument order,
 * and up to {@link Protocol#REPLY_FDS_MAX} fds to hand over. */
public final class Reply {
    private long ret;
    private final List<byte[]> items = new ArrayList<>();
    private final int[] fds = new int[Protocol.REPLY_FDS_MAX];
    private int nfds;
    private boolean cloexec;

    public Reply ret(long r) { ret = r; return this; }
    public long ret() { return ret; }
    public Reply item(byte[] b) { items.add(b); return this; }
    public List<byte[]> items() { return items; }

    /** Hands fd over with the reply (after any given before); the channel
     * closes the kernel's copy. cloexec applies to all of them. */
    public Reply fd(int fd, boolean cloexec) {
        if (nfds == Protocol.REPLY_FDS_MAX) throw new IllegalStateException("a reply carries at most " + Protocol.REPLY_FDS_MAX + " fds");
        fds[nfds++] = fd;
        this.cloexec = cloexec;
        return this;
    }

    public int fdCount() { return nfds; }
    public int fd(int i) { return fds[i]; }
    public boolean cloexec() { return cloexec; }

    public void reset() {
        ret = 0;
        items.clear();
        nfds = 0;
        cloexec = false;
    }
}
