package dev.lamina.kernel.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's mounts, as the kernel's own process sees them (/proc/self/mountinfo), read
 * to show a bind of a host file or directory in a container's mount table as Docker's
 * binds show: the host filesystem's device numbers, type and source, and the bound path
 * inside that filesystem (`/var/lib/docker/containers/ID/hostname`, which container-id
 * detectors read).
 */
public final class HostMounts {
    /** Where a host path lies: its filesystem's device numbers ("8:1"), the path inside it, its type and source. */
    public record Place(String device, String root, String type, String source) {}

    private record Line(String device, String root, String mountPoint, String type, String source) {}

    private final List<Line> lines;

    private HostMounts(List<Line> lines) { this.lines = lines; }

    /** The host's mounts now; none when they cannot be read. */
    public static HostMounts read() {
        List<Line> lines = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                int dash = List.of(f).indexOf("-");
                if (dash < 6 || f.length < dash + 3) continue;
                lines.add(new Line(f[2], unescape(f[3]), unescape(f[4]), f[dash + 1], unescape(f[dash + 2])));
            }
        } catch (IOException | RuntimeException e) {
            lines.clear(); // shown as a plain bind then
        }
        return new HostMounts(lines);
    }

    /** Where {@code path} (its directory's real path and its name; the name need not exist) lies, or null when no mount holds it. */
    public Place of(Path path) {
        String real = realPath(path);
        Line best = null;
        for (Line l : lines) // the last of a mount point's lines is the one on top; a longer mount point is nearer
            if (within(real, l.mountPoint()) && (best == null || l.mountPoint().length() >= best.mountPoint().length())) best = l;
        if (best == null) return null;
        String rest = best.mountPoint().equals("/") ? real : real.substring(best.mountPoint().length());
        String root = best.root().equals("/") ? rest : best.root() + rest;
        return new Place(best.device(), root.isEmpty() ? "/" : root, best.type(), best.source());
    }

    private static boolean within(String path, String mountPoint) {
        return mountPoint.equals("/") || path.equals(mountPoint) || path.startsWith(mountPoint + "/");
    }

    private static String realPath(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (abs.getParent() == null) return abs.toString();
        try {
            return abs.getParent().toRealPath().resolve(abs.getFileName()).toString();
        } catch (IOException e) {
            return abs.toString();
        }
    }

    /** mountinfo's octal escapes (\040 for a space, \011, \012, \134) undone. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else b.append(s.charAt(i));
        }
        return b.toString();
    }

    /** A path as mountinfo and /proc/mounts write it: space, tab, newline and backslash in octal. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\\') b.append('\\').append(String.format("%03o", (int) c));
            else b.append(c);
        }
        return b.toString();
    }
}
