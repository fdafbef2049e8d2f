package dev.lamina.cli;

import static dev.lamina.cli.testing.EngineProcess.IMAGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** `docker top` against a real engine: the container's processes in its own terms (guest pids, users, command lines). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineTopTest {
    @TempDir
    static Path work;
    private EngineProcess engine;

    @BeforeAll
    void start() throws Exception {
        engine = EngineProcess.start(work.resolve("data"));
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    /** Host pids, as Docker's top shows them: inspect's State.Pid is the first process's, whose children name it
     * as their parent. Before, top showed the container's own pids (1, ...). */
    @Test
    void showsHostPidsUsersAndCommandLines() {
        String c = "top-two";
        engine.dockerOk("run", "-d", "--name", c, IMAGE, "sh", "-c", "sleep 300 & exec sleep 301");
        engine.dockerOk("exec", "-d", c, "sleep", "302");
        // A child forked but not yet exec'd shows its parent's command line, as on Linux: until the
        // shell's background child has become sleep 300 (and each process its program), top waits.
        List<List<String>> rows = List.of();
        for (int i = 0; i < 100 && !settled(rows); i++) {
            if (i > 0) sleep(100);
            rows = rows(engine.dockerOk("top", c).stdout(), 8);
        }
        assertEquals(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"), rows.getFirst());
        String first = engine.dockerOk("inspect", "--format", "{{.State.Pid}}", c).stdout().strip();
        String engineJvm = Long.toString(engine.process().pid());
        assertTrue(rows.stream().anyMatch(r -> is(r, "root", first, engineJvm, "sleep 301")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.size() == 8 && !r.get(1).equals(first) && is(r, "root", r.get(1), first, "sleep 300")),
                rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.get(7).equals("sleep 302")), rows.toString());

        List<List<String>> aux = rows(engine.dockerOk("top", c, "aux").stdout(), 11);
        assertEquals(List.of("USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME", "COMMAND"),
                aux.getFirst());
        assertTrue(aux.stream().anyMatch(r -> r.get(1).equals(first) && r.get(10).equals("sleep 301")
                && Long.parseLong(r.get(5)) > 0), aux.toString());

        // ps's own columns, and the columns -o lists (renamed ones too), as the host's ps prints them: only -ef and aux
        // were taken before.
        List<List<String>> listed = rows(engine.dockerOk("top", c, "-eo", "pid,user=WHO,nlwp,args").stdout(), 4);
        assertEquals(List.of("PID", "WHO", "NLWP", "COMMAND"), listed.getFirst());
        assertTrue(listed.stream().anyMatch(r -> r.get(0).equals(first) && r.get(1).equals("root") && r.get(3).equals("sleep 301")),
                listed.toString());
        assertEquals(List.of("PID", "COMMAND"), rows(engine.dockerOk("top", c, "o", "pid", "-o", "comm").stdout(), 2).getFirst());
        assertEquals(List.of("PID", "TTY", "TIME", "CMD"), rows(engine.dockerOk("top", c, "-e").stdout(), 4).getFirst());
        Command.Result noPid = engine.docker("top", c, "-o", "user,args");
        assertNotEquals(0, noPid.exitCode(), noPid.toString());
        assertTrue(noPid.stderr().contains("Couldn't find PID field in ps output"), noPid.toString());
        Command.Result unknown = engine.docker("top", c, "-o", "pid,bogus");
        assertTrue(unknown.stderr().contains("unknown user-defined format specifier \"bogus\""), unknown.toString());
    }

    @Test
    void aContainerThatDoesNotRunHasNoProcesses() {
        engine.dockerOk("create", "--name", "top-created", IMAGE, "true");
        Command.Result r = engine.docker("top", "top-created");
        assertNotEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("is not running"), r.toString());
    }

    /** Whether top's rows show the three processes with their own programs. */
    private static boolean settled(List<List<String>> rows) {
        return rows.stream().map(r -> r.size() == 8 ? r.get(7) : "").toList().containsAll(List.of("sleep 300", "sleep 301", "sleep 302"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The columns of `docker top`: its table writer pads them with three spaces at least; a command keeps its single ones. */
    private static List<List<String>> rows(String out, int columns) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : out.split("\n"))
            if (!line.isBlank()) rows.add(List.of(line.trim().split("\\s{3,}", columns)));
        return rows;
    }

    /** Whether an -ef row has this user, pid, parent and command (its times vary). */
    private static boolean is(List<String> row, String user, String pid, String ppid, String cmd) {
        return row.size() == 8 && row.get(0).equals(user) && row.get(1).equals(pid) && row.get(2).equals(ppid)
                && row.get(7).equals(cmd);
    }
}
