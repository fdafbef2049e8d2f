package dev.lamina.builder.dockerfile;

import java.util.List;

/**
 * A parsed Dockerfile: the ARGs before the first FROM, the stages, and the escape
 * character (from the {@code # escape=} directive, default backslash) that expansion needs.
 */
public record Dockerfile(List<Instruction.Arg> globalArgs, List<Stage> stages, char escape) {

    /** Parses as the classic builder does; throws {@link DockerfileException}. */
    public static Dockerfile parse(String text) {
        throw new UnsupportedOperationException("not yet");
    }
}
