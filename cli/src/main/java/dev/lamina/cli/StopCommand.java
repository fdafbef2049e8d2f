package dev.lamina.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `lamina stop [-t SECONDS] CONTAINER...`. */
@Command(name = "stop", description = {"Stop running containers", "",
    "Gives each container its stop signal (SIGTERM unless it says otherwise), then SIGKILL after the grace period."})
final class StopCommand extends EachContainerCommand {
    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "the grace period (default: the container's, or 10)")
    private Integer seconds;

    @Override
    String path(String container) { return container + "/stop" + (seconds == null ? "" : "?t=" + seconds); }
}
