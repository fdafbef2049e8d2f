package dev.lamina.kernel.vfs;

/** A resolved container path (absolute, free of symlinks but maybe the
 * last component) and the node it names. */
public record Resolved(String path, Node node) {}
