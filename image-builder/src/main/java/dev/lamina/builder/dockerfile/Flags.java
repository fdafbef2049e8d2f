package dev.lamina.builder.dockerfile;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An instruction's --flags checked as moby's BFlags does, then as the classic builder
 * does: a flag only BuildKit implements is refused with its message.
 */
final class Flags {
    private Flags() {}

    enum Type { BOOL, STRING, STRINGS }

    static final String BUILDKIT = " option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/"
            + " to learn how to build images with BuildKit enabled";

    /** Name to value ("true"/"false" for a boolean); only the flags given are in it. */
    static Map<String, String> parse(List<String> flags, Map<String, Type> known, Set<String> buildkitOnly) {
        Map<String, String> values = new HashMap<>();
        for (String flag : flags) {
            if (flag.equals("--")) {
                break;
            }
            if (!flag.startsWith("--")) {
                throw new NodeParser.LineError("arg should start with -- : " + flag);
            }
            int eq = flag.indexOf('=');
            String flagName = eq < 0 ? flag : flag.substring(0, eq);
            String name = flagName.substring(2);
            String value = eq < 0 ? null : flag.substring(eq + 1);
            Type type = known.get(name);
            if (type == null) {
                throw new NodeParser.LineError("unknown flag: " + flagName);
            }
            if (values.containsKey(name) && type != Type.STRINGS) {
                throw new NodeParser.LineError("duplicate flag specified: " + flagName);
            }
            values.put(name, switch (type) {
                case BOOL -> {
                    if (value != null && value.isEmpty()) {
                        throw new NodeParser.LineError("missing a value on flag: " + flagName);
                    }
                    String v = value == null ? "true" : value.toLowerCase(Locale.ROOT);
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new NodeParser.LineError("expecting boolean value for flag " + flagName + ", not: " + value);
                    }
                    yield v;
                }
                case STRING, STRINGS -> {
                    if (value == null) {
                        throw new NodeParser.LineError("missing a value on flag: " + flagName);
                    }
                    yield value;
                }
            });
            if (buildkitOnly.contains(name)) {
                throw new NodeParser.LineError("the --" + name + BUILDKIT);
            }
        }
        return values;
    }
}
