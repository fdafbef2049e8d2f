package dev.lamina.image.ref;

/**
 * An image platform, normalised as containerd does: x86_64 is amd64, aarch64 is
 * arm64, and arm64's default variant v8 is the same as no variant.
 */
public record Platform(String os, String architecture, String variant) {
    public Platform {
        architecture = switch (architecture) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i386", "i486", "i586", "i686" -> "386";
            default -> architecture;
        };
        if (variant == null || (architecture.equals("arm64") && variant.equals("v8"))) variant = "";
    }

    /** Parses "os/arch[/variant]" as given to --platform. */
    public static Platform parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()
                || (parts.length == 3 && parts[2].isEmpty()))
            throw new IllegalArgumentException("a platform is os/arch[/variant], such as linux/amd64; got '" + text + "'");
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    /** The platform of the machine Lamina runs on. */
    public static Platform host() {
        return new Platform("linux", System.getProperty("os.arch"), "");
    }

    /** True when an image for {@code other} runs here: same os and arch, and same variant when one is asked for. */
    public boolean matches(Platform other) {
        return os.equals(other.os) && architecture.equals(other.architecture)
                && (variant.isEmpty() || variant.equals(other.variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
