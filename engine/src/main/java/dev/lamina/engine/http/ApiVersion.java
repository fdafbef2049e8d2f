package dev.lamina.engine.http;

/**
 * The API versions served: every `/v1.NN` path prefix from MIN to MAX is treated
 * alike, and so are unversioned paths (docker-java sends those). The CLI uses
 * min(MAX, its own), so advertising a recent MAX keeps it on today's calls
 * (`/wait` rather than the events-based wait of API < 1.30). MIN is dockerd 20.10's (Docker 25 raised
 * it to 1.24): containers/image before 5.29.2, so Debian 12's skopeo, buildah and podman, pins 1.22
 * for its docker-daemon: transport (images/get, images/load).
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
    public static final ApiVersion MIN = new ApiVersion(1, 12);
    public static final ApiVersion MAX = new ApiVersion(1, 51);

    /** "1.44" as a version; null when it is not one. */
    public static ApiVersion parse(String text) {
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1 || text.length() > 12) return null;
        try {
            return new ApiVersion(Integer.parseInt(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the client asked for at least {@code major.minor} (unversioned paths count as the newest). */
    public boolean atLeast(int major, int minor) {
        return compareTo(new ApiVersion(major, minor)) >= 0;
    }

    @Override
    public int compareTo(ApiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() { return major + "." + minor; }
}
