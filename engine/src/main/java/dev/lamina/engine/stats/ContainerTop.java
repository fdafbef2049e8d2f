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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * `GET /containers/{id}/top`: the container's processes as `ps` prints them on the
 * host, as Docker's: host pids (inspect's State.Pid among them; the first process's
 * parent is the engine), the guest's user names (from its own /etc/passwd) and command
 * lines, with the host's figures for times and memory. Docker runs the host's ps with
 * {@code ps_args}; Lamina builds the two tables people ask for, `-ef` (the default) and
 * `aux`.
 */
public final class ContainerTop {
    private static final List<String> EF = List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
    private static final List<String> AUX = List.of("USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START",
            "TIME", "COMMAND");
    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter EARLIER = DateTimeFormatter.ofPattern("MMMdd", Locale.ENGLISH);

    private ContainerTop() {}

    public static Map<String, Object> top(Container c, String psArgs) throws Exception {
        String args = psArgs == null ? "" : psArgs.trim();
        boolean aux = args.equals("aux") || args.equals("-aux");
        if (!aux && !args.isEmpty() && !args.equals("-ef"))
            throw ApiException.badRequest("ps_args '" + args + "': Lamina's top shows -ef (the default) or aux");
        Kernel k = c.kernel();
        if (k == null || !c.running()) throw c.notRunning();
        List<List<String>> rows = PlatformThread.call("top-" + c.id().substring(0, 12), () -> {
            ContainerProcesses processes = ContainerProcesses.of(k);
            Map<Integer, String> users = EtcFiles.userNames(c.rootfs());
            Clock clock = new Clock(HostProc.bootTime(), HostProc.uptime(), HostProc.memTotal());
            List<List<String>> r = new ArrayList<>();
            for (ContainerProcesses.Guest g : processes.guests()) r.add(aux ? aux(g, users, clock) : ef(g, users, clock));
            return r;
        });
        return Map.of("Titles", aux ? AUX : EF, "Processes", rows);
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

    private static List<String> ef(ContainerProcesses.Guest g, Map<Integer, String> users, Clock clock) {
        GuestProcess p = g.process();
        ProcStat s = g.host();
        return List.of(user(p, users), Integer.toString(s.pid()), Integer.toString(s.ppid()),
                Integer.toString((int) clock.cpu(s)), clock.start(s), tty(s), time(s), command(p, s));
    }

    private static List<String> aux(ContainerProcesses.Guest g, Map<Integer, String> users, Clock clock) {
        GuestProcess p = g.process();
        ProcStat s = g.host();
        long rssKb = HostProc.status(s.pid(), "VmRSS");
        double mem = clock.memTotal() == 0 ? 0 : 100.0 * rssKb * 1024 / clock.memTotal();
        return List.of(user(p, users), Integer.toString(s.pid()), String.format(Locale.ROOT, "%.1f", clock.cpu(s)),
                String.format(Locale.ROOT, "%.1f", mem), Long.toString(s.vsize() / 1024), Long.toString(rssKb), tty(s),
                Character.toString(s.state()), clock.start(s), time(s), command(p, s));
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

    /** The guest's command line, or its name in brackets when it has none (as ps shows kernel threads). */
    private static String command(GuestProcess p, ProcStat s) {
        List<String> argv = p.argv();
        if (!argv.isEmpty()) return String.join(" ", argv);
        return "[" + (p.plan() == null ? s.comm() : p.plan().comm()) + "]";
    }
}
