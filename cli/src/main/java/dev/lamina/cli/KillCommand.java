package dev.lamina.cli;

import dev.lamina.cli.client.EngineClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `lamina kill [-s SIGNAL] CONTAINER...`. */
@Command(name = "kill", description = {"Kill running containers", "",
    "Sends a signal to each container's first process; SIGKILL, the default, ends all its processes."})
final class KillCommand extends EachContainerCommand {
    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "the signal, by name or number (default: SIGKILL)")
    private String signal;

    @Override
    String path(String container) { return container + "/kill" + (signal == null ? "" : "?signal=" + EngineClient.segment(signal)); }
}
