package dev.lamina.builder.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed Dockerfile: the ARGs before the first FROM, the stages, and the escape
 * character (from the {@code # escape=} directive, default backslash) that expansion needs.
 */
public record Dockerfile(List<Instruction.Arg> globalArgs, List<Stage> stages, char escape) {

    /** Parses as the classic builder does; throws {@link DockerfileException}. */
    public static Dockerfile parse(String text) {
        if (text.isEmpty()) {
            throw new DockerfileException(0, "the Dockerfile cannot be empty");
        }
        Parser.Result parsed = Parser.parse(text);
        List<Instruction.Arg> globalArgs = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        Instruction.From from = null;
        List<Instruction> instructions = new ArrayList<>();
        for (Node node : parsed.nodes()) {
            Instruction instruction;
            try {
                instruction = Instructions.type(node);
            } catch (NodeParser.LineError e) {
                throw new DockerfileException(node.line(), e.getMessage());
            }
            if (from == null && instruction instanceof Instruction.Arg arg) {
                globalArgs.add(arg);
                continue;
            }
            switch (instruction) {
                case Instruction.From next -> {
                    if (from != null) {
                        stages.add(stage(stages.size(), from, instructions));
                    }
                    from = next;
                    instructions = new ArrayList<>();
                }
                default -> {
                    if (from == null) {
                        throw new DockerfileException(node.line(), "no build stage in current context");
                    }
                    instructions.add(instruction);
                }
            }
        }
        if (from == null) {
            throw new DockerfileException(0, "dockerfile contains no stages to build");
        }
        stages.add(stage(stages.size(), from, instructions));
        return new Dockerfile(List.copyOf(globalArgs), List.copyOf(stages), parsed.escape());
    }

    private static Stage stage(int index, Instruction.From from, List<Instruction> instructions) {
        return new Stage(index, from.stageName(), from, List.copyOf(instructions));
    }
}
