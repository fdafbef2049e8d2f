package dev.lamina.cli;

import dev.lamina.cli.client.EngineClient;
import dev.lamina.cli.client.EngineError;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A command that does one thing to each container named, through the engine
 * (start, stop, restart, kill, rm), as Docker's do: each name done is printed,
 * each failure said on stderr; the status is 1 if any failed.
 */
abstract class EachContainerCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Spec
    private CommandSpec spec;
    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "a container, by name, id or unique id prefix")
    private List<String> containers;

    @Override
    public Integer call() throws IOException {
        int status = 0;
        try (EngineClient engine = RunningEngine.client()) {
            for (String c : containers) {
                try {
                    engine.call(method(), path("/containers/" + EngineClient.segment(c)), null);
                    System.out.println(c);
                } catch (EngineError e) {
                    System.err.println(spec.qualifiedName() + ": " + e.getMessage());
                    status = 1;
                }
            }
        }
        return status;
    }

    String method() { return "POST"; }

    /** The request for a container, from its path (/containers/ID). */
    abstract String path(String container);
}
