package dev.lamina.app;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * A shell in a running container, as `docker exec -it` opens one: an exec with a
 * terminal and stdin, started on a hijacked connection. Its output goes to
 * {@code output} on docker-java's thread; keys go in through {@link #type}.
 * Opening and resizing block: call them through {@link Background}.
 */
final class ShellSession implements AutoCloseable {
    /** bash where the image has it, else sh. */
    static final List<String> SHELL = List.of("/bin/sh", "-c", "command -v bash >/dev/null 2>&1 && exec bash; exec sh");

    private final Docker docker;
    private final String execId;
    private final TerminalInput input;
    private final ResultCallback.Adapter<Frame> stream;

    private ShellSession(Docker docker, String execId, TerminalInput input, ResultCallback.Adapter<Frame> stream) {
        this.docker = docker;
        this.execId = execId;
        this.input = input;
        this.stream = stream;
    }

    /**
     * Creates the exec and starts it, returning once it runs; {@code ended} runs once,
     * on docker-java's thread, when its stream ends (null) or fails.
     */
    static ShellSession open(Docker docker, String containerId, Consumer<byte[]> output, Consumer<Throwable> ended)
            throws InterruptedException {
        String id = docker.client().execCreateCmd(containerId).withTty(true).withAttachStdin(true)
                .withAttachStdout(true).withAttachStderr(true).withEnv(List.of("TERM=xterm-256color"))
                .withCmd(SHELL.toArray(String[]::new)).exec().getId();
        TerminalInput input = new TerminalInput();
        ResultCallback.Adapter<Frame> stream = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                output.accept(frame.getPayload());
            }

            @Override
            public void onError(Throwable failure) {
                super.onError(failure);
                ended.accept(failure);
            }

            @Override
            public void onComplete() {
                super.onComplete();
                ended.accept(null);
            }
        };
        docker.client().execStartCmd(id).withTty(true).withStdIn(input).exec(stream);
        stream.awaitStarted();
        return new ShellSession(docker, id, input, stream);
    }

    /** Keys, as the terminal encodes them; never blocks. */
    void type(String keys) {
        input.add(keys.getBytes(StandardCharsets.UTF_8));
    }

    /** The terminal's new size. */
    void resize(int columns, int rows) {
        docker.client().resizeExecCmd(execId).withSize(rows, columns).exec();
    }

    /** The shell's exit code, once it has ended (null when the engine does not know it). */
    Long exitCode() {
        return docker.client().inspectExecCmd(execId).exec().getExitCodeLong();
    }

    /** Ends stdin (the shell sees the end of its input) and drops the connection. */
    @Override
    public void close() {
        input.close();
        try {
            stream.close();
        } catch (IOException e) {
            // The connection is dropped either way.
        }
    }
}
