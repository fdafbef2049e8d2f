package dev.lamina.engine.containers;

/**
 * Where a container is in its life, as `inspect` shows it: created, running,
 * exited (with its status), restarting (exited, its restart policy about to start
 * it again), removing. Times are RFC 3339; Docker's zero time for never.
 */
public record ContainerState(String status, int exitCode, String error, String startedAt, String finishedAt,
                             boolean stopRequested, boolean oomKilled) {
    public static final String NEVER = "0001-01-01T00:00:00Z";
    public static final String CREATED = "created", RUNNING = "running", EXITED = "exited",
            REMOVING = "removing", RESTARTING = "restarting";

    public static ContainerState created() {
        return new ContainerState(CREATED, 0, "", NEVER, NEVER, false, false);
    }

    /** Its processes run (a restarting container has none between its runs). */
    public boolean running() { return status.equals(RUNNING); }

    /** Between two runs its restart policy makes: shown running, as moby's. */
    public boolean restarting() { return status.equals(RESTARTING); }

    /** This exited run, waiting for the restart its policy makes. */
    public ContainerState awaitingRestart() {
        return new ContainerState(RESTARTING, exitCode, error, startedAt, finishedAt, false, oomKilled);
    }

    /** A restarting container whose restart did not happen (the engine stopped, or the start failed): exited as it was. */
    public ContainerState exitedBetweenRuns() {
        return new ContainerState(EXITED, exitCode, error, startedAt, finishedAt, stopRequested, oomKilled);
    }

    /** A restarting container a user stopped: exited, not to be restarted. */
    public ContainerState restartCancelled() {
        return new ContainerState(EXITED, exitCode, error, startedAt, finishedAt, true, oomKilled);
    }

    public ContainerState started(String now) {
        return new ContainerState(RUNNING, 0, "", now, finishedAt, false, false);
    }

    public ContainerState exited(int code, String error, String now) {
        return exited(code, error, now, false);
    }

    /** Its run ended; {@code oomKilled}: a process of it was killed for passing its memory limit. */
    public ContainerState exited(int code, String error, String now, boolean oomKilled) {
        return new ContainerState(EXITED, code, error == null ? "" : error, startedAt, now, stopRequested, oomKilled);
    }

    /**
     * A start that failed (its command cannot run, a port is taken...): as moby keeps it, still
     * created when it never ran, else exited; the code and the error kept either way.
     */
    public ContainerState startFailed(int code, String error, String now) {
        if (!startedAt.equals(NEVER)) return exited(code, error, now);
        return new ContainerState(CREATED, code, error == null ? "" : error, NEVER, NEVER, stopRequested, false);
    }

    /** Marked when a user stops it: restart policies other than always then leave it stopped. */
    public ContainerState stopping() {
        return new ContainerState(status, exitCode, error, startedAt, finishedAt, true, oomKilled);
    }
}
