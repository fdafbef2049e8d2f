package dev.lamina.cli;

import java.io.PrintStream;
import java.util.List;

/** The `lamina` command: dispatches to its subcommands. */
public final class Main {
    static final String USAGE = """
            Usage: lamina COMMAND [OPTIONS]

            Commands:
              run     Run a command in a new container
              help    Show this help

            Run 'lamina run --help' for the options of run.""";

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.getFirst().equals("help") || args.getFirst().equals("--help")) {
            out.println(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.getFirst()) {
                case "run" -> RunCommand.run(rest, out, err);
                default -> {
                    err.println("lamina: unknown command '" + args.getFirst() + "'\n\n" + USAGE);
                    yield 2;
                }
            };
        } catch (UsageError e) {
            err.println("lamina " + args.getFirst() + ": " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("lamina: " + e.getMessage());
            if (System.getenv("LAMINA_DEBUG") != null) e.printStackTrace(err);
            return 125;
        }
    }

    /** A mistake on the command line: reported in one line, exit status 2. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message, null, false, false);
        }
    }

}
