/**
 * The desktop app: a JavaFX window on a Docker engine (Lamina's, or any other),
 * reached through docker-java as any Docker client reaches it. It uses nothing
 * of Lamina's own: `lamina ui` starts it on the engine of the data root.
 */
module dev.lamina.app {
    requires javafx.controls;
    requires com.github.dockerjava.api;
    requires com.github.dockerjava.core;
    requires com.github.dockerjava.transport;
    requires com.github.dockerjava.transport.httpclient5;
    requires com.fasterxml.jackson.databind;

    // JavaFX creates the Application by reflection.
    exports dev.lamina.app to javafx.graphics;
}
