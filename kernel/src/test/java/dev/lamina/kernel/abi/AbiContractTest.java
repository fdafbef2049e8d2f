package dev.lamina.kernel.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.kernel.GuestArch;
import dev.lamina.rootfs.OwnerXattr;
import dev.lamina.kernel.channel.Protocol;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the kernel mirrors of the C side (channel.h, host_abi.h,
 * linux_abi.h, and the uapi structs themselves, rtnetlink's messages among them) is what the C side says:
 * src/test/c/abi_values.c prints every value, compiled here against the
 * same headers as the init host. */
class AbiContractTest {
    private static final List<Class<?>> MIRRORS = List.of(Protocol.class, Layouts.class, Netlink.class, Flags.class, Errno.class);

    @Test
    void javaMirrorsTheCHeaders() throws Exception {
        Map<String, String> c = cValues();
        List<String> wrong = new ArrayList<>();
        for (Class<?> mirror : MIRRORS)
            for (Map.Entry<String, String> e : c.entrySet()) {
                Field f = field(mirror, e.getKey());
                if (f != null && !String.valueOf(f.get(null)).equals(e.getValue()))
                    wrong.add(mirror.getSimpleName() + "." + e.getKey() + " = " + f.get(null) + ", C says " + e.getValue());
            }
        check(wrong, "GuestArch.X86_64.muslPlusPath()", GuestArch.X86_64.muslPlusPath(), c.get("MUSL_PLUS_PATH"));
        check(wrong, "OwnerXattr.NAME", OwnerXattr.NAME, c.get("OWNER_XATTR"));
        check(wrong, "OwnerXattr.SIZE", OwnerXattr.SIZE, c.get("OWNER_XATTR_SIZE"));
        // linux_abi.h's own copies of the uapi layouts the init host uses.
        check(wrong, "LX_STAT_SIZE", c.get("LX_STAT_SIZE"), c.get("STAT_SIZE"));
        check(wrong, "LX_STAT_UID", c.get("LX_STAT_UID"), c.get("STAT_UID"));
        check(wrong, "LX_STAT_GID", c.get("LX_STAT_GID"), c.get("STAT_GID"));
        check(wrong, "LX_STATX_UID", c.get("LX_STATX_UID"), c.get("STATX_UID"));
        check(wrong, "LX_STATX_GID", c.get("LX_STATX_GID"), c.get("STATX_GID"));
        // Capabilities' table: each name at Linux's number, and no more names than Linux has.
        for (String n : dev.lamina.kernel.proc.Capabilities.NAMES)
            check(wrong, "Capabilities.NAMES " + n, dev.lamina.kernel.proc.Capabilities.NAMES.indexOf(n), c.get("CAP_" + n));
        check(wrong, "Capabilities.NAMES' last", dev.lamina.kernel.proc.Capabilities.NAMES.size() - 1, c.get("CAP_LAST_CAP"));
        for (String n : List.of("SOCKADDR_IN_SIZE", "SOCKADDR_IN_ADDR", "SOCKADDR_IN6_SIZE", "SOCKADDR_IN6_ADDR", "SOCKADDR_MAX"))
            check(wrong, "LX_" + n, c.get("LX_" + n), c.get(n));
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyCValueHasItsJavaMirror() throws Exception {
        List<String> missing = new ArrayList<>();
        for (String name : cValues().keySet())
            if (!name.startsWith("LX_") && !name.startsWith("OWNER_") && !name.startsWith("CAP_") && !name.equals("MUSL_PLUS_PATH") && MIRRORS.stream().allMatch(m -> field(m, name) == null))
                missing.add(name);
        assertEquals(List.of(), missing);
    }

    /** Errno is Linux's numbering, all of it checked: no value the C side does not print. */
    @Test
    void everyErrnoIsCheckedAgainstC() throws Exception {
        Map<String, String> c = cValues();
        List<String> unchecked = new ArrayList<>();
        for (Field f : Errno.class.getFields())
            if (!c.containsKey(f.getName())) unchecked.add(f.getName());
        assertEquals(List.of(), unchecked);
    }

    private static void check(List<String> wrong, String what, Object java, String c) {
        if (!String.valueOf(java).equals(c)) wrong.add(what + " = " + java + ", C says " + c);
    }

    private static Field field(Class<?> type, String name) {
        try {
            return type.getField(name);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static Map<String, String> cValues() throws IOException, InterruptedException {
        Path exe = Files.createDirectories(Path.of("target", "abi-check")).resolve("abi_values");
        run("cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-I", "../lkl-common/include", "-o", exe.toString(),
                "src/test/c/abi_values.c");
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : run(exe.toString()).split("\n")) {
            String[] f = line.split(" ", 2);
            values.put(f[0], f[1]);
        }
        return values;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
