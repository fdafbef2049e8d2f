package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Docker SDK for Python (Debian's python3-docker, which docker-compose brings)
 * against `lamina engine`: the idioms of docker-py scripts that a probe of the
 * thirty-fourth session found Lamina answering otherwise than dockerd. Each
 * snippet prints what dockerd gives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineDockerPyTest {
    private static final String PYTHON = "/usr/bin/python3";
    private Path dir;
    private EngineProcess engine;

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("lamina-docker-py");
        engine = EngineProcess.start(dir.resolve("data"));
        engine.dockerOk("create", "--name", "pull-the-image", EngineProcess.IMAGE, "true");
        engine.dockerOk("rm", "pull-the-image");
    }

    @AfterAll
    void stop() throws IOException {
        if (engine != null) engine.close();
        Trees.delete(dir);
    }

    /** Runs a snippet with `c` a client of the engine and `image` the built-in image; its stdout, stripped. */
    private String py(String code) {
        Map<String, String> env = new HashMap<>(engine.env());
        env.put("IMAGE", EngineProcess.IMAGE);
        String prelude = "import docker, io, os, tarfile, time\nc = docker.from_env()\nimage = os.environ['IMAGE']\n";
        Command.Result r = Command.run(List.of(PYTHON, "-c", prelude + code), env, dir, 120);
        assertEquals(0, r.exitCode(), r + "\n--- engine\n" + engine.log());
        return r.stdout().strip();
    }

    /** A bind's SELinux and propagation options (`:z`): docker-py also names "/z:z" in Config.Volumes, where moby
     * mounts an empty volume at that literal path; Lamina put an empty volume over the bind (the files were not there). */
    @Test
    void aBindWithOptionsShowsTheHostDirectory() throws IOException {
        Path host = Files.createDirectories(dir.resolve("bound"));
        Files.writeString(host.resolve("hostfile"), "x");
        assertEquals("hostfile|hostfile|hostfile", py("print('|'.join(c.containers.run(image, 'ls /z', volumes=['" + host
                + ":/z:' + o], remove=True).decode().strip() for o in ['z', 'rw,Z', 'rprivate']))"));
    }

    /** `volumes=['/data']`: a Binds entry that is a path alone asks for an anonymous volume (Lamina answered 400). */
    @Test
    void aPathAloneInBindsIsAnAnonymousVolume() {
        assertEquals("volume /anon", py("""
                x = c.containers.create(image, 'true', volumes=['/anon'])
                m = x.attrs['Mounts']
                print(m[0]['Type'], m[0]['Destination'])
                x.remove(v=True)
                """));
    }

    /** `--dns-search` or `--dns-opt` without `--dns` keeps the host's servers (the nameserver line was lost). */
    @Test
    void dnsSearchAloneKeepsTheServers() {
        String conf = py("print(c.containers.run(image, 'cat /etc/resolv.conf', dns_search=['lamina.test'], dns_opt=['ndots:2'], remove=True).decode())");
        List<String> lines = conf.lines().toList();
        assertEquals("search lamina.test", lines.getFirst(), conf);
        assertEquals("options ndots:2", lines.getLast(), conf);
        assertEquals(true, lines.stream().anyMatch(l -> l.startsWith("nameserver ")), conf);
    }

    /** A name as inspect gives it ("/NAME") names the container in a path too (`GET /containers//NAME/json`). */
    @Test
    void aNameWithItsLeadingSlashFindsTheContainer() {
        assertEquals("/slashed /slashed", py("""
                x = c.containers.create(image, 'true', name='slashed')
                print(x.attrs['Name'], c.containers.get(x.attrs['Name']).name and c.api.inspect_container(x.attrs['Name'])['Name'])
                x.remove()
                """));
    }

    /**
     * `run(auto_remove=True, detach=True).wait()`: a wait that comes once the container is removed still gets its exit
     * status (Lamina runs and removes a short container before docker-py asks: NotFound about once in seven runs). The
     * run's own inspect after the start can still find it gone when it ends at once (as against dockerd, more rarely).
     */
    @Test
    void aWaitAfterAnAutoRemoveGetsTheExitStatus() {
        assertEquals("gone 3", py("""
                x = c.containers.run(image, 'sh -c "sleep 0.5; exit 3"', auto_remove=True, detach=True)
                # docker-py lists, then inspects each container listed: one removed in between is no error here
                for _ in range(200):
                    if not c.containers.list(all=True, filters={'id': x.id}, ignore_removed=True): break
                    time.sleep(0.05)
                print('gone' if not c.containers.list(all=True, filters={'id': x.id}, ignore_removed=True) else 'there', x.wait()['StatusCode'])
                """));
    }

    /** As moby's: files go into a read-only root only through a volume or bind; AutoRemove takes no restart policy. */
    @Test
    void refusalsAsMobys() {
        assertEquals("400 container rootfs is marked read-only", py("""
                x = c.containers.create(image, 'true', read_only=True)
                buf = io.BytesIO()
                with tarfile.open(fileobj=buf, mode='w') as t:
                    info = tarfile.TarInfo('f'); info.size = 1; t.addfile(info, io.BytesIO(b'x'))
                try:
                    x.put_archive('/tmp', buf.getvalue())
                    print('accepted')
                except docker.errors.APIError as e:
                    print(e.status_code, e.explanation)
                x.remove()
                """));
        assertEquals("400 can't create 'AutoRemove' container with restart policy", py("""
                try:
                    c.containers.create(image, 'true', auto_remove=True, restart_policy={'Name': 'always'})
                    print('accepted')
                except docker.errors.APIError as e:
                    print(e.status_code, e.explanation)
                """));
    }

    /** The tail is of the whole log, then the stream asked for (stdout's last of the last two lines, as moby's json-file). */
    @Test
    void logsTailCountsBothStreams() {
        assertEquals("o3", py("""
                x = c.containers.run(image, ['sh', '-c', 'for i in 1 2 3; do echo o$i; echo e$i >&2; sleep 0.05; done'], detach=True)
                x.wait()
                print(x.logs(stdout=True, stderr=False, tail=2).decode().strip())
                x.remove()
                """));
    }
}
