package dev.lamina.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `lamina rm [-f] CONTAINER...`. */
@Command(name = "rm", description = {"Remove containers", "", "Removes containers of the engine; a running one only with -f."})
final class RmCommand extends EachContainerCommand {
    @Option(names = {"-f", "--force"}, description = "kill a running container first")
    private boolean force;

    @Override
    String method() { return "DELETE"; }

    @Override
    String path(String container) { return container + (force ? "?force=1" : ""); }
}
