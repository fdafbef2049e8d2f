package dev.lamina.builder.dockerfile;

import dev.lamina.builder.dockerfile.Flags.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Types a {@link Node} into its {@link Instruction}, with moby's checks and messages. */
final class Instructions {
    private Instructions() {}

    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
    private static final Pattern ONBUILD_PREFIX = Pattern.compile("(?i)^\\s*ONBUILD\\s*");
    private static final Map<String, Type> NONE = Map.of();

    static Instruction type(Node node) {
        int line = node.line();
        String src = node.original();
        List<String> args = node.args();
        return switch (node.keyword().toLowerCase(Locale.ROOT)) {
            case "from" -> from(node);
            case "run" -> {
                Flags.parse(node.flags(), Map.of("mount", Type.STRINGS, "network", Type.STRING,
                        "security", Type.STRING, "device", Type.STRINGS), Set.of("mount", "network", "security", "device"));
                yield new Instruction.Run(line, src, command(node), node.heredocs());
            }
            case "cmd" -> {
                noFlags(node);
                yield new Instruction.Cmd(line, src, command(node));
            }
            case "entrypoint" -> {
                noFlags(node);
                yield new Instruction.Entrypoint(line, src, command(node));
            }
            case "copy", "add" -> copy(node);
            case "env" -> {
                noFlags(node);
                yield new Instruction.Env(line, src, pairs(args, "ENV"));
            }
            case "label" -> {
                noFlags(node);
                yield new Instruction.Label(line, src, pairs(args, "LABEL"));
            }
            case "arg" -> arg(node);
            case "expose" -> {
                atLeastOne(args, "EXPOSE");
                noFlags(node);
                yield new Instruction.Expose(line, src, args);
            }
            case "volume" -> {
                atLeastOne(args, "VOLUME");
                noFlags(node);
                List<String> paths = new ArrayList<>();
                for (String path : args) {
                    if (path.isBlank()) {
                        throw new NodeParser.LineError("VOLUME specified can not be an empty string");
                    }
                    paths.add(path.strip());
                }
                yield new Instruction.Volume(line, src, List.copyOf(paths));
            }
            case "workdir" -> new Instruction.Workdir(line, src, exactlyOne(node, "WORKDIR"));
            case "user" -> new Instruction.User(line, src, exactlyOne(node, "USER"));
            case "stopsignal" -> new Instruction.StopSignal(line, src, exactlyOne(node, "STOPSIGNAL"));
            case "maintainer" -> new Instruction.Maintainer(line, src, exactlyOne(node, "MAINTAINER"));
            case "healthcheck" -> Healthchecks.type(node);
            case "shell" -> {
                noFlags(node);
                atLeastOne(args, "SHELL");
                if (!node.json()) {
                    throw new NodeParser.LineError("SHELL requires the arguments to be in JSON form");
                }
                yield new Instruction.Shell(line, src, args);
            }
            case "onbuild" -> onbuild(node);
            default -> throw new NodeParser.LineError("unknown instruction: " + node.keyword());
        };
    }

    private static Instruction.From from(Node node) {
        List<String> args = node.args();
        String stageName = null;
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
            stageName = args.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(stageName).matches()) {
                throw new NodeParser.LineError("invalid name for build stage: " + GoQuote.quote(args.get(2))
                        + ", name can't start with a number or contain symbols");
            }
        } else if (args.size() != 1) {
            throw new NodeParser.LineError("FROM requires either one or three arguments");
        }
        Map<String, String> flags = Flags.parse(node.flags(), Map.of("platform", Type.STRING), Set.of());
        return new Instruction.From(node.line(), node.original().strip(), args.getFirst(), stageName,
                flags.get("platform"));
    }

    /** Exec form for a JSON array, else shell form ("" when nothing follows the keyword). */
    static Command command(Node node) {
        if (node.json()) {
            return new Command.Exec(node.args());
        }
        return new Command.Shell(String.join(" ", node.args()));
    }

    private static Instruction.Copy copy(Node node) {
        boolean add = node.keyword().equalsIgnoreCase("add");
        String name = add ? "ADD" : "COPY";
        List<String> args = node.args();
        if (args.size() < 2) {
            throw new NodeParser.LineError(name
                    + " requires at least two arguments, but only one was provided. Destination could not be determined");
        }
        Map<String, String> flags = add
                ? Flags.parse(node.flags(), Map.of("chown", Type.STRING, "chmod", Type.STRING, "link", Type.BOOL,
                        "keep-git-dir", Type.BOOL, "checksum", Type.STRING, "unpack", Type.BOOL, "exclude", Type.STRINGS),
                        Set.of("keep-git-dir", "checksum", "unpack", "exclude"))
                : Flags.parse(node.flags(), Map.of("chown", Type.STRING, "from", Type.STRING, "chmod", Type.STRING,
                        "link", Type.BOOL, "exclude", Type.STRINGS, "parents", Type.BOOL), Set.of("exclude", "parents"));
        String destination = args.getLast();
        if (Parser.delimiter(destination) != null) {
            throw new NodeParser.LineError(name + " cannot accept a heredoc as a destination");
        }
        Map<String, Heredoc> byName = new HashMap<>();
        node.heredocs().forEach(h -> byName.put(h.name(), h));
        List<String> sources = new ArrayList<>();
        List<Heredoc> heredocs = new ArrayList<>();
        for (String source : args.subList(0, args.size() - 1)) {
            Parser.Delimiter delimiter = node.json() ? null : Parser.delimiter(source);
            if (delimiter == null) {
                sources.add(source);
            } else {
                Heredoc doc = byName.get(delimiter.name());
                heredocs.add(doc != null ? doc : new Heredoc(delimiter.name(), "", delimiter.expand()));
            }
        }
        return new Instruction.Copy(node.line(), node.original(), add, List.copyOf(sources), destination,
                flags.get("from"), flags.get("chown"), flags.get("chmod"), List.copyOf(heredocs));
    }

    private static List<KeyValue> pairs(List<String> args, String name) {
        atLeastOne(args, name);
        List<KeyValue> pairs = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 3) { // (key, value, separator)
            if (args.get(i).isEmpty()) {
                throw new NodeParser.LineError(name + " names can not be blank");
            }
            pairs.add(new KeyValue(args.get(i), args.get(i + 1)));
        }
        return List.copyOf(pairs);
    }

    private static Instruction.Arg arg(Node node) {
        atLeastOne(node.args(), "ARG");
        noFlags(node);
        List<ArgDecl> decls = new ArrayList<>();
        for (String arg : node.args()) {
            int eq = arg.indexOf('=');
            if (eq == 0) {
                throw new NodeParser.LineError("ARG names can not be blank");
            }
            decls.add(eq < 0 ? new ArgDecl(arg, null) : new ArgDecl(arg.substring(0, eq), arg.substring(eq + 1)));
        }
        return new Instruction.Arg(node.line(), node.original(), List.copyOf(decls));
    }

    private static Instruction.OnBuild onbuild(Node node) {
        Node child = node.child();
        if (child == null) {
            throw new NodeParser.LineError("ONBUILD requires at least one argument");
        }
        noFlags(node);
        String trigger = child.keyword().strip().toUpperCase(Locale.ROOT);
        switch (trigger) {
            case "ONBUILD" -> throw new NodeParser.LineError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER", "FROM" -> throw new NodeParser.LineError(trigger + " isn't allowed as an ONBUILD trigger");
            default -> { }
        }
        StringBuilder expression = new StringBuilder(ONBUILD_PREFIX.matcher(node.original()).replaceFirst(""));
        for (Heredoc doc : node.heredocs()) {
            expression.append('\n').append(doc.content()).append(doc.name());
        }
        return new Instruction.OnBuild(node.line(), node.original(), expression.toString());
    }

    static void noFlags(Node node) {
        Flags.parse(node.flags(), NONE, Set.of());
    }

    static void atLeastOne(List<String> args, String name) {
        if (args.isEmpty()) {
            throw new NodeParser.LineError(name + " requires at least one argument");
        }
    }

    private static String exactlyOne(Node node, String name) {
        if (node.args().size() != 1) {
            throw new NodeParser.LineError(name + " requires exactly one argument");
        }
        noFlags(node);
        return node.args().getFirst();
    }
}
