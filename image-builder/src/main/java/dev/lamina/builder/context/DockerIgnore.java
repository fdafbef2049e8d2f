package dev.lamina.builder.context;

/** A .dockerignore's rules, matched as moby's patternmatcher does (later rules win, "!" re-includes). */
public final class DockerIgnore {

    private DockerIgnore() {}

    public static DockerIgnore parse(String text) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Whether a "/"-separated path relative to the context root is excluded. */
    public boolean excluded(String relPath) {
        throw new UnsupportedOperationException("not yet");
    }
}
