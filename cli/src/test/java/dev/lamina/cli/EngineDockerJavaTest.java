package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.PruneType;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.lamina.cli.testing.AlpineEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * docker-java 3.7 (the client inside Testcontainers) against `lamina engine`:
 * DockerClientImpl with the zerodep transport, unversioned paths as it sends
 * them when no API version is set.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineDockerJavaTest {
    private AlpineEngine setup;
    private DockerClient docker;
    private String alpine;
    private final List<PullResponseItem> firstPull = new ArrayList<>();

    @BeforeAll
    void start() throws InterruptedException {
        setup = AlpineEngine.start("lamina-docker-java-test");
        alpine = setup.alpine();
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(setup.engine().dockerHost()).build();
        docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
        pull(firstPull);
    }

    @AfterAll
    void stop() throws IOException {
        if (docker != null) docker.close();
        if (setup != null) setup.close();
    }

    /** A pull with docker-java's own callback, which throws unless the last message says the pull succeeded. */
    private void pull(List<PullResponseItem> items) throws InterruptedException {
        docker.pullImageCmd(alpine.substring(0, alpine.lastIndexOf(':'))).withTag("3.20").exec(new PullImageResultCallback() {
            @Override
            public void onNext(PullResponseItem item) {
                items.add(item);
                super.onNext(item);
            }
        }).awaitCompletion(120, TimeUnit.SECONDS);
    }

    @Test
    void pingVersionAndInfo() {
        docker.pingCmd().exec();
        Version v = docker.versionCmd().exec();
        assertEquals("linux", v.getOperatingSystem());
        assertNotNull(v.getApiVersion());
        assertNotNull(v.getArch());
        Info info = docker.infoCmd().exec();
        assertEquals("linux", info.getOsType());
        assertTrue(info.getMemTotal() > 0);
        assertNotNull(info.getServerVersion());
        // moby's RegistryConfig: code that reads the insecure CIDRs found none (null) before
        assertEquals(List.of("::1/128", "127.0.0.0/8"), info.getRegistryConfig().getInsecureRegistryCIDRs());
        assertTrue(info.getRegistryConfig().getIndexConfigs().get("docker.io").getSecure());
    }

    @Test
    void pullSaysDownloadedThenUpToDate() throws InterruptedException {
        assertTrue(firstPull.getLast().getStatus().contains("Downloaded newer image"), firstPull.toString());
        List<PullResponseItem> again = new ArrayList<>();
        pull(again);
        assertTrue(again.getLast().getStatus().contains("Image is up to date"), again.toString());
        var image = docker.inspectImageCmd(alpine).exec();
        assertEquals("linux", image.getOs());
        ZonedDateTime.parse(image.getCreated());
        assertTrue(docker.listImagesCmd().exec().stream().anyMatch(i -> List.of(i.getRepoTags()).contains(alpine)));
    }

    @Test
    void createStartWaitAndLogs() throws InterruptedException {
        String id = docker.createContainerCmd(alpine).withCmd("sh", "-c", "echo out; echo err >&2; exit 3").exec().getId();
        docker.startContainerCmd(id).exec();
        assertEquals(3, docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(60, TimeUnit.SECONDS));
        Frames logs = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new Frames());
        logs.awaitCompletion(60, TimeUnit.SECONDS);
        assertEquals("out\n", logs.text(StreamType.STDOUT));
        assertEquals("err\n", logs.text(StreamType.STDERR));
        docker.removeContainerCmd(id).exec();
    }

    /**
     * The log's frames arrive one line each, as dockerd sends them: docker-java makes a Frame of every read, and the
     * backlog sent as one chunk of frames split lines at its read buffer's end (4 of 2000, found by a probe).
     */
    @Test
    void logFramesAreWholeLines() throws InterruptedException {
        String id = docker.createContainerCmd(alpine).withCmd("sh", "-c", "i=0; while [ $i -lt 2000 ]; do i=$((i+1)); echo line-$i; done")
                .exec().getId();
        docker.startContainerCmd(id).exec();
        assertEquals(0, docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(60, TimeUnit.SECONDS));
        List<String> frames = java.util.Collections.synchronizedList(new ArrayList<>());
        docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame f) { frames.add(new String(f.getPayload(), StandardCharsets.UTF_8)); }
        }).awaitCompletion(60, TimeUnit.SECONDS);
        assertEquals(2000, frames.size(), "frames");
        for (int i = 0; i < frames.size(); i++) assertEquals("line-" + (i + 1) + "\n", frames.get(i));
        docker.removeContainerCmd(id).exec();
    }

    /**
     * A start is answered once the container's first process is on the host, as dockerd's once runc started it: an
     * inspect right after shows its pid (it showed Running with Pid 0 in about half the tries, found by a probe with
     * Testcontainers, whose getContainerInfo() is that inspect).
     */
    @Test
    void anInspectRightAfterTheStartShowsThePid() {
        for (int i = 0; i < 10; i++) {
            String id = docker.createContainerCmd(alpine).withCmd("sleep", "30").exec().getId();
            docker.startContainerCmd(id).exec();
            var state = docker.inspectContainerCmd(id).exec().getState();
            assertTrue(Boolean.TRUE.equals(state.getRunning()) && state.getPidLong() > 0, "try " + i + ": " + state);
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    /** Attach with stdin: docker-java asks to upgrade and needs the 101; input goes in, output comes back on the same connection. */
    @Test
    void attachWithStdin() throws IOException, InterruptedException {
        String id = docker.createContainerCmd(alpine).withCmd("sh", "-c", "read line; echo got:$line; read more; echo then:$more")
                .withStdinOpen(true).withAttachStdin(true).withAttachStdout(true).withAttachStderr(true).exec().getId();
        docker.startContainerCmd(id).exec();
        PipedOutputStream input = new PipedOutputStream();
        Frames out = docker.attachContainerCmd(id).withStdIn(new PipedInputStream(input)).withStdOut(true).withStdErr(true)
                .withFollowStream(true).exec(new Frames());
        input.write("hello\n".getBytes(StandardCharsets.UTF_8));
        input.flush();
        out.awaitText("got:hello\n");
        input.write("world\n".getBytes(StandardCharsets.UTF_8));
        input.close();
        assertTrue(out.awaitCompletion(60, TimeUnit.SECONDS), "the attach ends with the container");
        assertEquals("got:hello\nthen:world\n", out.text(StreamType.STDOUT) + out.text(StreamType.RAW));
        assertEquals(0, docker.inspectContainerCmd(id).exec().getState().getExitCodeLong());
        docker.removeContainerCmd(id).exec();
    }

    /** Attach without stdin, before start: a plain POST (no Upgrade) answered 200, the stream to the close; all of the run's output. */
    @Test
    void attachWithoutStdinBeforeStartGetsTheWholeRun() throws InterruptedException {
        String id = docker.createContainerCmd(alpine).withCmd("sh", "-c", "echo first; echo second >&2; echo third").exec().getId();
        Frames out = docker.attachContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true).exec(new Frames());
        assertTrue(out.awaitStarted(60, TimeUnit.SECONDS), "the attach is in place");
        docker.startContainerCmd(id).exec();
        assertTrue(out.awaitCompletion(60, TimeUnit.SECONDS), "the attach ends with the container");
        assertEquals("first\nthird\n", out.text(StreamType.STDOUT));
        assertEquals("second\n", out.text(StreamType.STDERR));
        docker.removeContainerCmd(id).exec();
    }

    /** Exec with stdin: hijacked (101), input in, output back, the exit code by inspect. */
    @Test
    void execWithStdin() throws IOException, InterruptedException {
        String id = sleeper("exec-stdin-target", Map.of());
        String exec = docker.execCreateCmd(id).withCmd("sh", "-c", "read line; echo exec-got:$line; exit 4")
                .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true).exec().getId();
        PipedOutputStream input = new PipedOutputStream();
        Frames out = docker.execStartCmd(exec).withStdIn(new PipedInputStream(input)).exec(new Frames());
        input.write("ping\n".getBytes(StandardCharsets.UTF_8));
        input.flush();
        assertTrue(out.awaitCompletion(60, TimeUnit.SECONDS), "the exec's stream ends with it");
        assertEquals("exec-got:ping\n", out.text(StreamType.STDOUT) + out.text(StreamType.RAW));
        assertEquals(4L, docker.inspectExecCmd(exec).exec().getExitCodeLong());
        input.close();
        docker.removeContainerCmd(id).withForce(true).exec();
    }

    @Test
    void logsFollowUntilTheEnd() throws InterruptedException {
        String id = docker.createContainerCmd(alpine).withCmd("sh", "-c", "for i in 1 2 3; do echo line $i; sleep 0.2; done").exec().getId();
        docker.startContainerCmd(id).exec();
        Frames logs = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true).withTimestamps(true).exec(new Frames());
        assertTrue(logs.awaitCompletion(60, TimeUnit.SECONDS), "a follower ends with the container");
        List<String> lines = logs.text(StreamType.STDOUT).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        for (int i = 0; i < 3; i++) {
            String[] tsAndText = lines.get(i).split(" ", 2);
            Instant.parse(tsAndText[0]);
            assertEquals("line " + (i + 1), tsAndText[1]);
        }
        docker.removeContainerCmd(id).exec();
    }

    /** Exec without stdin: a plain POST (no Upgrade header) whose 200 body is the stream; then the exit code by inspect. */
    @Test
    void execWithoutStdinAndItsExitCode() throws InterruptedException {
        String id = sleeper("exec-target", Map.of());
        String exec = docker.execCreateCmd(id).withCmd("sh", "-c", "echo in-exec; echo oops >&2; exit 7")
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        Frames out = docker.execStartCmd(exec).exec(new Frames());
        assertTrue(out.awaitCompletion(60, TimeUnit.SECONDS));
        assertEquals("in-exec\n", out.text(StreamType.STDOUT));
        assertEquals("oops\n", out.text(StreamType.STDERR));
        var inspect = docker.inspectExecCmd(exec).exec();
        assertEquals(7L, inspect.getExitCodeLong());
        assertFalse(inspect.isRunning());
        assertEquals(id, inspect.getContainerID());
        // a running exec's Pid is its process's on the host, as moby's (it was 0)
        String sleeping = docker.execCreateCmd(id).withCmd("sleep", "60").exec().getId();
        docker.execStartCmd(sleeping).withDetach(true).exec(new Frames()).awaitCompletion(30, TimeUnit.SECONDS);
        long pid = 0;
        for (int i = 0; i < 100 && pid == 0; i++, Thread.sleep(50)) pid = docker.inspectExecCmd(sleeping).exec().getPidLong();
        assertTrue(pid > 0 && java.nio.file.Files.exists(java.nio.file.Path.of("/proc/" + pid)), "exec's host pid " + pid);
        assertTrue(docker.inspectExecCmd(sleeping).exec().isRunning());
        docker.removeContainerCmd(id).withForce(true).exec();
    }

    @Test
    void stopKillRestartAndRemove() {
        String id = docker.createContainerCmd(alpine).withName("lifecycle")
                .withCmd("sh", "-c", "trap 'exit 0' TERM; echo ready; while true; do sleep 0.1; done").exec().getId();
        docker.startContainerCmd(id).exec();
        awaitLog(id, "ready");
        assertThrows(NotModifiedException.class, () -> docker.startContainerCmd(id).exec());
        docker.stopContainerCmd(id).withTimeout(10).exec();
        InspectContainerResponse stopped = docker.inspectContainerCmd("lifecycle").exec();
        assertEquals("exited", stopped.getState().getStatus());
        assertEquals(0L, stopped.getState().getExitCodeLong());
        assertThrows(NotModifiedException.class, () -> docker.stopContainerCmd(id).exec());
        docker.restartContainerCmd(id).exec();
        assertTrue(docker.inspectContainerCmd(id).exec().getState().getRunning());
        docker.killContainerCmd(id).exec();
        awaitExit(id);
        assertEquals(137L, docker.inspectContainerCmd(id).exec().getState().getExitCodeLong());
        docker.removeContainerCmd(id).exec();
        assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(id).exec());
    }

    /**
     * A kill or stop that comes right after start (Testcontainers' stop of a short
     * test) must reach the container, even before its first process runs on the host.
     */
    @Test
    void killAndStopRightAfterStart() throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            String id = docker.createContainerCmd(alpine).withCmd("sleep", "600").exec().getId();
            docker.startContainerCmd(id).exec();
            docker.killContainerCmd(id).exec();
            assertEquals(137, docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(30, TimeUnit.SECONDS));
            docker.startContainerCmd(id).exec();
            docker.stopContainerCmd(id).withTimeout(1).exec();
            assertFalse(docker.inspectContainerCmd(id).exec().getState().getRunning());
            docker.removeContainerCmd(id).exec();
        }
    }

    /** A SIGKILL is answered once the container has stopped, as moby's: docker-java's next call, on the same
     * connection within a millisecond, finds it exited (a remove without force was 409 "container is running"). */
    @Test
    void aKillIsAnsweredOnceTheContainerHasStopped() {
        for (int i = 0; i < 5; i++) {
            String id = docker.createContainerCmd(alpine).withCmd("sh", "-c", "echo ready; exec sleep 300").exec().getId();
            docker.startContainerCmd(id).exec();
            awaitLog(id, "ready");
            docker.killContainerCmd(id).exec();
            InspectContainerResponse killed = docker.inspectContainerCmd(id).exec();
            assertEquals("exited 137", killed.getState().getStatus() + " " + killed.getState().getExitCodeLong());
            docker.removeContainerCmd(id).exec();
        }
    }

    /**
     * What moby makes of a create and an exec, as a probe with docker-java against dockerd found them: an exec's
     * streams are those its create attached (unset: none), and its output is framed unless the start asks for a
     * terminal's raw stream, whatever the exec's own terminal; MemorySwap is twice the memory when only the memory
     * is limited; an image that sets no PATH leaves none in Config.Env (the process has the default one); renaming
     * a container to its own name is a 400.
     */
    @Test
    void execStreamsSwapPathAndRenameAsMobys() throws InterruptedException {
        String id = sleeper("moby-defaults", Map.of());
        String onlyOut = docker.execCreateCmd(id).withCmd("sh", "-c", "echo o; echo e >&2").withAttachStdout(true).exec().getId();
        Frames out = docker.execStartCmd(onlyOut).exec(new Frames());
        assertTrue(out.awaitCompletion(60, TimeUnit.SECONDS));
        assertEquals("o\n", out.text(StreamType.STDOUT));
        assertEquals("", out.text(StreamType.STDERR));
        var inspected = docker.inspectExecCmd(onlyOut).exec();
        assertEquals(List.of(true, false), List.of(inspected.isOpenStdout(), inspected.isOpenStderr()));
        String tty = docker.execCreateCmd(id).withCmd("echo", "t").withTty(true).withAttachStdout(true).exec().getId();
        Frames framed = docker.execStartCmd(tty).exec(new Frames());
        assertTrue(framed.awaitCompletion(60, TimeUnit.SECONDS));
        assertEquals("t\r\n", framed.text(StreamType.STDOUT));
        assertEquals("", framed.text(StreamType.RAW));
        assertThrows(com.github.dockerjava.api.exception.BadRequestException.class,
                () -> docker.renameContainerCmd(id).withName("moby-defaults").exec());
        docker.removeContainerCmd(id).withForce(true).exec();
        String limited = docker.createContainerCmd(alpine).withCmd("true")
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withMemory(64L << 20)).exec().getId();
        assertEquals(128L << 20, docker.inspectContainerCmd(limited).exec().getHostConfig().getMemorySwap());
        docker.removeContainerCmd(limited).exec();
        String bare = setup.pushCrafted("library/no-path:1", "\"Cmd\":[\"/bin/sh\"]", List.of());
        docker.pullImageCmd(bare.substring(0, bare.lastIndexOf(':'))).withTag("1").exec(new PullImageResultCallback())
                .awaitCompletion(120, TimeUnit.SECONDS);
        String noPath = docker.createContainerCmd(bare).withEnv("A=1").withCmd("sh", "-c", "echo $PATH").exec().getId();
        assertEquals(List.of("A=1"), List.of(docker.inspectContainerCmd(noPath).exec().getConfig().getEnv()));
        docker.startContainerCmd(noPath).exec();
        docker.waitContainerCmd(noPath).exec(new WaitContainerResultCallback()).awaitStatusCode(60, TimeUnit.SECONDS);
        Frames logs = docker.logContainerCmd(noPath).withStdOut(true).exec(new Frames());
        assertTrue(logs.awaitCompletion(60, TimeUnit.SECONDS));
        assertEquals("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n", logs.text(StreamType.STDOUT));
        docker.removeContainerCmd(noPath).exec();
    }

    /** listContainersCmd's withBefore and withSince, sent as the query's own parameters, are ignored, as moby has
     * ignored them since Docker 1.12 (the filters of that name are what it takes); one naming no container is no
     * error. */
    @Test
    void listIgnoresBeforeAndSinceParameters() throws InterruptedException {
        Map<String, String> label = Map.of("suite", "before-since");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(docker.createContainerCmd(alpine).withCmd("true").withLabels(label).exec().getId());
            Thread.sleep(20);
        }
        java.util.Set<String> all = java.util.Set.copyOf(ids);
        assertEquals(all, java.util.Set.copyOf(docker.listContainersCmd().withShowAll(true).withLabelFilter(label)
                .withBefore(ids.get(1)).exec().stream().map(Container::getId).toList()));
        assertEquals(all, java.util.Set.copyOf(docker.listContainersCmd().withShowAll(true).withLabelFilter(label)
                .withSince("no-such-container").exec().stream().map(Container::getId).toList()));
        for (String id : ids) docker.removeContainerCmd(id).exec();
    }

    /** An update's CPU shares, memory reservation and block I/O weight are kept and shown, as the create's are. */
    @Test
    void updateKeepsCpuShares() {
        String id = docker.createContainerCmd(alpine).withCmd("true").exec().getId();
        docker.updateContainerCmd(id).withCpuShares(512).withMemoryReservation(64L << 20).withBlkioWeight(300).exec();
        var hc = docker.inspectContainerCmd(id).exec().getHostConfig();
        assertEquals(512, hc.getCpuShares());
        assertEquals(64L << 20, hc.getMemoryReservation());
        assertEquals(300, hc.getBlkioWeight());
        docker.removeContainerCmd(id).exec();
    }

    @Test
    void listFiltersByLabel() {
        String a = docker.createContainerCmd(alpine).withCmd("true").withLabels(Map.of("suite", "docker-java", "which", "a")).exec().getId();
        String b = docker.createContainerCmd(alpine).withCmd("true").withLabels(Map.of("suite", "docker-java", "which", "b")).exec().getId();
        List<Container> onlyA = docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("which", "a")).exec();
        assertEquals(List.of(a), onlyA.stream().map(Container::getId).toList());
        assertEquals("created", onlyA.getFirst().getState());
        List<Container> both = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of("suite=docker-java")).exec();
        assertEquals(2, both.size());
        assertTrue(docker.listContainersCmd().withLabelFilter(Map.of("which", "a")).exec().isEmpty(), "not running: only with all");
        docker.removeContainerCmd(a).exec();
        docker.removeContainerCmd(b).exec();
    }

    /** The event stream as docker-java reads it: a container's life, filtered by container, between since and until. */
    @Test
    void eventsOfAContainer() throws InterruptedException {
        long since = Instant.now().getEpochSecond() - 1;
        String id = docker.createContainerCmd(alpine).withCmd("true").exec().getId();
        docker.startContainerCmd(id).exec();
        docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(60, TimeUnit.SECONDS);
        docker.removeContainerCmd(id).exec();
        List<Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        docker.eventsCmd().withSince(Long.toString(since)).withUntil(Long.toString(Instant.now().getEpochSecond() + 1))
                .withContainerFilter(id).exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event e) { events.add(e); }
                }).awaitCompletion(60, TimeUnit.SECONDS);
        assertEquals(List.of("create", "start", "die", "destroy"), events.stream().map(Event::getAction).toList());
        assertTrue(events.stream().allMatch(e -> e.getType() == EventType.CONTAINER && id.equals(e.getActor().getId())), events.toString());
        assertEquals("0", events.get(2).getActor().getAttributes().get("exitCode"));
    }

    /** Volume labels, list filters, and prune as moby's since API 1.42: unused anonymous volumes only, unless all. */
    @Test
    void volumeLabelsFiltersAndPrune() {
        docker.createVolumeCmd().withName("labelled").withLabels(Map.of("owner", "me")).exec();
        docker.createVolumeCmd().withName("plain").exec();
        docker.createVolumeCmd().exec();
        assertEquals(3, volumeNames().size());
        assertEquals(Map.of("owner", "me"), docker.inspectVolumeCmd("labelled").exec().getLabels());
        var mine = docker.listVolumesCmd().withFilter("label", List.of("owner=me")).exec().getVolumes();
        assertEquals(List.of("labelled"), mine.stream().map(v -> v.getName()).toList());
        docker.pruneCmd(PruneType.VOLUMES).exec();
        assertEquals(List.of("labelled", "plain"), volumeNames(), "only the anonymous volume is pruned");
        docker.pruneCmd(PruneType.VOLUMES).withLabelFilter("owner=me").exec();
        assertEquals(List.of("labelled", "plain"), volumeNames(), "named volumes only with all");
        assertTrue(setup.engine().dockerOk("volume", "prune", "--all", "--force", "--filter", "label=owner=me").stdout().contains("labelled"));
        assertEquals(List.of("plain"), volumeNames());
        assertEquals(1, docker.listVolumesCmd().withDanglingFilter(true).withFilter("name", List.of("plain")).exec().getVolumes().size());
        docker.removeVolumeCmd("plain").exec();
    }

    private List<String> volumeNames() {
        return docker.listVolumesCmd().exec().getVolumes().stream().map(v -> v.getName()).sorted().toList();
    }

    /**
     * An image's HEALTHCHECK runs as moby runs it: healthy once the test passes,
     * unhealthy after its retries fail in a row; a request's test takes the image's
     * interval and retries where it gives none. Inspect shows State.Health, ps the status.
     */
    @Test
    void imageHealthcheckHealthyAndUnhealthy() throws InterruptedException {
        String image = setup.pushCrafted("library/checked:1", "\"Cmd\":[\"/bin/sh\"],\"Healthcheck\":{\"Test\":[\"CMD-SHELL\","
                + "\"test -e /tmp/ok\"],\"Interval\":200000000,\"Timeout\":10000000000,\"Retries\":2}", List.of());
        docker.pullImageCmd(image.substring(0, image.lastIndexOf(':'))).withTag("1").exec(new PullImageResultCallback())
                .awaitCompletion(120, TimeUnit.SECONDS);
        String good = docker.createContainerCmd(image).withName("checked-good")
                .withCmd("/bin/sh", "-c", "touch /tmp/ok; exec sleep 600").exec().getId();
        String bad = docker.createContainerCmd(image).withName("checked-bad").withCmd("/bin/sleep", "600")
                .withHealthcheck(new HealthCheck().withTest(List.of("CMD", "/bin/false"))).exec().getId();
        docker.startContainerCmd(good).exec();
        docker.startContainerCmd(bad).exec();
        assertEquals("starting", docker.inspectContainerCmd(bad).exec().getState().getHealth().getStatus());
        awaitHealth(good, "healthy");
        awaitHealth(bad, "unhealthy");
        var badHealth = docker.inspectContainerCmd(bad).exec().getState().getHealth();
        assertTrue(badHealth.getFailingStreak() >= 2, badHealth.toString());
        assertEquals(1, badHealth.getLog().getLast().getExitCodeLong());
        assertTrue(setup.engine().dockerOk("ps", "--format", "{{.Names}} {{.Status}}").stdout().lines()
                .anyMatch(l -> l.startsWith("checked-good Up") && l.endsWith("(healthy)")));
        docker.removeContainerCmd(good).withForce(true).exec();
        docker.removeContainerCmd(bad).withForce(true).exec();
    }

    /** A probe that outlasts its timeout is killed, as moby kills it: the next ones run, and no probe piles up. */
    @Test
    void aProbePastItsTimeoutIsKilled() {
        String id = docker.createContainerCmd(alpine).withName("probe-timeout").withCmd("sleep", "600")
                .withHealthcheck(new HealthCheck().withTest(List.of("CMD", "sleep", "100")).withInterval(200_000_000L)
                        .withTimeout(300_000_000L).withRetries(1000)).exec().getId();
        docker.startContainerCmd(id).exec();
        int probes = 0;
        for (int i = 0; i < 400 && probes < 3; i++) {
            sleep(50);
            var health = docker.inspectContainerCmd(id).exec().getState().getHealth();
            probes = health.getLog() == null ? 0 : health.getLog().size();
        }
        var log = docker.inspectContainerCmd(id).exec().getState().getHealth().getLog();
        assertTrue(probes >= 3, "three probes ended in 20 s: " + log);
        assertEquals("Health check exceeded timeout (300ms)", log.getFirst().getOutput(), "in Go's words, as dockerd's");
        long sleeping = setup.engine().dockerOk("top", "probe-timeout").stdout().lines().filter(l -> l.contains("sleep 100")).count();
        assertTrue(sleeping <= 1, "probes killed, not piled up: " + sleeping);
        docker.removeContainerCmd(id).withForce(true).exec();
    }

    private void awaitHealth(String id, String status) {
        for (int i = 0; i < 600 && !status.equals(docker.inspectContainerCmd(id).exec().getState().getHealth().getStatus()); i++) sleep(50);
        assertEquals(status, docker.inspectContainerCmd(id).exec().getState().getHealth().getStatus());
    }

    /** The State fields Testcontainers reads: times as ISO-8601 ("never" as year 1), the exit code. */
    @Test
    void inspectStateTimesAndExitCode() throws InterruptedException {
        String id = docker.createContainerCmd(alpine).withCmd("sh", "-c", "exit 5").exec().getId();
        var created = docker.inspectContainerCmd(id).exec().getState();
        assertEquals("0001-01-01T00:00:00Z", created.getStartedAt());
        assertEquals("0001-01-01T00:00:00Z", created.getFinishedAt());
        assertFalse(created.getRunning());
        Instant before = Instant.now().minusSeconds(1);
        docker.startContainerCmd(id).exec();
        docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(60, TimeUnit.SECONDS);
        var done = docker.inspectContainerCmd(id).exec();
        Instant started = OffsetDateTime.parse(done.getState().getStartedAt()).toInstant();
        Instant finished = OffsetDateTime.parse(done.getState().getFinishedAt()).toInstant();
        assertTrue(started.isAfter(before) && !finished.isBefore(started), done.getState().toString());
        assertEquals(5L, done.getState().getExitCodeLong());
        assertEquals(false, done.getState().getRunning());
        assertEquals(false, done.getState().getPaused());
        assertTrue(done.getName().startsWith("/"));
        assertEquals(alpine, done.getConfig().getImage());
        docker.removeContainerCmd(id).exec();
    }

    @Test
    void missingIsNotFoundAndATakenNameIsAConflict() {
        assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd("no-such-container").exec());
        assertThrows(NotFoundException.class, () -> docker.startContainerCmd("no-such-container").exec());
        assertThrows(NotFoundException.class, () -> docker.inspectImageCmd("127.0.0.1:1/no/such:image").exec());
        assertThrows(NotFoundException.class, () -> docker.createContainerCmd("127.0.0.1:1/no/such:image").exec());
        // a pull: 404 for an image the registry lacks, 500 for a registry that cannot be reached, as moby's
        String registry = alpine.substring(0, alpine.indexOf('/'));
        assertThrows(NotFoundException.class, () -> docker.pullImageCmd(registry + "/no/such").withTag("1")
                .exec(new PullImageResultCallback()).awaitCompletion(60, TimeUnit.SECONDS));
        assertThrows(InternalServerErrorException.class, () -> docker.pullImageCmd("no-such-host.invalid/no/such").withTag("1")
                .exec(new PullImageResultCallback()).awaitCompletion(60, TimeUnit.SECONDS));
        String id = docker.createContainerCmd(alpine).withName("taken").withCmd("true").exec().getId();
        assertThrows(ConflictException.class, () -> docker.createContainerCmd(alpine).withName("taken").withCmd("true").exec());
        docker.removeContainerCmd(id).exec();
        String running = sleeper("running", Map.of());
        assertThrows(ConflictException.class, () -> docker.removeContainerCmd(running).exec());
        docker.removeContainerCmd(running).withForce(true).exec();
    }

    /** A container that runs until removed, with {@code name} and labels. */
    private String sleeper(String name, Map<String, String> labels) {
        String id = docker.createContainerCmd(alpine).withName(name).withLabels(labels).withCmd("sleep", "600").exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    /** Waits until the container's log holds {@code text} (a shell's trap is set once it has printed it). */
    private void awaitLog(String id, String text) {
        for (int i = 0; i < 600; i++) {
            Frames logs = docker.logContainerCmd(id).withStdOut(true).exec(new Frames());
            try {
                logs.awaitCompletion(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (logs.text(StreamType.STDOUT).contains(text)) return;
            sleep(50);
        }
        throw new AssertionError("no '" + text + "' in the log of " + id);
    }

    private void awaitExit(String id) {
        for (int i = 0; i < 200 && docker.inspectContainerCmd(id).exec().getState().getRunning(); i++) sleep(50);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Collects frames by stream type. */
    private static final class Frames extends ResultCallback.Adapter<Frame> {
        private final Map<StreamType, ByteArrayOutputStream> bytes = new java.util.EnumMap<>(StreamType.class);

        @Override
        public synchronized void onNext(Frame frame) {
            bytes.computeIfAbsent(frame.getStreamType(), t -> new ByteArrayOutputStream()).writeBytes(frame.getPayload());
            notifyAll();
        }

        synchronized String text(StreamType type) {
            ByteArrayOutputStream b = bytes.get(type);
            return b == null ? "" : b.toString(StandardCharsets.UTF_8);
        }

        /** Waits until stdout (or the raw stream) holds {@code expected}, or fails after a minute. */
        synchronized void awaitText(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(text(StreamType.STDOUT) + text(StreamType.RAW)).contains(expected)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("no '" + expected + "' in " + bytes);
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
