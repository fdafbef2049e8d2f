package dev.lamina.kernel.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.kernel.abi.SyscallSpec;
import dev.lamina.kernel.abi.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** lkl-common/syscalls.tbl and the kernel agree: every call it routes has a
 * handler or its refusal, nothing else has one, and docs/syscalls.md is
 * what the table makes. */
class SyscallTableTest {
    @Test
    void everyRoutedCallIsServedAndNoOtherIs() {
        SyscallTable table = new SyscallTable();
        List<String> wrong = new ArrayList<>();
        for (SyscallSpec s : Syscalls.ALL)
            if (s.served().routed() != table.handles(s.nr()))
                wrong.add(s.name() + " (" + s.served() + (table.handles(s.nr()) ? ") has a handler" : ") has none"));
        assertEquals(List.of(), wrong);
    }

    @Test
    void aHandlerForACallTheTableDoesNotRouteIsRefused() {
        SyscallTable table = new SyscallTable();
        assertThrows(IllegalStateException.class, () -> table.on(Syscalls.READ, (t, a, out) -> 0));
        assertThrows(IllegalStateException.class, () -> table.on(Syscalls.OPEN, (t, a, out) -> 0));
    }

    @Test
    void docsAreWhatTheTableMakes() throws IOException {
        // target/generated-docs/syscalls.md is made by the build (generate-sources) from the table.
        String made = Files.readString(Path.of("target/generated-docs/syscalls.md"));
        assertEquals(made, Files.readString(Path.of("../docs/syscalls.md")),
                "docs/syscalls.md is stale: copy kernel/target/generated-docs/syscalls.md over it");
    }
}
