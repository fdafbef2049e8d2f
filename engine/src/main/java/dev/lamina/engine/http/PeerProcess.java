package dev.lamina.engine.http;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The process at the other end of a unix-socket connection and its ancestors
 * below this JVM. Every container process descends from this JVM and stays so
 * (the JVM and each container's first host are subreapers), so the lineage says
 * whether a connection comes from a container. The connecting process is pinned
 * by a pidfd (SO_PEERPIDFD) while its ancestry is read: a process that ended
 * meanwhile, its pid free for another, is caught.
 */
final class PeerProcess {
    private static final long SELF = ProcessHandle.current().pid();
    /** Deeper than any process tree; bounds a walk through a changing /proc. */
    private static final int MAX_DEPTH = 4096;

    private PeerProcess() {}

    /**
     * The peer's pid, then its parent's, and so on up to (not including) this JVM;
     * empty when the peer does not descend from this JVM. Nothing when it cannot be
     * told (the peer has gone, or the host cannot say): such a peer is not served.
     */
    static Optional<List<Integer>> lineage(int socketFd) {
        try (HostCalls h = new HostCalls()) {
            MemorySegment value = h.scratch(8);
            MemorySegment length = value.asSlice(4, 4);
            length.set(ValueLayout.JAVA_INT, 0, 4);
            long r = h.syscall(Sysno.GETSOCKOPT, socketFd, Flags.SOL_SOCKET, Flags.SO_PEERPIDFD, value.address(), length.address());
            if (r == -Errno.ENOPROTOOPT) return unpinned(h, socketFd);
            if (r < 0) return Optional.empty();
            int pidfd = value.get(ValueLayout.JAVA_INT, 0);
            try {
                Optional<List<Integer>> lineage = walk(pidOf(pidfd));
                // Still the process that connected: its pid, and so the walk's start, was not reused.
                if (h.syscall(Sysno.PIDFD_SEND_SIGNAL, pidfd, 0, 0, 0) != 0) return Optional.empty();
                return lineage;
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            } finally {
                h.syscall(Sysno.CLOSE, pidfd);
            }
        }
    }

    /** Before Linux 6.5: the pid SO_PEERCRED recorded at connect, not pinned. */
    private static Optional<List<Integer>> unpinned(HostCalls h, int socketFd) {
        MemorySegment cred = h.scratch(16);
        MemorySegment length = cred.asSlice(12, 4);
        length.set(ValueLayout.JAVA_INT, 0, 12);
        if (h.syscall(Sysno.GETSOCKOPT, socketFd, Flags.SOL_SOCKET, Flags.SO_PEERCRED, cred.address(), length.address()) < 0)
            return Optional.empty();
        try {
            return walk(cred.get(ValueLayout.JAVA_INT, 0));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<List<Integer>> walk(int pid) throws IOException {
        if (pid <= 0) return Optional.empty();
        List<Integer> lineage = new ArrayList<>();
        for (int p = pid; p > 1 && p != SELF; p = parentOf(p)) {
            if (lineage.size() == MAX_DEPTH) return Optional.empty();
            lineage.add(p);
        }
        boolean descends = lineage.isEmpty() || parentOf(lineage.getLast()) == SELF;
        return Optional.of(descends ? lineage : List.of());
    }

    /** The pid a pidfd stands for, as /proc/self/fdinfo gives it: -1 once the process has ended. */
    private static int pidOf(int pidfd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + pidfd)))
            if (line.startsWith("Pid:")) return Integer.parseInt(line.substring(4).trim());
        return -1;
    }

    /** The parent's pid from /proc/PID/stat (after the command's closing parenthesis: state, then ppid). */
    private static int parentOf(int pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 3);
        return Integer.parseInt(fields[1]);
    }
}
