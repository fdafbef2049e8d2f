package dev.lamina.engine.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A `--tmpfs` mount's options as /proc/mounts lists them, from those given: moby's
 * defaults (nosuid, nodev, noexec) unless suid, dev or exec asks otherwise, the size in
 * KiB as Linux prints it, and a mode other than tmpfs's own 1777. Lamina's tmpfs is a
 * directory of the container's own: noexec is enforced (an exec from it is EACCES), the
 * size is not.
 */
final class TmpfsMountOptions {
    private TmpfsMountOptions() {}

    static String of(List<String> asked, int mode) {
        List<String> out = new ArrayList<>(List.of(asked.contains("ro") ? "ro" : "rw"));
        if (!asked.contains("suid")) out.add("nosuid");
        if (!asked.contains("dev")) out.add("nodev");
        if (!asked.contains("exec")) out.add("noexec");
        out.add("relatime");
        for (String o : asked) if (o.startsWith("size=")) out.add("size=" + kib(o.substring("size=".length())));
        if ((mode & 07777) != 01777) out.add("mode=" + Integer.toOctalString(mode & 07777));
        return String.join(",", out);
    }

    /** A size as Linux prints a tmpfs's: in KiB ("1m" is "1024k"); one it cannot read, as given. */
    private static String kib(String size) {
        String s = size.toLowerCase(Locale.ROOT);
        int shift = s.endsWith("k") ? 10 : s.endsWith("m") ? 20 : s.endsWith("g") ? 30 : 0;
        try {
            long bytes = Long.parseLong(shift == 0 ? s : s.substring(0, s.length() - 1)) << shift;
            return ((bytes + 1023) >> 10) + "k";
        } catch (NumberFormatException e) {
            return size;
        }
    }
}
