package dev.lamina.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `lamina image ...`: the image commands under one name, as `docker image`. */
@Command(name = "image", synopsisSubcommandLabel = "COMMAND", description = "Manage images (ls, inspect, rm, tag, pull, load, save, import)",
        subcommands = {
            ImageCommand.Ls.class,
            ImageInspectCommand.class,
            ImageCommand.Rm.class,
            TagCommand.class,
            PullCommand.class,
            LoadCommand.class,
            SaveCommand.class,
            ImportCommand.class,
        })
final class ImageCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    /** `lamina image` alone. */
    @Override
    public Integer call() {
        throw new Main.UsageError("name a subcommand (see lamina image --help)");
    }

    /** `lamina image ls`: `lamina images` by the name `docker image` gives it. */
    @Command(name = "ls", aliases = "list")
    static final class Ls extends ImagesCommand {}

    /** `lamina image rm`: `lamina rmi` by the name `docker image` gives it. */
    @Command(name = "rm")
    static final class Rm extends RmiCommand {}
}
