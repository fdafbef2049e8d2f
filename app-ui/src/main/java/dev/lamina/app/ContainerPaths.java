package dev.lamina.app;

/** Absolute paths inside a container, as the file browser moves between them ("/" separated, no trailing "/"). */
public final class ContainerPaths {
    private ContainerPaths() {}

    /** {@code path} made absolute, with no empty, "." or ".." names left ("/a/./b/../c/" is "/a/c"). */
    public static String normalize(String path) {
        java.util.ArrayDeque<String> names = new java.util.ArrayDeque<>();
        for (String n : path.split("/")) {
            if (n.isEmpty() || n.equals(".")) continue;
            if (n.equals("..")) names.pollLast();
            else names.addLast(n);
        }
        return "/" + String.join("/", names);
    }

    /** The directory holding {@code path} ("/" for "/"). */
    public static String parent(String path) {
        String p = normalize(path);
        int at = p.lastIndexOf('/');
        return at <= 0 ? "/" : p.substring(0, at);
    }

    /** Its last name ("" for "/"). */
    public static String name(String path) {
        String p = normalize(path);
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** {@code name} in directory {@code dir}. */
    public static String child(String dir, String name) {
        return normalize(dir + "/" + name);
    }
}
