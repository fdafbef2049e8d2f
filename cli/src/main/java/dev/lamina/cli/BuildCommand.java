package dev.lamina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.cli.client.EngineClient;
import dev.lamina.cli.client.EngineError;
import dev.lamina.cli.client.Response;
import dev.lamina.engine.Engine;
import dev.lamina.engine.EngineException;
import dev.lamina.engine.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `lamina build DIR`: the directory (less what its .dockerignore excludes) is sent as
 * the build context to the data root's engine, started here for the build when none
 * runs, and the build's output printed as it comes, as `docker build` prints it.
 */
@Command(name = "build", description = {"Build an image from a Dockerfile", "",
    "Builds with the engine's classic builder: each instruction a step, RUN in a container of the image so far, "
            + "steps answered from the build cache when they were built before on the same image with the same inputs."})
final class BuildCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "a name for the image (repeatable)")
    private List<String> tags = new ArrayList<>();
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "the Dockerfile (default: DIR/Dockerfile)")
    private Path file;
    @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]", description = "a build argument; KEY alone takes this environment's value")
    private List<String> buildArgs = new ArrayList<>();
    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "a label for the image (repeatable)")
    private List<String> labels = new ArrayList<>();
    @Option(names = "--target", paramLabel = "STAGE", description = "the stage to build (default: the last)")
    private String target;
    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "the platform of base images (default: this host's)")
    private String platform;
    @Option(names = "--no-cache", description = "build every step again")
    private boolean noCache;
    @Option(names = "--pull", description = "pull base images even when the store has them")
    private boolean pull;
    @Option(names = {"-q", "--quiet"}, description = "print only the image id")
    private boolean quiet;
    @Parameters(paramLabel = "DIR", description = "the build context")
    private Path dir;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) throw new Main.UsageError("the build context " + dir + " is not a directory");
        Path dockerfile = file == null ? dir.resolve("Dockerfile") : file;
        if (!Files.isRegularFile(dockerfile)) throw new Main.UsageError("no Dockerfile at " + dockerfile);
        Path tar = Files.createTempFile("lamina-context-", ".tar");
        try {
            String name = ContextArchive.write(dir, dockerfile, tar);
            EngineClient running = RunningEngine.at(DataRoot.path());
            if (running != null) {
                try (EngineClient engine = running) {
                    return build(engine, tar, name);
                }
            }
            try (Engine engine = Engine.start(DataRoot.path(), Path.of(System.getProperty("lamina.home", ".")), EngineCommand.version());
                 EngineClient client = EngineClient.of(engine.socket())) {
                return build(client, tar, name);
            } catch (EngineException e) {
                System.err.println("lamina build: " + e.getMessage());
                return 1;
            }
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private int build(EngineClient engine, Path tar, String dockerfile) throws IOException {
        StringBuilder q = new StringBuilder("/build?rm=1&dockerfile=").append(encode(dockerfile));
        for (String t : tags) q.append("&t=").append(encode(t));
        if (!buildArgs.isEmpty()) q.append("&buildargs=").append(encode(Json.MAPPER.writeValueAsString(args(buildArgs, true))));
        if (!labels.isEmpty()) q.append("&labels=").append(encode(Json.MAPPER.writeValueAsString(args(labels, false))));
        if (target != null) q.append("&target=").append(encode(target));
        if (platform != null) q.append("&platform=").append(encode(platform));
        if (noCache) q.append("&nocache=1");
        if (pull) q.append("&pull=1");
        if (quiet) q.append("&q=1");
        try (Response r = engine.sendFile("POST", q.toString(), tar, "application/x-tar").ok()) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.isBlank()) continue;
                JsonNode m = Json.MAPPER.readTree(line);
                if (m.has("error")) {
                    System.out.flush();
                    System.err.println("lamina build: " + m.path("error").asText());
                    return 1;
                }
                if (m.has("stream")) System.out.print(m.path("stream").asText());
                else if (m.has("status") && !quiet)
                    System.out.println((m.has("id") ? m.path("id").asText() + ": " : "") + m.path("status").asText());
            }
            System.out.flush();
            return 0;
        } catch (EngineError e) {
            System.err.println("lamina build: " + e.getMessage());
            return 1;
        }
    }

    /** KEY=VALUE words as a map; a KEY alone (build args only) takes this environment's value, or none. */
    private static Map<String, String> args(List<String> words, boolean fromEnvironment) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq == 0) throw new Main.UsageError("'" + w + "' has no name");
            if (eq < 0 && !fromEnvironment) throw new Main.UsageError("'" + w + "' is not KEY=VALUE");
            if (eq < 0) out.put(w, System.getenv(w));
            else out.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
