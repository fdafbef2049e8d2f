package dev.lamina.image.http;

/** One HTTP header field as sent or received. */
public record Header(String name, String value) {}
