package dev.lamina.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What every lamina command has: -h/--help, and the layout of that help (options in the order declared). */
@Command(sortOptions = false, abbreviateSynopsis = true, descriptionHeading = "%n", parameterListHeading = "%nArguments:%n",
        optionListHeading = "%nOptions:%n", commandListHeading = "%nCommands:%n")
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    private boolean requested;
}
