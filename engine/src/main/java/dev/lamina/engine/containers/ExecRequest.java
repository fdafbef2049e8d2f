package dev.lamina.engine.containers;

import java.util.List;

/** The body of `POST /containers/{id}/exec`; fields may be null (docker-java sends nulls, and extra keys). */
public record ExecRequest(List<String> cmd, List<String> env, String user, String workingDir, Boolean tty,
                          Boolean attachStdin, Boolean attachStdout, Boolean attachStderr, Boolean privileged,
                          List<Integer> consoleSize, String detachKeys) {
    public ExecRequest {
        cmd = cmd == null ? List.of() : cmd;
        env = env == null ? List.of() : env;
    }

    public boolean terminal() { return Boolean.TRUE.equals(tty); }
}
