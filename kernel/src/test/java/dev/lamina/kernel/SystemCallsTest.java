package dev.lamina.kernel;

import static dev.lamina.kernel.GuestChannel.args;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.kernel.abi.Errno;
import dev.lamina.kernel.abi.Layouts;
import dev.lamina.kernel.abi.Sysno;
import dev.lamina.kernel.proc.Capabilities;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The machine as the container sees it: uname, its host and domain names. */
class SystemCallsTest extends ContainerTest {

    /** struct utsname's six fields. */
    private List<String> uname() {
        ReceivedReply r = c.call(Sysno.UNAME, args());
        assertEquals(0, r.ret());
        byte[] uts = r.item(0);
        assertEquals(Layouts.UTSNAME_SIZE, uts.length);
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int at = i * Layouts.UTSNAME_FIELD, end = at;
            while (uts[end] != 0) end++;
            fields.add(new String(uts, at, end - at, StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** sethostname and setdomainname send the name's bytes (no NUL) and its length. */
    private long setName(int op, String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return c.ret(op, args(0, b.length), b);
    }

    @Test
    void unameShowsTheContainersNamesAndTheHostsKernel() throws IOException {
        List<String> uts = uname();
        assertEquals("Linux", uts.get(0));
        assertEquals(TestContainer.HOSTNAME, uts.get(1));
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim(), uts.get(2));
        assertEquals("x86_64", uts.get(4));
        assertEquals("(none)", uts.get(5));
    }

    /** With CAP_SYS_ADMIN (`--privileged`, `--cap-add SYS_ADMIN`); Docker's default root lacks it (CapabilitiesTest). */
    @Test
    void rootWithSysAdminSetsTheNames() throws IOException {
        c.close();
        c = new TestContainer(dir.resolve("privileged"), new ProcessDefaults(Capabilities.ALL, List.of(), List.of()));
        assertEquals(0, setName(Sysno.SETHOSTNAME, "box"));
        assertEquals(0, setName(Sysno.SETDOMAINNAME, "example.org"));
        assertEquals("box", uname().get(1));
        assertEquals("example.org", uname().get(5));
        assertEquals(-Errno.EINVAL, setName(Sysno.SETHOSTNAME, "h".repeat(Layouts.UTSNAME_FIELD)));
        assertEquals(0, setName(Sysno.SETHOSTNAME, "h".repeat(Layouts.UTSNAME_FIELD - 1)));
    }

    @Test
    void otherUsersCannot() {
        assertEquals(0, c.ret(Sysno.SETRESUID, args(1000, 1000, 1000)));
        assertEquals(-Errno.EPERM, setName(Sysno.SETHOSTNAME, "box"));
        assertEquals(-Errno.EPERM, setName(Sysno.SETDOMAINNAME, "example.org"));
        assertEquals(List.of(TestContainer.HOSTNAME, "(none)"), List.of(uname().get(1), uname().get(5)));
    }

    @Test
    void mountIsRefused() {
        assertEquals(-Errno.EPERM, c.ret(Sysno.MOUNT, args(0, 0, 0, 0, 0), TestContainer.path("none"),
                TestContainer.path("/mnt"), TestContainer.path("tmpfs")));
        assertEquals(-Errno.EPERM, c.ret(Sysno.UMOUNT2, args(0, 0), TestContainer.path("/proc")));
    }
}
