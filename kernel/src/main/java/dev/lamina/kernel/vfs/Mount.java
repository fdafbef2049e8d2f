package dev.lamina.kernel.vfs;

import dev.lamina.kernel.abi.Flags;
import java.nio.file.Path;
import java.util.List;

/**
 * A mount as /proc/mounts lists it: its filesystem type, its source and its options, the one
 * record of them that mountinfo and statfs's flags read too; the device number stat shows
 * inside it (0: the host file's own, a volume's); and for a bind of a host file or directory,
 * its host path (the mount tables show it as the host's mounts place it), else null.
 */
public record Mount(String type, String source, String options, long device, Path host) {
    /** A host file or directory bound. */
    public static Mount bind(Path host, boolean readOnly) {
        return new Mount("bind", "bind", (readOnly ? "ro" : "rw") + ",relatime", 0, host);
    }

    /** statfs's f_flags the options say (ST_VALID always). */
    public long statfsFlags() {
        List<String> each = List.of(options.split(","));
        long flags = Flags.ST_VALID;
        if (each.contains("ro")) flags |= Flags.ST_RDONLY;
        if (each.contains("nosuid")) flags |= Flags.ST_NOSUID;
        if (each.contains("nodev")) flags |= Flags.ST_NODEV;
        if (each.contains("noexec")) flags |= Flags.ST_NOEXEC;
        if (each.contains("relatime")) flags |= Flags.ST_RELATIME;
        return flags;
    }

    /** The size option's bytes (a tmpfs's, "size=65536k"), or 0 when it has none. */
    public long sizeOption() {
        for (String o : options.split(","))
            if (o.startsWith("size=") && o.endsWith("k")) return Long.parseLong(o.substring(5, o.length() - 1)) * 1024;
        return 0;
    }
}
