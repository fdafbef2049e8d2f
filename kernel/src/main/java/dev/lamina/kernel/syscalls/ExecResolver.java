package dev.lamina.kernel.syscalls;

import dev.lamina.kernel.abi.Utf8b;
import dev.lamina.kernel.LinuxError;
import dev.lamina.kernel.Task;
import dev.lamina.kernel.abi.Elf;
import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.host.HostCalls;
import dev.lamina.kernel.proc.ExecPlan;
import dev.lamina.kernel.vfs.Resolved;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/** Finds what an execve runs: the program file, with #! scripts turned
 * into their interpreter's command line, as Linux's binfmt_script does. */
public final class ExecResolver {
    private static final int SCRIPT_DEPTH_MAX = 4;
    private static final int HEAD = 256;
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ExecResolver() {}

    /** The container's entry command, found on the image's PATH when it has no slash. */
    public static Prepared entry(Task t, List<String> command, List<String> env) {
        String program = command.getFirst();
        if (!program.contains("/")) {
            String path = env.stream().filter(e -> e.startsWith("PATH=")).map(e -> e.substring(5))
                    .findFirst().orElse(DEFAULT_PATH);
            String found = null;
            for (String dir : path.split(":")) {
                String candidate = (dir.isEmpty() ? "." : dir) + "/" + program;
                try {
                    Resolved res = t.kernel().resolver().resolve(t, t.fs().cwd(), candidate, true);
                    if ((NodeOps.mode(NodeOps.stat(t, res.node())) & Flags.S_IFMT) == Flags.S_IFREG) {
                        found = candidate;
                        break;
                    }
                } catch (LinuxError e) {
                    // not in this directory
                }
            }
            if (found == null) throw new ExecFailure(127, "exec: \"" + program + "\": executable file not found in $PATH");
            program = found;
        }
        try {
            return plan(t, program, command, env);
        } catch (LinuxError e) {
            String elf = e.errno() == Errno.ENOEXEC ? elfRefusal(t, program) : null;
            if (elf != null) throw new ExecFailure(126, program + ": " + elf);
            int code = e.errno() == Errno.ENOENT ? 127 : 126;
            throw new ExecFailure(code, "exec: \"" + program + "\": " + describe(e.errno()));
        }
    }

    /**
     * The first process's working directory, made when missing as Docker's start makes it:
     * each directory missing on the way, root's, 0755 (links on the way followed inside the
     * container), in the root even with --read-only. What cannot be made is left for
     * {@link #workdir}'s check to report.
     */
    public static void makeWorkdir(Task t, String workdir) {
        if (workdir == null || !workdir.startsWith("/")) return;
        StringBuilder at = new StringBuilder();
        try {
            for (String part : workdir.split("/")) {
                if (part.isEmpty()) continue;
                at.append('/').append(part);
                Resolved res = t.kernel().resolver().resolve(t, "/", at.toString(), true);
                if (!(res.node() instanceof dev.lamina.kernel.vfs.Node.InTree in) || Permissions.exists(t, in)) continue;
                t.host().syscall(Sysno.UMASK, 022);
                // In the root even when it is read-only: Docker makes it before the root is mounted so.
                dev.lamina.kernel.vfs.Node.InTree where = in.tree() == t.kernel().root() ? in : NodeOps.writableTree(t, in);
                long r = NodeOps.at(t, where, (d, n) -> t.host().syscall(Sysno.MKDIRAT, d, n.address(), 0755));
                if (r < 0 && r != -Errno.EEXIST) return;
            }
        } catch (LinuxError e) {
            // workdir() says what is wrong
        }
    }

    /**
     * The working directory a process starts in, which must be a directory (for a container's
     * first, see makeWorkdir); else an ExecFailure of exit status {@code failure} (a container's
     * start: 125, as the docker CLI gives; an exec: 126, as moby ends an exec that cannot start).
     */
    public static String workdir(Task t, String workdir, int failure) {
        if (workdir == null || workdir.isEmpty() || workdir.equals("/")) return "/";
        if (!workdir.startsWith("/")) throw new ExecFailure(failure, "the working directory must be absolute: " + workdir);
        Resolved res;
        try {
            res = t.kernel().resolver().resolve(t, "/", workdir, true);
        } catch (LinuxError e) {
            throw new ExecFailure(failure, "cannot use working directory " + workdir + ": " + describe(e.errno()));
        }
        if (dev.lamina.kernel.vfs.PathResolver.type(t, res.node()) == Flags.S_IFDIR) return res.path();
        throw new ExecFailure(failure, "the working directory " + workdir + " is not a directory in the image");
    }

    /** An execve's plan, and the kernel's host descriptor of the program it checked (the caller's to keep or close). */
    public record Prepared(ExecPlan plan, int program) {}

    /**
     * An execve: the plan it stores, or a LinuxError for the caller. The program is opened as it is
     * checked, and its checks (type, execute permission, set ids) read the file opened, which the
     * plan's init host then runs: a name that leads elsewhere by then (a rename, a descriptor of
     * fexecve's closed by the exec) changes nothing.
     */
    public static Prepared plan(Task t, String path, List<String> argv, List<String> envp) {
        List<String> args = new ArrayList<>(argv);
        String file = path;
        for (int depth = 0; ; depth++) {
            Resolved res = t.kernel().resolver().resolve(t, t.fs().cwd(), file, true);
            // Linux's path_noexec and MNT_NOSUID, of the program's own mount: one named through a descriptor
            // (fexecve, execveat, /proc/self/fd/N) by where its file lies (a memfd: on none of the container's).
            String at = t.kernel().mounts().mountPointOf(shownPath(t, res));
            long mountFlags = at == null || at.equals("/proc") ? 0 : t.kernel().mounts().mounts().get(at).statfsFlags();
            if ((mountFlags & Flags.ST_NOEXEC) != 0) throw new LinuxError(Errno.EACCES);
            executable(t, NodeOps.stat(t, res.node())); // before opening: no fifo or device is opened
            int fd = NodeOps.open(t, res.node(), Flags.O_RDONLY | Flags.O_NONBLOCK, 0);
            byte[] head;
            try {
                byte[] st = NodeOps.stat(t, new dev.lamina.kernel.vfs.Node.OpenFile("/proc/self/fd/" + fd, ""));
                int mode = executable(t, st);
                head = head(t, fd);
                if (head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
                    if (elfRefusal(head) != null) throw new LinuxError(Errno.ENOEXEC); // refused before the old program is gone, as Linux does
                    boolean ids = (mountFlags & Flags.ST_NOSUID) == 0;
                    boolean readable = Permissions.overrides(t) || Permissions.allowed(t, st, Permissions.READ, false);
                    ExecPlan plan = new ExecPlan(shownPath(t, res), path, args, envp,
                            ids && (mode & Flags.S_ISUID) != 0 ? owner(st, Layouts.STAT_UID) : -1,
                            ids && (mode & (Flags.S_ISGID | 0010)) == (Flags.S_ISGID | 0010) ? owner(st, Layouts.STAT_GID) : -1, readable);
                    Prepared prepared = new Prepared(plan, fd);
                    fd = -1;
                    return prepared;
                }
            } finally {
                if (fd >= 0) t.host().syscall(Sysno.CLOSE, fd);
            }
            if (head.length < 2 || head[0] != '#' || head[1] != '!') throw new LinuxError(Errno.ENOEXEC);
            if (depth == SCRIPT_DEPTH_MAX) throw new LinuxError(Errno.ELOOP);
            List<String> line = shebang(head);
            if (line.isEmpty()) throw new LinuxError(Errno.ENOEXEC);
            List<String> next = new ArrayList<>(line);
            next.add(file);
            if (!args.isEmpty()) next.addAll(args.subList(1, args.size()));
            args = next;
            file = line.getFirst();
        }
    }

    /**
     * Why binfmt_elf's first checks, which Linux answers with ENOEXEC, refuse an ELF file;
     * null when they pass: a whole header (52 bytes for 32-bit, 64 for 64-bit) of a program
     * or shared object (e_type ET_EXEC or ET_DYN). What passes and still fails to load
     * ends the new process.
     */
    private static String elfRefusal(byte[] head) {
        boolean elf32 = head.length > Elf.EI_CLASS && head[Elf.EI_CLASS] == Elf.ELFCLASS32;
        if (head.length < (elf32 ? Elf.EHDR_SIZE_32 : Elf.EHDR_SIZE_64)) return "truncated ELF header";
        int type = (head[Elf.EHDR_TYPE] & 0xff) | (head[Elf.EHDR_TYPE + 1] & 0xff) << 8;
        return type == Elf.ET_EXEC || type == Elf.ET_DYN ? null : "not a program (an ELF file of type " + type + ")";
    }

    /** The container's first program refused with ENOEXEC: why, when it is an ELF file binfmt_elf refuses; else null. */
    private static String elfRefusal(Task t, String program) {
        try {
            Resolved res = t.kernel().resolver().resolve(t, "/", program, true);
            int fd = NodeOps.open(t, res.node(), Flags.O_RDONLY | Flags.O_NONBLOCK, 0);
            byte[] head;
            try {
                head = head(t, fd);
            } finally {
                t.host().syscall(Sysno.CLOSE, fd);
            }
            return head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F' ? elfRefusal(head) : null;
        } catch (LinuxError e) {
            return null;
        }
    }

    private static int owner(byte[] st, int field) {
        return java.lang.foreign.MemorySegment.ofArray(st).get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, field);
    }

    /** "#!interp [one argument]" as Linux splits it: blanks are spaces and tabs only (a CRLF line's interpreter ends in \r). */
    private static List<String> shebang(byte[] head) {
        int end = 2;
        while (end < head.length && head[end] != '\n') end++;
        String line = stripBlanks(Utf8b.decode(head, 2, end - 2));
        if (line.isEmpty()) return List.of();
        int space = indexOfBlank(line);
        if (space < 0) return List.of(line);
        String arg = stripBlanks(line.substring(space));
        return arg.isEmpty() ? List.of(line.substring(0, space)) : List.of(line.substring(0, space), arg);
    }

    private static String stripBlanks(String s) {
        int from = 0, to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) from++;
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) to--;
        return s.substring(from, to);
    }

    private static int indexOfBlank(String s) {
        for (int i = 0; i < s.length(); i++)
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') return i;
        return -1;
    }

    private static byte[] head(Task t, int fd) {
        HostCalls h = t.host();
        MemorySegment buf = h.scratch(HEAD);
        long n = LinuxError.check(h.syscall(Sysno.PREAD64, fd, buf.address(), HEAD, 0));
        byte[] b = new byte[(int) n];
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, b, 0, (int) n);
        return b;
    }

    /** A program's mode, when it is a regular file the caller may execute; else EACCES. */
    private static int executable(Task t, byte[] st) {
        int mode = NodeOps.mode(st);
        if ((mode & Flags.S_IFMT) != Flags.S_IFREG || !Permissions.allowed(t, st, Permissions.EXEC, false))
            throw new LinuxError(Errno.EACCES);
        return mode;
    }

    /** The program's path as /proc/PID/exe shows it: a descriptor's (fexecve's) by its file's name in the container. */
    private static String shownPath(Task t, Resolved res) {
        if (!(res.node() instanceof dev.lamina.kernel.vfs.Node.OpenFile f)) return res.path();
        String named = t.kernel().guestViewOfHost(f.hostTarget());
        return named.startsWith("/") ? named : res.path();
    }

    static String describe(int errno) {
        return switch (errno) {
            case Errno.ENOENT -> "no such file or directory";
            case Errno.EACCES -> "permission denied";
            case Errno.ENOEXEC -> "exec format error";
            case Errno.ENOTDIR -> "not a directory";
            case Errno.ELOOP -> "too many levels of symbolic links";
            default -> "error " + errno;
        };
    }

    /** The entry command cannot start: Docker's exit codes (125, 126, 127). */
    public static final class ExecFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        public ExecFailure(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }

        public int exitCode() { return exitCode; }
    }
}
