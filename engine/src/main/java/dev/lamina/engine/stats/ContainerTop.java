package dev.lamina.engine.stats;

import dev.lamina.engine.containers.Container;
import dev.lamina.engine.files.EtcFiles;
import dev.lamina.engine.host.PlatformThread;
import dev.lamina.engine.http.ApiException;
import dev.lamina.kernel.Kernel;
import dev.lamina.kernel.proc.GuestProcess;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * `GET /containers/{id}/top`: the container's processes as `ps` prints them on the
 * host, as Docker's: host pids (inspect's State.Pid among them; the first process's
 * parent is the engine), the guest's user names (from its own /etc/passwd) and command
 * lines, with the host's figures for times and memory. Docker runs the host's ps with
 * {@code ps_args}; Lamina makes ps's tables from them: `-ef` (the default), `aux`, ps's
 * own columns (`-e`), and the columns `-o`/`o` lists (procps's names, `pid,user,args`,
 * each may be renamed `field=HEADER`), which must include the pid, as Docker's do.
 */
public final class ContainerTop {
    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter EARLIER = DateTimeFormatter.ofPattern("MMMdd", Locale.ENGLISH);

    /** A process as a row is made from. */
    private record Row(GuestProcess p, ProcStat s, Map<Integer, String> users, Clock clock) {
        long rssKb() { return HostProc.status(s.pid(), "VmRSS"); }
    }

    /** A column ps can show: its field's name, its header, and its value for a process. */
    private record Column(String field, String header, Function<Row, String> value) {
        Column titled(String title) { return new Column(field, title, value); }
    }

    private static final Map<String, Column> FIELDS = new LinkedHashMap<>();

    private static void field(Function<Row, String> value, String header, String... names) {
        for (String n : names) FIELDS.put(n, new Column(names[0], header, value));
    }

    static {
        field(r -> Integer.toString(r.s().pid()), "PID", "pid", "tgid");
        field(r -> Integer.toString(r.s().ppid()), "PPID", "ppid");
        field(r -> user(r.p(), r.users()), "USER", "user", "euser", "uname");
        field(r -> Integer.toString(r.p().credentials().euid()), "UID", "uid", "euid");
        field(r -> Integer.toString(r.p().credentials().egid()), "GID", "gid", "egid");
        field(r -> r.p().plan() == null ? r.s().comm() : r.p().plan().comm(), "COMMAND", "comm", "ucmd", "ucomm");
        field(r -> command(r.p(), r.s()), "COMMAND", "args", "command");
        field(r -> command(r.p(), r.s()), "CMD", "cmd");
        field(r -> elapsed((long) r.clock().elapsed(r.s())), "ELAPSED", "etime");
        field(r -> Long.toString((long) r.clock().elapsed(r.s())), "ELAPSED", "etimes");
        field(r -> time(r.s()), "TIME", "time", "cputime");
        field(r -> Character.toString(r.s().state()), "STAT", "stat");
        field(r -> Character.toString(r.s().state()), "S", "s", "state");
        field(r -> Long.toString(r.rssKb()), "RSS", "rss", "rssize", "rsz");
        field(r -> Long.toString(r.s().vsize() / 1024), "VSZ", "vsz", "vsize");
        field(r -> String.format(Locale.ROOT, "%.1f", r.clock().cpu(r.s())), "%CPU", "%cpu", "pcpu");
        field(r -> Integer.toString((int) r.clock().cpu(r.s())), "C", "c");
        field(r -> String.format(Locale.ROOT, "%.1f", r.clock().memTotal() == 0 ? 0 : 100.0 * r.rssKb() * 1024 / r.clock().memTotal()),
                "%MEM", "%mem", "pmem");
        field(r -> tty(r.s()), "TT", "tty", "tt", "tname");
        field(r -> r.clock().start(r.s()), "STIME", "stime", "start_time");
        field(r -> r.clock().start(r.s()), "START", "start", "lstart");
        field(r -> Integer.toString(r.s().threads()), "NLWP", "nlwp", "thcount");
    }

    private static List<Column> named(String... spec) {
        List<Column> out = new ArrayList<>();
        for (String f : spec) {
            int eq = f.indexOf('=');
            Column c = FIELDS.get(eq < 0 ? f : f.substring(0, eq));
            out.add(eq < 0 ? c : c.titled(f.substring(eq + 1)));
        }
        return out;
    }

    private static final List<Column> EF = named("user=UID", "pid", "ppid", "c", "stime", "tty=TTY", "time", "cmd");
    private static final List<Column> AUX = named("user", "pid", "%cpu", "%mem", "vsz", "rss", "tty=TTY", "stat", "start", "time",
            "command");
    private static final List<Column> PS = named("pid", "tty=TTY", "time", "cmd");

    private ContainerTop() {}

    public static Map<String, Object> top(Container c, String psArgs) throws Exception {
        List<Column> columns = columns(psArgs == null ? "" : psArgs.trim());
        if (columns.stream().noneMatch(col -> col.field().equals("pid")))
            throw ApiException.badRequest("Couldn't find PID field in ps output"); // dockerd's words
        Kernel k = c.kernel();
        if (k == null || !c.running()) throw c.notRunning();
        List<List<String>> rows = PlatformThread.call("top-" + c.id().substring(0, 12), () -> {
            ContainerProcesses processes = ContainerProcesses.of(k);
            Map<Integer, String> users = EtcFiles.userNames(c.rootfs());
            Clock clock = new Clock(HostProc.bootTime(), HostProc.uptime(), HostProc.memTotal());
            List<List<String>> r = new ArrayList<>();
            for (ContainerProcesses.Guest g : processes.guests()) {
                Row row = new Row(g.process(), g.host(), users, clock);
                r.add(columns.stream().map(col -> col.value().apply(row)).toList());
            }
            return r;
        });
        return Map.of("Titles", columns.stream().map(Column::header).toList(), "Processes", rows);
    }

    /**
     * The columns ps shows for {@code args}: its options as procps reads them, with or without a dash
     * (`-ef`, `aux`, `-eo pid,args`, `o pid`, `-o pid -o user`); selecting options change nothing here
     * (every process of the container is shown). 400 for an option or field ps does not know.
     */
    private static List<Column> columns(String args) {
        if (args.isEmpty()) return EF;
        List<Column> listed = new ArrayList<>();
        boolean full = false, bsdLong = false, listedAny = false;
        String[] tokens = args.split("\\s+");
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.equals("--format")) t = "-o";
            String letters = t.startsWith("-") ? t.substring(1) : t;
            for (int j = 0; j < letters.length(); j++) {
                char ch = letters.charAt(j);
                if (ch == 'o' || ch == 'O') {
                    String list = j + 1 < letters.length() ? letters.substring(j + 1) : i + 1 < tokens.length ? tokens[++i] : null;
                    if (list == null) throw ApiException.badRequest("ps_args '" + args + "': the format list is missing");
                    for (String f : list.split(",")) {
                        if (f.isEmpty()) continue;
                        int eq = f.indexOf('=');
                        if (!FIELDS.containsKey(eq < 0 ? f : f.substring(0, eq)))
                            throw ApiException.badRequest("ps_args '" + args + "': unknown user-defined format specifier \"" + f + "\"");
                        listed.addAll(named(f));
                    }
                    listedAny = true;
                    break;
                }
                switch (ch) {
                    case 'f' -> full = true;
                    case 'u' -> bsdLong = true;
                    case 'e', 'A', 'a', 'x', 'w', 'N' -> { /* which processes, or how wide: every one is shown */ }
                    default -> throw ApiException.badRequest("ps_args '" + args + "': Lamina's top takes ps's -e, -f, -o and aux");
                }
            }
        }
        if (listedAny) return listed;
        if (bsdLong) return AUX;
        return full ? EF : PS;
    }
    /** What the host's clock and memory were when the table was made. */
    private record Clock(long bootTime, double uptime, long memTotal) {
        /** Seconds the process has run. */
        double elapsed(ProcStat s) {
            return Math.max(0, uptime - (double) s.startTime() / HostProc.TICKS_PER_SECOND);
        }

        /** Its CPU time over the time it has run, in percent (ps's C and %CPU). */
        double cpu(ProcStat s) {
            double e = elapsed(s);
            return e <= 0 ? 0 : 100.0 * (s.utime() + s.stime()) / HostProc.TICKS_PER_SECOND / e;
        }

        String start(ProcStat s) {
            ZonedDateTime t = Instant.ofEpochSecond(bootTime + s.startTime() / HostProc.TICKS_PER_SECOND)
                    .atZone(ZoneId.systemDefault());
            return t.toLocalDate().equals(LocalDate.now()) ? TODAY.format(t) : EARLIER.format(t);
        }
    }

    private static String user(GuestProcess p, Map<Integer, String> users) {
        int uid = p.credentials().euid();
        return users.getOrDefault(uid, Integer.toString(uid));
    }

    /** The terminal as the guest's /proc shows it (the host's number): pseudo-terminals are majors 136 to 143. */
    private static String tty(ProcStat s) {
        int major = (s.ttyNr() >>> 8) & 0xfff, minor = (s.ttyNr() & 0xff) | ((s.ttyNr() >>> 12) & 0xfff00);
        return major >= 136 && major <= 143 ? "pts/" + ((major - 136) * 256 + minor) : "?";
    }

    /** CPU time as ps prints it: [DD-]HH:MM:SS. */
    private static String time(ProcStat s) {
        long secs = (s.utime() + s.stime()) / HostProc.TICKS_PER_SECOND;
        String hms = String.format(Locale.ROOT, "%02d:%02d:%02d", secs / 3600 % 24, secs / 60 % 60, secs % 60);
        return secs >= 86400 ? secs / 86400 + "-" + hms : hms;
    }

    /** Elapsed time as ps's etime: [[DD-]HH:]MM:SS. */
    private static String elapsed(long secs) {
        String ms = String.format(Locale.ROOT, "%02d:%02d", secs / 60 % 60, secs % 60);
        if (secs < 3600) return ms;
        String hms = String.format(Locale.ROOT, "%02d:", secs / 3600 % 24) + ms;
        return secs >= 86400 ? secs / 86400 + "-" + hms : hms;
    }

    /** The guest's command line, or its name in brackets when it has none (as ps shows kernel threads). */
    private static String command(GuestProcess p, ProcStat s) {
        List<String> argv = p.argv();
        if (!argv.isEmpty()) return String.join(" ", argv);
        return "[" + (p.plan() == null ? s.comm() : p.plan().comm()) + "]";
    }
}
