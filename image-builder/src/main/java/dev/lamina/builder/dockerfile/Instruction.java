package dev.lamina.builder.dockerfile;

import java.util.List;

/**
 * One Dockerfile instruction as parsed: its words are raw (quotes, escapes and
 * variables still in), because expanding them needs the ARG and ENV state of the
 * build at that point.
 */
public sealed interface Instruction {

    /** The line the instruction starts on, 1-based. */
    int line();

    /** The instruction as written, continuations joined: what "Step N/M : " prints. */
    String source();

    /** {@code FROM [--platform=p] image [AS name]}; stageName lower-cased, or null. */
    record From(int line, String source, String image, String stageName, String platform) implements Instruction {}

    record Run(int line, String source, Command command, List<Heredoc> heredocs) implements Instruction {}

    record Cmd(int line, String source, Command command) implements Instruction {}

    record Entrypoint(int line, String source, Command command) implements Instruction {}

    /**
     * COPY or ADD ({@code add}); {@code from}, {@code chown}, {@code chmod} are the flags'
     * raw values or null (--link is accepted and changes nothing here: no layer is rebased).
     */
    record Copy(int line, String source, boolean add, List<String> sources, String destination,
                String from, String chown, String chmod, List<Heredoc> heredocs) implements Instruction {}

    record Env(int line, String source, List<KeyValue> pairs) implements Instruction {}

    record Arg(int line, String source, List<ArgDecl> args) implements Instruction {}

    record Label(int line, String source, List<KeyValue> pairs) implements Instruction {}

    record Expose(int line, String source, List<String> ports) implements Instruction {}

    record Volume(int line, String source, List<String> paths) implements Instruction {}

    record Workdir(int line, String source, String path) implements Instruction {}

    record User(int line, String source, String user) implements Instruction {}

    record StopSignal(int line, String source, String signal) implements Instruction {}

    /** {@code test} null for HEALTHCHECK NONE; the options raw, or null when not given. */
    record Healthcheck(int line, String source, Command test, String interval, String timeout,
                       String startPeriod, String startInterval, String retries) implements Instruction {}

    record Shell(int line, String source, List<String> shell) implements Instruction {}

    /** {@code trigger}: the instruction ONBUILD stores, as written after the keyword. */
    record OnBuild(int line, String source, String trigger) implements Instruction {}

    record Maintainer(int line, String source, String name) implements Instruction {}
}
