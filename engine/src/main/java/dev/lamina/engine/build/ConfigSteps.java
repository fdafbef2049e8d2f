package dev.lamina.engine.build;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.builder.dockerfile.Command;
import dev.lamina.builder.dockerfile.Expander;
import dev.lamina.builder.dockerfile.GoDuration;
import dev.lamina.builder.dockerfile.Instruction;
import dev.lamina.builder.dockerfile.KeyValue;
import dev.lamina.engine.containers.Signals;
import dev.lamina.engine.http.ApiException;
import java.util.List;
import java.util.Map;

/**
 * The instructions that change only the image's config (ENV, LABEL, CMD, ENTRYPOINT,
 * EXPOSE, VOLUME, USER, STOPSIGNAL, HEALTHCHECK, SHELL, ONBUILD, MAINTAINER): each
 * applied to the stage, and described as the classic builder records it in the
 * image's history ({@code #(nop)} and the instruction with its words expanded).
 */
final class ConfigSteps {
    private ConfigSteps() {}

    /** Applies {@code i} to the stage; returns the instruction as history records it. */
    static String apply(StageState s, Instruction i, char escape) {
        Map<String, String> vars = s.variables();
        ObjectNode c = s.config;
        return switch (i) {
            case Instruction.Env env -> {
                StringBuilder text = new StringBuilder("ENV");
                // Every pair expanded with the values from before the instruction, as the Dockerfile reference shows:
                // `ENV abc=bye def=$abc` after `ENV abc=hello` gives def=hello.
                for (KeyValue kv : env.pairs()) {
                    String key = Expander.word(kv.key(), vars, escape), value = Expander.word(kv.value(), vars, escape);
                    if (key.isEmpty()) throw new BuildException("ENV names can not be blank");
                    s.setEnv(key, value);
                    text.append(' ').append(key).append('=').append(value);
                }
                yield text.toString();
            }
            case Instruction.Label label -> {
                ObjectNode labels = c.withObject("/Labels");
                StringBuilder text = new StringBuilder("LABEL");
                for (KeyValue kv : label.pairs()) {
                    String key = Expander.word(kv.key(), vars, escape), value = Expander.word(kv.value(), vars, escape);
                    if (key.isEmpty()) throw new BuildException("LABEL names can not be blank");
                    labels.put(key, value);
                    text.append(' ').append(key).append('=').append(value);
                }
                yield text.toString();
            }
            case Instruction.Cmd cmd -> {
                setCommand(c, "Cmd", s, cmd.command());
                s.cmdSet = true;
                yield "CMD " + c.get("Cmd");
            }
            case Instruction.Entrypoint ep -> {
                setCommand(c, "Entrypoint", s, ep.command());
                // An ENTRYPOINT resets a CMD the stage did not set itself (the base image's), as Docker does.
                if (!s.cmdSet) c.putNull("Cmd");
                yield "ENTRYPOINT " + c.get("Entrypoint");
            }
            case Instruction.Expose expose -> {
                ObjectNode ports = c.withObject("/ExposedPorts");
                StringBuilder text = new StringBuilder("EXPOSE");
                for (String raw : expose.ports())
                    for (String word : Expander.words(raw, vars, escape))
                        for (String port : ExposedPorts.parse(word)) {
                            ports.putObject(port);
                            text.append(' ').append(port);
                        }
                yield text.toString();
            }
            case Instruction.Volume volume -> {
                ObjectNode volumes = c.withObject("/Volumes");
                StringBuilder text = new StringBuilder("VOLUME [");
                for (String raw : volume.paths())
                    for (String path : Expander.words(raw, vars, escape)) {
                        if (path.isBlank()) throw new BuildException("VOLUME specified can not be an empty string");
                        volumes.putObject(path);
                        text.append(text.charAt(text.length() - 1) == '[' ? "" : " ").append(path);
                    }
                yield text.append(']').toString();
            }
            case Instruction.User user -> {
                String u = Expander.word(user.user(), vars, escape);
                c.put("User", u);
                yield "USER " + u;
            }
            case Instruction.StopSignal stop -> {
                String sig = Expander.word(stop.signal(), vars, escape);
                try {
                    Signals.parse(sig);
                } catch (ApiException e) {
                    throw new BuildException(e.getMessage());
                }
                c.put("StopSignal", sig);
                yield "STOPSIGNAL " + sig;
            }
            case Instruction.Healthcheck hc -> {
                ObjectNode check = c.putObject("Healthcheck");
                ArrayNode test = check.putArray("Test");
                if (hc.test() == null) test.add("NONE");
                else {
                    switch (hc.test()) {
                        case Command.Shell sh -> test.add("CMD-SHELL").add(sh.line());
                        case Command.Exec ex -> {
                            test.add("CMD");
                            ex.args().forEach(test::add);
                        }
                    }
                    putDuration(check, "Interval", hc.interval(), "--interval");
                    putDuration(check, "Timeout", hc.timeout(), "--timeout");
                    putDuration(check, "StartPeriod", hc.startPeriod(), "--start-period");
                    putDuration(check, "StartInterval", hc.startInterval(), "--start-interval");
                    if (hc.retries() != null) {
                        try {
                            int retries = Integer.parseInt(hc.retries());
                            if (retries < 0) throw new NumberFormatException();
                            check.put("Retries", retries);
                        } catch (NumberFormatException e) {
                            throw new BuildException("--retries must be a non-negative whole number, got " + hc.retries());
                        }
                    }
                }
                yield "HEALTHCHECK " + check;
            }
            case Instruction.Shell shell -> {
                if (shell.shell().isEmpty()) throw new BuildException("SHELL requires at least one argument");
                ArrayNode a = c.putArray("Shell");
                shell.shell().forEach(a::add);
                yield "SHELL " + a;
            }
            case Instruction.OnBuild onBuild -> {
                c.withArray("/OnBuild").add(onBuild.trigger());
                yield "ONBUILD " + onBuild.trigger();
            }
            case Instruction.Maintainer m -> {
                String name = Expander.word(m.name(), vars, escape);
                s.author = name;
                yield "MAINTAINER " + name;
            }
            default -> throw new IllegalArgumentException("not a config instruction: " + i.source());
        };
    }

    /** Whether an instruction only changes the config. */
    static boolean changesConfigOnly(Instruction i) {
        return switch (i) {
            case Instruction.Env e -> true;
            case Instruction.Label l -> true;
            case Instruction.Cmd c -> true;
            case Instruction.Entrypoint e -> true;
            case Instruction.Expose e -> true;
            case Instruction.Volume v -> true;
            case Instruction.User u -> true;
            case Instruction.StopSignal s -> true;
            case Instruction.Healthcheck h -> true;
            case Instruction.Shell s -> true;
            case Instruction.OnBuild o -> true;
            case Instruction.Maintainer m -> true;
            default -> false;
        };
    }

    /** CMD and ENTRYPOINT: the exec form as written; the shell form run by the stage's SHELL. */
    static void setCommand(ObjectNode c, String field, StageState s, Command command) {
        ArrayNode a = c.putArray(field);
        commandLine(s, command).forEach(a::add);
    }

    static List<String> commandLine(StageState s, Command command) {
        return switch (command) {
            case Command.Exec ex -> ex.args();
            case Command.Shell sh -> {
                List<String> line = new java.util.ArrayList<>(s.shell());
                line.add(sh.line());
                yield line;
            }
        };
    }

    private static void putDuration(ObjectNode check, String field, String text, String flag) {
        if (text == null) return;
        long nanos;
        try {
            nanos = GoDuration.nanos(text);
        } catch (IllegalArgumentException e) {
            throw new BuildException("invalid argument \"" + text + "\" for \"" + flag + "\" flag: " + e.getMessage());
        }
        if (nanos != 0 && nanos < 1_000_000) throw new BuildException("Interval \"" + flag + "\" cannot be less than 1ms");
        check.put(field, nanos);
    }
}
