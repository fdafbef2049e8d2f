package dev.lamina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.cli.client.EngineClient;
import dev.lamina.cli.client.EngineError;
import dev.lamina.cli.client.Response;
import dev.lamina.engine.containers.ExecRequest;
import dev.lamina.kernel.host.HostCalls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `lamina exec [-i] [-t] CONTAINER COMMAND [ARG...]`: a command in a running container of the engine; its exit status. */
@Command(name = "exec", modelTransformer = RunCommand.OptionsFirst.class,
        customSynopsis = "lamina exec [OPTIONS] CONTAINER COMMAND [ARG...]",
        description = {"Run a command in a running container", "",
            "Runs a command in a running container of the engine, as its first process's user in its working directory, "
                    + "and exits with its status."})
final class ExecCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Option(names = {"-i", "--interactive"}, description = "send standard input to the command")
    private boolean interactive;
    @Option(names = {"-t", "--tty"}, description = "give the command a terminal of its own, relayed to this one")
    private boolean tty;
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "the container, by name, id or unique id prefix")
    private String container;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND [ARG...]", hideParamSyntax = true,
            description = "the command and its arguments")
    private List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (tty && interactive && !ContainerTerminal.inputIsTerminal())
            throw new Main.UsageError("the input device is not a terminal (use -i without -t to pipe input in)");
        WindowSize size = null;
        if (tty) {
            try (HostCalls h = new HostCalls()) {
                size = WindowSize.ofUser(h);
            }
        }
        List<Integer> consoleSize = size == null ? null : List.of(size.rows(), size.columns());
        try (EngineClient engine = RunningEngine.client()) {
            ExecRequest request = new ExecRequest(command, null, null, null, tty, interactive, true, true, null, consoleSize, null);
            String id = engine.call("POST", "/containers/" + EngineClient.segment(container) + "/exec", request).path("Id").asText();
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("Detach", false);
            start.put("Tty", tty);
            if (consoleSize != null) start.put("ConsoleSize", consoleSize);
            try (Response streams = engine.upgrade("POST", "/exec/" + id + "/start", start);
                    AttachedStreams relay = AttachedStreams.start(streams, tty, interactive, size, s -> resize(engine, id, s))) {
                relay.awaitOutput();
            }
            JsonNode exitCode = engine.call("GET", "/exec/" + id + "/json", null).path("ExitCode");
            if (!exitCode.isIntegralNumber()) throw new IOException("the engine has no exit status for the command");
            return exitCode.asInt();
        }
    }

    private static void resize(EngineClient engine, String id, WindowSize s) {
        try {
            engine.call("POST", "/exec/" + id + "/resize?h=" + s.rows() + "&w=" + s.columns(), null);
        } catch (IOException | EngineError e) {
            // ended: nothing to resize
        }
    }
}
