package dev.lamina.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `lamina completion`: bash completion for lamina's commands and options, made from the same model that parses them. */
@Command(name = "completion", description = {"Print a bash completion script for lamina", "",
        "To complete lamina's commands and options in this shell: source <(lamina completion)"})
final class CompletionCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        System.out.print(AutoComplete.bash("lamina", spec.root().commandLine()));
        return 0;
    }
}
