package dev.lamina.engine.containers;

import java.time.Instant;

/** One line of a container's output as the json-file log keeps it. */
public record LogEntry(int stream, byte[] bytes, Instant time) {}
