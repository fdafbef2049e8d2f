package dev.lamina.builder.dockerfile;

import java.util.List;

/** A build stage: its FROM and the instructions up to the next FROM; {@code name} lower-cased or null. */
public record Stage(int index, String name, Instruction.From from, List<Instruction> instructions) {}
