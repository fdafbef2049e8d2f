package dev.lamina.engine.containers;

import dev.lamina.builder.context.GoPath;
import dev.lamina.container.ContainerSpecException;
import dev.lamina.container.Volumes;
import dev.lamina.engine.http.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * HostConfig.Tmpfs (`--tmpfs PATH[:OPTIONS]`) checked at create, with moby's refusals and
 * messages (400), so that no container is left that cannot start: a relative path, the root,
 * the kernel's own places (as a volume there is refused), and an option tmpfs does not take or a
 * value it cannot read (`invalid tmpfs option ["foo" "bar"]`, as moby quotes it). Before, these
 * were found at the start, with the engine's own paths in the message, or not at all.
 */
final class TmpfsSpecs {
    private TmpfsSpecs() {}

    /** Mount flags a tmpfs takes by name (moby's mount.ParseOptions, and its tmpcopyup). */
    private static final Set<String> FLAGS = Set.of("defaults", "ro", "rw", "exec", "noexec", "suid", "nosuid", "dev", "nodev",
            "sync", "async", "dirsync", "mand", "nomand", "atime", "noatime", "diratime", "nodiratime", "relatime",
            "norelatime", "strictatime", "nostrictatime", "private", "rprivate", "shared", "rshared", "slave", "rslave",
            "unbindable", "runbindable", "tmpcopyup", "notmpcopyup", "remount", "bind", "rbind");
    /** A size as the kernel's memparse reads it (decimal or 0x hex, a binary suffix), or a percentage of memory. */
    private static final Pattern SIZE = Pattern.compile("(0[xX][0-9a-fA-F]+|[0-9]+)[kKmMgGtTpPeE]?|[0-9]+%"), NUMBER = Pattern.compile("[0-9]+"),
            MODE = Pattern.compile("0?[0-7]{1,4}"), HUGE = Pattern.compile("never|always|within_size|advise|deny|force");

    /** The mount point as cleaned, or 400. */
    static String checkedTarget(String target) {
        if (!target.startsWith("/")) throw ApiException.badRequest("invalid mount path: '" + target + "' mount path must be absolute");
        String clean = GoPath.clean(target);
        if (clean.equals("/")) throw ApiException.badRequest("invalid specification: destination can't be '/'");
        try {
            Volumes.form("tmpfs:" + clean, clean, "Tmpfs");
        } catch (ContainerSpecException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return clean;
    }

    /** Each option of one tmpfs, or 400. */
    static void checkOptions(String options) {
        if (options == null || options.isEmpty()) return;
        for (String o : options.split(",")) {
            if (o.isEmpty()) continue; // "rw,,size=1m": nothing, as the kernel takes it
            int eq = o.indexOf('=');
            String key = eq < 0 ? o : o.substring(0, eq), value = eq < 0 ? null : o.substring(eq + 1);
            Pattern valid = switch (key) {
                case "size", "nr_blocks", "nr_inodes" -> SIZE;
                case "mode" -> MODE;
                case "uid", "gid" -> NUMBER;
                case "huge" -> HUGE;
                case "mpol" -> Pattern.compile(".+");
                default -> null;
            };
            boolean ok = value == null ? FLAGS.contains(key) : valid != null && valid.matcher(value).matches();
            if (!ok) throw ApiException.badRequest("invalid tmpfs option " + goQuoted(eq < 0 ? List.of(o) : List.of(key, value)));
        }
    }

    /** A list of strings as Go's %q prints a []string. */
    private static String goQuoted(List<String> parts) {
        List<String> quoted = new ArrayList<>();
        for (String p : parts) quoted.add("\"" + p.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        return "[" + String.join(" ", quoted) + "]";
    }
}
