package dev.lamina.cli;

import dev.lamina.cli.client.EngineError;
import dev.lamina.container.ContainerSpecException;
import dev.lamina.image.IoMessages;
import dev.lamina.image.ImageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The `lamina` command: picocli parses the command line and runs the subcommand
 * named. Mistakes and failures become one-line messages here, with Docker's
 * exit statuses. A new subcommand is a class and a line in COMMANDS.
 */
@Command(name = "lamina", customSynopsis = "lamina COMMAND [OPTIONS]", versionProvider = Version.class,
        description = "Runs Linux container images as plain user processes.",
        footerHeading = "%n", footer = "Run 'lamina COMMAND --help' for the options of a command.")
public final class Main implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Option(names = "--version", versionHelp = true, description = "print lamina's version")
    private boolean version;
    @Spec
    private CommandSpec spec;

    /** lamina's commands, in the order its help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(
            RunCommand.class,
            PsCommand.class,
            LogsCommand.class,
            ExecCommand.class,
            StartCommand.class,
            StopCommand.class,
            RestartCommand.class,
            KillCommand.class,
            RmCommand.class,
            InspectCommand.class,
            DiffCommand.class,
            CommitCommand.class,
            PullCommand.class,
            BuildCommand.class,
            PushCommand.class,
            ImagesCommand.class,
            ImageCommand.class,
            TagCommand.class,
            RmiCommand.class,
            LoadCommand.class,
            SaveCommand.class,
            ImportCommand.class,
            EngineCommand.class,
            UiCommand.class,
            CompletionCommand.class,
            HelpCommand.class);

    /** The commands that work on all the others. */
    private static final Set<Class<?>> ABOUT_ALL = Set.of(CompletionCommand.class, HelpCommand.class);

    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /**
     * The command line for {@code args}. Only the command they name is built:
     * picocli reads each command's annotations when it is added, and that adds up
     * at every start. The help, completion and mistakes get them all.
     */
    static CommandLine commandLine(String... args) {
        CommandLine lamina = new CommandLine(new Main());
        List<Class<?>> named = COMMANDS.stream().filter(c -> args.length > 0 && names(c).contains(args[0])).toList();
        boolean one = named.size() == 1 && !ABOUT_ALL.contains(named.getFirst());
        // A CommandLine of its own, as picocli applies a command's modelTransformer only in that constructor.
        for (Class<?> command : one ? named : COMMANDS) lamina.addSubcommand(new CommandLine(command));
        // Set after the subcommands are added: picocli passes these settings on to those it has.
        return lamina.setExpandAtFiles(false) // an argument such as @file is the container's, not a file of arguments
                .setOverwrittenOptionsAllowed(true) // the last --hostname (or -w, -u...) given counts, as in Docker
                .setParameterExceptionHandler(Main::mistake)
                .setExecutionExceptionHandler(Main::failure);
    }

    private static List<String> names(Class<?> command) {
        Command c = command.getAnnotation(Command.class);
        return Stream.concat(Stream.of(c.name()), Stream.of(c.aliases())).toList();
    }

    /** `lamina` alone: the usage, as `docker` alone prints it. */
    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    /** A mistake on the command line: reported in one line, exit status {@value #USAGE_ERROR}. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message, null, false, false);
        }
    }

    /** The docker CLI's status for a command line it cannot take: a script tells it from a container's own. */
    static final int USAGE_ERROR = 125;

    /** What picocli could not parse: one line naming the command, then its usage if a command name was wrong. */
    private static int mistake(ParameterException e, String[] args) {
        CommandLine where = e.getCommandLine();
        String name = where.getCommandSpec().qualifiedName();
        String seeHelp = " (see " + name + " --help)";
        String message = switch (e) {
            case UnmatchedArgumentException u when u.getUnmatched().getFirst().startsWith("-") ->
                    "unknown option " + u.getUnmatched().getFirst() + seeHelp;
            case UnmatchedArgumentException u when !where.getSubcommands().isEmpty() ->
                    "unknown command '" + u.getUnmatched().getFirst() + "'";
            case UnmatchedArgumentException u -> "unexpected argument '" + u.getUnmatched().getFirst() + "'" + seeHelp;
            case MissingParameterException m when m.getMissing().getFirst() instanceof OptionSpec o -> o.shortestName() + " needs a value";
            case MissingParameterException m -> "missing " + String.join(" ", m.getMissing().stream().map(ArgSpec::paramLabel).toList()) + seeHelp;
            default -> e.getMessage() + seeHelp;
        };
        System.err.println(name + ": " + message);
        if (message.startsWith("unknown command")) {
            System.err.println();
            where.usage(System.err);
        }
        return USAGE_ERROR;
    }

    /**
     * What a command threw: usage errors exit {@value #USAGE_ERROR}; a failed `lamina run` 125 as Docker's; image, I/O and the
     * engine's errors 1, and no engine to talk to.
     */
    private static int failure(Exception e, CommandLine where, ParseResult parsed) {
        PrintStream err = System.err;
        return switch (e) {
            case UsageError _, ContainerSpecException _ -> {
                err.println(where.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                yield USAGE_ERROR;
            }
            case NoEngineException n -> {
                report(n.getMessage(), n);
                yield 1;
            }
            case EngineError x -> {
                report(x.getMessage(), x);
                yield where.getCommand() instanceof RunCommand ? 125 : 1;
            }
            case ImageException i -> {
                report(i.getMessage(), i);
                yield where.getCommand() instanceof RunCommand ? 125 : 1;
            }
            case IOException io -> {
                report(IoMessages.describe(io), io);
                yield 1;
            }
            default -> {
                report(e.getMessage(), e);
                yield 125;
            }
        };
    }

    private static void report(String message, Exception e) {
        System.err.println("lamina: " + message);
        if (System.getenv("LAMINA_DEBUG") != null) e.printStackTrace(System.err);
    }
}
