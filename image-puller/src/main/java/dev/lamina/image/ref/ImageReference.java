package dev.lamina.image.ref;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A normalised image name, as Docker reads it: "alpine" is docker.io/library/alpine:latest,
 * "host:5000/team/app@sha256:..." keeps its registry and digest.
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]{1,5})?|\\[[0-9a-fA-F:]+\\](?::[0-9]{1,5})?");

    public static ImageReference parse(String text) {
        if (text.isEmpty() || text.length() > 4096) throw bad(text, "empty or too long");
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (IllegalArgumentException e) {
                throw bad(text, e.getMessage());
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) throw bad(text, "bad tag '" + tag + "'");
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
                if (!REGISTRY.matcher(first).matches()) throw bad(text, "bad registry '" + first + "'");
                registry = first.toLowerCase(Locale.ROOT);
                rest = rest.substring(slash + 1);
            }
        }
        if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) registry = DOCKER_HUB;
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) rest = "library/" + rest;
        for (String component : rest.split("/", -1))
            if (!COMPONENT.matcher(component).matches())
                throw bad(text, "repository names are lower-case letters, digits and separators");
        if (tag == null && digest == null) tag = "latest";
        return new ImageReference(registry, rest, tag, digest);
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("invalid image name '" + text + "': " + why);
    }

    /** "registry/repository", the name without tag or digest. */
    public String name() { return registry + "/" + repository; }

    /** What the registry API calls this manifest: the digest when there is one, else the tag. */
    public String manifestReference() { return digest != null ? digest.toString() : tag; }

    /** The same repository under {@code newTag} (null: none); IllegalArgumentException for a tag no reference may have. */
    public ImageReference withTag(String newTag) {
        if (newTag != null && !isTag(newTag)) throw new IllegalArgumentException("bad tag '" + newTag + "'");
        return new ImageReference(registry, repository, newTag, null);
    }

    /** Whether {@code text} is a tag a reference may have (letters, digits, "_", "." and "-", at most 128). */
    public static boolean isTag(String text) { return text != null && TAG.matcher(text).matches(); }

    /** The name as Docker prints it: docker.io/library/ dropped. */
    public String familiar() {
        return familiarName() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    /** The repository as Docker prints it, without tag or digest. */
    public String familiarName() {
        return registry.equals(DOCKER_HUB)
                ? (repository.startsWith("library/") ? repository.substring(8) : repository)
                : name();
    }

    @Override
    public String toString() {
        return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
