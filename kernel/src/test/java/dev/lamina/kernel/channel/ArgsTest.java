package dev.lamina.kernel.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.kernel.abi.Flags;
import dev.lamina.kernel.abi.Syscalls;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Arguments by their syscalls.tbl names, wherever the init host put them. */
class ArgsTest {
    private static byte[] c(String s) { return (s + "\0").getBytes(StandardCharsets.UTF_8); }

    @Test
    void itemsAndValuesByName() {
        // symlinkat(target, newdirfd, linkpath): two string items around a fd.
        Request r = new Request(Syscalls.SYMLINKAT.nr(), new long[] {0, 5, 0, 0, 0, 0}, List.of(c("to"), c("link")), new int[] {40});
        Args a = new Args(r, Syscalls.SYMLINKAT);
        assertEquals("to", a.string("target"));
        assertEquals("link", a.path("linkpath"));
        assertEquals(40, a.descriptor("newdirfd"));
        Args set = new Args(new Request(Syscalls.SETRESUID.nr(), new long[] {1, 2, 3, 0, 0, 0}, List.of(), new int[0]),
                Syscalls.SETRESUID);
        assertEquals(3, set.intArg("suid"));
        assertThrows(IllegalArgumentException.class, () -> set.intArg("uid"));
    }

    @Test
    void aDirfdBesideAnAbsolutePathOrAtFdcwdTravelsAsNothing() {
        // renameat(olddirfd, oldpath, newdirfd, newpath): the old path is absolute, the new dirfd is sent.
        Request r = new Request(Syscalls.RENAMEAT.nr(), new long[] {7, 0, 8, 0, 0, 0}, List.of(c("/a"), c("b")), new int[] {41});
        Args a = new Args(r, Syscalls.RENAMEAT);
        assertEquals(-1, a.descriptor("olddirfd"));
        assertEquals(41, a.descriptor("newdirfd"));
        Request cwd = new Request(Syscalls.OPENAT.nr(), new long[] {Flags.AT_FDCWD, 0, 0, 0, 0, 0}, List.of(c("x")), new int[0]);
        assertEquals(-1, new Args(cwd, Syscalls.OPENAT).descriptor("dirfd"));
    }

    @Test
    void attachedFdsMustMatchTheArguments() {
        Request r = new Request(Syscalls.FCHMOD.nr(), new long[] {3, 0644, 0, 0, 0, 0}, List.of(), new int[0]);
        assertThrows(ProtocolViolation.class, () -> new Args(r, Syscalls.FCHMOD).descriptor("fd"));
    }

    @Test
    void fixedItemsTakeTheirSizeFromTheTable() {
        byte[] times = new byte[32];
        Request r = new Request(Syscalls.UTIMENSAT.nr(), new long[6], List.of(new byte[0], times), new int[0]);
        Args a = new Args(r, Syscalls.UTIMENSAT);
        assertNull(a.string("pathname"));
        assertArrayEquals(times, a.fixed("times"));
        Request bad = new Request(Syscalls.UTIMENSAT.nr(), new long[6], List.of(new byte[0], new byte[8]), new int[0]);
        assertThrows(ProtocolViolation.class, () -> new Args(bad, Syscalls.UTIMENSAT).fixed("times"));
    }
}
