/** The engine: a resident daemon that serves the Docker Engine API on a unix socket and runs containers in this JVM. */
@SuppressWarnings("module") // exported to dev.lamina.cli, which is built later
module dev.lamina.engine {
    requires dev.lamina.builder;
    requires dev.lamina.container;
    requires dev.lamina.rootfs;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.unix.common;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.classes.kqueue;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;

    exports dev.lamina.engine;
    // The lamina command talks to a running engine: its transport, JSON and request bodies.
    exports dev.lamina.engine.http to dev.lamina.cli;
    exports dev.lamina.engine.containers to dev.lamina.cli;
    // Jackson binds the API's request bodies and the engine's state files to these records.
    opens dev.lamina.engine.containers to com.fasterxml.jackson.databind;
    opens dev.lamina.engine.api to com.fasterxml.jackson.databind;
}
