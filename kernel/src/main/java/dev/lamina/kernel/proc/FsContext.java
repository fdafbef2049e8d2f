package dev.lamina.kernel.proc;

/**
 * A thread's root, working directory and umask (Linux's fs_struct): its process's, shared by its threads,
 * until one takes a copy of its own (unshare(CLONE_FS)). Paths are canonical container paths.
 */
public final class FsContext {
    private volatile String cwd;
    private volatile String root;
    private volatile int umask;

    FsContext(String cwd, String root, int umask) {
        this.cwd = cwd;
        this.root = root;
        this.umask = umask;
    }

    FsContext copy() { return new FsContext(cwd, root, umask); }

    public String cwd() { return cwd; }
    public void cwd(String path) { cwd = path; }
    public String root() { return root; }
    public void root(String path) { root = path; }
    public int umask() { return umask; }
    public void umask(int mask) { umask = mask & 0777; }

    /**
     * A canonical container path as named from this root, as Linux's d_path: null when the path lies
     * outside the root (unreachable from it, as a directory held open across a chroot).
     */
    public String named(String path) {
        String r = root;
        if (r.equals("/")) return path;
        if (path.equals(r)) return "/";
        return path.startsWith(r + "/") ? path.substring(r.length()) : null;
    }
}
