package dev.lamina.builder.dockerfile;

import dev.lamina.builder.dockerfile.Flags.Type;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** HEALTHCHECK NONE or HEALTHCHECK [options] CMD command, checked as moby does when parsing. */
final class Healthchecks {
    private Healthchecks() {}

    private static final Map<String, Type> OPTIONS = Map.of("interval", Type.STRING, "timeout", Type.STRING,
            "start-period", Type.STRING, "start-interval", Type.STRING, "retries", Type.STRING);

    static Instruction.Healthcheck type(Node node) {
        List<String> args = node.args();
        Instructions.atLeastOne(args, "HEALTHCHECK");
        String type = args.getFirst().toUpperCase(Locale.ROOT);
        List<String> command = args.subList(1, args.size());
        if (type.equals("NONE")) {
            if (!command.isEmpty()) {
                throw new NodeParser.LineError("HEALTHCHECK NONE takes no arguments");
            }
            return new Instruction.Healthcheck(node.line(), node.original(), null, null, null, null, null, null);
        }
        Map<String, String> flags = Flags.parse(node.flags(), OPTIONS, Set.of());
        if (!type.equals("CMD")) {
            throw new NodeParser.LineError("Unknown type " + GoQuote.quote(type) + " in HEALTHCHECK (try CMD)");
        }
        if (command.isEmpty()) {
            throw new NodeParser.LineError("Missing command after HEALTHCHECK CMD");
        }
        for (String option : List.of("interval", "timeout", "start-period", "start-interval")) {
            checkInterval(option, flags.get(option));
        }
        String retries = flags.get("retries");
        if (retries != null) {
            checkRetries(retries);
        }
        Command test = node.json() ? new Command.Exec(command) : new Command.Shell(String.join(" ", command));
        return new Instruction.Healthcheck(node.line(), node.original(), test, flags.get("interval"),
                flags.get("timeout"), flags.get("start-period"), flags.get("start-interval"), retries);
    }

    private static void checkInterval(String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        long nanos;
        try {
            nanos = GoDuration.nanos(value);
        } catch (IllegalArgumentException e) {
            throw new NodeParser.LineError(e.getMessage());
        }
        if (nanos != 0 && nanos < 1_000_000) {
            throw new NodeParser.LineError("Interval " + GoQuote.quote(name) + " cannot be less than 1ms");
        }
    }

    private static void checkRetries(String value) {
        long retries;
        try {
            retries = Integer.parseInt(value.startsWith("+") ? value.substring(1) : value);
        } catch (NumberFormatException e) {
            throw new NodeParser.LineError("strconv.ParseInt: parsing " + GoQuote.quote(value) + ": invalid syntax");
        }
        if (retries < 0) {
            throw new NodeParser.LineError("--retries cannot be negative (" + retries + ")");
        }
    }
}
