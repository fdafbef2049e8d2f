/*
 * Makes what the init host, the kernel and the documentation know about each
 * system call from lkl-common/syscalls.tbl (its header says what the columns
 * mean). Run as a single-file program, with no build of its own:
 *
 *   java GenerateSyscalls.java TABLE ARCH [--c FILE] [--java DIR] [--md FILE]
 *
 * --c: the init hosts' route table for ARCH (each number also checked against
 * the uapi headers); --java: dev.lamina.kernel.abi.Sysno and Syscalls for
 * ARCH; --md: the compatibility table, every architecture.
 */
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

public final class GenerateSyscalls {
    /** Room in both sides' tables: every number below this. */
    static final int TABLE_SIZE = 512;

    record Arg(String name, String kind, String size) {}

    record Row(String name, Map<String, String> numbers, String served, List<Arg> args, boolean returnsFd,
               String level, String note, String argsText) {
        boolean routed() { return served.equals("kernel") || served.startsWith("refused:"); }

        /** Whether the kernel is sent this call: always, or when the init host picks it (part). */
        boolean sent() { return routed() || served.equals("part"); }

        int number(String arch) {
            String n = numbers.get(arch);
            return n.equals("-") ? -1 : Integer.parseInt(n);
        }
    }

    record Table(List<String> arches, List<Row> rows) {}

    public static void main(String[] argv) throws IOException {
        if (argv.length < 2) throw new IllegalArgumentException("usage: TABLE ARCH [--c FILE] [--java DIR] [--md FILE]");
        Table table = parse(Path.of(argv[0]));
        String arch = argv[1];
        if (!table.arches().contains(arch)) throw new IllegalArgumentException("no column for " + arch);
        for (int i = 2; i + 1 < argv.length; i += 2) {
            Path out = Path.of(argv[i + 1]);
            switch (argv[i]) {
                case "--c" -> write(out, c(table, arch));
                case "--java" -> {
                    Path pkg = out.resolve("dev/lamina/kernel/abi");
                    write(pkg.resolve("Sysno.java"), sysno(table, arch));
                    write(pkg.resolve("Syscalls.java"), specs(table, arch));
                }
                case "--md" -> write(out, markdown(table));
                default -> throw new IllegalArgumentException("unknown output " + argv[i]);
            }
        }
    }

    static Table parse(Path file) throws IOException {
        List<String> arches = null;
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+", 0);
            if (line.startsWith("# name ")) {
                arches = List.of(f).subList(2, f.length - 4);
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) continue;
            if (arches == null) throw new IllegalArgumentException(file + ": rows before the \"# name\" header");
            int n = arches.size();
            String[] cols = line.trim().split("\\s+", n + 5);
            if (cols.length != n + 5) throw new IllegalArgumentException(file + ": short row: " + line);
            Map<String, String> numbers = new TreeMap<>();
            for (int i = 0; i < n; i++) numbers.put(arches.get(i), cols[1 + i]);
            String served = cols[n + 1], argsText = cols[n + 2], level = cols[n + 3], note = cols[n + 4];
            boolean returnsFd = argsText.endsWith("->fd");
            String list = returnsFd ? argsText.substring(0, argsText.length() - 4) : argsText;
            List<Arg> args = new ArrayList<>();
            if (!list.equals("-"))
                for (String a : list.split(",")) {
                    String[] p = a.split(":", 3);
                    args.add(new Arg(p[0], p.length > 1 ? p[1] : "val", p.length > 2 ? p[2] : null));
                }
            Row row = new Row(cols[0], numbers, served, args, returnsFd, level, note, argsText);
            check(file, row);
            rows.add(row);
        }
        return new Table(arches, rows);
    }

    private static void check(Path file, Row r) {
        if (!r.served().matches("host|init|part|kernel|refused:E[A-Z0-9]+"))
            throw new IllegalArgumentException(file + ": " + r.name() + ": served " + r.served());
        if (!r.level().matches("full|partial|none"))
            throw new IllegalArgumentException(file + ": " + r.name() + ": level " + r.level());
        if (r.args().size() > 6) throw new IllegalArgumentException(file + ": " + r.name() + ": more than six arguments");
        for (Arg a : r.args()) {
            boolean sized = a.kind().matches("in|out|inout");
            if (!a.kind().matches("val|fd|dirfd|str|in|in_len|in_groups|out|out_len|out_groups|inout") || sized != (a.size() != null))
                throw new IllegalArgumentException(file + ": " + r.name() + ": argument " + a);
            if (!r.sent() && !a.kind().matches("val|fd|dirfd"))
                throw new IllegalArgumentException(file + ": " + r.name() + ": a local call's argument only says whether it is a fd");
        }
        for (String n : r.numbers().values())
            if (!n.equals("-") && Integer.parseInt(n) >= TABLE_SIZE)
                throw new IllegalArgumentException(file + ": " + r.name() + ": number " + n + " beyond the tables");
    }

    private static final String GENERATED = "Generated from lkl-common/syscalls.tbl by lkl-common/tools/GenerateSyscalls.java: do not edit.";

    // ---- C: the init hosts' route table ----

    /** The architecture whose numbers and layouts the channel to the kernel speaks. */
    static final String CHANNEL_ARCH = "x86_64";

    static String c(Table t, String arch) {
        StringBuilder s = new StringBuilder();
        s.append("/* ").append(GENERATED).append(" */\n");
        s.append("#include <asm/unistd.h>\n#include <lamina/linux_abi.h>\n#include \"route.h\"\n\n");
        s.append("/* The table's numbers are the headers' wherever the headers know the call, and\n"
                + " * linux_abi.h's LX_NR_ names (calls newer than the headers) are the table's. */\n");
        for (Row r : t.rows()) {
            if (r.number(arch) < 0) continue;
            for (String prefix : new String[] {"__NR_", "LX_NR_"}) {
                s.append("#ifdef ").append(prefix).append(r.name()).append('\n');
                s.append("_Static_assert(").append(prefix).append(r.name()).append(" == ").append(r.number(arch))
                        .append(", \"syscalls.tbl: ").append(r.name()).append("\");\n#endif\n");
            }
        }
        s.append("\nconst struct route route_table[ROUTE_TABLE_SIZE] = {\n");
        for (Row r : t.rows()) {
            int nr = r.number(arch);
            if (nr < 0) continue;
            int fds = 0;
            for (int i = 0; i < r.args().size(); i++) if (r.args().get(i).kind().matches("fd|dirfd")) fds |= 1 << i;
            s.append("\t[").append(nr).append("] = { .known = 1, .fds = 0x").append(Integer.toHexString(fds));
            if (r.sent()) {
                // The channel names a call by its x86-64 number, whatever the guest's architecture.
                int op = r.number(CHANNEL_ARCH);
                if (op < 0) throw new IllegalArgumentException(r.name() + ": routed, but has no " + CHANNEL_ARCH + " number for the channel");
                s.append(", .op = ").append(op);
                s.append(", .routed = ").append(r.routed() ? 1 : 0).append(", .returns_fd = ").append(r.returnsFd() ? 1 : 0).append(", .kind = { ");
                s.append(String.join(", ", r.args().stream().map(a -> "ARG_" + a.kind().toUpperCase(Locale.ROOT)).toList()));
                s.append(" }, .size = { ");
                s.append(String.join(", ", r.args().stream().map(a -> cSize(a.size())).toList()));
                s.append(" }");
            }
            s.append(" }, /* ").append(r.name()).append(" */\n");
        }
        s.append("};\n");
        return s.toString();
    }

    private static String cSize(String size) {
        if (size == null) return "0";
        return size.matches("\\d+") ? size : "LX_" + size.toUpperCase(Locale.ROOT) + "_SIZE";
    }

    // ---- Java: numbers and argument specs for the kernel ----

    static String sysno(Table t, String arch) {
        StringBuilder s = new StringBuilder("package dev.lamina.kernel.abi;\n\n");
        s.append("/** ").append(arch).append(" Linux system call numbers. ").append(GENERATED).append(" */\n");
        s.append("public final class Sysno {\n    private Sysno() {}\n\n");
        for (Row r : t.rows())
            if (r.number(arch) >= 0)
                s.append("    public static final int ").append(constant(r.name())).append(" = ").append(r.number(arch)).append(";\n");
        return s.append("}\n").toString();
    }

    static String specs(Table t, String arch) {
        StringBuilder s = new StringBuilder("package dev.lamina.kernel.abi;\n\nimport java.util.List;\n\n");
        s.append("/** How Lamina serves each ").append(arch).append(" system call. ").append(GENERATED).append(" */\n");
        s.append("public final class Syscalls {\n    private Syscalls() {}\n\n");
        s.append("    /** Every number is below this. */\n    public static final int TABLE_SIZE = ").append(TABLE_SIZE).append(";\n\n");
        List<String> all = new ArrayList<>();
        for (Row r : t.rows()) {
            int nr = r.number(arch);
            if (nr < 0) continue;
            String served = switch (r.served()) {
                case "host" -> "new Served.Host()";
                case "init" -> "new Served.Init()";
                case "part" -> "new Served.Part()";
                case "kernel" -> "new Served.Kernel()";
                default -> "new Served.Refused(Errno." + r.served().substring("refused:".length()) + ")";
            };
            List<String> args = r.args().stream().map(a -> "new ArgSpec(\"" + a.name() + "\", ArgKind."
                    + a.kind().toUpperCase(Locale.ROOT) + ", " + javaSize(a.size()) + ")").toList();
            s.append("    public static final SyscallSpec ").append(constant(r.name())).append(" = new SyscallSpec(\"")
                    .append(r.name()).append("\", ").append(nr).append(", ").append(served).append(", Level.")
                    .append(r.level().toUpperCase(Locale.ROOT)).append(", ").append(r.returnsFd()).append(",\n            List.of(")
                    .append(String.join(", ", args)).append("));\n");
            all.add(constant(r.name()));
        }
        s.append("\n    /** Every call of the table, by number. */\n    public static final List<SyscallSpec> ALL = List.of(\n            ");
        s.append(String.join(", ", all)).append(");\n}\n");
        return s.toString();
    }

    private static String javaSize(String size) {
        if (size == null) return "0";
        return size.matches("\\d+") ? size : "Layouts." + size.toUpperCase(Locale.ROOT) + "_SIZE";
    }

    private static String constant(String name) { return name.toUpperCase(Locale.ROOT); }

    // ---- the compatibility table ----

    static String markdown(Table t) {
        StringBuilder s = new StringBuilder("# System calls\n\n");
        s.append("<!-- ").append(GENERATED).append(" -->\n\n");
        s.append("How Lamina serves each Linux system call a guest can make. *host*: runs on the host as it is; ");
        s.append("*init*: answered or translated by the init host (`lkl-linux/src/dispatch.c`); ");
        s.append("*part*: the init host sends some to the Java kernel (which, `lkl-linux/src/dispatch.c` says), ");
        s.append("arguments as listed, and runs the rest on the host; ");
        s.append("*kernel*: routed to the Java kernel, arguments as listed; ");
        s.append("*refused*: routed, so no guest path reaches the host, and answered with that error. ");
        s.append("Arguments of calls that run locally are listed up to the last descriptor only.\n\n");
        long full = t.rows().stream().filter(r -> r.level().equals("full")).count();
        long partial = t.rows().stream().filter(r -> r.level().equals("partial")).count();
        s.append(t.rows().size()).append(" calls: ").append(full).append(" full, ").append(partial).append(" partial, ")
                .append(t.rows().size() - full - partial).append(" none.\n\n");
        s.append("| Call | ").append(String.join(" | ", t.arches())).append(" | Served | Arguments | Support | Note |\n");
        s.append("|---|").append("---:|".repeat(t.arches().size())).append("---|---|---|---|\n");
        for (Row r : t.rows()) {
            s.append("| ").append(r.name()).append(" | ");
            for (String a : t.arches()) s.append(r.numbers().get(a)).append(" | ");
            s.append(r.served()).append(" | ").append(r.argsText().equals("-") ? "" : "`" + r.argsText() + "`").append(" | ")
                    .append(r.level()).append(" | ").append(r.note().equals("-") ? "" : r.note().replace("|", "\\|")).append(" |\n");
        }
        return s.toString();
    }

    /** Writes only a changed file, so make and javac see no change when there is none. */
    private static void write(Path out, String text) throws IOException {
        if (Files.exists(out) && Files.readString(out).equals(text)) return;
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.writeString(out, text);
    }
}
