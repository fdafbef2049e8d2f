package dev.lamina.engine.containers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A run's health check, as moby's daemon/health.go does it: the test runs as an
 * exec every interval (every start interval during the start period); a success
 * makes the container healthy, `retries` failures in a row (not counted in the
 * start period) unhealthy. What `inspect` shows as State.Health: the status, the
 * failing streak, the last five probes with at most 4 KiB of output each.
 */
public final class Health {
    public static final String STARTING = "starting", HEALTHY = "healthy", UNHEALTHY = "unhealthy";
    private static final Duration INTERVAL = Duration.ofSeconds(30), TIMEOUT = Duration.ofSeconds(30),
            START_INTERVAL = Duration.ofSeconds(5);
    private static final int RETRIES = 3, LOG_ENTRIES = 5, OUTPUT_BYTES = 4096;

    private record Probe(String start, String end, int exitCode, String output) {}

    private final Container container;
    private final CreateRequest.Healthcheck check;
    private final Execs execs;
    private final Consumer<String> changed;
    private final Deque<Probe> log = new ArrayDeque<>();
    private String status = STARTING;
    private int failingStreak;
    private volatile boolean stopped;
    private Thread thread;

    private Health(Container container, CreateRequest.Healthcheck check, Execs execs, Consumer<String> changed) {
        this.container = container;
        this.check = check;
        this.execs = execs;
        this.changed = changed;
    }

    /** Starts checking a container that has just started; {@code changed} hears each new status. */
    static Health start(Container c, CreateRequest.Healthcheck check, Execs execs, Consumer<String> changed) {
        Health h = new Health(c, check, execs, changed);
        // Probes wait for their exec, which blocks on host calls: a platform thread.
        h.thread = Thread.ofPlatform().daemon().name("health-" + c.id().substring(0, 12)).start(h::run);
        return h;
    }

    /**
     * Stops checking (the run has ended): the status becomes unhealthy, as moby's monitor leaves it
     * when it stops (a stopped container is never listed as healthy); the probes stay for `inspect`.
     */
    void stop() {
        stopped = true;
        thread.interrupt();
        synchronized (this) {
            status = UNHEALTHY;
        }
    }

    private void run() {
        long begun = System.nanoTime();
        try {
            while (!stopped) {
                boolean starting = System.nanoTime() - begun < nanos(check.startPeriod(), Duration.ZERO);
                Thread.sleep(Duration.ofNanos(starting ? nanos(check.startInterval(), START_INTERVAL) : nanos(check.interval(), INTERVAL)));
                if (stopped || !container.running()) return;
                record(probe(), System.nanoTime() - begun < nanos(check.startPeriod(), Duration.ZERO));
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    private static long nanos(Long configured, Duration otherwise) {
        return configured == null || configured <= 0 ? otherwise.toNanos() : configured;
    }

    /** Runs the test once; a probe that outlasts the timeout fails and is killed, and the next waits for it to end. */
    private Probe probe() throws InterruptedException {
        List<String> test = check.test();
        List<String> cmd = test.getFirst().equals("CMD-SHELL") ? List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())))
                : test.subList(1, test.size());
        String start = Instant.now().toString();
        if (cmd.isEmpty()) return new Probe(start, Instant.now().toString(), -1, "no health check command: " + test);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CountDownLatch done = new CountDownLatch(1);
        Exec e = new Exec(Names.newId(), container, new ExecRequest(cmd, List.of(), null, null, false, false, true, true, false, null, null));
        try {
            execs.start(e, false, List.of(), (stream, bytes) -> {
                synchronized (out) {
                    out.write(bytes, 0, Math.max(0, Math.min(bytes.length, OUTPUT_BYTES - out.size())));
                }
            }, done::countDown);
        } catch (RuntimeException failure) {
            return new Probe(start, Instant.now().toString(), -1, failure.getMessage());
        }
        long timeout = nanos(check.timeout(), TIMEOUT);
        if (!done.await(timeout, TimeUnit.NANOSECONDS)) {
            String end = Instant.now().toString();
            e.kill();
            done.await();
            return new Probe(start, end, -1, "Health check exceeded timeout (" + GoDuration.of(timeout) + ")");
        }
        synchronized (out) {
            return new Probe(start, Instant.now().toString(), e.exitCode(), out.toString(StandardCharsets.UTF_8));
        }
    }

    private void record(Probe p, boolean inStartPeriod) {
        String now;
        synchronized (this) {
            if (stopped) return; // a probe that ended after the run: the status stays unhealthy
            log.addLast(p);
            while (log.size() > LOG_ENTRIES) log.removeFirst();
            String before = status;
            if (p.exitCode() == 0) {
                failingStreak = 0;
                status = HEALTHY;
            } else if (!inStartPeriod || !status.equals(STARTING)) {
                failingStreak++;
                if (failingStreak >= (check.retries() == null || check.retries() <= 0 ? RETRIES : check.retries())) status = UNHEALTHY;
            }
            now = status.equals(before) ? null : status;
        }
        if (now != null) changed.accept(now);
    }

    public synchronized String status() { return status; }

    /** State.Health as `inspect` shows it. */
    public synchronized Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Status", status);
        m.put("FailingStreak", failingStreak);
        m.put("Log", log.stream().map(p -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("Start", p.start());
            e.put("End", p.end());
            e.put("ExitCode", p.exitCode());
            e.put("Output", p.output());
            return e;
        }).toList());
        return m;
    }
}
