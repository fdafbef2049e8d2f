package dev.lamina.cli;

import dev.lamina.container.ContainerSpecException;
import dev.lamina.image.IoMessages;
import dev.lamina.image.ImageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** The `lamina` command: dispatches to its subcommands. */
public final class Main {
    static final String USAGE = """
            Usage: lamina COMMAND [OPTIONS]

            Commands:
              run      Run a command in a new container
              pull     Pull an image from a registry
              images   List images
              image    Manage images (ls, inspect, rm, tag, pull, load, save, import)
              tag      Give an image another name
              rmi      Remove images
              load     Load images from a docker-archive or OCI layout tarball
              save     Save images to a docker-archive tarball
              import   Make an image from a root file system tarball
              engine   Run the engine (the Docker Engine API) in the foreground
              help     Show this help

            Run 'lamina COMMAND --help' for the options of a command.""";

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
            return command(args.getFirst(), rest, out, err);
        } catch (UsageError | ContainerSpecException e) {
            err.println("lamina " + args.getFirst() + ": " + e.getMessage());
            return 2;
        } catch (ImageException e) {
            err.println("lamina: " + e.getMessage());
            if (System.getenv("LAMINA_DEBUG") != null) e.printStackTrace(err);
            return args.getFirst().equals("run") ? 125 : 1;
        } catch (IOException e) {
            err.println("lamina: " + IoMessages.describe(e));
            return 1;
        } catch (RuntimeException e) {
            err.println("lamina: " + e.getMessage());
            if (System.getenv("LAMINA_DEBUG") != null) e.printStackTrace(err);
            return 125;
        }
    }

    private static int command(String name, List<String> rest, PrintStream out, PrintStream err) throws IOException {
        return switch (name) {
            case "run" -> RunCommand.run(rest, out, err);
            case "pull" -> PullCommand.run(rest, out, err);
            case "images" -> ImagesCommand.run(rest, out);
            case "tag" -> TagCommand.run(rest);
            case "rmi" -> RmiCommand.run(rest, out, err);
            case "import" -> ImportCommand.run(rest, out);
            case "load" -> LoadCommand.run(rest, out);
            case "save" -> SaveCommand.run(rest, out);
            case "engine" -> EngineCommand.run(rest, out, err);
            case "image" -> {
                if (rest.isEmpty()) throw new UsageError("image needs a subcommand: ls, inspect, rm, tag, pull, load, save, import");
                List<String> sub = rest.subList(1, rest.size());
                yield switch (rest.getFirst()) {
                    case "ls", "list" -> ImagesCommand.run(sub, out);
                    case "inspect" -> ImageInspectCommand.run(sub, out, err);
                    case "rm" -> RmiCommand.run(sub, out, err);
                    case "tag", "pull", "load", "save", "import" -> command(rest.getFirst(), sub, out, err);
                    default -> throw new UsageError("unknown image subcommand '" + rest.getFirst() + "'");
                };
            }
            default -> {
                err.println("lamina: unknown command '" + name + "'\n\n" + USAGE);
                yield 2;
            }
        };
    }

    /** A mistake on the command line: reported in one line, exit status 2. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message, null, false, false);
        }
    }

}
