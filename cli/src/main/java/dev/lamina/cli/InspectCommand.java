package dev.lamina.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.cli.client.EngineClient;
import dev.lamina.cli.client.EngineError;
import dev.lamina.engine.http.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** `lamina inspect CONTAINER...`: the engine's documents on containers, as a JSON array, as `docker inspect` prints them. */
@Command(name = "inspect", description = {"Show containers in detail", "",
    "Prints what the engine knows of each container (its config, state, mounts and ports) as a JSON array."})
final class InspectCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "a container, by name, id or unique id prefix")
    private List<String> containers;

    @Override
    public Integer call() throws IOException {
        List<JsonNode> found = new ArrayList<>();
        int status = 0;
        try (EngineClient engine = RunningEngine.client()) {
            for (String c : containers) {
                try {
                    found.add(engine.call("GET", "/containers/" + EngineClient.segment(c) + "/json", null));
                } catch (EngineError e) {
                    System.err.println("lamina inspect: " + e.getMessage());
                    status = 1;
                }
            }
        }
        if (found.isEmpty()) {
            System.out.println("[]");
            return status;
        }
        // Docker's layout: four spaces a level, "key": value.
        DefaultIndenter indent = new DefaultIndenter("    ", "\n");
        DefaultPrettyPrinter layout = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        layout.indentObjectsWith(indent);
        layout.indentArraysWith(indent);
        System.out.println(Json.MAPPER.writer(layout).writeValueAsString(found));
        return status;
    }
}
