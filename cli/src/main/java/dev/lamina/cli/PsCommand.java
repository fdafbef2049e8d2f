package dev.lamina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.cli.client.EngineClient;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `lamina ps [-a] [-q]`: the engine's containers, as `docker ps` lists them. */
@Command(name = "ps", description = {"List containers", "",
    "Lists the engine's running containers (with -a, all of them): id, image, command, age, status, ports and name."})
final class PsCommand implements Callable<Integer> {
    /** Docker shortens a command to this many characters, with an ellipsis. */
    private static final int COMMAND_WIDTH = 20;

    @Mixin
    private HelpOption help;
    @Option(names = {"-a", "--all"}, description = "list stopped containers too")
    private boolean all;
    @Option(names = {"-q", "--quiet"}, description = "print only the container ids")
    private boolean quiet;

    @Override
    public Integer call() throws IOException {
        JsonNode containers;
        try (EngineClient engine = RunningEngine.client()) {
            containers = engine.call("GET", "/containers/json" + (all ? "?all=1" : ""), null);
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"});
        for (JsonNode c : containers) {
            String id = c.path("Id").asText();
            String shortId = id.substring(0, Math.min(12, id.length()));
            if (quiet) {
                System.out.println(shortId);
                continue;
            }
            String name = c.path("Names").path(0).asText("");
            rows.add(new String[] {shortId, c.path("Image").asText(), "\"" + shortened(c.path("Command").asText()) + "\"",
                    ImagesCommand.age(Instant.ofEpochSecond(c.path("Created").asLong()).toString()), c.path("Status").asText(),
                    ports(c.path("Ports")), name.startsWith("/") ? name.substring(1) : name});
        }
        if (!quiet) ImagesCommand.printTable(rows, System.out);
        return 0;
    }

    private static String shortened(String command) {
        return command.length() <= COMMAND_WIDTH ? command : command.substring(0, COMMAND_WIDTH - 1) + "…";
    }

    /** "0.0.0.0:8080->80/tcp, 53/udp": published ports with their host side, exposed ones alone. */
    private static String ports(JsonNode ports) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : ports) {
            String guest = p.path("PrivatePort").asText() + "/" + p.path("Type").asText();
            out.add(p.has("PublicPort") ? p.path("IP").asText() + ":" + p.path("PublicPort").asText() + "->" + guest : guest);
        }
        return String.join(", ", out);
    }
}
