package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the container's own files (as the guest would see them) for the
 * kernel's decisions: /etc/passwd and /etc/group at start. */
public final class ImageFiles {
    private static final int MAX = 1 << 20;

    private ImageFiles() {}

    /** The file's text, or "" when it is missing, unreadable or not a regular file: a FIFO or a terminal there (an
     * image's, or a guest's) would keep the kernel waiting, with the container's lock held at its start. */
    public static String read(Task t, String path) {
        HostCalls h = t.host();
        try {
            var res = t.kernel().resolver().resolveAsKernel(t, path);
            int fd = NodeOps.open(t, res.node(), Flags.O_RDONLY | Flags.O_NONBLOCK, 0);
            try {
                MemorySegment st = h.scratch(Layouts.STAT_SIZE);
                if (h.syscall(Sysno.FSTAT, fd, st.address()) < 0 || (NodeOps.mode(st) & Flags.S_IFMT) != Flags.S_IFREG)
                    return "";
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                MemorySegment buf = h.scratch(8192);
                for (long n; out.size() < MAX && (n = h.syscall(Sysno.READ, fd, buf.address(), 8192)) > 0; )
                    out.write(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), 0, (int) n);
                return out.toString(StandardCharsets.UTF_8);
            } finally {
                h.syscall(Sysno.CLOSE, fd);
            }
        } catch (LinuxError e) {
            return "";
        }
    }

    /** Docker's rule: the primary group, then every /etc/group entry that lists the user by name. */
    public static List<Integer> groupsOf(Task t, int uid, int gid) {
        String name = null;
        for (String line : read(t, "/etc/passwd").split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && f[2].equals(Integer.toString(uid))) {
                name = f[0];
                break;
            }
        }
        List<Integer> groups = new ArrayList<>(List.of(gid));
        if (name == null) return groups;
        for (String line : read(t, "/etc/group").split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 4) continue;
            try {
                int g = Integer.parseInt(f[2]);
                if (!groups.contains(g) && List.of(f[3].split(",")).contains(name)) groups.add(g);
            } catch (NumberFormatException e) {
                // not a group line
            }
        }
        return groups;
    }
}
