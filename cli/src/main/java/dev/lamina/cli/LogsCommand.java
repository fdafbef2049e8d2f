package dev.lamina.cli;

import dev.lamina.cli.client.EngineClient;
import dev.lamina.cli.client.MultiplexedStream;
import dev.lamina.cli.client.Response;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `lamina logs [-f] [--tail N] [-t] CONTAINER`: what a container of the engine wrote, stdout's to stdout, stderr's to stderr. */
@Command(name = "logs", description = {"Show a container's output", "",
    "Prints what a container of the engine wrote (kept in its log, across its runs); with -f, then what it writes "
            + "until it stops."})
final class LogsCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Option(names = {"-f", "--follow"}, description = "go on with the output as it comes, until the container stops")
    private boolean follow;
    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "only the last N lines (default: all)")
    private Integer tail;
    @Option(names = {"-t", "--timestamps"}, description = "begin each line with the time it was written")
    private boolean timestamps;
    @Parameters(paramLabel = "CONTAINER", description = "the container, by name, id or unique id prefix")
    private String container;

    @Override
    public Integer call() throws IOException {
        String query = "?stdout=1&stderr=1" + (follow ? "&follow=1" : "") + (tail == null ? "" : "&tail=" + tail)
                + (timestamps ? "&timestamps=1" : "");
        try (EngineClient engine = RunningEngine.client();
                Response logs = engine.send("GET", "/containers/" + EngineClient.segment(container) + "/logs" + query, null).ok()) {
            OutputStream out = new FileOutputStream(FileDescriptor.out);
            if (logs.multiplexed()) MultiplexedStream.copy(logs.body(), out, new FileOutputStream(FileDescriptor.err));
            else logs.body().transferTo(out);
        }
        return 0;
    }
}
