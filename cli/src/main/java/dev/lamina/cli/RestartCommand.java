package dev.lamina.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `lamina restart [-t SECONDS] CONTAINER...`. */
@Command(name = "restart", description = {"Restart containers", "", "Stops each container (as lamina stop) and starts it again."})
final class RestartCommand extends EachContainerCommand {
    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "the grace period of the stop (default: the container's, or 10)")
    private Integer seconds;

    @Override
    String path(String container) { return container + "/restart" + (seconds == null ? "" : "?t=" + seconds); }
}
