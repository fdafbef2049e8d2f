package dev.lamina.engine.files;

import dev.lamina.engine.http.Json;
import dev.lamina.kernel.abi.Flags;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What `HEAD /containers/{id}/archive` says about a path, in the header
 * X-Docker-Container-Path-Stat: base64 of {name, size, mode, mtime, linkTarget}.
 * The mode is Go's os.FileMode (type bits at the top), which the docker CLI
 * tests for directories and symlinks; linkTarget is a symlink's target fully
 * resolved inside the container, as an absolute path.
 */
record PathStat(String name, long size, long mode, String mtime, String linkTarget) {
    static final String HEADER = "X-Docker-Container-Path-Stat";
    static final long DIR = 1L << 31;
    private static final long SYMLINK = 1L << 27, DEVICE = 1L << 26, NAMED_PIPE = 1L << 25,
            SOCKET = 1L << 24, SETUID = 1L << 23, SETGID = 1L << 22, CHAR_DEVICE = 1L << 21, STICKY = 1L << 20;

    static PathStat of(String name, FileStat st, String linkTarget) {
        return new PathStat(name, st.size(), goMode(st.mode()), Instant.ofEpochSecond(st.mtime(), st.mtimeNanos()).toString(),
                linkTarget);
    }

    static long goMode(int mode) {
        long m = mode & 0777;
        m |= switch (mode & Flags.S_IFMT) {
            case Flags.S_IFDIR -> DIR;
            case Flags.S_IFLNK -> SYMLINK;
            case Flags.S_IFBLK -> DEVICE;
            case Flags.S_IFCHR -> DEVICE | CHAR_DEVICE;
            case Flags.S_IFIFO -> NAMED_PIPE;
            case Flags.S_IFSOCK -> SOCKET;
            default -> 0;
        };
        if ((mode & 04000) != 0) m |= SETUID;
        if ((mode & 02000) != 0) m |= SETGID;
        if ((mode & 01000) != 0) m |= STICKY;
        return m;
    }

    /** The header's value. */
    String header() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("size", size);
        json.put("mode", mode);
        json.put("mtime", mtime);
        json.put("linkTarget", linkTarget);
        return Base64.getEncoder().encodeToString(Json.bytes(json));
    }
}
