package dev.lamina.builder.dockerfile;

/** One name of an ARG instruction; {@code defaultValue} raw, null when none is given. */
public record ArgDecl(String name, String defaultValue) {}
