package dev.lamina.image.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;

/** One open TCP (or TLS) connection to an origin, carrying one request at a time. */
final class Connection implements Closeable {
    final String origin;
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    /** The HTTP proxy requests go to as they are (absolute-form targets), or null: direct, or a tunnel. */
    final URI plainProxy;

    Connection(String origin, Socket socket, URI plainProxy) throws IOException {
        this.origin = origin;
        this.socket = socket;
        this.plainProxy = plainProxy;
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 12);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone: nothing to release
        }
    }
}
