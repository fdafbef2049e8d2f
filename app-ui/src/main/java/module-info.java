/**
 * The desktop app: a JavaFX window on a Docker engine (Lamina's, or any other),
 * reached through docker-java as any Docker client reaches it. It uses nothing
 * of Lamina's own: `lamina ui` starts it on the engine of the data root.
 */
// jdk.jsobject (JSObject, the WebView's bridge to JavaScript) is deprecated in the JDK since
// JavaFX carries it: still the way a WebView's page and Java talk.
@SuppressWarnings("removal")
module dev.lamina.app {
    requires javafx.controls;
    requires javafx.web;
    requires jdk.jsobject;
    requires org.apache.commons.compress;
    requires com.github.dockerjava.api;
    requires com.github.dockerjava.core;
    requires com.github.dockerjava.transport;
    requires com.github.dockerjava.transport.httpclient5;
    requires com.fasterxml.jackson.databind;

    // JavaFX creates the Application by reflection; the terminal page calls TerminalBridge.
    exports dev.lamina.app to javafx.graphics, javafx.web;
}
