/**
 * The lamina command. It exports nothing: ./lamina starts dev.lamina.cli.Main.
 * picocli sets the commands' option fields, so it may reach into them.
 */
module dev.lamina.cli {
    requires dev.lamina.builder;
    requires dev.lamina.container;
    requires dev.lamina.engine;
    requires dev.lamina.image;
    requires dev.lamina.kernel;
    requires info.picocli;
    // The client of a running engine (dev.lamina.cli.client).
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.unix.common;
    requires com.fasterxml.jackson.databind;

    opens dev.lamina.cli to info.picocli;
}
