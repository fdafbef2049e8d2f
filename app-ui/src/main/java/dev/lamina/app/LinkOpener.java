package dev.lamina.app;

/**
 * Where a link in the app opens: the desktop's browser (JavaFX's HostServices), or,
 * in a test, a record of what was asked (a browser is no JavaFX node).
 */
@FunctionalInterface
public interface LinkOpener {
    void open(String url);
}
