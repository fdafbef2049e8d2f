package dev.lamina.app;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A shell in a running container, as `docker exec -it` opens one: an exec with a
 * terminal and stdin, started on a hijacked connection. Its output goes to
 * {@code output} on docker-java's thread; keys go in through {@link #type}.
 * Opening, resizing and closing block: call them through {@link Background}.
 *
 * <p>An engine keeps an exec's terminal when its client goes (Docker's way: it may
 * attach again), so the shell would outlive the session. A second exec, the
 * lifeline, without a terminal, holds its stdin open for as long as the session
 * lasts; when it ends (close, or the app gone), it hangs up (SIGHUP) every process
 * of the session, found by a variable in their environment, as closing a
 * terminal does.
 */
final class ShellSession implements AutoCloseable {
    /** bash where the image has it, else sh. */
    static final List<String> SHELL = List.of("/bin/sh", "-c", "command -v bash >/dev/null 2>&1 && exec bash; exec sh");
    private static final String MARK = "LAMINA_TERMINAL";

    private final Docker docker;
    private final String execId;
    private final TerminalInput input;
    private final ResultCallback.Adapter<Frame> stream;
    private final TerminalInput lifelineInput;
    private final ResultCallback.Adapter<Frame> lifeline;

    private ShellSession(Docker docker, String execId, TerminalInput input, ResultCallback.Adapter<Frame> stream,
                         TerminalInput lifelineInput, ResultCallback.Adapter<Frame> lifeline) {
        this.docker = docker;
        this.execId = execId;
        this.input = input;
        this.stream = stream;
        this.lifelineInput = lifelineInput;
        this.lifeline = lifeline;
    }

    /** The lifeline's command: wait for the end of stdin, then hang up the processes marked {@code mark}. */
    private static List<String> hangUpAfterInput(String mark) {
        return List.of("/bin/sh", "-c", "cat >/dev/null; for e in /proc/[0-9]*/environ; do "
                + "if tr '\\0' '\\n' < \"$e\" 2>/dev/null | grep -qx '" + mark + "'; then "
                + "p=${e#/proc/}; kill -HUP ${p%/environ} 2>/dev/null; fi; done");
    }

    /**
     * Creates the exec and starts it, returning once it runs; {@code ended} runs once,
     * on docker-java's thread, when its stream ends (null) or fails.
     */
    static ShellSession open(Docker docker, String containerId, Consumer<byte[]> output, Consumer<Throwable> ended)
            throws InterruptedException {
        String mark = MARK + "=" + UUID.randomUUID();
        String id = docker.client().execCreateCmd(containerId).withTty(true).withAttachStdin(true)
                .withAttachStdout(true).withAttachStderr(true).withEnv(List.of("TERM=xterm-256color", mark))
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
        TerminalInput lifelineInput = new TerminalInput();
        ResultCallback.Adapter<Frame> lifeline = new ResultCallback.Adapter<>();
        ShellSession session = new ShellSession(docker, id, input, stream, lifelineInput, lifeline);
        try {
            String lifelineId = docker.client().execCreateCmd(containerId).withAttachStdin(true).withAttachStdout(false)
                    .withAttachStderr(false).withCmd(hangUpAfterInput(mark).toArray(String[]::new)).exec().getId();
            docker.client().execStartCmd(lifelineId).withStdIn(lifelineInput).exec(lifeline);
            lifeline.awaitStarted();
        } catch (RuntimeException | InterruptedException e) {
            session.close(); // no shell without its lifeline
            throw e;
        }
        return session;
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

    /** Drops both connections: the lifeline's stdin ends, and it hangs up the shell. */
    @Override
    public void close() {
        input.close();
        lifelineInput.close();
        for (Closeable c : List.<Closeable>of(stream, lifeline)) {
            try {
                c.close();
            } catch (IOException e) {
                // The connection is dropped either way.
            }
        }
    }
}
