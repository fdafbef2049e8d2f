package dev.lamina.image.http;

/** A response's status and header fields; {@code reusable} when the connection may carry another request after the body. */
record ResponseHead(int status, Headers headers, boolean reusable) {}
