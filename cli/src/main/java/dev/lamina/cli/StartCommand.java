package dev.lamina.cli;

import picocli.CommandLine.Command;

/** `lamina start CONTAINER...`. */
@Command(name = "start", description = {"Start stopped containers", "", "Starts containers of the engine that are not running."})
final class StartCommand extends EachContainerCommand {
    @Override
    String path(String container) { return container + "/start"; }
}
