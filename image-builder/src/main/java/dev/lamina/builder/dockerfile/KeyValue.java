package dev.lamina.builder.dockerfile;

/** An ENV or LABEL pair, both raw. */
public record KeyValue(String key, String value) {}
