package dev.lamina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.cli.client.EngineClient;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** `lamina diff CONTAINER`: what changed in a container's files, through the engine, as `docker diff` prints it. */
@Command(name = "diff", description = {"List the changes in a container's files", "",
    "One line a change against its image: A added, C changed, D deleted, then the path."})
final class DiffCommand implements Callable<Integer> {
    private static final String KINDS = "CAD";

    @Mixin
    private HelpOption help;
    @Parameters(paramLabel = "CONTAINER", description = "a container, by name, id or unique id prefix")
    private String container;

    @Override
    public Integer call() throws IOException {
        try (EngineClient engine = RunningEngine.client()) {
            for (JsonNode c : engine.call("GET", "/containers/" + EngineClient.segment(container) + "/changes", null)) {
                int kind = c.path("Kind").asInt(-1);
                System.out.println((kind >= 0 && kind < KINDS.length() ? KINDS.charAt(kind) : '?') + " " + c.path("Path").asText());
            }
        }
        return 0;
    }
}
